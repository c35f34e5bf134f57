#!/usr/bin/env bash
# Prints the path of a pinned OpenTofu binary, building it from its Go module into a
# cache folder when missing (a plain `go install` is refused: its go.mod has a replace
# directive). About 8 minutes on 2 cores the first time.
set -euo pipefail
version="${OPENTOFU_VERSION:-1.12.6}"
cache="${TRITON_TOOLS_CACHE:-$HOME/.cache/terraform-provider-triton}/opentofu-$version"
bin="$cache/tofu"
if [ -x "$bin" ]; then
  echo "$bin"
  exit 0
fi
mkdir -p "$cache"
dir=$(go mod download -json "github.com/opentofu/opentofu@v$version" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
if [ -z "$dir" ] || [ ! -d "$dir" ]; then
  echo "opentofu.sh: could not download github.com/opentofu/opentofu@v$version through the Go module proxy" >&2
  exit 1
fi
echo "opentofu.sh: building OpenTofu $version from $dir (one-time, several minutes)" >&2
(cd "$dir" && GOFLAGS=-mod=mod CGO_ENABLED=0 go build -trimpath -o "$bin.tmp" ./cmd/tofu)
mv "$bin.tmp" "$bin"
echo "$bin"
