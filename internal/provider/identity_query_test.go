package provider

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/go-version"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/rpcpool/terraform-provider-triton/internal/emulator"
)

// End-to-end identity (Terraform 1.12+) and `terraform query` (1.14+) tests. They
// skip, saying why, under an older CLI (make test with Terraform 1.11); .ci/run runs
// the suite a second time under Terraform 1.15.9 and a third under OpenTofu 1.12.

func TestAccToken_identity(t *testing.T) {
	env := newTestEnv(t, emulator.Options{})
	cfg := env.config(fmt.Sprintf(`
resource "triton_token" "t" {
  subscription_uuid = %q
  name              = "id-test"
  rate_tier         = "tier1"
  is_active         = true
}`, env.sub.UUID))
	resource.UnitTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)},
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: cfg,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectIdentity("triton_token.t", map[string]knownvalue.Check{
						"subscription_uuid": knownvalue.StringExact(env.sub.UUID),
						"id":                uuidCheck,
					}),
					statecheck.ExpectIdentityValueMatchesState("triton_token.t", tfjsonpath.New("id")),
				},
			},
			{
				// import { to = ..., identity = { subscription_uuid, id } }: a no-op
				// import into the same configuration.
				ResourceName:    "triton_token.t",
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithResourceIdentity,
				Config:          cfg,
				ImportPlanChecks: resource.ImportPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("triton_token.t", plancheck.ResourceActionNoop),
				}},
			},
			{
				ResourceName:      "triton_token.t",
				ImportState:       true,
				ImportStateKind:   resource.ImportBlockWithID,
				ImportStateIdFunc: importID("triton_token.t"),
				Config:            cfg,
				ImportPlanChecks: resource.ImportPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("triton_token.t", plancheck.ResourceActionNoop),
				}},
			},
		},
	})
}

func TestAccEndpoint_identity(t *testing.T) {
	env := newTestEnv(t, emulator.Options{})
	cfg := env.config(fmt.Sprintf(`
resource "triton_endpoint" "e" {
  subscription_uuid = %q
  name              = "id-test"
  rate_tier         = "tier1"
  allowed_origins   = [{ value = "app.example.com" }]
}`, env.sub.UUID))
	resource.UnitTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)},
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: cfg,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectIdentity("triton_endpoint.e", map[string]knownvalue.Check{
						"subscription_uuid": knownvalue.StringExact(env.sub.UUID),
						"id":                uuidCheck,
					}),
					statecheck.ExpectIdentityValueMatchesState("triton_endpoint.e", tfjsonpath.New("id")),
				},
			},
			{
				// An update in place (non-refresh apply path) keeps the identity.
				Config: strings.Replace(cfg, `name              = "id-test"`, `name              = "id-test-2"`, 1),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("triton_endpoint.e", plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectIdentityValueMatchesState("triton_endpoint.e", tfjsonpath.New("id")),
					statecheck.ExpectIdentityValueMatchesState("triton_endpoint.e", tfjsonpath.New("subscription_uuid")),
				},
			},
			{
				ResourceName:    "triton_endpoint.e",
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithResourceIdentity,
				Config:          strings.Replace(cfg, `name              = "id-test"`, `name              = "id-test-2"`, 1),
				ImportPlanChecks: resource.ImportPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("triton_endpoint.e", plancheck.ResourceActionNoop),
				}},
			},
		},
	})
}

