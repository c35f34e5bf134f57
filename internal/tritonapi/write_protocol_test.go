package tritonapi_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rpcpool/terraform-provider-triton/internal/emulator"
	"github.com/rpcpool/terraform-provider-triton/internal/tritonapi"
)

const postTokens = "POST /api/v1/subscriptions/{uuid}/tokens"

func names(toks []emulator.Token) map[string]int {
	out := map[string]int{}
	for _, t := range toks {
		out[t.Name]++
	}
	return out
}

// A 503 (read as "no effect") while a second writer commits a token of the same
// name: the rival is not adopted; the POST is sent again and makes our own.
func TestWrite503WhileAnotherWriterCommitsAdoptsNothingAndPOSTsAgain(t *testing.T) {
	t.Parallel()
	e := newEnv(t, emulator.Options{})
	e.emu.SetSecondWriter(1)
	c := e.client(t)
	got, err := c.CreateToken(context.Background(), e.sub.UUID, "web", "tier1")
	if err != nil {
		t.Fatal(err)
	}
	toks := e.emu.Tokens(e.sub.UUID)
	if len(toks) != 2 || n(e, postTokens) != 2 {
		t.Fatalf("%d tokens and %d POSTs, want 2 and 2", len(toks), n(e, postTokens))
	}
	if got.UUID == toks[0].UUID || got.UUID != toks[1].UUID {
		t.Fatalf("got %s; the second writer's token is %s and ours %s", got.UUID, toks[0].UUID, toks[1].UUID)
	}
}

func n(e *env, route string) int { return e.emu.RequestCount(route) }

// A 504 whose commit lands a second later: looked for in fresh walks, adopted, and
// never POSTed again.
func TestWrite504WithLateCommitIsAdoptedWithoutASecondPOST(t *testing.T) {
	t.Parallel()
	e := newEnv(t, emulator.Options{})
	e.emu.SetLateCommit(1, time.Second)
	c := e.client(t, func(o *tritonapi.Options) { o.RetryWaitMin, o.RetryWaitMax = 50*time.Millisecond, 200*time.Millisecond })
	got, err := c.CreateToken(context.Background(), e.sub.UUID, "web", "tier1")
	if err != nil {
		t.Fatal(err)
	}
	toks := e.emu.Tokens(e.sub.UUID)
	if len(toks) != 1 || got.UUID != toks[0].UUID || n(e, postTokens) != 1 {
		t.Fatalf("%d tokens, %d POSTs, adopted %s", len(toks), n(e, postTokens), got.UUID)
	}
	if n(e, listTokens) < 3 {
		t.Fatalf("%d list calls: the late commit cannot have been seen in the first look", n(e, listTokens))
	}
}

// A 502 after commit while the list lags behind: the same.
func TestWrite502WithLaggingListIsAdoptedWithoutASecondPOST(t *testing.T) {
	t.Parallel()
	e := newEnv(t, emulator.Options{})
	e.emu.SetListLag(700 * time.Millisecond)
	e.emu.SetFaults(0, 1)
	c := e.client(t, func(o *tritonapi.Options) { o.RetryWaitMin, o.RetryWaitMax = 50*time.Millisecond, 200*time.Millisecond })
	got, err := c.CreateToken(context.Background(), e.sub.UUID, "web", "tier1")
	if err != nil {
		t.Fatal(err)
	}
	if toks := e.emu.Tokens(e.sub.UUID); len(toks) != 1 || got.UUID != toks[0].UUID || n(e, postTokens) != 1 {
		t.Fatalf("%d tokens, %d POSTs", len(toks), n(e, postTokens))
	}
}

