package provider

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/rpcpool/terraform-provider-triton/internal/emulator"
)

// TestFaultInjection applies 30 tokens while the API answers 20 % of requests 503,
// commits 25 % of creates and then answers 502, and rate-limits: every token exists
// exactly once, all are in state and the plan after apply is empty.
func TestFaultInjection(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, emulator.Options{MaxPerPage: 10, Seed: 42})
	env.emu.SetFaults(0.20, 0.25)
	env.emu.SetRateLimit(40)
	// Honour Retry-After (1 s) like the real provider would.
	factories := map[string]func() (tfprotov6.ProviderServer, error){
		"triton": func() (tfprotov6.ProviderServer, error) {
			return providerserver.NewProtocol6WithError(&tritonProvider{
				version: "test", retryWaitMin: 10 * time.Millisecond, retryWaitMax: 1500 * time.Millisecond, throttleBudget: 2 * time.Second, resolveWindow: 3 * time.Second,
			})()
		},
	}
	cfg := fmt.Sprintf(`
provider "triton" {
  base_url    = %[1]q
  api_token   = %[2]q
  max_retries = 12
}
resource "triton_token" "many" {
  count             = 30
  subscription_uuid = %[3]q
  name              = "fault-${count.index}"
  rate_tier         = "tier1"
  is_active         = true
}
`, env.url, env.reseller, env.sub.UUID)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories,
		Steps: []resource.TestStep{{
			Config: cfg,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("triton_token.many[29]", tfjsonpath.New("is_active"), knownvalue.Bool(true)),
				funcCheck(func() error {
					seen := map[string]int{}
					for _, tok := range env.emu.Tokens(env.sub.UUID) {
						seen[tok.Name]++
						if !tok.IsActive {
							return fmt.Errorf("%s inactive", tok.Name)
						}
					}
					for i := 0; i < 30; i++ {
						if n := seen[fmt.Sprintf("fault-%d", i)]; n != 1 {
							return fmt.Errorf("fault-%d exists %d times", i, n)
						}
					}
					if len(seen) != 30 {
						return fmt.Errorf("%d distinct names, want 30", len(seen))
					}
					return nil
				}),
			},
		}},
	})
	counts := env.emu.RequestCounts()
	t.Logf("creates sent: %d for 30 tokens; list calls: %d; activates: %d", counts[routeCreate], counts[routeListTokens], counts[routeActivate])
}

// TestErrorsOnReadAreNotGone: 401/403/429/5xx while refreshing fail the plan and
// never remove the object from state.
func TestErrorsOnReadAreNotGone(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, emulator.Options{NewObjectsActive: true})
	cfg := env.config(tokenConfig(env.sub.UUID, "kept", ""))
	step := func(status int, want string) resource.TestStep {
		return resource.TestStep{
			PreConfig:   func() { env.emu.InjectStatus(routeListTokens, status, 1000) },
			Config:      cfg,
			ExpectError: regexp.MustCompile(want),
		}
	}
	recovered := resource.TestStep{
		PreConfig: func() { resetFaults(env) },
		Config:    cfg,
		// Still in state: nothing to create.
		ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			{Config: cfg},
			step(429, `(?s)Error Reading Token.*HTTP 429.*deadline`), recovered,
			step(503, `(?s)Error Reading Token.*HTTP 503`), recovered,
			step(403, `(?s)Error Reading Token.*HTTP 403`), recovered,
			step(401, `(?s)Error Reading Token.*HTTP 401.*TRITON_API_TOKEN`), recovered,
		},
	})
}

// resetFaults clears injected statuses left over from an ExpectError step.
func resetFaults(env *testEnv) { env.emu.ClearFaults() }

