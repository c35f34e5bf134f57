package tritonapi_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rpcpool/terraform-provider-triton/internal/emulator"
	"github.com/rpcpool/terraform-provider-triton/internal/tritonapi"
)

const listTokens = "GET /api/v1/tokens"

type env struct {
	emu *emulator.Emulator
	url string
	sub emulator.Subscription
	key string
}

func newEnv(t *testing.T, opts emulator.Options) *env {
	t.Helper()
	emu := emulator.New(opts)
	a := emu.AddAccount("acme")
	sub := emu.AddSubscription(a.UUID, "main", "mainnet-shared")
	key := emu.AddKey("", emulator.RoleReseller, a.UUID)
	srv := httptest.NewServer(emu)
	t.Cleanup(srv.Close)
	return &env{emu: emu, url: srv.URL, sub: sub, key: key}
}

func (e *env) client(t *testing.T, mod ...func(*tritonapi.Options)) *tritonapi.Client {
	t.Helper()
	o := tritonapi.Options{BaseURL: e.url, Token: e.key, MaxRetries: 5, RetryWaitMin: time.Millisecond, RetryWaitMax: 5 * time.Millisecond}
	for _, m := range mod {
		m(&o)
	}
	c, err := tritonapi.New(o)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestListTokensWalksServerCappedPages(t *testing.T) {
	t.Parallel()
	e := newEnv(t, emulator.Options{MaxPerPage: 10})
	e.emu.SeedTokens(e.sub.UUID, 25, "t", true)
	c := e.client(t) // asks for per=100; the server uses 10
	got, err := c.ListTokens(context.Background(), e.sub.UUID)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 25 || got[0].Name != "t-0000" || got[24].Name != "t-0024" {
		t.Fatalf("got %d tokens", len(got))
	}
	if n := e.emu.RequestCount(listTokens); n != 3 {
		t.Fatalf("list calls = %d, want 3", n)
	}
	// Cached: finding any token costs no further call.
	for _, tok := range got {
		if _, found, err := c.FindToken(context.Background(), e.sub.UUID, tok.UUID); err != nil || !found {
			t.Fatalf("FindToken(%s) = %v, %v", tok.UUID, found, err)
		}
	}
	if n := e.emu.RequestCount(listTokens); n != 3 {
		t.Fatalf("list calls after cached finds = %d, want 3", n)
	}
}

func TestConcurrentReadsShareOneFetch(t *testing.T) {
	t.Parallel()
	e := newEnv(t, emulator.Options{MaxPerPage: 10})
	e.emu.SeedTokens(e.sub.UUID, 30, "t", true)
	e.emu.SetLatency(20 * time.Millisecond)
	c := e.client(t)
	var wg sync.WaitGroup
	for i := 0; i < 16; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, _, err := c.FindToken(context.Background(), e.sub.UUID, "x"); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if n := e.emu.RequestCount(listTokens); n != 3 {
		t.Fatalf("list calls = %d, want 3 (one walk)", n)
	}
}

func TestWritesKeepCacheTrue(t *testing.T) {
	t.Parallel()
	e := newEnv(t, emulator.Options{})
	ctx := context.Background()
	c := e.client(t)
	tok, err := c.CreateToken(ctx, e.sub.UUID, "new", "tier1")
	if err != nil {
		t.Fatal(err)
	}
	if err := c.ActivateToken(ctx, tok.UUID); err != nil {
		t.Fatal(err)
	}
	got, found, err := c.FindToken(ctx, e.sub.UUID, tok.UUID)
	if err != nil || !found || !got.IsActive {
		t.Fatalf("read after write: %v %v %v", got, found, err)
	}
	if err := c.DeactivateToken(ctx, tok.UUID, "bye"); err != nil {
		t.Fatal(err)
	}
	got, _, _ = c.FindToken(ctx, e.sub.UUID, tok.UUID)
	if got.IsActive || len(got.DeactivationReasons) != 1 {
		t.Fatalf("after deactivate: %+v", got)
	}
	if n := e.emu.RequestCount(listTokens); n != 1 {
		t.Fatalf("list calls = %d, want 1", n)
	}
}

func TestSeparateClientsDoNotShareCache(t *testing.T) {
	t.Parallel()
	e := newEnv(t, emulator.Options{})
	ctx := context.Background()
	a, b := e.client(t), e.client(t)
	if _, err := a.ListTokens(ctx, e.sub.UUID); err != nil {
		t.Fatal(err)
	}
	if _, err := b.ListTokens(ctx, e.sub.UUID); err != nil {
		t.Fatal(err)
	}
	if n := e.emu.RequestCount(listTokens); n != 2 {
		t.Fatalf("list calls = %d, want 2", n)
	}
}

func TestCreateAdoptsCommittedObjectAfter502(t *testing.T) {
	t.Parallel()
	e := newEnv(t, emulator.Options{Seed: 1})
	e.emu.SetFaults(0, 1) // every create commits, then answers 502
	c := e.client(t)
	tok, err := c.CreateToken(context.Background(), e.sub.UUID, "once", "tier1")
	if err != nil {
		t.Fatal(err)
	}
	toks := e.emu.Tokens(e.sub.UUID)
	if len(toks) != 1 || toks[0].UUID != tok.UUID || tok.Value == "" {
		t.Fatalf("want exactly the adopted token, got %d", len(toks))
	}
	if n := e.emu.RequestCount("POST /api/v1/subscriptions/{uuid}/tokens"); n != 1 {
		t.Fatalf("creates = %d, want 1", n)
	}
}

func TestCreateRetriesWhenNothingCommitted(t *testing.T) {
	t.Parallel()
	e := newEnv(t, emulator.Options{})
	e.emu.InjectStatus("POST /api/v1/subscriptions/{uuid}/tokens", 503, 1)
	c := e.client(t)
	if _, err := c.CreateToken(context.Background(), e.sub.UUID, "once", "tier1"); err != nil {
		t.Fatal(err)
	}
	if n := len(e.emu.Tokens(e.sub.UUID)); n != 1 {
		t.Fatalf("tokens = %d, want 1", n)
	}
	if n := e.emu.RequestCount("POST /api/v1/subscriptions/{uuid}/tokens"); n != 2 {
		t.Fatalf("creates = %d, want 2", n)
	}
}

func TestCreate422IsNotRetried(t *testing.T) {
	t.Parallel()
	e := newEnv(t, emulator.Options{})
	c := e.client(t)
	_, err := c.CreateToken(context.Background(), e.sub.UUID, "x", "no-such-tier")
	if !tritonapi.IsUnprocessable(err) || !strings.Contains(err.Error(), "no-such-tier") {
		t.Fatalf("err = %v", err)
	}
	if n := e.emu.RequestCount("POST /api/v1/subscriptions/{uuid}/tokens"); n != 1 {
		t.Fatalf("creates = %d, want 1", n)
	}
}

func TestGetRetries503And429(t *testing.T) {
	t.Parallel()
	e := newEnv(t, emulator.Options{})
	e.emu.InjectStatus(listTokens, 503, 2)
	e.emu.InjectStatus(listTokens, 429, 1)
	c := e.client(t)
	if _, err := c.ListTokens(context.Background(), e.sub.UUID); err != nil {
		t.Fatal(err)
	}
	if n := e.emu.RequestCount(listTokens); n != 4 {
		t.Fatalf("calls = %d, want 4", n)
	}
}

func TestRetriesAreBoundedAndErrorsTyped(t *testing.T) {
	t.Parallel()
	e := newEnv(t, emulator.Options{})
	e.emu.InjectStatus(listTokens, 503, 100)
	c := e.client(t, func(o *tritonapi.Options) { o.MaxRetries = 2 })
	_, err := c.ListTokens(context.Background(), e.sub.UUID)
	if tritonapi.StatusCode(err) != 503 {
		t.Fatalf("err = %v", err)
	}
	if n := e.emu.RequestCount(listTokens); n != 3 {
		t.Fatalf("calls = %d, want 3 (1 + 2 retries)", n)
	}
	bad := e.client(t, func(o *tritonapi.Options) { o.Token = "wrong" })
	if _, err := bad.ListAccounts(context.Background()); !tritonapi.IsUnauthorized(err) {
		t.Fatalf("want 401, got %v", err)
	}
}

func TestContextCancellationStopsRetries(t *testing.T) {
	t.Parallel()
	e := newEnv(t, emulator.Options{})
	e.emu.InjectStatus(listTokens, 429, 1000)
	c := e.client(t, func(o *tritonapi.Options) {
		o.RetryWaitMin, o.RetryWaitMax = time.Second, time.Second
		o.MaxRetries = 100
	})
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	_, err := c.ListTokens(ctx, e.sub.UUID)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v", err)
	}
	if n := e.emu.RequestCount(listTokens); n > 2 {
		t.Fatalf("calls = %d after cancellation", n)
	}
}

