package provider

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/rpcpool/terraform-provider-triton/internal/emulator"
)

// lazyString is a config variable computed when the step runs, so a later step can
// use a uuid an earlier step captured.
type lazyString func() string

func (l lazyString) MarshalJSON() ([]byte, error) { return json.Marshal(l()) }

// matrixRow is one combination of a resource's optional attributes. Each optional
// attribute is one field; an attribute added later is one more field and one more
// dimension in the row generator.
type matrixRow struct {
	isActive         string // "", "true", "false"
	origins          string // endpoint only: "" (unset), "[]", "one"
	reason           bool
	abandon          bool
	rotationTriggers bool // token only
	times            bool // subscription only: starts_at and ends_at set
}

func (r matrixRow) name() string {
	var parts []string
	add := func(on bool, s string) {
		if on {
			parts = append(parts, s)
		}
	}
	add(r.isActive != "", "is_active="+r.isActive)
	add(r.origins == "[]", "origins=empty")
	add(r.origins == "one", "origins=one")
	add(r.reason, "reason")
	add(r.abandon, "abandon")
	add(r.rotationTriggers, "rotation_triggers")
	add(r.times, "starts_at,ends_at")
	if len(parts) == 0 {
		return "all_unset"
	}
	return strings.Join(parts, ",")
}

// providerOnly reports whether the row sets an attribute import cannot know, which
// the first plan after an import records in place (calling nothing).
// A subscription time configured with another offset than the API's UTC answer is
// recorded the same way (same instant, new spelling).
func (r matrixRow) providerOnly() bool { return r.reason || r.abandon || r.rotationTriggers || r.times }

// body renders the row's optional attributes; reason is the deactivation_reason text.
func (r matrixRow) body(reason string) string {
	var b strings.Builder
	if r.isActive != "" {
		fmt.Fprintf(&b, "  is_active = %s\n", r.isActive)
	}
	switch r.origins {
	case "[]":
		b.WriteString("  allowed_origins = []\n")
	case "one":
		b.WriteString("  allowed_origins = [{ value = \"app.example.com\" }]\n")
	}
	if r.reason {
		fmt.Fprintf(&b, "  deactivation_reason = %q\n", reason)
	}
	if r.abandon {
		b.WriteString("  deletion_policy = \"abandon\"\n")
	}
	if r.rotationTriggers {
		b.WriteString("  rotation_triggers = { generation = \"1\" }\n")
	}
	if r.times {
		// Not in the server's spelling (it answers in UTC): plans must stay quiet anyway.
		b.WriteString("  starts_at = \"2026-01-01T09:00:00+09:00\"\n  ends_at   = \"2027-01-01t00:00:00z\"\n")
	}
	return b.String()
}

func tokenMatrix() []matrixRow {
	var rows []matrixRow
	for _, active := range []string{"", "true", "false"} {
		for _, reason := range []bool{false, true} {
			for _, abandon := range []bool{false, true} {
				for _, triggers := range []bool{false, true} {
					if active == "false" && (abandon || triggers) {
						continue // is_active=false adds a dimension only with reason
					}
					rows = append(rows, matrixRow{isActive: active, reason: reason, abandon: abandon, rotationTriggers: triggers})
				}
			}
		}
	}
	return rows
}

func endpointMatrix() []matrixRow {
	var rows []matrixRow
	for _, active := range []string{"", "true"} {
		for _, origins := range []string{"", "[]", "one"} {
			for _, reason := range []bool{false, true} {
				for _, abandon := range []bool{false, true} {
					rows = append(rows, matrixRow{isActive: active, origins: origins, reason: reason, abandon: abandon})
				}
			}
		}
	}
	return rows
}