// TestAccQuery_tokensAndEndpoints runs `terraform query` on list blocks.
func TestAccQuery_tokensAndEndpoints(t *testing.T) {
	env := newTestEnv(t, emulator.Options{})
	other := env.emu.AddSubscription(env.account.UUID, "acme-devnet", "developer")
	api := env.emu.CreateToken(env.sub.UUID, "api", "tier1", true)
	env.emu.CreateToken(env.sub.UUID, "api", "tier1", false) // rotated out
	env.emu.CreateToken(env.sub.UUID, "batch", "tier2", true)
	env.emu.SeedTokens(other.UUID, 3, "dev", true)
	ep := env.emu.CreateEndpoint(env.sub.UUID, "web", "tier1", true, "app.example.com")
	// The provider is configured from the environment: a query step shares the
	// working directory (and so the provider block) of the configuration step.
	t.Setenv("TRITON_API_TOKEN", env.reseller)
	t.Setenv("TRITON_BASE_URL", env.url)
	resource.UnitTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			{
				// A query step runs in the working directory of a configuration step;
				// the provider block lives in the query file.
				Config: `data "triton_subscriptions" "all" {}`,
			},
			{
				Query: true,
				Config: fmt.Sprintf(`
provider "triton" {}

list "triton_token" "sub" {
  provider = triton
  config {
    subscription_uuid = %[1]q
  }
}

list "triton_token" "active_api" {
  provider         = triton
  include_resource = true
  config {
    subscription_uuid = %[1]q
    name              = "api"
    is_active         = true
  }
}

list "triton_token" "account" {
  provider = triton
  config {
    account_uuid = %[2]q
  }
}

list "triton_endpoint" "web" {
  provider         = triton
  include_resource = true
  config {
    subscription_uuid = %[1]q
  }
}
`, env.sub.UUID, env.account.UUID),
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength("triton_token.sub", 3),
					querycheck.ExpectLength("triton_token.active_api", 1),
					querycheck.ExpectLength("triton_token.account", 6),
					querycheck.ExpectLength("triton_endpoint.web", 1),
					querycheck.ExpectIdentity("triton_token.active_api", map[string]knownvalue.Check{
						"subscription_uuid": knownvalue.StringExact(env.sub.UUID),
						"id":                knownvalue.StringExact(api.UUID),
					}),
					querycheck.ExpectResourceDisplayName("triton_token.sub",
						queryfilter.ByResourceIdentity(map[string]knownvalue.Check{
							"subscription_uuid": knownvalue.StringExact(env.sub.UUID),
							"id":                knownvalue.StringExact(api.UUID),
						}), knownvalue.StringExact("api")),
					querycheck.ExpectResourceKnownValues("triton_token.active_api",
						queryfilter.ByDisplayName(knownvalue.StringExact("api")),
						[]querycheck.KnownValueCheck{
							{Path: tfjsonpath.New("deletion_policy"), KnownValue: knownvalue.StringExact("deactivate")},
							{Path: tfjsonpath.New("is_active"), KnownValue: knownvalue.Bool(true)},
							{Path: tfjsonpath.New("rate_tier"), KnownValue: knownvalue.StringExact("tier1")},
							{Path: tfjsonpath.New("rotation_triggers"), KnownValue: knownvalue.Null()},
						}),
					querycheck.ExpectIdentity("triton_endpoint.web", map[string]knownvalue.Check{
						"subscription_uuid": knownvalue.StringExact(env.sub.UUID),
						"id":                knownvalue.StringExact(ep.UUID),
					}),
					querycheck.ExpectResourceKnownValues("triton_endpoint.web",
						queryfilter.ByDisplayName(knownvalue.StringExact("web")),
						[]querycheck.KnownValueCheck{
							{Path: tfjsonpath.New("allowed_origins"), KnownValue: knownvalue.SetExact([]knownvalue.Check{
								knownvalue.ObjectExact(map[string]knownvalue.Check{
									"value": knownvalue.StringExact("app.example.com"), "is_active": knownvalue.Bool(true),
								}),
							})},
						}),
				},
			},
		},
	})
}

// cliVersion reports the version of the CLI the tests run (Terraform or OpenTofu).
func cliVersion(t *testing.T, bin string) (*version.Version, string) {
	t.Helper()
	out, err := exec.Command(bin, "version", "-json").Output()
	if err != nil {
		t.Fatalf("%s version -json: %v", bin, err)
	}
	var v struct {
		TerraformVersion string `json:"terraform_version"`
	}
	if err := json.Unmarshal(out, &v); err != nil {
		t.Fatalf("%s version -json: %v\n%s", bin, err, out)
	}
	ver, err := version.NewVersion(v.TerraformVersion)
	if err != nil {
		t.Fatal(err)
	}
	return ver, v.TerraformVersion
}

