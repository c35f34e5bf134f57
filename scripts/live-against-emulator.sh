#!/usr/bin/env bash
# Runs the contract suite (`make testacc-live`) against cmd/triton-emulator started as
# its own process on loopback, the way it would run against the real API: with a
# reseller key, then with a standard key. Then leaves one stray active tf-acc- token
# behind on purpose, runs `make sweep` twice and checks no active tf-acc- object is left.
# Used by .ci/run; fails loudly on any step.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
emu_pid=""
cleanup() {
  [ -n "$emu_pid" ] && kill "$emu_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

go build -o "$work/triton-emulator" ./internal/emulator/cmd/triton-emulator
"$work/triton-emulator" -addr 127.0.0.1:0 -env-file "$work/env" >"$work/emulator.log" 2>&1 &
emu_pid=$!
for _ in $(seq 1 100); do [ -s "$work/env" ] && break; sleep 0.1; done
[ -s "$work/env" ] || { cat "$work/emulator.log" >&2; echo "live: emulator did not start" >&2; exit 1; }
set -a; . "$work/env"; set +a
echo "live: emulator at $TRITON_BASE_URL (pid $emu_pid), test subscription $TRITON_TEST_SUBSCRIPTION_UUID"

run_suite() {
  local role=$1 key=$2
  local tf=${3:-$(command -v terraform)}
  local log
  log="$work/live-$role-$(basename "$(dirname "$tf")").log"
  echo "==> make testacc-live, role $role, $("$tf" version | head -n 1)"
  if ! TF_ACC_TERRAFORM_PATH=$tf TRITON_API_TOKEN=$key TRITON_TEST_ROLE=$role make --no-print-directory testacc-live 2>&1 | tee "$log"; then
    echo "live: the contract suite failed with the $role key" >&2
    exit 1
  fi
  local pass skip fail
  pass=$(grep -c -- '^--- PASS' "$log" || true)
  skip=$(grep -c -- '^--- SKIP' "$log" || true)
  fail=$(grep -c -- '^--- FAIL' "$log" || true)
  echo "live: role $role: $pass passed, $skip skipped, $fail failed"
  [ "$pass" -gt 0 ] || { echo "live: no test passed with the $role key" >&2; exit 1; }
  [ "$fail" -eq 0 ] || exit 1
}
run_suite reseller "$TRITON_RESELLER_KEY"
run_suite standard "$TRITON_STANDARD_KEY"
# Import by identity needs Terraform 1.12+: once more with the reseller key under 1.15.9.
run_suite reseller "$TRITON_RESELLER_KEY" "$(./scripts/terraform-new.sh)"
grep -q -- '^--- PASS: TestAccToken_importByIdentity' "$work"/live-reseller-terraform-1.15.9.log \
  || { echo "live: import by identity did not run under Terraform 1.15.9" >&2; exit 1; }

echo "==> a stray active tf-acc- token, as a failed run would leave"
auth=(-H "Authorization: $TRITON_RESELLER_KEY" -H 'Content-Type: application/json' -H 'Accept: application/json')
stray=$(curl -fsS "${auth[@]}" -X POST "$TRITON_BASE_URL/api/v1/subscriptions/$TRITON_TEST_SUBSCRIPTION_UUID/tokens" \
  -d '{"token":{"name":"tf-acc-stray","rate_tier":"tier1"}}' | sed -n 's/.*"uuid":"\([^"]*\)".*/\1/p')
[ -n "$stray" ] || { echo "live: could not create the stray token" >&2; exit 1; }
curl -fsS "${auth[@]}" -X PUT "$TRITON_BASE_URL/api/v1/tokens/$stray/activate" >/dev/null
if TRITON_API_TOKEN=$TRITON_RESELLER_KEY go run ./internal/sweep/cmd/triton-sweep -check >/dev/null 2>&1; then
  echo "live: sweep -check did not see the stray active token" >&2; exit 1
fi

echo "==> make sweep (twice: the second finds nothing to do)"
TRITON_API_TOKEN=$TRITON_RESELLER_KEY make --no-print-directory sweep | tee "$work/sweep1.log"
grep -q "deactivated token tf-acc-stray" "$work/sweep1.log" || { echo "live: sweep did not deactivate the stray token" >&2; exit 1; }
TRITON_API_TOKEN=$TRITON_RESELLER_KEY make --no-print-directory sweep | tee "$work/sweep2.log"
grep -q "sweep: 0 deactivated" "$work/sweep2.log" || { echo "live: the second sweep was not a no-op" >&2; exit 1; }
echo "==> no active tf-acc- object left"
TRITON_API_TOKEN=$TRITON_RESELLER_KEY go run ./internal/sweep/cmd/triton-sweep -check