// Before and after walks that do not add up (pages without total_count): nothing
// is adopted, no second POST, and the error names what was seen.
func TestWriteWalksThatDoNotAddUpAdoptNothing(t *testing.T) {
	t.Parallel()
	for _, mode := range []string{emulator.MetaNoCount, emulator.MetaNone} {
		t.Run(mode, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, emulator.Options{})
			e.emu.SetPageMeta(mode)
			e.emu.SetFaults(0, 1)
			c := e.client(t, func(o *tritonapi.Options) { o.ResolveWindow = 300 * time.Millisecond })
			_, err := c.CreateToken(context.Background(), e.sub.UUID, "web", "tier1")
			var ue *tritonapi.UnresolvedCreateError
			if !errors.As(err, &ue) {
				t.Fatalf("got %v, want an unresolved create", err)
			}
			toks := e.emu.Tokens(e.sub.UUID)
			if len(toks) != 1 || n(e, postTokens) != 1 {
				t.Fatalf("%d tokens, %d POSTs; want 1 and 1", len(toks), n(e, postTokens))
			}
			for _, want := range []string{toks[0].UUID, e.sub.UUID + "/<uuid>", "No second create was sent"} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error lacks %q: %v", want, err)
				}
			}
		})
	}
}

// A candidate another resource instance in this process holds (claimed) is never
// adopted: with it and ours both new, ours is the one taken.
func TestWriteCandidateHeldByAnotherResourceIsNotAdopted(t *testing.T) {
	t.Parallel()
	e := newEnv(t, emulator.Options{})
	var c *tritonapi.Client
	var rival emulator.Token
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost {
			rival = e.emu.CreateToken(e.sub.UUID, "web", "tier1", true) // made meanwhile, held by another instance
			c.Claim(rival.UUID)
			e.emu.SetFaults(0, 1) // ours commits, then answers 502
		}
		e.emu.ServeHTTP(w, r)
	}))
	t.Cleanup(proxy.Close)
	c = e.client(t, func(o *tritonapi.Options) { o.BaseURL = proxy.URL })
	got, err := c.CreateToken(context.Background(), e.sub.UUID, "web", "tier1")
	if err != nil {
		t.Fatal(err)
	}
	if got.UUID == rival.UUID || len(e.emu.Tokens(e.sub.UUID)) != 2 {
		t.Fatalf("adopted %s (rival %s)", got.UUID, rival.UUID)
	}
}

// Two candidates nobody holds: an error that names both with what tells them
// apart and their import ids, and says the answer was lost (not "unreachable").
func TestWriteAmbiguousErrorNamesEveryCandidate(t *testing.T) {
	t.Parallel()
	e := newEnv(t, emulator.Options{})
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost {
			e.emu.CreateToken(e.sub.UUID, "web", "tier1", true)
			e.emu.SetFaults(0, 1)
		}
		e.emu.ServeHTTP(w, r)
	}))
	t.Cleanup(proxy.Close)
	c := e.client(t, func(o *tritonapi.Options) { o.BaseURL = proxy.URL })
	_, err := c.CreateToken(context.Background(), e.sub.UUID, "web", "tier1")
	var ae *tritonapi.AmbiguousAdoptionError
	if !errors.As(err, &ae) || len(ae.UUIDs) != 2 {
		t.Fatalf("got %v", err)
	}
	for _, tok := range e.emu.Tokens(e.sub.UUID) {
		for _, want := range []string{tok.UUID, tok.AuthUsername, fmt.Sprintf("is_active %t", tok.IsActive), e.sub.UUID + "/" + tok.UUID} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("error lacks %q: %v", want, err)
			}
		}
	}
	if strings.Contains(err.Error(), "could not be reached") {
		t.Errorf("the server answered; the error says otherwise: %v", err)
	}
}

// Pages without a total count under moving rows: a token absent from the walk is
// never "gone".
func TestWriteNoCountWalkNeverCallsAnythingGone(t *testing.T) {
	t.Parallel()
	for _, mode := range []string{emulator.MetaNoCount, emulator.MetaNone} {
		t.Run(mode, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, emulator.Options{MaxPerPage: 10, MovingRows: true})
			e.emu.SeedTokens(e.sub.UUID, 35, "t", true)
			e.emu.SetPageMeta(mode)
			c := e.client(t)
			_, found, err := c.FindToken(context.Background(), e.sub.UUID, "00000000-0000-4000-8000-000000000000")
			var ie *tritonapi.IncompleteListError
			if found || !errors.As(err, &ie) || !strings.Contains(err.Error(), "without a total count") {
				t.Fatalf("found=%t err=%v; want an incomplete-list error", found, err)
			}
		})
	}
}

