#!/usr/bin/env bash
# gotest.sh LOG ARGS...: go test -json ARGS, the whole event stream kept in LOG;
# prints each package's result, every skipped test with its reason, the output of
# every failed test, and counts (internal/testsummary). Exits with go test's status.
set -uo pipefail
log=$1; shift
mkdir -p "$(dirname "$log")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
summary=$tmp/testsummary
go build -o "$summary" ./internal/testsummary || exit 1
go test -json "$@" 2>&1 | tee "$log" | "$summary"
rc=${PIPESTATUS[0]}
echo "full output (go test -json): $log"
exit "$rc"
