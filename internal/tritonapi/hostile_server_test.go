package tritonapi

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestRedirectsAreNotFollowed: a redirect to another origin (here another port on
// the same host, which Go's own redirect policy would send the token to) fails at
// once with an error naming the Location and base_url; the other origin never sees
// the Authorization header, and nothing is retried.
func TestRedirectsAreNotFollowed(t *testing.T) {
	var leaked atomic.Int32
	var otherHits atomic.Int32
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		otherHits.Add(1)
		if r.Header.Get("Authorization") != "" {
			leaked.Add(1)
		}
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write([]byte(`{"subscriptions":[]}`))
	}))
	defer other.Close()
	var hits atomic.Int32
	origin := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		http.Redirect(w, r, other.URL+r.URL.RequestURI(), http.StatusFound)
	}))
	defer origin.Close()
	c, err := New(Options{BaseURL: origin.URL, Token: "secret-token", MaxRetries: 5, RetryWaitMin: time.Millisecond, RetryWaitMax: 5 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.ListSubscriptions(context.Background())
	var re *RedirectError
	if !errors.As(err, &re) {
		t.Fatalf("got %v, want a RedirectError", err)
	}
	if re.StatusCode != http.StatusFound || !strings.HasPrefix(re.Location, other.URL) {
		t.Fatalf("redirect error %+v does not name the status and Location", re)
	}
	if !strings.Contains(err.Error(), "base_url") || strings.Contains(err.Error(), "secret-token") {
		t.Fatalf("error %q must name base_url and never the token", err)
	}
	if n := otherHits.Load(); n != 0 {
		t.Fatalf("the other origin was contacted %d times (token leaked %d times)", n, leaked.Load())
	}
	if n := hits.Load(); n != 1 {
		t.Fatalf("the redirecting origin got %d requests, want 1 (no retries)", n)
	}
}

// TestRetryAfterHugeValueIsClamped: Retry-After: 10000000000 used to overflow to a
// negative wait that passed the cap (51 requests in 2 ms).
func TestRetryAfterHugeValueIsClamped(t *testing.T) {
	resp := &http.Response{StatusCode: http.StatusTooManyRequests, Header: http.Header{"Retry-After": {"10000000000"}}}
	if d := backoff(time.Millisecond, 3*time.Second, 0, resp); d != 3*time.Second {
		t.Fatalf("backoff = %v, want the 3s cap", d)
	}
	for _, v := range []string{"9223372036854775807", "99999999999999999999"} {
		resp.Header.Set("Retry-After", v)
		if d := backoff(time.Millisecond, 3*time.Second, 0, resp); d <= 0 || d > 3*time.Second {
			t.Fatalf("Retry-After %s: backoff = %v, want within (0, 3s]", v, d)
		}
	}
}

// countingLogger counts the client's retry messages.
type countingLogger struct {
	mu      sync.Mutex
	retries int
}

func (l *countingLogger) Debug(_ context.Context, msg string, _ map[string]any) {
	if strings.HasPrefix(msg, "retrying") {
		l.mu.Lock()
		l.retries++
		l.mu.Unlock()
	}
}

// TestCertificateErrorsAreNotRetried: a TLS verification failure cannot heal, so it
// is one connection attempt, not max_retries of them.
func TestCertificateErrorsAreNotRetried(t *testing.T) {
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusOK) }))
	var conns atomic.Int32
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns.Add(1)
		}
	}
	srv.Config.ErrorLog = nil
	srv.StartTLS()
	defer srv.Close()
	log := &countingLogger{}
	// The default client does not trust the test server's certificate.
	c, err := New(Options{BaseURL: srv.URL, Token: "t", MaxRetries: 5, RetryWaitMin: time.Millisecond, RetryWaitMax: 5 * time.Millisecond, Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.ListSubscriptions(context.Background())
	if err == nil || !strings.Contains(err.Error(), "certificate") {
		t.Fatalf("got %v, want a certificate error", err)
	}
	if log.retries != 0 {
		t.Fatalf("a certificate error was retried %d times", log.retries)
	}
	if n := conns.Load(); n != 1 {
		t.Fatalf("%d connections, want 1", n)
	}
}

// TestMalformedHeaderIsNotRetried: a token with a newline inside is not a valid
// header value; that fails locally at once.
func TestMalformedHeaderIsNotRetried(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusOK) }))
	defer srv.Close()
	log := &countingLogger{}
	c, err := New(Options{BaseURL: srv.URL, Token: "bad\ntoken", MaxRetries: 5, RetryWaitMin: time.Millisecond, RetryWaitMax: 5 * time.Millisecond, Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.ListSubscriptions(context.Background()); err == nil {
		t.Fatal("a malformed header was sent")
	}
	if log.retries != 0 {
		t.Fatalf("a malformed header was retried %d times", log.retries)
	}
}