// Retry-After of 0, 1 s and an HTTP date is honoured in full before the next
// request; one of 45 s beyond the context's deadline fails at once with a
// ThrottledError that wraps the deadline, after one request.
func TestWriteRetryAfterHonoured(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		value func() string
		min   time.Duration
	}{
		{"0", func() string { return "0" }, 0},
		{"1", func() string { return "1" }, time.Second},
		{"http-date", func() string { return time.Now().Add(2 * time.Second).UTC().Format(http.TimeFormat) }, time.Second},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var mu sync.Mutex
			var at []time.Time
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				mu.Lock()
				at = append(at, time.Now())
				first := len(at) == 1
				mu.Unlock()
				if first {
					w.Header().Set("Retry-After", tc.value())
					w.WriteHeader(http.StatusTooManyRequests)
					return
				}
				_, _ = w.Write([]byte(`{"accounts":[]}`))
			}))
			t.Cleanup(srv.Close)
			c, err := tritonapi.New(tritonapi.Options{BaseURL: srv.URL, Token: "tk_test_key_0001", MaxRetries: 0})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := c.ListAccounts(context.Background()); err != nil {
				t.Fatalf("a 429 must be retried whatever max_retries says: %v", err)
			}
			mu.Lock()
			defer mu.Unlock()
			if len(at) != 2 || at[1].Sub(at[0]) < tc.min {
				t.Fatalf("%d requests, second after %v; want 2, at least %v apart", len(at), at[len(at)-1].Sub(at[0]), tc.min)
			}
		})
	}
	t.Run("45s beyond the deadline", func(t *testing.T) {
		t.Parallel()
		var calls atomic.Int32
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			calls.Add(1)
			w.Header().Set("Retry-After", "45")
			w.WriteHeader(http.StatusTooManyRequests)
		}))
		t.Cleanup(srv.Close)
		c, _ := tritonapi.New(tritonapi.Options{BaseURL: srv.URL, Token: "tk_test_key_0002"})
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		_, err := c.ListAccounts(ctx)
		var te *tritonapi.ThrottledError
		if !errors.As(err, &te) || te.RetryAfter != 45*time.Second || !errors.Is(err, context.DeadlineExceeded) || calls.Load() != 1 {
			t.Fatalf("got %v after %d calls; want a ThrottledError of 45s after 1", err, calls.Load())
		}
	})
}

// A 429 pauses every client on the base URL, whatever its key: a request another
// alias sends during the pause waits for it.
func TestWriteThrottlePausesEveryAliasOnTheBaseURL(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	var first time.Time
	var other []time.Time
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		if r.Header.Get("Authorization") == "tk_alias_a_000001" && first.IsZero() {
			first = time.Now()
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
		if r.Header.Get("Authorization") == "tk_alias_b_000002" {
			other = append(other, time.Now())
		}
		_, _ = w.Write([]byte(`{"accounts":[],"subscriptions":[]}`))
	}))
	t.Cleanup(srv.Close)
	a, _ := tritonapi.New(tritonapi.Options{BaseURL: srv.URL, Token: "tk_alias_a_000001"})
	b, _ := tritonapi.New(tritonapi.Options{BaseURL: srv.URL, Token: "tk_alias_b_000002"})
	if _, err := a.ListAccounts(context.Background()); err != nil {
		t.Fatal(err)
	}
	// a has been answered 429 and waited; now b, inside a fresh pause.
	mu.Lock()
	first = time.Time{}
	mu.Unlock()
	done := make(chan error, 1)
	a2, _ := tritonapi.New(tritonapi.Options{BaseURL: srv.URL, Token: "tk_alias_a_000001"})
	go func() { _, err := a2.ListSubscriptions(context.Background()); done <- err }()
	time.Sleep(200 * time.Millisecond) // a2's 429 has set the pause
	if _, err := b.ListAccounts(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(other) != 1 || other[0].Sub(first) < time.Second {
		t.Fatalf("alias b's request came %v after alias a's 429, want at least the 1 s Retry-After", other[0].Sub(first))
	}
	if st := tritonapi.FlowStatsFor(srv.URL); st.Throttles != 2 {
		t.Fatalf("flow stats %+v, want 2 throttles", st)
	}
}

