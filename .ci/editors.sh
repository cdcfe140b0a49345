#!/usr/bin/env bash
# The editor set-ups with real tools, each installed here from its package registry:
#   Neovim   Debian's (apt-get), headless, against `asklint server` (tests/editors/neovim.sh);
#   Helix    `hx --health json` with the README's languages.toml, when Debian has a helix
#            package (bookworm has none: then it says so; tests/editors.rs still checks the
#            snippet against the server);
#   VS Code  the extension (editors/vscode/): `npm ci` from its lockfile, tsc, its unit tests,
#            and the .vsix packaged by the pinned @vscode/vsce, whose contents are checked.
# The asklint tested is the debug build `cargo test` already made: `cargo test --no-run` here is a
# no-op after it (a plain `cargo build` would compile the dependencies again, without the features
# the dev-dependencies add).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() {
  echo "FAILED: $*" >&2
  exit 1
}
section() {
  echo "== $* (at ${SECONDS}s)"
}
as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}
# Installs Debian packages, reading the package lists first when they are missing or stale.
apt_install() {
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" > "$work/apt.txt" 2>&1 || {
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@"
  }
}

cargo test --locked --quiet --no-run --test editors 2> "$work/build.txt" || { cat "$work/build.txt"; fail "cargo test --no-run"; }
asklint=$root/target/debug/asklint

section "Neovim: the built-in LSP client against asklint server"
command -v nvim > /dev/null || apt_install neovim
bash tests/editors/neovim.sh "$asklint"

section "Helix"
if command -v hx > /dev/null || { apt-cache policy helix 2> /dev/null | grep -q 'Candidate: [0-9]' && apt_install helix; }; then
  mkdir -p "$work/helix-config/helix" "$work/bin"
  awk '/^### Helix$/ { on = 1 } on && /^```toml$/ { code = 1; next } code && /^```$/ { exit } code { print }' README.md \
    > "$work/helix-config/helix/languages.toml"
  ln -s "$asklint" "$work/bin/asklint"
  PATH=$work/bin:$PATH XDG_CONFIG_HOME=$work/helix-config hx --health json | tee "$work/hx.txt"
  grep -q "asklint" "$work/hx.txt" || fail "hx --health json does not list asklint"
else
  echo "no helix package in this Debian (apt-cache policy helix): hx --health not run"
fi

section "VS Code: the extension compiled, tested and packaged"
cd editors/vscode
# --ignore-scripts: the only install script, @vscode/vsce-sign's, downloads a signing tool from
# outside the registry; packaging does not need it.
npm ci --no-audit --no-fund --ignore-scripts --cache "$work/npm-cache"
npm test
npx --no-install vsce package --out "$work/asklint.vsix"
python3 - "$work/asklint.vsix" << 'PY'
import json, sys, zipfile
names = set(zipfile.ZipFile(sys.argv[1]).namelist())
want = ["extension/package.json", "extension/out/extension.js", "extension/out/executable.js",
        "extension/LICENSE.txt", "extension/readme.md",
        "extension/node_modules/vscode-languageclient/node.js"]
missing = [n for n in want if n not in names]
unwanted = sorted(n for n in names if n.startswith(("extension/src/", "extension/out/test/"))
                  or n.endswith(".vsix") or "/node_modules/typescript/" in n or "/node_modules/@vscode/vsce" in n)
manifest = json.loads(zipfile.ZipFile(sys.argv[1]).read("extension/package.json"))
assert not missing, f"the .vsix lacks {missing}"
assert not unwanted, f"the .vsix holds {unwanted[:5]}"
assert manifest["main"] == "./out/extension.js", manifest["main"]
print(f"{sys.argv[1]}: {len(names)} files, {manifest['name']} {manifest['version']}")
PY
cd "$root"
section "editors: ok"
