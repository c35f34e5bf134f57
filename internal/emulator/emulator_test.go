package emulator

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

type fixture struct {
	emu      *Emulator
	srv      *httptest.Server
	sub      Subscription
	reseller string
	standard string
	operator string
}

func newFixture(t *testing.T, opts Options) *fixture {
	t.Helper()
	emu := New(opts)
	a := emu.AddAccount("acme")
	f := &fixture{emu: emu, sub: emu.AddSubscription(a.UUID, "main", "mainnet-shared")}
	f.reseller = emu.AddKey("", RoleReseller, a.UUID)
	f.standard = emu.AddKey("", RoleStandard, a.UUID)
	f.operator = emu.AddKey("", RoleOperator, a.UUID)
	f.srv = httptest.NewServer(emu)
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fixture) call(t *testing.T, key, method, path string, body any) (int, map[string]any, http.Header) {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, f.srv.URL+path, rd)
	req.Header.Set("Authorization", key)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	data, _ := io.ReadAll(resp.Body)
	_ = json.Unmarshal(data, &out)
	return resp.StatusCode, out, resp.Header
}

func TestAuthAndScope(t *testing.T) {
	t.Parallel()
	f := newFixture(t, Options{})
	if st, body, _ := f.call(t, "", "GET", "/api/v1/accounts", nil); st != 401 || body["error"] == nil {
		t.Fatalf("no key: got %d %v, want 401 with error", st, body)
	}
	if st, _, _ := f.call(t, "Bearer "+f.reseller, "GET", "/api/v1/accounts", nil); st != 200 {
		t.Fatalf("Bearer form: got %d, want 200", st)
	}
	other := f.emu.AddAccount("other")
	otherSub := f.emu.AddSubscription(other.UUID, "x", "developer")
	if st, _, _ := f.call(t, f.reseller, "GET", "/api/v1/tokens?subscription_uuid="+otherSub.UUID, nil); st != 404 {
		t.Fatalf("out of scope subscription: got %d, want 404", st)
	}
	if st, _, _ := f.call(t, f.reseller, "GET", "/api/v1/tokens", nil); st != 400 {
		t.Fatalf("list without scope: got %d, want 400", st)
	}
	if st, _, _ := f.call(t, f.reseller, "GET", "/api/v1/tokens/"+NewUUID(), nil); st != 404 {
		t.Fatalf("GET by uuid must not exist: got %d", st)
	}
}

func TestTokenLifecycleAndRoles(t *testing.T) {
	t.Parallel()
	f := newFixture(t, Options{})
	st, body, _ := f.call(t, f.standard, "POST", "/api/v1/subscriptions/"+f.sub.UUID+"/tokens", map[string]any{"token": map[string]string{"name": "a", "rate_tier": "tier1"}})
	if st != 201 {
		t.Fatalf("create: %d %v", st, body)
	}
	tok := body["token"].(map[string]any)
	if tok["is_active"] != false || tok["value"] == "" || tok["auth_username"] == "" {
		t.Fatalf("new token: %v", tok)
	}
	id := tok["uuid"].(string)
	if st, body, _ := f.call(t, f.standard, "PUT", "/api/v1/tokens/"+id+"/activate", nil); st != 403 || !strings.Contains(body["error"].(string), "operator or reseller") {
		t.Fatalf("standard activate: %d %v", st, body)
	}
	if st, _, _ := f.call(t, f.operator, "PUT", "/api/v1/tokens/"+id+"/activate", nil); st != 204 {
		t.Fatalf("operator activate: %d", st)
	}
	if st, _, _ := f.call(t, f.operator, "PUT", "/api/v1/tokens/"+id+"/deactivate", map[string]string{"deactivation_reason": "rotated"}); st != 204 {
		t.Fatalf("deactivate: %d", st)
	}
	got, _ := f.emu.Token(id)
	if got.IsActive || len(got.DeactivationReasons) != 1 || got.DeactivationReasons[0].Description != "rotated" {
		t.Fatalf("after deactivate: %+v", got)
	}
	st, body, _ = f.call(t, f.standard, "POST", "/api/v1/subscriptions/"+f.sub.UUID+"/tokens", map[string]any{"token": map[string]string{"name": "", "rate_tier": "nope"}})
	if st != 422 || !strings.Contains(toJSON(body), "can't be blank") || !strings.Contains(toJSON(body), "nope") {
		t.Fatalf("invalid create: %d %v", st, body)
	}
	if st, _, _ := f.call(t, f.standard, "POST", "/api/v1/subscriptions/"+f.sub.UUID+"/tokens", map[string]any{"name": "bare"}); st != 400 {
		t.Fatalf("unwrapped body: got %d, want 400", st)
	}
}

func toJSON(v any) string { b, _ := json.Marshal(v); return string(b) }

func TestTokenPagination(t *testing.T) {
	t.Parallel()
	f := newFixture(t, Options{MaxPerPage: 10})
	f.emu.SeedTokens(f.sub.UUID, 25, "seed", true)
	st, body, _ := f.call(t, f.reseller, "GET", "/api/v1/tokens?subscription_uuid="+f.sub.UUID+"&per=100&page=3", nil)
	m := body["meta"].(map[string]any)
	if st != 200 || len(body["tokens"].([]any)) != 5 || m["per_page"].(float64) != 10 || m["total_pages"].(float64) != 3 || m["next_page"] != nil {
		t.Fatalf("page 3: %d %v", st, body["meta"])
	}
	_, body, _ = f.call(t, f.reseller, "GET", "/api/v1/tokens?subscription_uuid="+f.sub.UUID+"&per=x", nil)
	if body["meta"].(map[string]any)["per_page"].(float64) != 10 {
		t.Fatalf("per default capped: %v", body["meta"])
	}
	_, body, _ = f.call(t, f.reseller, "GET", "/api/v1/tokens?subscription_uuid="+f.sub.UUID+"&page=9", nil)
	if len(body["tokens"].([]any)) != 0 || body["meta"].(map[string]any)["next_page"] != nil {
		t.Fatalf("past the end: %v", body)
	}
	if got := f.emu.RequestCount("GET /api/v1/tokens"); got != 3 {
		t.Fatalf("request count = %d, want 3", got)
	}
}