// An error page that echoes request headers never brings the client's key, nor a
// token value it holds, into the error.
func TestWriteEchoedSecretsAreScrubbed(t *testing.T) {
	t.Parallel()
	e := newEnv(t, emulator.Options{})
	tok := e.emu.CreateToken(e.sub.UUID, "web", "tier1", true)
	echoValue := false
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if echoValue {
			http.Error(w, "debug: last token "+tok.Value+" for "+r.Header.Get("Authorization"), http.StatusInternalServerError)
			return
		}
		e.emu.ServeHTTP(w, r)
	}))
	t.Cleanup(proxy.Close)
	c := e.client(t, func(o *tritonapi.Options) { o.BaseURL = proxy.URL; o.MaxRetries = 0 })
	if _, err := c.ListTokens(context.Background(), e.sub.UUID); err != nil { // the client now holds tok.Value
		t.Fatal(err)
	}
	echoValue = true
	_, err := c.ListSubscriptions(context.Background())
	if err == nil || strings.Contains(err.Error(), e.key) || strings.Contains(err.Error(), tok.Value) || !strings.Contains(err.Error(), "[redacted]") {
		t.Fatalf("error not scrubbed: %v", err)
	}
	// A redirect whose Location carries the key: never followed, and the
	// Location quoted in the error is scrubbed too.
	redirect := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Location", "http://evil.example/?k="+r.Header.Get("Authorization"))
		w.WriteHeader(http.StatusFound)
	}))
	t.Cleanup(redirect.Close)
	rc := e.client(t, func(o *tritonapi.Options) { o.BaseURL = redirect.URL; o.MaxRetries = 0 })
	_, err = rc.ListAccounts(context.Background())
	if err == nil || strings.Contains(err.Error(), e.key) || !strings.Contains(err.Error(), "[redacted]") {
		t.Fatalf("the redirect's Location reached the error unscrubbed: %v", err)
	}
	// The emulator's own header-echoing 500.
	direct := e.client(t, func(o *tritonapi.Options) { o.MaxRetries = 0 })
	e.emu.SetEchoHeaders(1)
	_, err = direct.ListAccounts(context.Background())
	if err == nil || strings.Contains(err.Error(), e.key) {
		t.Fatalf("echoed Authorization reached the error: %v", err)
	}
}

// Aliases on one base URL see each other's writes: a create through one marks the
// other's cached list stale, so its next read walks again and finds the token.
func TestWriteAliasesSeeEachOthersWrites(t *testing.T) {
	t.Parallel()
	e := newEnv(t, emulator.Options{})
	a := e.client(t)
	other := e.emu.AddKey("", emulator.RoleReseller, e.sub.AccountUUID)
	b := e.client(t, func(o *tritonapi.Options) { o.Token = other })
	if _, err := a.ListTokens(context.Background(), e.sub.UUID); err != nil {
		t.Fatal(err)
	}
	made, err := b.CreateToken(context.Background(), e.sub.UUID, "web", "tier1")
	if err != nil {
		t.Fatal(err)
	}
	_, found, err := a.FindToken(context.Background(), e.sub.UUID, made.UUID)
	if err != nil || !found {
		t.Fatalf("alias a does not see alias b's token: found=%t err=%v", found, err)
	}
	// b's own cache stayed true: no walk for its own read.
	before := n(e, listTokens)
	if _, found, _ := b.FindToken(context.Background(), e.sub.UUID, made.UUID); !found || n(e, listTokens) != before {
		t.Fatalf("alias b walked again for its own write (%d → %d)", before, n(e, listTokens))
	}
}

