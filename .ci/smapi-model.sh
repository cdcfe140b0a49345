#!/usr/bin/env bash
# Our schemas against Amazon's own SMAPI model: fetch the pinned ask-smapi-model from npm, check its
# integrity, and run tests/smapi_model.rs on its spec.json (docs/interaction-model-build.md §4).
set -euo pipefail
cd "$(dirname "$0")/.."

version=1.24.0
integrity='sha512-TEy9XpUePT/IXgW1tsiEk6g1Yrf29eHBi0qzW9MeF2sJ1o8KRPj71fXSuKQE8kM59PmgddnyE32dBNkxbm1BPw=='
spec_sha256=b3ed0a3ccd7f2301c54efb73c4395b3f1bbf7aba8e14082600920f63142f03f9

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
(cd "$scratch" && npm pack --silent "ask-smapi-model@$version" > /dev/null)
tarball="$scratch/ask-smapi-model-$version.tgz"
actual="sha512-$(openssl dgst -sha512 -binary "$tarball" | base64 -w0)"
if [ "$actual" != "$integrity" ]; then
    echo "ask-smapi-model $version: integrity $actual, expected $integrity" >&2
    exit 1
fi
tar -xzf "$tarball" -C "$scratch" package/spec.json
echo "$spec_sha256  $scratch/package/spec.json" | sha256sum --check --quiet

ASKLINT_SMAPI_SPEC="$scratch/package/spec.json" cargo test --locked --test smapi_model