func TestEndpointRules(t *testing.T) {
	t.Parallel()
	f := newFixture(t, Options{})
	path := "/api/v1/subscriptions/" + f.sub.UUID + "/endpoints"
	in := map[string]any{"endpoint": map[string]any{"name": "web", "rate_tier": "tier1", "allowed_origins": []map[string]any{{"value": "a.example.com", "is_active": false}}}}
	if st, _, _ := f.call(t, f.operator, "POST", path, in); st != 403 {
		t.Fatalf("operator create: %d", st)
	}
	st, body, _ := f.call(t, f.reseller, "POST", path, in)
	if st != 201 {
		t.Fatalf("create: %d %v", st, body)
	}
	ep := body["endpoint"].(map[string]any)
	id := ep["uuid"].(string)
	origins := ep["allowed_origins"].([]any)
	if len(origins) != 2 || origins[0].(map[string]any)["is_active"] != true || origins[1].(map[string]any)["value"] != SystemOrigin {
		t.Fatalf("origins on create: %v", origins)
	}
	firstUUID := origins[0].(map[string]any)["uuid"]
	if v := ep["values"].([]any); len(v) != 1 || !strings.HasSuffix(v[0].(string), ".mainnet.rpcpool.com") || !strings.HasPrefix(v[0].(string), ep["slug"].(string)) {
		t.Fatalf("values: %v slug %v", v, ep["slug"])
	}
	upd := map[string]any{"endpoint": map[string]any{"allowed_origins": []map[string]any{{"value": "a.example.com", "is_active": false}, {"value": "b.example.com"}, {"value": SystemOrigin}}}}
	if st, body, _ := f.call(t, f.standard, "PUT", "/api/v1/endpoints/"+id, upd); st != 422 || !strings.Contains(toJSON(body), "at most one") {
		t.Fatalf("standard with two origins: %d %v", st, body)
	}
	st, body, _ = f.call(t, f.operator, "PUT", "/api/v1/endpoints/"+id, upd)
	if st != 200 {
		t.Fatalf("update: %d %v", st, body)
	}
	got, _ := f.emu.Endpoint(id)
	if len(got.AllowedOrigins) != 3 || got.AllowedOrigins[0].UUID != firstUUID || got.AllowedOrigins[0].IsActive {
		t.Fatalf("replacement keeps uuid of surviving value: %+v", got.AllowedOrigins)
	}
	if st, _, _ := f.call(t, f.operator, "PUT", "/api/v1/endpoints/"+id, map[string]any{"endpoint": map[string]any{"rate_tier": "tier2"}}); st != 403 {
		t.Fatalf("operator rate_tier change: %d", st)
	}
	if st, _, _ := f.call(t, f.operator, "PUT", "/api/v1/endpoints/"+id+"/activate", nil); st != 403 {
		t.Fatalf("operator activate endpoint: %d", st)
	}
	if st, _, _ := f.call(t, f.reseller, "PUT", "/api/v1/endpoints/"+id+"/activate", nil); st != 204 {
		t.Fatalf("reseller activate endpoint: %d", st)
	}
	_, body, _ = f.call(t, f.standard, "GET", "/api/v1/endpoints?subscription_uuid="+f.sub.UUID, nil)
	if _, hasMeta := body["meta"]; hasMeta || len(body["endpoints"].([]any)) != 1 {
		t.Fatalf("endpoints list must be unpaginated: %v", body)
	}
}

func TestFaultKnobs(t *testing.T) {
	t.Parallel()
	f := newFixture(t, Options{Seed: 7})
	f.emu.InjectStatus("GET /api/v1/accounts", 503, 1)
	if st, _, _ := f.call(t, f.reseller, "GET", "/api/v1/accounts", nil); st != 503 {
		t.Fatalf("injected: %d", st)
	}
	if st, _, _ := f.call(t, f.reseller, "GET", "/api/v1/accounts", nil); st != 200 {
		t.Fatalf("after injection: %d", st)
	}
	f.emu.SetRateLimit(1)
	f.call(t, f.reseller, "GET", "/api/v1/accounts", nil)
	st, _, h := f.call(t, f.reseller, "GET", "/api/v1/accounts", nil)
	if st != 429 || h.Get("Retry-After") != "1" {
		t.Fatalf("rate limit: %d %v", st, h)
	}
	f.emu.SetRateLimit(0)
	f.emu.SetFaults(0, 1)
	st, _, _ = f.call(t, f.reseller, "POST", "/api/v1/subscriptions/"+f.sub.UUID+"/tokens", map[string]any{"token": map[string]string{"name": "c", "rate_tier": "tier1"}})
	if st != 502 || len(f.emu.Tokens(f.sub.UUID)) != 1 {
		t.Fatalf("commit then 502: %d, tokens %d", st, len(f.emu.Tokens(f.sub.UUID)))
	}
}
