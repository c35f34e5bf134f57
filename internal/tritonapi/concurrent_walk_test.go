package tritonapi_test

import (
	"context"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rpcpool/terraform-provider-triton/internal/emulator"
	"github.com/rpcpool/terraform-provider-triton/internal/tritonapi"
)

// peakServer wraps the emulator, counting token list requests in flight (and the
// peak), delaying each answer by a random 0–delay so pages come back out of order.
func peakServer(t *testing.T, e *env, delay time.Duration) (url string, peak *atomic.Int32) {
	t.Helper()
	var inflight atomic.Int32
	peak = &atomic.Int32{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := inflight.Add(1)
		defer inflight.Add(-1)
		for {
			p := peak.Load()
			if n <= p || peak.CompareAndSwap(p, n) {
				break
			}
		}
		if delay > 0 {
			time.Sleep(time.Duration(rand.Int64N(int64(delay)))) //nolint:gosec // test jitter
		}
		e.emu.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv.URL, peak
}

// A walk of 40 pages fetches each page once, with at most DefaultWalkConcurrency
// requests in flight, and pages answered out of order give the same list in API
// order as the emulator holds, complete.
func TestConcurrentWalkBoundedAndOrderIndependent(t *testing.T) {
	t.Parallel()
	e := newEnv(t, emulator.Options{MaxPerPage: 50})
	want := e.emu.SeedTokens(e.sub.UUID, 2000, "t", true)
	url, peak := peakServer(t, e, 30*time.Millisecond)
	c := e.client(t, func(o *tritonapi.Options) { o.BaseURL = url; o.PageSize = 50 })
	got, err := c.ListTokens(context.Background(), e.sub.UUID)
	if err != nil {
		t.Fatal(err)
	}
	if n := e.emu.RequestCount(listTokens); n != 40 {
		t.Fatalf("%d list calls, want 40 (one per page)", n)
	}
	if p := peak.Load(); p > tritonapi.DefaultWalkConcurrency || p < 2 {
		t.Fatalf("peak in flight %d, want 2..%d", p, tritonapi.DefaultWalkConcurrency)
	}
	if len(got) != len(want) {
		t.Fatalf("%d tokens, want %d", len(got), len(want))
	}
	for i := range want {
		if got[i].UUID != want[i].UUID || got[i].Value != want[i].Value {
			t.Fatalf("token %d is %s, want %s (API order)", i, got[i].UUID, want[i].UUID)
		}
	}
	if complete, _, _ := c.ListCompleteness("token", e.sub.UUID); !complete {
		t.Fatal("a well-behaved list walked concurrently does not add up")
	}
}

// Rows moving between pages while pages are fetched concurrently: every token is
// found, or the lookup is an incomplete-list error; never "gone".
func TestConcurrentWalkMovingRowsNeverGone(t *testing.T) {
	t.Parallel()
	for round := 0; round < 5; round++ {
		e := newEnv(t, emulator.Options{MaxPerPage: 20, MovingRows: true})
		toks := e.emu.SeedTokens(e.sub.UUID, 300, "t", true)
		url, _ := peakServer(t, e, 10*time.Millisecond)
		c := e.client(t, func(o *tritonapi.Options) { o.BaseURL = url; o.PageSize = 20 })
		for _, tok := range toks {
			_, found, err := c.FindToken(context.Background(), e.sub.UUID, tok.UUID)
			if !found && err == nil {
				t.Fatalf("round %d: token %s called gone under moving rows", round, tok.UUID)
			}
		}
	}
}

// An account-scoped listing walks its subscriptions concurrently: with 6
// subscriptions of 3 pages at 50 ms, the pages overlap.
func TestAccountListingWalksSubscriptionsConcurrently(t *testing.T) {
	t.Parallel()
	e := newEnv(t, emulator.Options{MaxPerPage: 10})
	subs := []string{e.sub.UUID}
	for i := 0; i < 5; i++ {
		subs = append(subs, e.emu.AddSubscription(e.sub.AccountUUID, "s", "mainnet-shared").UUID)
	}
	for _, s := range subs {
		e.emu.SeedTokens(s, 25, "t", true)
	}
	url, peak := peakServer(t, e, 0)
	e.emu.SetLatency(50 * time.Millisecond)
	c := e.client(t, func(o *tritonapi.Options) { o.BaseURL = url; o.PageSize = 10 })
	done := make(chan int, len(subs))
	for _, s := range subs {
		go func() {
			l, err := c.ListTokens(context.Background(), s)
			if err != nil {
				t.Error(err)
			}
			done <- len(l)
		}()
	}
	total := 0
	for range subs {
		total += <-done
	}
	if total != 150 || peak.Load() < 6 {
		t.Fatalf("%d tokens, peak %d in flight; want 150 and at least 6", total, peak.Load())
	}
}
