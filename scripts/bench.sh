#!/usr/bin/env bash
# make bench: Go benchmarks of the client, then the plan benchmark that writes BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "==> go test -bench (client list walk and cache)"
go test ./internal/tritonapi -run '^$' -bench . -benchmem -benchtime "${BENCHTIME:-2x}"
echo "==> plan benchmark"
# The terraform query case needs Terraform 1.14+ (scripts/terraform-new.sh builds 1.15.9 once).
query_tf=$(./scripts/terraform-new.sh) || { echo "bench: no Terraform 1.14+ for the terraform query case" >&2; exit 1; }
go run ./internal/benchmark/cmd/triton-bench -query-terraform "$query_tf" "$@"