func TestBaseURLMustNotSendTokenInClear(t *testing.T) {
	t.Parallel()
	for raw, ok := range map[string]bool{
		"https://customers.triton.one": true,
		"http://127.0.0.1:8080":        true,
		"http://localhost:1":           true,
		"http://[::1]:1":               true,
		"http://customers.triton.one":  false,
		"ftp://x":                      false,
		"customers.triton.one":         false,
		"https://u:p@x.example":        false,
	} {
		_, err := tritonapi.ParseBaseURL(raw)
		if (err == nil) != ok {
			t.Errorf("ParseBaseURL(%q) err = %v, want ok=%v", raw, err, ok)
		}
	}
}

// A write that lands while a list walk is in flight must not be lost: the walk's
// stale snapshot is not cached, and reads after the write fetch again.
func TestWriteDuringFetchIsNotLost(t *testing.T) {
	t.Parallel()
	e := newEnv(t, emulator.Options{MaxPerPage: 10})
	toks := e.emu.SeedTokens(e.sub.UUID, 30, "t", false)
	e.emu.SetLatency(30 * time.Millisecond)
	c := e.client(t)
	ctx := context.Background()
	done := make(chan struct{})
	go func() {
		defer close(done)
		_, _, _ = c.FindToken(ctx, e.sub.UUID, toks[0].UUID) // a 3-page walk, ~90 ms
	}()
	time.Sleep(5 * time.Millisecond)
	if err := c.ActivateToken(ctx, toks[0].UUID); err != nil { // lands after page 1 was read
		t.Fatal(err)
	}
	got, found, err := c.FindToken(ctx, e.sub.UUID, toks[0].UUID)
	<-done
	if err != nil || !found || !got.IsActive {
		t.Fatalf("read after activate: found=%v active=%v err=%v", found, got.IsActive, err)
	}
	got, _, _ = c.FindToken(ctx, e.sub.UUID, toks[0].UUID)
	if !got.IsActive {
		t.Fatal("stale snapshot was cached")
	}
}