func TestErrorMessages(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, emulator.Options{NewObjectsActive: true})
	hidden := env.emu.AddSubscription(env.emu.AddAccount("hidden").UUID, "hidden", "mainnet-shared")
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			{
				// 404: a subscription outside the key's accounts names the subscription.
				Config:      env.config(tokenConfig(hidden.UUID, "x", "")),
				ExpectError: regexp.MustCompile(`(?s)Error Creating Token.*no subscription "` + hidden.UUID + `".*HTTP 404`),
			},
			{
				// Anything else: the status and the raw body.
				PreConfig:   func() { env.emu.InjectStatus("POST /api/v1/subscriptions/{uuid}/tokens", 418, 1) },
				Config:      env.config(tokenConfig(env.sub.UUID, "teapot", "")),
				ExpectError: regexp.MustCompile(`(?s)Error Creating Token.*answered HTTP 418.*I'm a\s+teapot`),
			},
			{
				Config: env.config(tokenConfig(env.sub.UUID, "std", "")),
			},
			{
				// 403 on destroy names the role and suggests abandoning.
				Config:      env.providerBlock(env.standard) + tokenConfig(env.sub.UUID, "std", ""),
				Destroy:     true,
				ExpectError: regexp.MustCompile(`(?s)Error Deactivating Token.*operator or reseller role.*deletion_policy = "abandon"`),
			},
			{
				Config: env.config(tokenConfig(env.sub.UUID, "std", "")),
			},
		},
	})
	if n := len(env.emu.Tokens(hidden.UUID)); n != 0 {
		t.Fatalf("created %d tokens in the hidden subscription", n)
	}
}

// TestTraceLogHasNoSecrets runs create, plan, import and destroy with the provider's
// TRACE log on and checks the log holds neither the API token nor any token value.
func TestTraceLogHasNoSecrets(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, emulator.Options{})
	seeded := env.emu.CreateToken(env.sub.UUID, "to-import", "tier1", true)
	logPath := filepath.Join(t.TempDir(), "provider.log")
	cfg := "provider \"triton\" {}\n" + fmt.Sprintf(`
resource "triton_token" "t" {
  subscription_uuid   = %[1]q
  name                = "traced"
  rate_tier           = "tier1"
  is_active           = true
  deactivation_reason = "trace test"
}
resource "triton_token" "imported" {
  subscription_uuid = %[1]q
  name              = "to-import"
  rate_tier         = "tier1"
}
data "triton_tokens" "all" {
  subscription_uuid = %[1]q
  include_values    = true
}
`, env.sub.UUID)
	c := newCLI(t, env, cfg, "TF_LOG_PROVIDER=TRACE", "TF_LOG_PATH="+logPath)
	c.mustRun("import", "-input=false", "triton_token.imported", env.sub.UUID+"/"+seeded.UUID)
	c.mustRun("apply", "-auto-approve", "-input=false")
	c.mustRun("plan", "-detailed-exitcode", "-input=false")
	c.mustRun("destroy", "-auto-approve", "-input=false")

	raw, err := os.ReadFile(logPath)
	if err != nil {
		t.Fatal(err)
	}
	log := string(raw)
	if !strings.Contains(log, "Triton API request") || !strings.Contains(log, "@level=trace") && !strings.Contains(log, "[TRACE]") {
		t.Fatalf("the log does not hold the provider's trace output (%d bytes)", len(log))
	}
	secrets := map[string]string{"api_token": env.reseller}
	for _, tok := range env.emu.Tokens(env.sub.UUID) {
		secrets["value of "+tok.Name] = tok.Value
	}
	for what, s := range secrets {
		if strings.Contains(log, s) {
			t.Errorf("the provider log contains the %s", what)
		}
	}
	t.Logf("checked %d secrets against %d bytes of TRACE log", len(secrets), len(log))
}

func FuzzParseImportID(f *testing.F) {
	for _, s := range []string{
		"9b2c4a8e-5d1f-4c3b-a7e6-0f1d2c3b4a59/3f8e2d1c-6b5a-4f9e-8d7c-1a2b3c4d5e6f", "", "/", "a/b", "a/b/c",
		" 9b2c4a8e-5d1f-4c3b-a7e6-0f1d2c3b4a59 / 3f8e2d1c-6b5a-4f9e-8d7c-1a2b3c4d5e6f ",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, id string) {
		sub, obj, err := parseImportID(id)
		if err != nil {
			if sub != "" || obj != "" {
				t.Fatalf("error with results for %q", id)
			}
			return
		}
		if !isUUID(sub) || !isUUID(obj) {
			t.Fatalf("accepted %q as %q/%q", id, sub, obj)
		}
	})
}
