#!/usr/bin/env bash
# Seeds for the `pipeline_as_kind` target: every fixture and example behind each kind's byte
# (the first byte of an input chooses one of the kinds, in `asklint kinds` order, modulo their number).
# Usage, from the repository: bash fuzz/seed-as-kind.sh DIR
set -euo pipefail
out=${1:?usage: seed-as-kind.sh DIR}
kinds=$(cargo run --quiet -- kinds | wc -l)
mkdir -p "$out"
n=0
while IFS= read -r -d '' file; do
    n=$((n + 1))
    for ((k = 0; k < kinds; k++)); do
        { printf "\\$(printf %03o "$k")"; cat "$file"; } > "$out/$n-$k"
    done
done < <(find tests/fixtures examples -name '*.json' -print0 | sort -z)
echo "$((n * kinds)) seeds in $out"