// requireQueryCLI skips unless the CLI under test has `terraform query` (1.14+).
func requireQueryCLI(t *testing.T) {
	t.Helper()
	bin := os.Getenv("TF_ACC_TERRAFORM_PATH")
	ver, raw := cliVersion(t, bin)
	if ver.LessThan(version.Must(version.NewVersion("1.14.0"))) || strings.Contains(bin, "tofu") {
		t.Skipf("needs `terraform query` (Terraform 1.14+); the CLI under test is %s %s", bin, raw)
	}
}

var importedRE = regexp.MustCompile(`Plan: (\d+) to import, (\d+) to add, (\d+) to change, (\d+) to destroy`)

// TestCLI_QueryGenerateConfigAdopts300 is the adoption path of the guide at scale:
// 300 tokens over several pages in two subscriptions (and endpoints in every shape)
// are found by `terraform query -generate-config-out`, and the generated file,
// applied unchanged, imports each one and plans nothing else.
func TestCLI_QueryGenerateConfigAdopts300(t *testing.T) {
	requireQueryCLI(t)
	env := newTestEnv(t, emulator.Options{})
	b := env.emu.AddSubscription(env.account.UUID, "acme-devnet", "developer")
	for i := range 200 {
		tok := env.emu.CreateToken(env.sub.UUID, fmt.Sprintf("svc-%03d", i), []string{"tier1", "tier2"}[i%2], i%4 != 0)
		if i%10 == 0 {
			env.emu.SetTokenActive(tok.UUID, false, "rotated")
		}
	}
	env.emu.SeedTokens(b.UUID, 100, "dev", true)
	// Endpoints with origins, without, inactive, with only system origins.
	env.emu.CreateEndpoint(env.sub.UUID, "web", "tier1", true, "app.example.com", "__blocked.rpcpool.com")
	env.emu.CreateEndpoint(env.sub.UUID, "bare", "tier2", true)
	env.emu.CreateEndpoint(env.sub.UUID, "old", "tier1", false, "old.example.com")
	env.emu.CreateEndpoint(b.UUID, "dev", "developer", true, "__blocked.rpcpool.com")
	// Every shape of origin the API holds: the generated file must validate.
	env.emu.CreateEndpoint(env.sub.UUID, "shapes", "tier1", true, "https://app.example.com", "http://localhost:3000", "my_app.example.com", "*.example.com", "app.example.com:8443")

	c := newCLI(t, env, "provider \"triton\" {\n  page_size = 50\n}\n")
	query := fmt.Sprintf(`
list "triton_token" "all" {
  provider = triton
  limit    = 1000
  config {
    account_uuid = %[1]q
  }
}

list "triton_endpoint" "all" {
  provider         = triton
  limit            = 1000
  config {
    account_uuid = %[1]q
  }
}
`, env.account.UUID)
	if err := os.WriteFile(c.dir+"/adopt.tfquery.hcl", []byte(query), 0o600); err != nil {
		t.Fatal(err)
	}
	env.emu.ResetCounts()
	out := c.mustRun("query", "-generate-config-out=generated.tf")
	if n := env.emu.RequestCount("GET /api/v1/tokens"); n != 6 {
		t.Errorf("token list calls for the query = %d, want 6 (200 at 50 per page + 100 at 50 per page)", n)
	}
	if n := env.emu.RequestCount("GET /api/v1/subscriptions"); n != 1 {
		t.Errorf("subscription list calls for the query = %d, want 1", n)
	}
	if strings.Contains(out, env.emu.Tokens(env.sub.UUID)[0].Value) {
		t.Fatal("query output shows a token value")
	}
	gen, err := os.ReadFile(c.dir + "/generated.tf")
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(gen), "resource \"triton_token\""); n != 300 {
		t.Fatalf("generated.tf has %d triton_token resources, want 300", n)
	}
	if n := strings.Count(string(gen), "resource \"triton_endpoint\""); n != 5 {
		t.Fatalf("generated.tf has %d triton_endpoint resources, want 5", n)
	}
	for _, tok := range env.emu.Tokens(env.sub.UUID)[:5] {
		if strings.Contains(string(gen), tok.Value) {
			t.Fatal("generated.tf holds a token value")
		}
	}

	plan := c.mustRun("plan")
	m := importedRE.FindStringSubmatch(plan)
	if m == nil || m[1] != "305" || m[2] != "0" || m[3] != "0" || m[4] != "0" {
		t.Fatalf("plan of the generated configuration: %q, want 305 to import, 0 to add, 0 to change, 0 to destroy\n%s", m, tail(plan, 60))
	}
	writes := len(env.emu.Events())
	c.mustRun("apply", "-auto-approve")
	if got := len(env.emu.Events()); got != writes {
		t.Fatalf("adopting wrote to the API: %v", env.emu.Events()[writes:])
	}
	c.mustRun("plan", "-detailed-exitcode")
	state := c.mustRun("state", "list")
	if n := strings.Count(state, "triton_token."); n != 300 {
		t.Fatalf("state holds %d tokens, want 300", n)
	}
}

