#!/usr/bin/env bash
# make demo: build the provider, start the emulator on a free loopback port, point
# Terraform at the build with a dev_overrides CLI config, apply examples/demo, show
# that a second plan is empty, then destroy. Needs Go and Terraform; no network.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v terraform >/dev/null || { echo "demo: terraform is not on PATH" >&2; exit 1; }
work=$(mktemp -d)
emu_pid=""
cleanup() {
  [ -n "$emu_pid" ] && kill "$emu_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

echo "==> building provider and emulator (the first time this downloads and compiles the Go modules: about two minutes)"
go build -o "$work/bin/terraform-provider-triton" -ldflags "-X main.version=demo" .
go build -o "$work/triton-emulator" ./internal/emulator/cmd/triton-emulator

echo "==> starting emulator"
"$work/triton-emulator" -addr 127.0.0.1:0 -env-file "$work/env" >"$work/emulator.log" 2>&1 &
emu_pid=$!
for _ in $(seq 1 100); do [ -s "$work/env" ] && break; sleep 0.1; done
[ -s "$work/env" ] || { cat "$work/emulator.log" >&2; echo "demo: emulator did not start" >&2; exit 1; }
cat "$work/emulator.log"
set -a; . "$work/env"; set +a

cat >"$work/terraformrc" <<RC
provider_installation {
  dev_overrides {
    "registry.terraform.io/rpcpool/triton" = "$work/bin"
  }
  direct {}
}
RC
export TF_CLI_CONFIG_FILE="$work/terraformrc" CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1
cp -r examples/demo "$work/demo"
cd "$work/demo"

echo "==> terraform apply"
terraform apply -auto-approve -input=false
echo "==> second plan (must be empty)"
set +e
terraform plan -detailed-exitcode -input=false >"$work/plan.txt" 2>&1
code=$?
set -e
if [ "$code" -ne 0 ]; then cat "$work/plan.txt"; echo "demo: second plan was not empty (exit $code)" >&2; exit 1; fi
echo "    no changes: the plan after apply is empty"
echo "==> terraform destroy (deactivates: the API has no delete)"
terraform destroy -auto-approve -input=false
echo "==> demo finished"