// Two aliases creating the same name at once, answers lost: two tokens, two
// distinct ids (the create lock and the claims are process-wide).
func TestWriteTwoAliasesSameNameGetTwoTokens(t *testing.T) {
	t.Parallel()
	for round := 0; round < 5; round++ {
		e := newEnv(t, emulator.Options{})
		e.emu.SetFaults(0, 1) // every create commits, then answers 502
		other := e.emu.AddKey("", emulator.RoleReseller, e.sub.AccountUUID)
		a := e.client(t)
		b := e.client(t, func(o *tritonapi.Options) { o.Token = other })
		var wg sync.WaitGroup
		got := make([]tritonapi.Token, 2)
		errs := make([]error, 2)
		for i, c := range []*tritonapi.Client{a, b} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				got[i], errs[i] = c.CreateToken(context.Background(), e.sub.UUID, "web", "tier1")
			}()
		}
		wg.Wait()
		if errs[0] != nil || errs[1] != nil {
			t.Fatalf("round %d: %v / %v", round, errs[0], errs[1])
		}
		if got[0].UUID == got[1].UUID || len(e.emu.Tokens(e.sub.UUID)) != 2 {
			t.Fatalf("round %d: ids %s and %s, %d tokens", round, got[0].UUID, got[1].UUID, len(e.emu.Tokens(e.sub.UUID)))
		}
	}
}

// Four clients (pipelines) × 10 creates against 5 requests/s (make bench runs 4 × 25), with 503s and
// commit-then-502s: every create succeeds, each name once.
func TestWriteManyWritersBehindOneRateLimit(t *testing.T) {
	t.Parallel()
	e := newEnv(t, emulator.Options{})
	e.emu.SetRateLimit(5)
	e.emu.SetFaults(0.2, 0.25)
	var wg sync.WaitGroup
	var failed atomic.Int32
	for p := 0; p < 4; p++ {
		c := e.client(t, func(o *tritonapi.Options) { o.RetryWaitMin, o.RetryWaitMax = 100*time.Millisecond, 2*time.Second })
		for i := 0; i < 10; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, err := c.CreateToken(context.Background(), e.sub.UUID, fmt.Sprintf("p%d-%02d", p, i), "tier1"); err != nil {
					failed.Add(1)
					t.Errorf("create p%d-%02d: %v", p, i, err)
				}
			}()
		}
	}
	wg.Wait()
	for name, count := range names(e.emu.Tokens(e.sub.UUID)) {
		if count != 1 {
			t.Errorf("%s exists %d times", name, count)
		}
	}
	if got := len(e.emu.Tokens(e.sub.UUID)); got != 40 || failed.Load() != 0 {
		t.Fatalf("%d tokens, %d failed creates", got, failed.Load())
	}
	t.Logf("429s: %d; flow %+v", e.emu.Throttled(), tritonapi.FlowStatsFor(e.url))
}

// A list that lags behind commits hides another writer's same-named token from
// the before walk; our create's answer is then lost. The rival shows up first,
// late: the create keeps looking before adopting it, sees its own token appear
// too, and reports both instead of adopting the other writer's secret.
func TestWriteLaggingListDoesNotAdoptTheRival(t *testing.T) {
	t.Parallel()
	e := newEnv(t, emulator.Options{})
	e.emu.SetListLag(2 * time.Second)
	rivalBody := strings.NewReader(`{"token":{"name":"web","rate_tier":"tier1"}}`)
	req, _ := http.NewRequest(http.MethodPost, e.url+"/api/v1/subscriptions/"+e.sub.UUID+"/tokens", rivalBody)
	req.Header.Set("Authorization", e.key)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req) // the other pipeline's create, committed, not yet listed
	if err != nil || resp.StatusCode != http.StatusCreated {
		t.Fatalf("rival create: %v %v", resp, err)
	}
	_ = resp.Body.Close()
	time.Sleep(500 * time.Millisecond)
	e.emu.SetFaults(0, 1) // ours commits, then answers 502
	c := e.client(t, func(o *tritonapi.Options) {
		o.RetryWaitMin, o.RetryWaitMax = 100*time.Millisecond, 500*time.Millisecond
	})
	_, err = c.CreateToken(context.Background(), e.sub.UUID, "web", "tier1")
	var ae *tritonapi.AmbiguousAdoptionError
	if !errors.As(err, &ae) || len(ae.UUIDs) != 2 {
		t.Fatalf("got %v; want an ambiguity error naming both tokens (never the rival adopted)", err)
	}
}
