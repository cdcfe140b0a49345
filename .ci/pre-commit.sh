#!/usr/bin/env bash
# A real pre-commit run of this repository's hook (.pre-commit-hooks.yaml) on a scratch
# repository: pre-commit clones this checkout at its HEAD commit, builds asklint with cargo, and
# runs it on a file that must fail, a file that must pass, and a JSON file asklint leaves alone.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet "pre-commit==4.3.0"
pre_commit="$work/venv/bin/pre-commit"
export PRE_COMMIT_HOME="$work/cache"
# pre-commit builds the hook with `cargo install`: a quicker release build is enough here.
export CARGO_PROFILE_RELEASE_LTO=off CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16

scratch="$work/scratch"
mkdir -p "$scratch/skill-package" "$scratch/payloads"
cd "$scratch"
git init --quiet
git config user.email ci@example.invalid
git config user.name ci
cat > .pre-commit-config.yaml <<YAML
repos:
  - repo: $root
    rev: $(git -C "$root" rev-parse HEAD)
    hooks:
      - id: asklint
YAML
cp "$root/tests/fixtures/pre-commit/skill.json" skill-package/skill.json
cp "$root/tests/fixtures/pre-commit/enable-live.json" payloads/enable.json
echo '{"name": "scratch", "private": true}' > package.json
git add --all

echo "== a valid skill.json and an unrelated package.json: the hook passes"
started=$SECONDS
"$pre_commit" run --files skill-package/skill.json package.json
echo "(the first run, building the hook, took $((SECONDS - started)) s)"

echo "== an enablement request with stage \"Live\": the hook fails, and says why"
if "$pre_commit" run --files payloads/enable.json > "$work/out.txt" 2>&1; then
  cat "$work/out.txt"
  echo "pre-commit passed a file with an error" >&2
  exit 1
fi
cat "$work/out.txt"
grep -q "STG001" "$work/out.txt"

echo "== exclude in asklint.toml holds for files pre-commit names"
echo 'exclude = ["payloads/**"]' > asklint.toml
git add --all
"$pre_commit" run --files payloads/enable.json
echo "pre-commit hook: ok"