// TestCLI_ImportBlockIdentityByHand writes the identity import block a user would,
// with upper-case uuids pasted from a dashboard: it imports, stores lower case, and
// the next plan is empty. A malformed identity fails at plan time and names the field.
func TestCLI_ImportBlockIdentityByHand(t *testing.T) {
	bin := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if ver, raw := cliVersion(t, bin); ver.LessThan(version.Must(version.NewVersion("1.12.0"))) {
		t.Skipf("needs import blocks with identity (Terraform 1.12+); the CLI under test is %s %s", bin, raw)
	}
	env := newTestEnv(t, emulator.Options{})
	tok := env.emu.CreateToken(env.sub.UUID, "legacy", "tier1", true)
	ep := env.emu.CreateEndpoint(env.sub.UUID, "legacy-ep", "tier1", true)
	resources := fmt.Sprintf(`
resource "triton_token" "legacy" {
  subscription_uuid = %[1]q
  name              = "legacy"
  rate_tier         = "tier1"
}

resource "triton_endpoint" "legacy" {
  subscription_uuid = %[1]q
  name              = "legacy-ep"
  rate_tier         = "tier1"
}
`, env.sub.UUID)
	c := newCLI(t, env, resources+fmt.Sprintf(`
import {
  to       = triton_token.legacy
  identity = { subscription_uuid = %[1]q, id = %[2]q }
}

import {
  to       = triton_endpoint.legacy
  identity = { subscription_uuid = %[1]q, id = %[3]q }
}
`, strings.ToUpper(env.sub.UUID), strings.ToUpper(tok.UUID), strings.ToUpper(ep.UUID)))
	plan := c.mustRun("plan")
	if m := importedRE.FindStringSubmatch(plan); m == nil || m[1] != "2" || m[2] != "0" || m[3] != "0" || m[4] != "0" {
		t.Fatalf("plan: %q, want 2 to import and nothing else\n%s", m, tail(plan, 40))
	}
	c.mustRun("apply", "-auto-approve")
	c.mustRun("plan", "-detailed-exitcode")
	show := c.mustRun("state", "show", "triton_token.legacy")
	if !strings.Contains(show, tok.UUID) {
		t.Fatalf("state does not hold the lower-case uuid %s:\n%s", tok.UUID, show)
	}

	c2 := newCLI(t, env, resources+fmt.Sprintf(`
import {
  to       = triton_token.legacy
  identity = { subscription_uuid = %[1]q, id = "not-a-uuid" }
}
`, env.sub.UUID))
	code, out := c2.run("plan")
	if code == 0 || !strings.Contains(out, "identity.id") || !strings.Contains(out, "not-a-uuid") {
		t.Fatalf("bad identity: exit %d, want an error naming identity.id:\n%s", code, out)
	}
}

