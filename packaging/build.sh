#!/usr/bin/env bash
# Builds asklint's release artifacts for the host platform into dist/:
#   dist/asklint-<version>-<python tags>.whl        the PyPI wheel (maturin, `bindings = "bin"`)
#   dist/asklint-<version>-<target>.tar.gz          the release archive, and its .sha256
#   dist/npm/asklint-<version>.tgz                  the npm package (launcher)
#   dist/npm/asklint-cli-<platform>-<version>.tgz   the host's npm platform package
# Needs cargo, npm (with node) and python3; installs maturin into a venv of its own
# (target/packaging/maturin) when none is on PATH. asklint is compiled once, by the wheel's release
# build (`cargo build --release --locked` under maturin, into target/); the archive and the npm
# package hold that same executable. The version is Cargo.toml's. .github/workflows/release.yml
# runs the same steps (wheel → wheel-binary.py → archive.sh → npm/generate.mjs) per platform.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

for tool in cargo npm node python3; do
  if ! command -v "$tool" > /dev/null; then
    echo "packaging/build.sh needs $tool on PATH" >&2
    exit 2
  fi
done

version=$(cargo metadata --no-deps --format-version 1 --locked |
  python3 -c 'import json, sys; print(next(p["version"] for p in json.load(sys.stdin)["packages"] if p["name"] == "asklint"))')
target=$(rustc -vV | sed -n 's/^host: //p')
if ! python3 - "$target" <<'PY'
import json, sys
rows = json.load(open("packaging/platforms.json"))["platforms"]
sys.exit(0 if any(row["target"] == sys.argv[1] for row in rows) else 1)
PY
then
  echo "packaging/build.sh: the host $target is not a platform of packaging/platforms.json" >&2
  exit 2
fi

maturin=$(command -v maturin || true)
if [ -z "$maturin" ]; then
  venv=target/packaging/maturin
  if [ ! -x "$venv/bin/maturin" ]; then
    echo "== maturin (into $venv)"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check "maturin>=1.9,<2"
  fi
  maturin=$venv/bin/maturin
fi

rm -rf dist
mkdir -p dist/npm
echo "== the wheel (the release build), asklint $version for $target"
"$maturin" build --release --locked --out dist
wheel=$(ls dist/asklint-"$version"-*.whl)
binary=$(python3 packaging/wheel-binary.py "$wheel" target/packaging/bin)

echo "== the release archive"
bash packaging/archive.sh "$target" "$binary" "$version" dist > /dev/null

echo "== the npm packages"
node packaging/npm/generate.mjs --version "$version" --out dist/npm "$target=$binary"

echo "== dist/"
(cd dist && find . -type f | sort | sed 's|^\./||')