// matrixSteps: apply; plan again (empty); an update that does not flip is_active
// (deactivation_reasons stays known when is_active is configured, unknown when it
// is not); forget the object; import it into the same
// configuration (no replacement; a no-op unless provider-only attributes are set,
// which are recorded in place); plan again (empty).
func matrixSteps(env *testEnv, address string, render func(name, body string) string, row matrixRow, updateRenames bool, importID func(id string) string) []resource.TestStep {
	var id string
	reasons := tfjsonpath.New("deactivation_reasons")
	first := render("m", row.body("first"))
	updatedName, updatedReason := "m", "first"
	if updateRenames {
		updatedName = "m-renamed"
	} else {
		updatedReason = "second"
	}
	updatedRow := row
	if !updateRenames {
		updatedRow.reason = true // a token's in-place update: its deactivation_reason
	}
	updated := render(updatedName, updatedRow.body(updatedReason))
	importAction := plancheck.ResourceActionNoop
	if updatedRow.providerOnly() {
		importAction = plancheck.ResourceActionUpdate
	}
	// An update leaves is_active and deactivation_reasons unknown when is_active is
	// not configured (someone may flip it before the apply, and the update stores
	// what the API reports); configured and not flipped, both stay known.
	reasonsInUpdate := plancheck.ExpectKnownValue(address, reasons, knownvalue.NotNull())
	if row.isActive == "" {
		reasonsInUpdate = plancheck.ExpectUnknownValue(address, reasons)
	}
	reasonsInImport := plancheck.ExpectKnownValue(address, reasons, knownvalue.NotNull())
	if row.isActive == "" && importAction == plancheck.ResourceActionUpdate {
		reasonsInImport = plancheck.ExpectUnknownValue(address, reasons)
	}
	return []resource.TestStep{{
		Config:            first,
		ConfigStateChecks: []statecheck.StateCheck{capture(address, &id)},
		ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
			plancheck.ExpectEmptyPlan(),
		}},
	}, {
		Config: first,
		ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
			plancheck.ExpectEmptyPlan(),
		}},
	}, {
		Config: updated,
		ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
			plancheck.ExpectResourceAction(address, plancheck.ResourceActionUpdate),
			reasonsInUpdate,
		}},
	}, {
		// Forget it, so the next step imports it into the same configuration.
		Config: env.providerBlock(env.reseller) + fmt.Sprintf(`
removed {
  from = %s
  lifecycle {
    destroy = false
  }
}
`, address),
	}, {
		Config: updated + fmt.Sprintf(`
variable "import_id" {
  type = string
}

import {
  to = %s
  id = var.import_id
}
`, address),
		ConfigVariables: config.Variables{"import_id": lazyString(func() string { return importID(id) })},
		ConfigPlanChecks: resource.ConfigPlanChecks{
			PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(address, importAction),
				reasonsInImport,
			},
			PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
		},
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectKnownValue(address, tfjsonpath.New("deletion_policy"), knownvalue.StringExact(map[bool]string{true: "abandon", false: "deactivate"}[row.abandon])),
		},
	}, {
		Config: updated,
		ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
			plancheck.ExpectEmptyPlan(),
		}},
	}}
}

func TestConfigMatrix_token(t *testing.T) {
	t.Parallel()
	for _, row := range tokenMatrix() {
		t.Run(row.name(), func(t *testing.T) {
			t.Parallel()
			env := newTestEnv(t, emulator.Options{})
			render := func(name, body string) string {
				return env.config(fmt.Sprintf(`
resource "triton_token" "t" {
  subscription_uuid = %[1]q
  name              = %[2]q
  rate_tier         = "tier1"
%[3]s}
`, env.sub.UUID, name, body))
			}
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testProviderFactories,
				Steps:                    matrixSteps(env, "triton_token.t", render, row, false, env.scopedID),
			})
		})
	}
}

func TestConfigMatrix_endpoint(t *testing.T) {
	t.Parallel()
	for _, row := range endpointMatrix() {
		t.Run(row.name(), func(t *testing.T) {
			t.Parallel()
			env := newTestEnv(t, emulator.Options{})
			render := func(name, body string) string {
				return env.config(fmt.Sprintf(`
resource "triton_endpoint" "e" {
  subscription_uuid = %[1]q
  name              = %[2]q
  rate_tier         = "tier1"
%[3]s}
`, env.sub.UUID, name, body))
			}
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testProviderFactories,
				Steps:                    matrixSteps(env, "triton_endpoint.e", render, row, true, env.scopedID),
			})
		})
	}
}

// scopedID is the import ID of an object in the test subscription.
func (e *testEnv) scopedID(id string) string { return e.sub.UUID + "/" + id }

func subscriptionMatrix() []matrixRow {
	var rows []matrixRow
	for _, active := range []string{"", "true", "false"} {
		for _, reason := range []bool{false, true} {
			for _, abandon := range []bool{false, true} {
				for _, times := range []bool{false, true} {
					if abandon && times {
						continue
					}
					rows = append(rows, matrixRow{isActive: active, reason: reason, abandon: abandon, times: times})
				}
			}
		}
	}
	return rows
}

func TestConfigMatrix_subscription(t *testing.T) {
	t.Parallel()
	for _, row := range subscriptionMatrix() {
		t.Run(row.name(), func(t *testing.T) {
			t.Parallel()
			env := newTestEnv(t, emulator.Options{})
			render := func(name, body string) string {
				return env.config(fmt.Sprintf(`
resource "triton_subscription" "s" {
  account_uuid      = %[1]q
  subscription_type = "mainnet-shared"
  name              = %[2]q
%[3]s}
`, env.account.UUID, name, body))
			}
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testProviderFactories,
				Steps:                    matrixSteps(env, "triton_subscription.s", render, row, true, func(id string) string { return id }),
			})
		})
	}
}
