package provider

import (
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/rpcpool/terraform-provider-triton/internal/emulator"
)

// replacedNames seeds what a replacement leaves behind: "prod" twice in the test
// account (the old one inactive) and once, active, in a second account the key
// also sees. It returns the active one of the test account and the other one.
func replacedNames(env *testEnv) (active, elsewhere emulator.Subscription, key string) {
	old := env.emu.AddSubscription(env.account.UUID, "prod", "mainnet-shared")
	env.emu.SetSubscriptionActive(old.UUID, true, "")
	env.emu.SetSubscriptionActive(old.UUID, false, "replaced")
	active = env.emu.AddSubscription(env.account.UUID, "prod", "mainnet-shared")
	env.emu.SetSubscriptionActive(active.UUID, true, "")
	second := env.emu.AddAccount("second")
	elsewhere = env.emu.AddSubscription(second.UUID, "prod", "mainnet-shared")
	env.emu.SetSubscriptionActive(elsewhere.UUID, true, "")
	key = env.emu.AddKey("", emulator.RoleReseller, env.account.UUID, second.UUID)
	return active, elsewhere, key
}

// TestSubscriptionLookupAfterAReplacement: a name a replacement left behind is
// ambiguous, and the error suggests is_active and account_uuid; with them the
// lookup picks the one subscription; a filter that excludes every match says so;
// triton_subscriptions filters by is_active.
func TestSubscriptionLookupAfterAReplacement(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, emulator.Options{})
	active, elsewhere, key := replacedNames(env)
	cfg := func(hcl string) string { return env.providerBlock(key) + hcl }
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      cfg(`data "triton_subscription" "p" { name = "prod" }`),
				ExpectError: regexp.MustCompile(`(?s)Ambiguous Subscription Name.*3 subscriptions have name "prod".*is_active = false.*add\s+is_active\s+=\s+true.*add\s+account_uuid`),
			},
			{
				Config:      cfg("data \"triton_subscription\" \"p\" {\n  name      = \"prod\"\n  is_active = true\n}\n"),
				ExpectError: regexp.MustCompile(`(?s)Ambiguous Subscription Name.*2 subscriptions.*add\s+account_uuid`),
			},
			{
				Config: cfg(fmt.Sprintf(`
data "triton_subscription" "p" {
  name         = "prod"
  account_uuid = %q
  is_active    = true
}
data "triton_subscription" "other" {
  name         = "prod"
  account_uuid = %q
}
data "triton_subscriptions" "retired" {
  name      = "prod"
  is_active = false
}
data "triton_subscriptions" "live" {
  name      = "prod"
  is_active = true
}`, env.account.UUID, elsewhere.AccountUUID)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.triton_subscription.p", tfjsonpath.New("id"), knownvalue.StringExact(active.UUID)),
					statecheck.ExpectKnownValue("data.triton_subscription.other", tfjsonpath.New("id"), knownvalue.StringExact(elsewhere.UUID)),
					statecheck.ExpectKnownValue("data.triton_subscriptions.retired", tfjsonpath.New("subscriptions"), knownvalue.ListSizeExact(1)),
					statecheck.ExpectKnownValue("data.triton_subscriptions.retired", tfjsonpath.New("subscriptions").AtSliceIndex(0).AtMapKey("is_active"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue("data.triton_subscriptions.live", tfjsonpath.New("subscriptions"), knownvalue.ListSizeExact(2)),
				},
			},
			{
				Config: cfg(fmt.Sprintf(`
data "triton_subscription" "p" {
  name         = "prod"
  account_uuid = %q
  is_active    = false
}`, elsewhere.AccountUUID)),
				ExpectError: regexp.MustCompile(`(?s)Subscription Not Found.*matches\s+the\s+filters.*is_active = false.*3\s+subscription\(s\).*outside\s+them`),
			},
		},
	})
}

// TestCLI_QuerySubscriptionsIsActive: the subscription list resource filters by
// is_active, so a query can find only the live subscriptions of a name.
func TestCLI_QuerySubscriptionsIsActive(t *testing.T) {
	requireQueryCLI(t)
	t.Parallel()
	env := newTestEnv(t, emulator.Options{})
	_, _, key := replacedNames(env)
	c := newCLI(t, env, "provider \"triton\" {}\n", "TRITON_API_TOKEN="+key)
	for _, tc := range []struct {
		filter string
		want   int
	}{{"", 3}, {"is_active = true", 2}, {"is_active = false", 1}} {
		q := fmt.Sprintf(`
list "triton_subscription" "prod" {
  provider = triton
  config {
    name = "prod"
    %s
  }
}
`, tc.filter)
		if err := os.WriteFile(c.dir+"/q.tfquery.hcl", []byte(q), 0o600); err != nil {
			t.Fatal(err)
		}
		out := c.mustRun("query", "-json")
		if n := strings.Count(out, `"type":"list_resource_found"`); n != tc.want {
			t.Errorf("query with %q: %d results, want %d\n%s", tc.filter, n, tc.want, out)
		}
	}
}
