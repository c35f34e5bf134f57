package provider

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRotationGuideFlow runs the rotation guide as a team would: rotate by changing
// the committed default, then the next plain plan is empty and the lookup by name
// (with is_active = true) finds the new token. It also shows why the guide warns
// against `-var`: the next plain plan rotates again.
func TestRotationGuideFlow(t *testing.T) {
	t.Parallel()
	env := exampleEnv(t)
	b, err := os.ReadFile(filepath.Join("..", "..", "examples", "guides", "rotation", "main.tf"))
	if err != nil {
		t.Fatal(err)
	}
	guide := string(b)
	c := newCLI(t, env, guide)
	c.mustRun("apply", "-auto-approve", "-input=false")
	first := c.mustRun("output", "-raw", "backend_token_id")

	// Rotate the recommended way: the committed default changes in the pull request.
	rotated := strings.Replace(guide, `default     = "2026-11"`, `default     = "2026-12"`, 1)
	if rotated == guide {
		t.Fatal("the guide's variable default moved; update this test")
	}
	c.writeConfig(rotated)
	out := c.mustRun("apply", "-auto-approve", "-input=false")
	if !strings.Contains(out, "1 added, 0 changed, 1 destroyed") {
		t.Fatalf("rotation did not replace the token:\n%s", out)
	}
	second := c.mustRun("output", "-raw", "backend_token_id")
	if second == first {
		t.Fatal("the token id did not change on rotation")
	}
	if code, out := c.run("plan", "-detailed-exitcode", "-input=false"); code != 0 {
		t.Fatalf("the plan after a committed rotation is not empty (exit %d):\n%s", code, out)
	}
	// Another configuration looks the token up by name, as the guide shows.
	consumer := newCLI(t, env, `
data "triton_subscription" "main" {
  name      = "prod-mainnet"
  is_active = true
}

data "triton_token" "backend" {
  subscription_uuid = data.triton_subscription.main.id
  name              = "api-backend"
  is_active         = true
}

output "id" {
  value = data.triton_token.backend.id
}
`)
	consumer.mustRun("apply", "-auto-approve", "-input=false")
	if got := consumer.mustRun("output", "-raw", "id"); got != second {
		t.Fatalf("the lookup by name found %s, want the new token %s", got, second)
	}
	var backend int
	for _, tok := range env.emu.Tokens(exampleSubscription) {
		if tok.Name == "api-backend" && tok.IsActive {
			backend++
		}
	}
	if backend != 1 {
		t.Fatalf("%d active tokens named api-backend after rotation, want 1", backend)
	}

	// The -var recipe: the value lives in one command only, so the next plain plan
	// sees the committed value and plans another rotation.
	c.mustRun("apply", "-auto-approve", "-input=false", "-var", "backend_token_generation=2027-01")
	if code, out := c.run("plan", "-detailed-exitcode", "-input=false"); code != 2 || !strings.Contains(out, "must be replaced") {
		t.Fatalf("after a -var rotation the next plain plan should plan a replacement (exit 2), got %d:\n%s", code, out)
	}
}
