#!/usr/bin/env bash
# The GitHub Action's install step: puts the release build of asklint for this runner into
#   $ASKLINT_ROOT/bin/asklint (default: $RUNNER_TEMP/asklint)
# Downloads asklint-<version>-<target>.tar.gz (.zip on Windows) and its .sha256 from
#   $ASKLINT_DOWNLOAD_BASE (default: https://github.com/asklint/asklint/releases/download/v<version>)
# and refuses an archive whose SHA-256 differs. <version> is this checkout's Cargo.toml version
# (ASKLINT_VERSION overrides it), <target> the runner's OS and architecture (ASKLINT_TARGET overrides
# it; Linux gets the static musl build, which runs on any distribution). Where no release build
# exists for the runner, or the release has no such asset, writes `build=true` to $GITHUB_OUTPUT (and
# prints why) so the action compiles asklint instead; any other failure fails the step.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source_root=$(cd "$here/../.." && pwd)
root=${ASKLINT_ROOT:-${RUNNER_TEMP:?set RUNNER_TEMP or ASKLINT_ROOT}/asklint}
output=${GITHUB_OUTPUT:-/dev/null}

error() {
  # A workflow command makes the message an annotation on the run; plain text elsewhere.
  echo "::error title=asklint install::$*"
  exit 1
}

compile_instead() {
  echo "::notice title=asklint install::$*; compiling asklint from source instead."
  echo "build=true" >> "$output"
  exit 0
}

version=${ASKLINT_VERSION:-$(sed -n 's/^version = "\(.*\)"$/\1/p' "$source_root/Cargo.toml" | head -n 1)}
[ -n "$version" ] || error "cannot read the version from $source_root/Cargo.toml"
echo "version=$version" >> "$output"

if [ -n "${ASKLINT_TARGET:-}" ]; then
  target=$ASKLINT_TARGET
else
  os=${RUNNER_OS:-$(uname -s)}
  arch=${RUNNER_ARCH:-$(uname -m)}
  case "$os/$arch" in
    Linux/X64 | Linux/x86_64) target=x86_64-unknown-linux-musl ;;
    Linux/ARM64 | Linux/aarch64) target=aarch64-unknown-linux-musl ;;
    macOS/X64 | Darwin/x86_64) target=x86_64-apple-darwin ;;
    macOS/ARM64 | Darwin/arm64) target=aarch64-apple-darwin ;;
    Windows/X64) target=x86_64-pc-windows-msvc ;;
    *) compile_instead "no release build of asklint for $os $arch" ;;
  esac
fi
if ! grep -q "\"target\": \"$target\"" "$source_root/packaging/platforms.json"; then
  compile_instead "no release build of asklint for $target"
fi

case "$target" in
  *windows*) archive="asklint-$version-$target.zip" executable=asklint.exe ;;
  *) archive="asklint-$version-$target.tar.gz" executable=asklint ;;
esac
base=${ASKLINT_DOWNLOAD_BASE:-https://github.com/asklint/asklint/releases/download/v$version}
base=${base%/}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fetch() {
  curl --fail --silent --show-error --location --retry 3 --proto '=https,http' --output "$2" "$1"
}
if ! fetch "$base/$archive.sha256" "$work/$archive.sha256" 2> "$work/curl.txt"; then
  compile_instead "$base/$archive.sha256 could not be downloaded ($(tr -d '\r' < "$work/curl.txt" | tail -n 1))"
fi
fetch "$base/$archive" "$work/$archive" || error "$base/$archive could not be downloaded"

expected=$(awk 'NR == 1 { print tolower($1) }' "$work/$archive.sha256")
if command -v sha256sum > /dev/null; then
  actual=$(sha256sum "$work/$archive" | awk '{ print $1 }')
else
  actual=$(shasum -a 256 "$work/$archive" | awk '{ print $1 }')
fi
if ! [[ $expected =~ ^[0-9a-f]{64}$ ]]; then
  error "$base/$archive.sha256 holds no SHA-256 checksum; not installing $archive"
fi
if [ "$expected" != "$actual" ]; then
  error "SHA-256 mismatch for $base/$archive: expected $expected (from $archive.sha256), got $actual. The download is corrupt or not the published release; not installing it."
fi

case "$archive" in
  *.zip) unzip -q "$work/$archive" -d "$work/unpacked" ;;
  *) mkdir "$work/unpacked" && tar -xzf "$work/$archive" -C "$work/unpacked" ;;
esac
found="$work/unpacked/asklint-$version-$target/$executable"
[ -f "$found" ] || error "$archive does not hold asklint-$version-$target/$executable"
mkdir -p "$root/bin"
cp "$found" "$root/bin/$executable"
chmod 755 "$root/bin/$executable"
echo "Installed $("$root/bin/$executable" --version) ($target, SHA-256 $actual) into $root/bin"
echo "build=false" >> "$output"
