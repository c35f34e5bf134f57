package provider

import (
	"fmt"
	"strings"
	"testing"

	"github.com/rpcpool/terraform-provider-triton/internal/emulator"
)

// These tests run the real terraform CLI so each count covers exactly one command.

const (
	routeListTokens = "GET /api/v1/tokens"
	routeCreate     = "POST /api/v1/subscriptions/{uuid}/tokens"
	routeActivate   = "PUT /api/v1/tokens/{uuid}/activate"
)

func countedTokens(sub string, n int, active bool) string {
	return fmt.Sprintf(`
resource "triton_token" "many" {
  count             = %[2]d
  subscription_uuid = %[1]q
  name              = "many-${count.index}"
  rate_tier         = "tier1"
  is_active         = %[3]t
}
`, sub, n, active)
}

// A subscription holding 30 tokens with a page maximum of 10: an apply creating 20
// active tokens walks the subscription afresh for its creates (DESIGN behaviour 5:
// each create's "before" walk is taken for it, never read from the cache), but
// creates that start together share a walk, so it costs fewer walks than creates;
// a plan refreshing all 50 makes ⌈50/10⌉ = 5 list calls, not 50 × 5.
func TestCallCounts_listOncePerSubscription(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, emulator.Options{MaxPerPage: 10})
	env.emu.SeedTokens(env.sub.UUID, 30, "existing", true)
	c := newCLI(t, env, "provider \"triton\" {}\n"+countedTokens(env.sub.UUID, 20, true))

	env.emu.ResetCounts()
	c.mustRun("apply", "-auto-approve", "-input=false")
	counts := env.emu.RequestCounts()
	if counts[routeCreate] != 20 || counts[routeActivate] != 20 {
		t.Fatalf("apply: %d creates, %d activates; want 20 and 20", counts[routeCreate], counts[routeActivate])
	}
	t.Logf("apply creating 20 in a subscription of 30: %d creates, %d activates, %d list calls", counts[routeCreate], counts[routeActivate], counts[routeListTokens])
	if n := counts[routeListTokens]; n < 3 || n > 3*10 {
		t.Fatalf("apply: %d list calls, want between 3 and 30 (walks of 3 pages, shared by creates that start together: at most one per two creates)", n)
	}

	env.emu.ResetCounts()
	c.mustRun("plan", "-detailed-exitcode", "-input=false")
	if n := env.emu.RequestCount(routeListTokens); n != 5 {
		t.Fatalf("plan refreshing 20 tokens in a subscription of 50: %d list calls, want 5", n)
	}
	if n := len(env.emu.Tokens(env.sub.UUID)); n != 50 {
		t.Fatalf("emulator holds %d tokens, want 50", n)
	}
}

// 30 tokens, page maximum 10: a refreshing plan makes exactly 3 list calls.
func TestCallCounts_planOfThirty(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, emulator.Options{MaxPerPage: 10, NewObjectsActive: true})
	c := newCLI(t, env, "provider \"triton\" {}\n"+countedTokens(env.sub.UUID, 30, true))
	c.mustRun("apply", "-auto-approve", "-input=false")
	env.emu.ResetCounts()
	c.mustRun("plan", "-detailed-exitcode", "-input=false")
	if n := env.emu.RequestCount(routeListTokens); n != 3 {
		t.Fatalf("plan of 30 tokens: %d list calls, want 3", n)
	}
}

// Two aliases with different credentials each walk the subscription: no shared entries.
func TestCallCounts_aliasesDoNotShareCache(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, emulator.Options{NewObjectsActive: true})
	cfg := fmt.Sprintf(`
provider "triton" {
  alias     = "reseller"
  base_url  = %[1]q
  api_token = %[2]q
}
provider "triton" {
  alias     = "operator"
  base_url  = %[1]q
  api_token = %[3]q
}
resource "triton_token" "a" {
  provider          = triton.reseller
  subscription_uuid = %[4]q
  name              = "a"
  rate_tier         = "tier1"
}
resource "triton_token" "b" {
  provider          = triton.operator
  subscription_uuid = %[4]q
  name              = "b"
  rate_tier         = "tier1"
}
`, env.url, env.reseller, env.operator, env.sub.UUID)
	c := newCLI(t, env, cfg)
	c.mustRun("apply", "-auto-approve", "-input=false")
	env.emu.ResetCounts()
	c.mustRun("plan", "-detailed-exitcode", "-input=false")
	if n := env.emu.RequestCount(routeListTokens); n != 2 {
		t.Fatalf("two aliases: %d list calls, want 2 (one per credential)", n)
	}
}

// Destroy says what it does, once per object, at plan time (which `terraform
// destroy` prints too); apply does not repeat it.
func TestDestroyWarnings(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, emulator.Options{NewObjectsActive: true})
	cfg := fmt.Sprintf(`
provider "triton" {}
resource "triton_token" "deactivated" {
  subscription_uuid = %[1]q
  name              = "d"
  rate_tier         = "tier1"
}
resource "triton_endpoint" "abandoned" {
  subscription_uuid = %[1]q
  name              = "a"
  rate_tier         = "tier1"
  deletion_policy   = "abandon"
}
`, env.sub.UUID)
	c := newCLI(t, env, cfg)
	c.mustRun("apply", "-auto-approve", "-input=false")
	plan := c.mustRun("plan", "-destroy", "-input=false")
	destroy := c.mustRun("destroy", "-auto-approve", "-input=false")
	for _, out := range []string{plan, destroy} {
		for _, text := range []string{"Warning: Destroy Will Deactivate Token", "Warning: Endpoint Will Be Abandoned"} {
			if n := strings.Count(out, text); n != 1 {
				t.Errorf("%q appears %d times, want once, in:\n%s", text, n, out)
			}
		}
		if n := strings.Count(out, "Warning:") - strings.Count(out, "Warning: Provider development overrides"); n != 2 {
			t.Errorf("%d warnings for two objects, want 2, in:\n%s", n, out)
		}
	}
	eps := env.emu.Endpoints(env.sub.UUID)
	if len(eps) != 1 || !eps[0].IsActive {
		t.Fatalf("abandoned endpoint must stay active: %+v", eps)
	}
}