// TestCLI_IdentityAddedToOldState: state written before identity existed (here by
// Terraform 1.11, which has no identity) gains the identity on the first refresh
// under Terraform 1.12+, with no "Missing Resource Identity After Read", also when
// the object has vanished meanwhile.
func TestCLI_IdentityAddedToOldState(t *testing.T) {
	newBin := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if ver, raw := cliVersion(t, newBin); ver.LessThan(version.Must(version.NewVersion("1.12.0"))) {
		t.Skipf("needs resource identity (Terraform 1.12+); the CLI under test is %s %s", newBin, raw)
	}
	oldBin, err := exec.LookPath("terraform")
	if err != nil {
		t.Fatal("terraform is not on PATH: make test requires it, and this test writes state without identity with it")
	}
	if ver, raw := cliVersion(t, oldBin); !ver.LessThan(version.Must(version.NewVersion("1.12.0"))) || strings.Contains(newBin, "tofu") {
		t.Skipf("needs a pre-1.12 terraform on PATH to write state without identity; %s is %s", oldBin, raw)
	}
	env := newTestEnv(t, emulator.Options{})
	c := newCLI(t, env, fmt.Sprintf(`
resource "triton_token" "t" {
  subscription_uuid = %[1]q
  name              = "before-identity"
  rate_tier         = "tier1"
}

resource "triton_endpoint" "e" {
  subscription_uuid = %[1]q
  name              = "before-identity"
  rate_tier         = "tier1"
}
`, env.sub.UUID))
	t.Setenv("TF_ACC_TERRAFORM_PATH", oldBin)
	c.mustRun("apply", "-auto-approve")
	t.Setenv("TF_ACC_TERRAFORM_PATH", newBin)
	c.mustRun("plan", "-detailed-exitcode")
	// An object that vanished while its state had no identity: the refresh removes
	// it (no identity error) and the plan creates it again.
	eps := env.emu.Endpoints(env.sub.UUID)
	if len(eps) != 1 || !env.emu.RemoveEndpoint(eps[0].UUID) {
		t.Fatalf("endpoints: %+v", eps)
	}
	if code, out := c.run("plan", "-detailed-exitcode"); code != 2 || !strings.Contains(out, "1 to add, 0 to change, 0 to destroy") {
		t.Fatalf("plan after the endpoint vanished: exit %d, want 2 and one create\n%s", code, out)
	}
	c.mustRun("apply", "-auto-approve")
	c.mustRun("apply", "-auto-approve", "-refresh-only")
	raw := c.mustRun("show", "-json")
	var doc struct {
		Values struct {
			RootModule struct {
				Resources []struct {
					Address  string            `json:"address"`
					Identity map[string]string `json:"identity"`
				} `json:"resources"`
			} `json:"root_module"`
		} `json:"values"`
	}
	if err := json.Unmarshal([]byte(raw[strings.Index(raw, "{"):]), &doc); err != nil {
		t.Fatalf("show -json: %v", err)
	}
	if len(doc.Values.RootModule.Resources) != 2 {
		t.Fatalf("resources in state: %+v", doc.Values.RootModule.Resources)
	}
	for _, r := range doc.Values.RootModule.Resources {
		if r.Identity["subscription_uuid"] != env.sub.UUID || !isUUID(r.Identity["id"]) {
			t.Errorf("%s identity = %v after refresh", r.Address, r.Identity)
		}
	}
}

