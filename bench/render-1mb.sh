#!/usr/bin/env bash
# Rendering cost on a large file: a ~1 MB interaction model with thousands of findings, rendered in
# every format. miette's stock SourceCode rescans the file for every label (seconds here); asklint's
# line-indexed one keeps this to milliseconds. A benchmark, not a test: run it by hand.
#
#   cargo build --release && bash bench/render-1mb.sh
set -euo pipefail
cd "$(dirname "$0")/.."
ASKLINT=${ASKLINT:-target/release/asklint}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
python3 - "$dir/en-US.json" <<'PY'
import json, sys
intents = []
i = 0
while True:
    # every fourth intent gives `samples` as a string (SCH003) and its slot an unknown key (SCH002)
    bad = i % 4 == 0
    slot = {"name": "item", "type": "ItemType"}
    if bad:
        slot["elicitation"] = True
    intents.append({
        "name": f"Intent{i:05d}",
        "slots": [slot],
        "samples": f"tell me about {{item}} number {i}" if bad else [f"tell me about {{item}} number {i}", f"what is {{item}} {i}"],
    })
    i += 1
    if i % 100 == 0 and len(json.dumps(intents, indent=2)) > 1_000_000:
        break
doc = {"interactionModel": {"languageModel": {"invocationName": "big model", "intents": intents,
       "types": [{"name": "ItemType", "values": [{"name": {"value": "thing"}}]}]}}}
with open(sys.argv[1], "w") as f:
    json.dump(doc, f, indent=2)
PY
bytes=$(wc -c < "$dir/en-US.json")
for format in human concise json sarif github; do
  start=$(date +%s.%N)
  findings=$("$ASKLINT" check --format "$format" --color never "$dir/en-US.json" | wc -l) || true
  end=$(date +%s.%N)
  printf '%-8s %8d bytes  %6d lines of output  %6.3f s\n' "$format" "$bytes" "$findings" "$(echo "$end - $start" | bc)"
done
"$ASKLINT" check --format json "$dir/en-US.json" | python3 -c 'import json,sys; s=json.load(sys.stdin)["summary"]; print("findings:", s["errors"] + s["warnings"] + s["infos"])'
