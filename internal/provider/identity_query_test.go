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
				Config:          cfg,
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