// tail returns the last n lines of s, for failure messages.
func tail(s string, n int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

func TestAccReseller_identity(t *testing.T) {
	env := newTestEnv(t, emulator.Options{})
	cfg := env.config(fmt.Sprintf(`
resource "triton_subscription" "s" {
  account_uuid      = %[1]q
  subscription_type = "mainnet-shared"
  name              = "identity"
}

resource "triton_address_watch_list" "w" {
  subscription_uuid = triton_subscription.s.id
  variant           = "tree"
  encoded_value     = %[2]q
}
`, env.account.UUID, testTree))
	resource.UnitTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)},
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: cfg,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectIdentity("triton_subscription.s", map[string]knownvalue.Check{"id": uuidCheck}),
					statecheck.ExpectIdentityValueMatchesState("triton_subscription.s", tfjsonpath.New("id")),
					statecheck.ExpectIdentityValueMatchesState("triton_address_watch_list.w", tfjsonpath.New("id")),
					statecheck.ExpectIdentityValueMatchesState("triton_address_watch_list.w", tfjsonpath.New("subscription_uuid")),
				},
			},
			{
				Config: strings.Replace(cfg, `name              = "identity"`, `name              = "identity-2"`, 1),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectIdentityValueMatchesState("triton_subscription.s", tfjsonpath.New("id")),
				},
			},
			{
				ResourceName:    "triton_subscription.s",
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithResourceIdentity,
				Config:          strings.Replace(cfg, `name              = "identity"`, `name              = "identity-2"`, 1),
				ImportPlanChecks: resource.ImportPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("triton_subscription.s", plancheck.ResourceActionNoop),
				}},
			},
			{
				ResourceName:    "triton_address_watch_list.w",
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithResourceIdentity,
				Config:          strings.Replace(cfg, `name              = "identity"`, `name              = "identity-2"`, 1),
				ImportPlanChecks: resource.ImportPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("triton_address_watch_list.w", plancheck.ResourceActionNoop),
				}},
			},
		},
	})
}

// TestCLI_QueryGenerateConfigReseller: subscriptions (one with times, one inactive
// with a reason) and watch list entries, adopted through generated configuration
// with nothing but imports planned.
func TestCLI_QueryGenerateConfigReseller(t *testing.T) {
	requireQueryCLI(t)
	env := newTestEnv(t, emulator.Options{})
	c := newCLI(t, env, "provider \"triton\" {}\n")
	// Make subscriptions through the API, as a dashboard would.
	c.writeConfig(fmt.Sprintf(`
resource "triton_subscription" "a" {
  account_uuid      = %[1]q
  subscription_type = "mainnet-dedicated"
  name              = "dash-a"
  starts_at         = "2026-03-01T00:00:00Z"
  ends_at           = "2027-03-01T00:00:00Z"
  is_active         = true
}
resource "triton_subscription" "b" {
  account_uuid        = %[1]q
  subscription_type   = "developer"
  name                = "dash-b"
}
`, env.account.UUID))
	c.mustRun("apply", "-auto-approve")
	if err := os.Remove(c.dir + "/terraform.tfstate"); err != nil {
		t.Fatal(err)
	}
	env.emu.AddWatchList(env.sub.UUID, "tree", testTree)
	env.emu.AddWatchList(env.sub.UUID, "collection", testCollection)
	c.writeConfig("provider \"triton\" {}\n")
	query := fmt.Sprintf(`
list "triton_subscription" "all" {
  provider = triton
  config {
    account_uuid = %[1]q
  }
}

list "triton_address_watch_list" "all" {
  provider = triton
  config {
    subscription_uuid = %[2]q
  }
}
`, env.account.UUID, env.sub.UUID)
	if err := os.WriteFile(c.dir+"/adopt.tfquery.hcl", []byte(query), 0o600); err != nil {
		t.Fatal(err)
	}
	c.mustRun("query", "-generate-config-out=generated.tf")
	plan := c.mustRun("plan")
	if m := importedRE.FindStringSubmatch(plan); m == nil || m[1] != "5" || m[2] != "0" || m[3] != "0" || m[4] != "0" {
		t.Fatalf("plan of the generated configuration: %q, want 5 to import (3 subscriptions, 2 entries) and nothing else\n%s", m, tail(plan, 80))
	}
	c.mustRun("apply", "-auto-approve")
	c.mustRun("plan", "-detailed-exitcode")
}
