package provider

import (
	"fmt"
	"net/http/httptest"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/rpcpool/terraform-provider-triton/internal/emulator"
)

// TestRedirectFailsPlanAndKeepsTheToken: the emulator redirects every request to
// another origin on the same host (another port, where Go's default policy would
// keep the Authorization header). The plan fails
// with an error naming base_url, and the other origin never receives a request, so
// it never sees the API token.
func TestRedirectFailsPlanAndKeepsTheToken(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, emulator.Options{})
	rec := &emulator.AuthRecorder{}
	other := httptest.NewServer(rec)
	defer other.Close()
	env.emu.SetRedirectTo(other.URL)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`
provider "triton" {
  base_url  = %q
  api_token = %q
}
data "triton_tokens" "all" { subscription_uuid = %q }
`, env.url, env.reseller, env.sub.UUID),
			ExpectError: regexp.MustCompile("(?s)redirect.*never\\s+follows\\s+redirects.*`base_url`"),
		}},
	})
	if n, auth := rec.Counts(); n != 0 || auth != 0 {
		t.Fatalf("the other origin received %d requests, %d with the API token", n, auth)
	}
}
