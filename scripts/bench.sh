#!/usr/bin/env bash
# make bench: Go benchmarks of the client, then the plan benchmark that writes BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "==> go test -bench (client list walk and cache)"
go test ./internal/tritonapi -run '^$' -bench . -benchmem -benchtime "${BENCHTIME:-2x}"
echo "==> plan benchmark"
go run ./internal/benchmark/cmd/triton-bench "$@"
