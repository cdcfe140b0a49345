#!/usr/bin/env bash
# Regenerates the Neovim screens shown in the README ("In your editor"): Neovim 0.7+ in tmux, the
# README's 0.7+ snippet as init.lua, on examples' style of mistake (neovim/unsaved.json saved as
# a project's skill-package/skill.json). Prints three screens captured with `tmux capture-pane -p`:
# the diagnostics as Neovim shows them, the code action menu on the trailing comma, and the line
# after the fix. Usage: tests/editors/neovim/capture.sh ASKLINT. Not run by CI (the screens are
# documentation; tests/editors/neovim.sh checks the same behaviour).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
asklint=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
work=$(mktemp -d)
session=asklint-capture-$$
trap 'tmux kill-session -t "$session" 2> /dev/null || true; rm -rf "$work"' EXIT
mkdir -p "$work/tides/skill-package" "$work/bin" "$work/xdg"
cp "$here/unsaved.json" "$work/tides/skill-package/skill.json"
touch "$work/tides/asklint.toml"
ln -s "$asklint" "$work/bin/asklint"
awk '$0 == "-- asklint: Neovim 0.7+" { on = 1 } on && /^```/ { exit } on { print }' "$root/README.md" > "$work/init.lua"
wait_for() {
  for _ in $(seq 100); do
    tmux capture-pane -p -t "$session" | grep -qF -- "$1" && return 0
    sleep 0.1
  done
  echo "the screen never showed: $1" >&2
  tmux capture-pane -p -t "$session" >&2
  exit 1
}
screen() {
  # The pane, without the trailing empty lines.
  tmux capture-pane -p -t "$session" | sed -e :a -e '/^\n*$/{$d;N;ba' -e '}'
}
cd "$work/tides"
tmux new-session -d -s "$session" -x 96 -y 16 \
  env PATH="$work/bin:$PATH" XDG_CONFIG_HOME="$work/xdg" XDG_DATA_HOME="$work/xdg" XDG_STATE_HOME="$work/xdg" \
  nvim -i NONE -n -u "$work/init.lua" skill-package/skill.json
wait_for "skill.json"
# The trailing comma after the emoji, line 11.
tmux send-keys -t "$session" ":11" Enter "f]"
wait_for "trailing comma"
echo '$ nvim skill-package/skill.json      # line 11, on the comma'
screen
echo
tmux send-keys -t "$session" ":lua vim.lsp.buf.code_action()" Enter
wait_for "remove"
echo ':lua vim.lsp.buf.code_action()'
screen
echo
tmux send-keys -t "$session" "1" Enter
wait_for '"🌊"],'
sleep 0.5
echo '1 <Enter>'
screen
tmux send-keys -t "$session" ":qall!" Enter
