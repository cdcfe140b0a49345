#!/usr/bin/env bash
# The release archive of one platform, with its checksum beside it:
#   bash packaging/archive.sh TARGET EXECUTABLE VERSION OUT_DIR
# writes OUT_DIR/asklint-VERSION-TARGET.tar.gz (.zip for Windows targets) holding
# asklint-VERSION-TARGET/asklint[.exe] and README.md, and OUT_DIR/<archive>.sha256 in the format of
# `sha256sum` (`sha256sum -c` checks it). Used by packaging/build.sh and the release workflow.
set -euo pipefail
if [ $# -ne 4 ]; then
  echo "usage: bash packaging/archive.sh TARGET EXECUTABLE VERSION OUT_DIR" >&2
  exit 2
fi
target=$1 executable=$2 version=$3 out=$4
root=$(cd "$(dirname "$0")/.." && pwd)
name="asklint-$version-$target"
mkdir -p "$out"
out=$(cd "$out" && pwd)
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir "$stage/$name"
cp "$root/README.md" "$stage/$name/"
case "$target" in
  *windows*)
    cp "$executable" "$stage/$name/asklint.exe"
    archive="$name.zip"
    rm -f "$out/$archive"
    (cd "$stage" && 7z a -tzip -bso0 -bsp0 "$out/$archive" "$name")
    ;;
  *)
    cp "$executable" "$stage/$name/asklint"
    chmod 755 "$stage/$name/asklint"
    archive="$name.tar.gz"
    (cd "$stage" && tar -czf "$out/$archive" "$name")
    ;;
esac
if command -v sha256sum > /dev/null; then
  (cd "$out" && sha256sum "$archive" > "$archive.sha256")
else
  (cd "$out" && shasum -a 256 "$archive" > "$archive.sha256")
fi
echo "$out/$archive"
