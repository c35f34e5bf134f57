package tritonapi_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rpcpool/terraform-provider-triton/internal/tritonapi"
)

// shedServer answers key "tk_shed_a" 503 for its first failA requests (every one
// if failA < 0) and key "tk_shed_b" always 200; it counts A's requests.
func shedServer(t *testing.T, failA int32) (string, *atomic.Int32) {
	return failServer(t, failA, http.StatusServiceUnavailable)
}

// failServer is shedServer with another failure status.
func failServer(t *testing.T, failA int32, status int) (string, *atomic.Int32) {
	var a atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") == "tk_shed_a" {
			if n := a.Add(1); failA < 0 || n <= failA {
				w.WriteHeader(status)
				return
			}
		}
		_, _ = w.Write([]byte(`{"accounts":[],"meta":{"total_count":0,"total_pages":1,"current_page":1,"per_page":50}}`))
	}))
	t.Cleanup(srv.Close)
	return srv.URL, &a
}

// keepBusy sends B's requests in a loop until the test ends, so that requests of
// the same kind as A's succeed while A retries.
func keepBusy(t *testing.T, url string) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	t.Cleanup(func() { cancel(); <-done })
	go func() {
		defer close(done)
		for ctx.Err() == nil {
			// A new client each time: a client caches its account list.
			if b, err := tritonapi.New(tritonapi.Options{BaseURL: url, Token: "tk_shed_b", MaxRetries: 0}); err == nil {
				_, _ = b.ListAccounts(ctx)
			}
			time.Sleep(time.Millisecond)
		}
	}()
}

func shedClient(t *testing.T, url string) *tritonapi.Client {
	c, err := tritonapi.New(tritonapi.Options{BaseURL: url, Token: "tk_shed_a", MaxRetries: 3, RetryWaitMin: 20 * time.Millisecond, RetryWaitMax: 20 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestRetry503WhileOthersSucceedDoesNotUseUpMaxRetries: a server shedding load
// (503s for one request while the same call goes through for others) is up; the
// 100-create storm lost one create in ten runs when each request had only
// max_retries tries against it. Eight 503s in a row, max_retries 3: it succeeds.
func TestRetry503WhileOthersSucceedDoesNotUseUpMaxRetries(t *testing.T) {
	t.Parallel()
	url, a := shedServer(t, 8)
	keepBusy(t, url)
	if _, err := shedClient(t, url).ListAccounts(context.Background()); err != nil {
		t.Fatalf("after 8 503s while others succeed: %v", err)
	}
	if got := a.Load(); got != 9 {
		t.Errorf("%d requests, want 9", got)
	}
}

// TestRetry503ForeverIsBounded: a request that never gets through while others
// do stops after freeRetryFactor × max_retries retries (31 requests for
// max_retries 3) at most.
func TestRetry503ForeverIsBounded(t *testing.T) {
	t.Parallel()
	url, a := shedServer(t, -1)
	keepBusy(t, url)
	_, err := shedClient(t, url).ListAccounts(context.Background())
	if err == nil {
		t.Fatal("a request answered 503 every time succeeded")
	}
	if got := a.Load(); got <= 4 || got > 31 {
		t.Errorf("%d requests, want more than max_retries+1 (others made progress) and at most 31", got)
	}
}

// TestRetry503WithoutProgressUsesMaxRetries: a server that answers nothing but
// 503 is down, and max_retries (3) bounds the retries: 4 requests.
func TestRetry503WithoutProgressUsesMaxRetries(t *testing.T) {
	t.Parallel()
	url, a := shedServer(t, -1)
	_, err := shedClient(t, url).ListAccounts(context.Background())
	if err == nil {
		t.Fatal("a request answered 503 every time succeeded")
	}
	if got := a.Load(); got != 4 {
		t.Errorf("%d requests, want 4 (max_retries 3)", got)
	}
}

// TestRetry500WhileOthersSucceedStillCounts: only a 503 reads as load shedding.
// A read answered 500 (an unknown outcome) for one request while the same call
// succeeds for others uses up max_retries (3): 4 requests.
func TestRetry500WhileOthersSucceedStillCounts(t *testing.T) {
	t.Parallel()
	url, a := failServer(t, -1, http.StatusInternalServerError)
	keepBusy(t, url)
	if _, err := shedClient(t, url).ListAccounts(context.Background()); err == nil {
		t.Fatal("a request answered 500 every time succeeded")
	}
	if got := a.Load(); got != 4 {
		t.Errorf("%d requests, want 4 (max_retries 3; a 500 is never a free retry)", got)
	}
}

// TestRetryAfterBeyondTheBudgetHoldsNoOtherRequest: a 429 asking for an hour
// (beyond the 10-minute throttle budget) fails its request at once, and every
// other request on the base URL, which the pause would hold for that hour, fails
// at once as well, without being sent.
func TestRetryAfterBeyondTheBudgetHoldsNoOtherRequest(t *testing.T) {
	t.Parallel()
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		w.Header().Set("Retry-After", "3600")
		w.WriteHeader(http.StatusTooManyRequests)
	}))
	t.Cleanup(srv.Close)
	for i, key := range []string{"tk_pause_a_0001", "tk_pause_b_0001"} {
		c, err := tritonapi.New(tritonapi.Options{BaseURL: srv.URL, Token: key})
		if err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { _, err := c.ListAccounts(context.Background()); done <- err }()
		select {
		case err := <-done:
			var te *tritonapi.ThrottledError
			if !errors.As(err, &te) || te.RetryAfter < 50*time.Minute {
				t.Fatalf("client %d: got %v, want a ThrottledError of about an hour", i, err)
			}
		case <-time.After(30 * time.Second):
			t.Fatalf("client %d is held by the hour-long pause", i)
		}
	}
	if n := calls.Load(); n != 1 {
		t.Errorf("%d requests sent, want 1 (the second client must not send into the pause)", n)
	}
}
