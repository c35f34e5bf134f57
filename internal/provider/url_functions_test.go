package provider

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"
)

func TestURLFunctions(t *testing.T) {
	t.Parallel()
	gate := []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_8_0)}
	resource.UnitTest(t, resource.TestCase{
		TerraformVersionChecks:   gate,
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{{
			Config: `
output "rpc" { value = provider::triton::rpc_url("web-1a2b.mainnet.rpcpool.com", "tok") }
output "ws" { value = provider::triton::ws_url("web-1a2b.mainnet.rpcpool.com", "tok") }
output "basic" { value = provider::triton::basic_auth_url("web-1a2b.mainnet.rpcpool.com", "web-9f3c", "tok") }
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("rpc", knownvalue.StringExact("https://web-1a2b.mainnet.rpcpool.com/tok")),
				statecheck.ExpectKnownOutputValue("ws", knownvalue.StringExact("wss://web-1a2b.mainnet.rpcpool.com/tok")),
				statecheck.ExpectKnownOutputValue("basic", knownvalue.StringExact("https://web-9f3c:tok@web-1a2b.mainnet.rpcpool.com")),
			},
		}},
	})
	for name, tc := range map[string]struct{ expr, want string }{
		"empty host":       {`provider::triton::rpc_url("", "tok")`, `host must not be empty`},
		"host with scheme": {`provider::triton::ws_url("https://x.example.com", "tok")`, `without a scheme`},
		"host with path":   {`provider::triton::rpc_url("x.example.com/p", "tok")`, `without a path`},
		"empty token":      {`provider::triton::rpc_url("x.example.com", "")`, `token must not be empty`},
		"token with slash": {`provider::triton::rpc_url("x.example.com", "a/b")`, `token contains a character`},
		"empty username":   {`provider::triton::basic_auth_url("x.example.com", "", "tok")`, `username must not be empty`},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			resource.UnitTest(t, resource.TestCase{
				TerraformVersionChecks:   gate,
				ProtoV6ProviderFactories: testProviderFactories,
				Steps: []resource.TestStep{{
					Config:      `output "x" { value = ` + tc.expr + ` }`,
					ExpectError: regexp.MustCompile(tc.want),
				}},
			})
		})
	}
}
