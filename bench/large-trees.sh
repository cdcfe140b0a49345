#!/usr/bin/env bash
# Scale: `asklint check DIR` on generated trees of 1k, 10k and 100k files (bench/gen-tree.py), json
# to /dev/null and the human format: hyperfine's median wall time (10 runs after a warm-up), files
# per second over all the files in the tree, CPU time (user + system, mean), and peak memory (the largest max RSS of three runs of
# /usr/bin/time). A benchmark, not a test.
#
#   cargo build --release && bash bench/large-trees.sh
set -euo pipefail
cd "$(dirname "$0")/.."
ASKLINT=${ASKLINT:-target/release/asklint}
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
printf '%7s %6s %7s %6s %6s %10s %10s %9s %9s %8s\n' files read checked found format median 'min..max' files/s 'cpu' 'max RSS'
for n in 1000 10000 100000; do
  tree=/tmp/gen-tree-$n
  [ -d "$tree" ] || python3 bench/gen-tree.py "$n" "$tree" >/dev/null
  # What the walk reads (*.json outside skipped folders), what it checks, what it finds.
  read_count=$(find "$tree" \( -name node_modules -o -name .git -o -name .vscode \) -prune -o -name '*.json' -print | wc -l)
  summary=$("$ASKLINT" check --format json "$tree" | python3 -c 'import json, sys; s = json.load(sys.stdin)["summary"]; print(s["files"], s["errors"] + s["warnings"] + s["infos"])' || true)
  for format in json human; do
    hyperfine -N -i --warmup 1 --runs 10 --style none --export-json "$scratch/t.json" \
      "$ASKLINT check --format $format --color never $tree" >/dev/null 2>&1
    rss=0
    for _ in 1 2 3; do
      /usr/bin/time -f %M -o "$scratch/rss" "$ASKLINT" check --format "$format" --color never "$tree" >/dev/null || true
      rss=$(( $(tail -1 "$scratch/rss") > rss ? $(tail -1 "$scratch/rss") : rss ))
    done
    python3 - "$scratch/t.json" "$n" "$read_count" $summary "$format" "$rss" <<'PY'
import json, sys
path, n, read, checked, found, fmt, rss = sys.argv[1:]
result = json.load(open(path))["results"][0]
times = result["times"]
cpu = result["user"] + result["system"]
times.sort()
median = (times[4] + times[5]) / 2
print(f"{int(n):7d} {int(read):6d} {int(checked):7d} {int(found):6d} {fmt:>6s} {median * 1000:7.1f} ms"
      f" {times[0] * 1000:4.0f}..{times[-1] * 1000:<4.0f} {int(n) / median:9.0f} {cpu * 1000:6.0f} ms {int(rss) // 1024:5d} MB")
PY
  done
done

# Memory against file size: 5 and 20 copies of a 10 MB interaction model (80,000 slot values).
for copies in 5 20; do
  tree=/tmp/gen-heavy-$copies
  if [ ! -d "$tree" ]; then
    python3 - "$tree" "$copies" <<'PY'
import os, sys
tree, copies = sys.argv[1], int(sys.argv[2])
values = []
size, i = 0, 0
while size < 10 << 20:
    value = (f'{{"id": "PLACE_{i}", "name": {{"value": "place number {i}", '
             f'"synonyms": ["spot {i}", "site {i}", "location {i}"]}}}}')
    values.append(value)
    size += len(value) + 2
    i += 1
model = ('{"interactionModel": {"languageModel": {"invocationName": "city guide", "intents": ['
         '{"name": "VisitIntent", "slots": [{"name": "place", "type": "PlaceType"}], "samples": ["visit {place}"]}],'
         '"types": [{"name": "PlaceType", "values": [\n' + ",\n".join(values) + "]}]}}}\n")
for c in range(copies):
    folder = f"{tree}/skill-{c}/skill-package/interactionModels/custom"
    os.makedirs(folder, exist_ok=True)
    with open(f"{folder}/en-US.json", "w") as f:
        f.write(model)
PY
  fi
  /usr/bin/time -f %M -o "$scratch/rss" "$ASKLINT" check --format json "$tree" >/dev/null || true
  printf '%2d files of 10 MB (%s): max RSS %d MB\n' "$copies" "$(du -sh "$tree" | cut -f1)" $(( $(tail -1 "$scratch/rss") / 1024 ))
done
