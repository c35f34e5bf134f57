package emulator

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func listTokenPage(t *testing.T, url, key, sub string, page int) ([]Token, pageMeta) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, fmt.Sprintf("%s/api/v1/tokens?subscription_uuid=%s&per=10&page=%d", url, sub, page), nil)
	req.Header.Set("Authorization", key)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body struct {
		Tokens []Token   `json:"tokens"`
		Meta   *pageMeta `json:"meta"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil || body.Meta == nil {
		t.Fatalf("decoding page %d: %v", page, err)
	}
	return body.Tokens, *body.Meta
}

func faultEnv(t *testing.T, opts Options, n int) (*Emulator, string, string, string) {
	t.Helper()
	emu := New(opts)
	acct := emu.AddAccount("a")
	sub := emu.AddSubscription(acct.UUID, "s", "mainnet-shared")
	key := emu.AddKey("", RoleReseller, acct.UUID)
	emu.SeedTokens(sub.UUID, n, "t", false)
	srv := httptest.NewServer(emu)
	t.Cleanup(srv.Close)
	return emu, srv.URL, key, sub.UUID
}

// TestMovingRows: with the knob on, a naive page walk misses a row and sees
// another twice, exactly as a real server with moving rows does; off, it does not.
func TestMovingRows(t *testing.T) {
	for _, on := range []bool{false, true} {
		_, url, key, sub := faultEnv(t, Options{MovingRows: on}, 30)
		seen := map[string]int{}
		for page := 1; page <= 3; page++ {
			toks, m := listTokenPage(t, url, key, sub, page)
			if m.TotalCount != 30 {
				t.Fatalf("total_count %d", m.TotalCount)
			}
			for _, tok := range toks {
				seen[tok.UUID]++
			}
		}
		dup := 0
		for _, n := range seen {
			if n > 1 {
				dup++
			}
		}
		if on && (len(seen) == 30 || dup == 0) {
			t.Fatalf("moving rows on: %d unique, %d seen twice; want a miss and a duplicate", len(seen), dup)
		}
		if !on && (len(seen) != 30 || dup != 0) {
			t.Fatalf("moving rows off: %d unique, %d duplicates; want 30 and 0", len(seen), dup)
		}
	}
}

// TestIgnorePage: every page is page 1, and a next page is always offered.
func TestIgnorePage(t *testing.T) {
	emu, url, key, sub := faultEnv(t, Options{}, 25)
	emu.SetIgnorePage(true)
	first, _ := listTokenPage(t, url, key, sub, 1)
	third, m := listTokenPage(t, url, key, sub, 3)
	if first[0].UUID != third[0].UUID || m.NextPage == nil || *m.NextPage <= m.CurrentPage {
		t.Fatalf("page 3 is not page 1 with a next page: %+v", m)
	}
	emu.SetIgnorePage(false)
	if third, m = listTokenPage(t, url, key, sub, 3); len(third) != 5 || m.NextPage != nil {
		t.Fatalf("knob off: page 3 has %d tokens, next %v", len(third), m.NextPage)
	}
}

// TestHollowCreates: the create commits and the answer is a 201 with an empty body.
func TestHollowCreates(t *testing.T) {
	emu, url, key, sub := faultEnv(t, Options{HollowCreates: true}, 0)
	req, _ := http.NewRequest(http.MethodPost, url+"/api/v1/subscriptions/"+sub+"/tokens", strings.NewReader(`{"token":{"name":"x","rate_tier":"tier1"}}`))
	req.Header.Set("Authorization", key)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated || len(body) != 0 {
		t.Fatalf("HTTP %d with %d body bytes, want 201 and none", resp.StatusCode, len(body))
	}
	if n := len(emu.Tokens(sub)); n != 1 {
		t.Fatalf("%d tokens stored, want 1 (the create commits)", n)
	}
}

// TestPutCommitThen504: the toggle takes effect, the answer is a 504, and only as
// many times as asked.
func TestPutCommitThen504(t *testing.T) {
	emu, url, key, sub := faultEnv(t, Options{PutCommitThen504: 1}, 0)
	tok := emu.CreateToken(sub, "x", "tier1", true)
	put := func() int {
		req, _ := http.NewRequest(http.MethodPut, url+"/api/v1/tokens/"+tok.UUID+"/deactivate", strings.NewReader(`{"deactivation_reason":"r"}`))
		req.Header.Set("Authorization", key)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if code := put(); code != http.StatusGatewayTimeout {
		t.Fatalf("first PUT: HTTP %d, want 504", code)
	}
	if got, _ := emu.Token(tok.UUID); got.IsActive || len(got.DeactivationReasons) != 1 {
		t.Fatalf("the PUT did not commit: %+v", got)
	}
	if code := put(); code != http.StatusNoContent {
		t.Fatalf("second PUT: HTTP %d, want 204", code)
	}
}

// TestCommitDelay: a client that gives up before the delay sees no answer, and the
// create commits anyway.
func TestCommitDelay(t *testing.T) {
	emu, url, key, sub := faultEnv(t, Options{CommitDelay: 200 * time.Millisecond}, 0)
	req, _ := http.NewRequest(http.MethodPost, url+"/api/v1/subscriptions/"+sub+"/tokens", strings.NewReader(`{"token":{"name":"x","rate_tier":"tier1"}}`))
	req.Header.Set("Authorization", key)
	if resp, err := (&http.Client{Timeout: 20 * time.Millisecond}).Do(req); err == nil {
		resp.Body.Close()
		t.Fatal("the create answered before the commit delay")
	}
	for deadline := time.Now().Add(5 * time.Second); len(emu.Tokens(sub)) == 0; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the delayed create never committed")
		}
	}
}

// TestRedirectTo: every request is redirected to the other origin; a client that
// follows redirects the way Go does by default delivers the token there, which the
// recorder reports.
func TestRedirectTo(t *testing.T) {
	rec := &AuthRecorder{}
	other := httptest.NewServer(rec)
	defer other.Close()
	_, url, key, sub := faultEnv(t, Options{RedirectTo: other.URL}, 0)
	// Same host, other port: Go's default policy keeps Authorization.
	req, _ := http.NewRequest(http.MethodGet, url+"/api/v1/tokens?subscription_uuid="+sub, nil)
	req.Header.Set("Authorization", key)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if n, auth := rec.Counts(); n != 1 || auth != 1 {
		t.Fatalf("recorder saw %d requests, %d with Authorization; want 1 and 1", n, auth)
	}
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err = noFollow.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusTemporaryRedirect || !strings.HasPrefix(resp.Header.Get("Location"), other.URL) {
		t.Fatalf("HTTP %d to %q, want a 307 to the other origin", resp.StatusCode, resp.Header.Get("Location"))
	}
}

// TestCommitDelayReachesWatchListsAndSubscriptions: the delay holds subscription and
// watch list creates too; both commit after a client gave up.
func TestCommitDelayReachesWatchListsAndSubscriptions(t *testing.T) {
	emu, url, key, sub := faultEnv(t, Options{CommitDelay: 200 * time.Millisecond}, 0)
	s, _ := emu.GetSubscription(sub)
	late := func() bool {
		emu.mu.Lock()
		defer emu.mu.Unlock()
		for _, x := range emu.subscriptions {
			if x.Name == "late" {
				return true
			}
		}
		return false
	}
	for _, c := range []struct{ path, body string }{
		{"/api/v1/subscriptions/" + sub + "/address_watch_lists", `{"variant":"tree","encoded_value":"J1S9H3QjnRtBbbuD4HjPV6RpRhwuk4zKbxsnCHuTgh9w"}`},
		{"/api/v1/subscriptions", `{"subscription":{"account_uuid":"` + s.AccountUUID + `","subscription_type":"developer","name":"late"}}`},
	} {
		req, _ := http.NewRequest(http.MethodPost, url+c.path, strings.NewReader(c.body))
		req.Header.Set("Authorization", key)
		if resp, err := (&http.Client{Timeout: 20 * time.Millisecond}).Do(req); err == nil {
			resp.Body.Close()
			t.Fatalf("POST %s answered before the commit delay", c.path)
		}
	}
	for deadline := time.Now().Add(5 * time.Second); len(emu.WatchLists(sub)) == 0 || !late(); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the delayed creates never committed")
		}
	}
}

// TestCountSystemOrigins: a standard key's endpoint update that sends one user
// origin and the system origin is accepted with the knob off and refused (422)
// with it on; an update without allowed_origins is accepted either way.
func TestCountSystemOrigins(t *testing.T) {
	for _, on := range []bool{false, true} {
		emu := New(Options{CountSystemOrigins: on})
		acct := emu.AddAccount("a")
		sub := emu.AddSubscription(acct.UUID, "s", "mainnet-shared")
		key := emu.AddKey("", RoleStandard, acct.UUID)
		ep := emu.CreateEndpoint(sub.UUID, "web", "tier1", true, "app.example.com")
		srv := httptest.NewServer(emu)
		t.Cleanup(srv.Close)
		put := func(body string) int {
			req, _ := http.NewRequest(http.MethodPut, srv.URL+"/api/v1/endpoints/"+ep.UUID, strings.NewReader(body))
			req.Header.Set("Authorization", key)
			req.Header.Set("Content-Type", "application/json")
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			return resp.StatusCode
		}
		withOrigins := put(`{"endpoint":{"name":"web2","allowed_origins":[{"value":"app.example.com"},{"value":"` + SystemOrigin + `"}]}}`)
		if want := map[bool]int{false: 200, true: 422}[on]; withOrigins != want {
			t.Errorf("knob %t: PUT with one user origin and the system origin answered %d, want %d", on, withOrigins, want)
		}
		if got := put(`{"endpoint":{"name":"web3"}}`); got != 200 {
			t.Errorf("knob %t: a rename without origins answered %d, want 200", on, got)
		}
	}
}
