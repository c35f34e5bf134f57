package provider

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"

	"github.com/rpcpool/terraform-provider-triton/internal/emulator"
)

// TestMovingRowsPlansStayEmpty: 150 tokens over 3 pages (50 per page); then rows
// move on every page the server serves, as other clients' writes do. Several
// refreshing plans in a row are all empty: no token is taken for gone (which used to
// drop it from state and mint a second live secret on the next apply).
func TestMovingRowsPlansStayEmpty(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, emulator.Options{MaxPerPage: 50})
	cfg := env.config(fmt.Sprintf(`
resource "triton_token" "t" {
  count             = 150
  subscription_uuid = %q
  name              = "svc-${count.index}"
  rate_tier         = "tier1"
}`, env.sub.UUID))
	quiet := resource.TestStep{
		PreConfig: func() { env.emu.SetMovingRows(true) },
		Config:    cfg,
		ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
			plancheck.ExpectEmptyPlan(),
		}},
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps:                    []resource.TestStep{{Config: cfg}, quiet, quiet, quiet},
	})
	if n := len(env.emu.Tokens(env.sub.UUID)); n != 150 {
		t.Fatalf("%d tokens in the emulator, want 150 (no second secret)", n)
	}
}

// TestEndlessListFailsFast: a server that ignores `page` and always offers another
// page makes the plan fail within a few calls with an error, not walk for hours and
// not call the token gone.
func TestEndlessListFailsFast(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, emulator.Options{MaxPerPage: 10})
	env.emu.SeedTokens(env.sub.UUID, 30, "x", true)
	cfg := env.config(fmt.Sprintf(`
resource "triton_token" "t" {
  subscription_uuid = %q
  name              = "mine"
  rate_tier         = "tier1"
}`, env.sub.UUID))
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{{
			Config: cfg,
		}, {
			PreConfig:   func() { env.emu.SetIgnorePage(true); env.emu.ResetCounts() },
			Config:      cfg,
			ExpectError: regexp.MustCompile(`(?s)did\s+not\s+add\s+up.*Not\s+treating\s+the\s+token\s+as\s+gone`),
		}, {
			PreConfig: func() { env.emu.SetIgnorePage(false) },
			Config:    cfg,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectEmptyPlan(),
			}},
		}},
	})
}

// TestCLI_IncompleteListWarns: a list that never adds up reaches the plural data
// source with a warning that says so, not silently short.
func TestCLI_IncompleteListWarns(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, emulator.Options{MaxPerPage: 7, IgnorePage: true})
	env.emu.SeedTokens(env.sub.UUID, 13, "t", true)
	c := newCLI(t, env, fmt.Sprintf(`
provider "triton" {}
data "triton_tokens" "all" {
  subscription_uuid = %q
}
output "n" {
  value = length(data.triton_tokens.all.tokens)
}
`, env.sub.UUID))
	out := c.mustRun("plan", "-input=false")
	if n := strings.Count(out, "Warning: Incomplete Token List"); n != 1 || !strings.Contains(out, "reports 13") {
		t.Fatalf("want one warning that the list is incomplete (the server reports 13):\n%s", out)
	}
}
