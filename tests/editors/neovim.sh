#!/usr/bin/env bash
# Neovim's built-in LSP client against `asklint server`, headless. Usage:
#   tests/editors/neovim.sh ASKLINT     (the asklint executable to test)
# Needs nvim 0.7 or later (.ci/editors.sh installs Debian's). Three runs:
#   1. neovim/lsp_test.lua, no user configuration (-u NONE): diagnostics of an unsaved buffer at
#      exact positions, a code action applied, shutdown and exit;
#   2. the README's Neovim 0.7+ snippet as init.lua, on a bad skill.json opened from disk
#      (neovim/snippet_test.lua), with `asklint` found on PATH as the snippet says;
#   3. the README's Neovim 0.11+ snippet: syntax only (Debian's Neovim is older).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
[ $# = 1 ] && [ -x "$1" ] || { echo "usage: $0 ASKLINT (an executable)" >&2; exit 2; }
asklint=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() {
  echo "FAILED: $*" >&2
  exit 1
}
# Runs nvim headless with $work's XDG folders (so its LSP log lands there), no shada, no swap
# file; its output goes to $work/out.txt and is shown. The timeout only guards against a hang:
# each step of the tests waits at most 15 s.
nvim_run() {
  local status=0
  XDG_CONFIG_HOME=$work/config XDG_DATA_HOME=$work/data XDG_STATE_HOME=$work/state \
    XDG_CACHE_HOME=$work/cache timeout 120 nvim --headless -i NONE -n "$@" > "$work/out.txt" 2>&1 ||
    status=$?
  cat "$work/out.txt"
  if [ "$status" != 0 ] || ! grep -q "^all checks passed$" "$work/out.txt"; then
    for log in "$work"/cache/nvim/lsp.log "$work"/state/nvim/lsp.log; do
      if [ -f "$log" ]; then
        echo "== the last lines of $log"
        tail -n 40 "$log"
      fi
    done
    fail "nvim $* exited $status"
  fi
}
# The Lua block of README.md whose first line is "-- asklint: Neovim $1".
readme_snippet() {
  awk -v first="-- asklint: Neovim $1" '
    $0 == first { on = 1 }
    on && /^```/ { exit }
    on { print }
  ' "$root/README.md"
}
nvim --version | head -n 1

echo "== 1. an unsaved skill.json: diagnostics, a code action, shutdown"
mkdir -p "$work/one/skill-package"
cp "$here/neovim/skill.json" "$work/one/skill-package/skill.json"
(cd "$work/one" && ASKLINT=$asklint PROJECT=$work/one UNSAVED=$here/neovim/unsaved.json \
  nvim_run -u NONE -c "luafile $here/neovim/lsp_test.lua")

echo "== 2. the README's Neovim 0.7+ snippet as init.lua"
readme_snippet "0.7+" > "$work/init.lua"
grep -q 'cmd = { "asklint", "server" }' "$work/init.lua" || fail "README.md has no Neovim 0.7+ snippet that runs asklint server"
mkdir -p "$work/two/skill-package" "$work/bin"
cp "$here/neovim/unsaved.json" "$work/two/skill-package/skill.json"
echo '{"name": "skill-lambda", "private": true, "dependencies": {"ask-sdk-core": "^2.14.0"}}' > "$work/two/package.json"
echo 'ignore = ["PRM001"]' > "$work/two/asklint.toml"
ln -s "$asklint" "$work/bin/asklint"
(cd "$work" && PATH=$work/bin:$PATH PROJECT=$work/two \
  nvim_run -u "$work/init.lua" -c "luafile $here/neovim/snippet_test.lua" "$work/two/skill-package/skill.json")

echo "== 3. the README's Neovim 0.11+ snippet: Lua syntax"
readme_snippet "0.11+" > "$work/init-0.11.lua"
grep -q 'cmd = { "asklint", "server" }' "$work/init-0.11.lua" || fail "README.md has no Neovim 0.11+ snippet that runs asklint server"
grep -q 'vim.lsp.enable("asklint")' "$work/init-0.11.lua" || fail "the Neovim 0.11+ snippet does not enable asklint"
nvim_run -u NONE -c "lua local f, e = loadfile('$work/init-0.11.lua'); if f then io.stderr:write('all checks passed\n'); vim.cmd('qall!') else io.stderr:write(e .. '\n'); vim.cmd('cquit 1') end"
echo "Neovim: all LSP tests passed"
