package provider

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"sync/atomic"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/rpcpool/terraform-provider-triton/internal/emulator"
)

// TestRedirectFailsPlanAndKeepsTheToken: base_url points at a server that redirects
// every request to another origin (the emulator, on another port). The plan fails
// with an error naming base_url, and the other origin never receives a request, so
// it never sees the API token.
func TestRedirectFailsPlanAndKeepsTheToken(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, emulator.Options{})
	var sawToken atomic.Int32
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "" {
			sawToken.Add(1)
		}
		env.emu.ServeHTTP(w, r)
	}))
	defer other.Close()
	redirector := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other.URL+r.URL.RequestURI(), http.StatusTemporaryRedirect)
	}))
	defer redirector.Close()
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`
provider "triton" {
  base_url  = %q
  api_token = %q
}
data "triton_tokens" "all" { subscription_uuid = %q }
`, redirector.URL, env.reseller, env.sub.UUID),
			ExpectError: regexp.MustCompile("(?s)redirect.*never\\s+follows\\s+redirects.*`base_url`"),
		}},
	})
	if n := sawToken.Load(); n != 0 {
		t.Fatalf("the other origin received the API token %d times", n)
	}
}