// Every request carries the raw token, JSON Accept, the user agent, and a JSON
// Content-Type exactly when it has a body.
func TestRequestHeaders(t *testing.T) {
	t.Parallel()
	e := newEnv(t, emulator.Options{})
	type seen struct{ method, auth, accept, ctype, ua string }
	var mu sync.Mutex
	var got []seen
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		got = append(got, seen{r.Method, r.Header.Get("Authorization"), r.Header.Get("Accept"), r.Header.Get("Content-Type"), r.Header.Get("User-Agent")})
		mu.Unlock()
		e.emu.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	c, err := tritonapi.New(tritonapi.Options{BaseURL: srv.URL, Token: e.key, UserAgent: "terraform-provider-triton/1.2.3 (+terraform 1.11.4)"})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	tok, err := c.CreateToken(ctx, e.sub.UUID, "h", "tier1")
	if err != nil {
		t.Fatal(err)
	}
	if err := c.ActivateToken(ctx, tok.UUID); err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 {
		t.Fatalf("%d requests, want 3 (list, create, activate)", len(got))
	}
	for _, s := range got {
		if s.auth != e.key || s.accept != "application/json" || s.ua != "terraform-provider-triton/1.2.3 (+terraform 1.11.4)" {
			t.Errorf("%s: Authorization raw=%v Accept=%q User-Agent=%q", s.method, s.auth == e.key, s.accept, s.ua)
		}
		wantCT := ""
		if s.method == http.MethodPost {
			wantCT = "application/json"
		}
		if s.ctype != wantCT {
			t.Errorf("%s: Content-Type %q, want %q", s.method, s.ctype, wantCT)
		}
	}
}

func TestCreateEndpointAdoptsCommittedObjectAfter502(t *testing.T) {
	t.Parallel()
	e := newEnv(t, emulator.Options{Seed: 3})
	e.emu.SetFaults(0, 1)
	c := e.client(t)
	ep, err := c.CreateEndpoint(context.Background(), e.sub.UUID, tritonapi.EndpointCreate{Name: "web", RateTier: "tier1"})
	if err != nil {
		t.Fatal(err)
	}
	eps := e.emu.Endpoints(e.sub.UUID)
	if len(eps) != 1 || eps[0].UUID != ep.UUID {
		t.Fatalf("want exactly the adopted endpoint, got %d", len(eps))
	}
}
