package tritonapi_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/rpcpool/terraform-provider-triton/internal/tritonapi"
)

// TestListItemNullIsMalformed: a list item that is JSON null (or a bare value) is
// a malformed answer, an error, never a token with an empty uuid; the same list
// without it decodes.
func TestListItemNullIsMalformed(t *testing.T) {
	t.Parallel()
	const tok = `{"uuid":"5f0c1c9e-2b7a-4d57-9a51-3f1d0c2b4a11","name":"a","rate_tier":"tier1","is_active":true}`
	for _, tc := range []struct {
		name, items string
		n           int
		bad         bool
	}{
		{"valid", tok, 1, false},
		{"null", tok + `,null`, 2, true},
		{"string", `"x",` + tok, 2, true},
		{"empty_object", tok + `,{}`, 2, true},
		{"null_uuid", tok + `,{"uuid":null,"name":"b"}`, 2, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				_, _ = w.Write([]byte(`{"tokens":[` + tc.items + `],"meta":{"current_page":1,"next_page":null,"per_page":100,"total_pages":1,"total_count":` +
					fmt.Sprint(tc.n) + `}}`))
			}))
			t.Cleanup(srv.Close)
			c, err := tritonapi.New(tritonapi.Options{BaseURL: srv.URL, Token: "tk_malformed_" + tc.name, MaxRetries: 0})
			if err != nil {
				t.Fatal(err)
			}
			toks, err := c.ListTokens(context.Background(), "6a1f0c9e-2b7a-4d57-9a51-3f1d0c2b4a22")
			if !tc.bad {
				if err != nil || len(toks) != 1 || toks[0].UUID == "" {
					t.Fatalf("valid list: %v, %+v", err, toks)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), "malformed answer") || strings.Contains(err.Error(), `"x"`) {
				t.Fatalf("got %+v, %v; want a malformed-answer error", toks, err)
			}
		})
	}
}
