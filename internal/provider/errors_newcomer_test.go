package provider

import (
	"fmt"
	"net"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/rpcpool/terraform-provider-triton/internal/emulator"
)

// Errors a newcomer meets, each naming the real cause (DESIGN behaviour 12, issue 16 item 7).
func TestErrorsNameTheRealCause(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, emulator.Options{})
	ep := env.emu.CreateEndpoint(env.sub.UUID, "web", "tier1", true)
	tok := env.emu.CreateToken(env.sub.UUID, "backend", "tier1", true)
	otherSub := "0b7f0c1e-6a53-4c6e-9d2e-3f0a1b2c3d4e"

	// A closed port on loopback: connection refused.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := "http://" + ln.Addr().String()
	ln.Close()

	tokenCfg := func(providerBlock string) string {
		return providerBlock + fmt.Sprintf(`
resource "triton_token" "t" {
  subscription_uuid = %[1]q
  name              = "backend"
  rate_tier         = "tier1"
}`, env.sub.UUID)
	}
	endpointCfg := env.config(fmt.Sprintf(`
resource "triton_endpoint" "e" {
  subscription_uuid = %[1]q
  name              = "web"
  rate_tier         = "tier1"
}`, env.sub.UUID))
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{{
			// base_url with a path is a configuration error, not "found no subscription".
			Config: tokenCfg(fmt.Sprintf(`provider "triton" {
  base_url  = "%s/api/v1"
  api_token = %q
}`, env.url, env.reseller)),
			PlanOnly:    true,
			ExpectError: regexp.MustCompile(`(?s)has\s+a\s+path\s+\("/api/v1"\).*only\s+the\s+origin`),
		}, {
			// Connection refused names base_url and TRITON_BASE_URL.
			Config: fmt.Sprintf(`provider "triton" {
  base_url    = %q
  api_token   = "x"
  max_retries = 0
}
data "triton_tokens" "all" { subscription_uuid = %q }`, closed, env.sub.UUID),
			ExpectError: regexp.MustCompile("(?s)Could\\s+not\\s+connect.*`base_url`.*TRITON_BASE_URL"),
		}, {
			// An endpoint uuid imported into triton_token says what it is.
			Config:        tokenCfg(env.providerBlock(env.reseller)),
			ResourceName:  "triton_token.t",
			ImportState:   true,
			ImportStateId: env.sub.UUID + "/" + ep.UUID,
			ExpectError:   regexp.MustCompile(`(?s)Error Importing Token.*is\s+an\s+endpoint,\s+not\s+a\s+token.*terraform\s+import\s+triton_endpoint\.NAME`),
		}, {
			// And a token uuid imported into triton_endpoint.
			Config:        endpointCfg,
			ResourceName:  "triton_endpoint.e",
			ImportState:   true,
			ImportStateId: env.sub.UUID + "/" + tok.UUID,
			ExpectError:   regexp.MustCompile(`(?s)Error Importing Endpoint.*is\s+a\s+token,\s+not\s+an\s+endpoint`),
		}, {
			// A wrong subscription says the subscription was not found.
			Config:        tokenCfg(env.providerBlock(env.reseller)),
			ResourceName:  "triton_token.t",
			ImportState:   true,
			ImportStateId: otherSub + "/" + tok.UUID,
			ExpectError:   regexp.MustCompile(`(?s)Error Importing Token.*subscription\s+"` + otherSub + `"\s+was\s+not\s+found`),
		}},
	})
}

// TestAPITokenWithNewlineSaysSo: a key with a newline inside (two lines read into
// one variable) cannot go in a header; the error says that (not "could not
// connect", which sends the user to base_url). A trailing newline is trimmed.
func TestAPITokenWithNewlineSaysSo(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, emulator.Options{})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`
provider "triton" {
  base_url  = %q
  api_token = "%s\nsecond-line"
}
data "triton_accounts" "all" {}
`, env.url, env.reseller),
			ExpectError: regexp.MustCompile(`(?s)character\s+an\s+HTTP\s+header\s+cannot\s+carry.*key\s+alone,\s+on\s+one\s+line`),
		}},
	})
}
