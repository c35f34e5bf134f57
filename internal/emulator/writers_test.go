package emulator

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

func call(t *testing.T, method, url, key, body string) (int, http.Header, string) {
	t.Helper()
	req, _ := http.NewRequest(method, url, strings.NewReader(body))
	req.Header.Set("Authorization", key)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, string(b)
}

func createTokenCall(t *testing.T, url, key, sub string) int {
	t.Helper()
	code, _, _ := call(t, http.MethodPost, url+"/api/v1/subscriptions/"+sub+"/tokens", key, `{"token":{"name":"web","rate_tier":"tier1"}}`)
	return code
}

// TestPageMetaModes: MetaNoCount drops total_count and total_pages but keeps
// next_page; MetaNone drops meta; the default has both counts.
func TestPageMetaModes(t *testing.T) {
	emu, url, key, sub := faultEnv(t, Options{}, 25)
	for _, tc := range []struct {
		mode            string
		meta, withCount bool
	}{{MetaFull, true, true}, {MetaNoCount, true, false}, {MetaNone, false, false}} {
		emu.SetPageMeta(tc.mode)
		_, _, body := call(t, http.MethodGet, fmt.Sprintf("%s/api/v1/tokens?subscription_uuid=%s&per=10&page=1", url, sub), key, "")
		var env map[string]json.RawMessage
		if err := json.Unmarshal([]byte(body), &env); err != nil {
			t.Fatal(err)
		}
		raw, has := env["meta"]
		if has && string(raw) == "null" {
			has = false
		}
		if has != tc.meta {
			t.Fatalf("mode %q: meta present %t, want %t (%s)", tc.mode, has, tc.meta, body)
		}
		if has {
			var m map[string]any
			_ = json.Unmarshal(raw, &m)
			_, count := m["total_count"]
			if count != tc.withCount || m["next_page"] == nil {
				t.Fatalf("mode %q: meta %v", tc.mode, m)
			}
		}
	}
}

// TestSecondWriter: the create is answered 503 and only the second writer's token
// exists; the next create is untouched.
func TestSecondWriter(t *testing.T) {
	emu, url, key, sub := faultEnv(t, Options{}, 0)
	emu.SetSecondWriter(1)
	if code := createTokenCall(t, url, key, sub); code != http.StatusServiceUnavailable {
		t.Fatalf("status %d, want 503", code)
	}
	if toks := emu.Tokens(sub); len(toks) != 1 || toks[0].Name != "web" {
		t.Fatalf("tokens %v, want the second writer's one", toks)
	}
	if code := createTokenCall(t, url, key, sub); code != http.StatusCreated {
		t.Fatalf("status %d, want 201", code)
	}
	if n := len(emu.Tokens(sub)); n != 2 {
		t.Fatalf("%d tokens, want 2", n)
	}
}

// TestLateCommit: the create is answered 504 at once and the token appears only
// after the delay.
func TestLateCommit(t *testing.T) {
	emu, url, key, sub := faultEnv(t, Options{}, 0)
	emu.SetLateCommit(1, 150*time.Millisecond)
	if code := createTokenCall(t, url, key, sub); code != http.StatusGatewayTimeout {
		t.Fatalf("status %d, want 504", code)
	}
	if n := len(emu.Tokens(sub)); n != 0 {
		t.Fatalf("%d tokens right after the 504, want 0", n)
	}
	deadline := time.Now().Add(2 * time.Second)
	for len(emu.Tokens(sub)) != 1 {
		if time.Now().After(deadline) {
			t.Fatal("the late commit never landed")
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestAnswerDelay: the token is listed at once, the answer comes d later.
func TestAnswerDelay(t *testing.T) {
	emu, url, key, sub := faultEnv(t, Options{}, 0)
	emu.SetAnswerDelay(400 * time.Millisecond)
	done := make(chan int, 1)
	began := time.Now()
	go func() { done <- createTokenCall(t, url, key, sub) }()
	deadline := time.Now().Add(2 * time.Second)
	for len(emu.Tokens(sub)) != 1 {
		if time.Now().After(deadline) {
			t.Fatal("the token was never committed")
		}
		time.Sleep(5 * time.Millisecond)
	}
	select {
	case code := <-done:
		t.Fatalf("answered %d as soon as it committed", code)
	default:
	}
	if code := <-done; code != http.StatusCreated {
		t.Fatalf("status %d, want 201", code)
	}
	if d := time.Since(began); d < 400*time.Millisecond {
		t.Fatalf("answered after %s, want at least 400ms", d)
	}
}

// TestListLag: a token committed less than the lag ago is not listed nor counted.
func TestListLag(t *testing.T) {
	emu, url, key, sub := faultEnv(t, Options{}, 3)
	emu.SetListLag(200 * time.Millisecond)
	if code := createTokenCall(t, url, key, sub); code != http.StatusCreated {
		t.Fatalf("status %d", code)
	}
	toks, m := listTokenPage(t, url, key, sub, 1)
	if len(toks) != 3 || m.TotalCount != 3 {
		t.Fatalf("lagging list has %d tokens, total %d; want 3 and 3", len(toks), m.TotalCount)
	}
	time.Sleep(250 * time.Millisecond)
	if toks, m := listTokenPage(t, url, key, sub, 1); len(toks) != 4 || m.TotalCount != 4 {
		t.Fatalf("caught-up list has %d tokens, total %d; want 4 and 4", len(toks), m.TotalCount)
	}
}

// TestEchoHeaders: the next request gets a 500 page that quotes Authorization.
func TestEchoHeaders(t *testing.T) {
	emu, url, key, sub := faultEnv(t, Options{}, 1)
	emu.SetEchoHeaders(1)
	code, _, body := call(t, http.MethodGet, url+"/api/v1/tokens?subscription_uuid="+sub, key, "")
	if code != http.StatusInternalServerError || !strings.Contains(body, key) {
		t.Fatalf("status %d, body %q: want a 500 quoting the key", code, body)
	}
	if code, _, _ := call(t, http.MethodGet, url+"/api/v1/tokens?subscription_uuid="+sub, key, ""); code != http.StatusOK {
		t.Fatalf("second request: %d", code)
	}
}

// TestRetryAfterHeader: the rate limit's 429 carries the configured Retry-After,
// and Throttled counts them.
func TestRetryAfterHeader(t *testing.T) {
	emu, url, key, sub := faultEnv(t, Options{}, 1)
	emu.SetRateLimit(1)
	emu.SetRetryAfter("45")
	var hdr http.Header
	code := 0
	for i := 0; i < 3 && code != http.StatusTooManyRequests; i++ {
		code, hdr, _ = call(t, http.MethodGet, url+"/api/v1/tokens?subscription_uuid="+sub, key, "")
	}
	if code != http.StatusTooManyRequests || hdr.Get("Retry-After") != "45" || emu.Throttled() < 1 {
		t.Fatalf("status %d, Retry-After %q, throttled %d", code, hdr.Get("Retry-After"), emu.Throttled())
	}
}

// TestPeakInFlight: three requests held by latency at once are counted as a peak of 3.
func TestPeakInFlight(t *testing.T) {
	emu, url, key, sub := faultEnv(t, Options{}, 1)
	emu.SetLatency(100 * time.Millisecond)
	emu.ResetPeak()
	done := make(chan struct{})
	for i := 0; i < 3; i++ {
		go func() {
			call(t, http.MethodGet, url+"/api/v1/tokens?subscription_uuid="+sub, key, "")
			done <- struct{}{}
		}()
	}
	for i := 0; i < 3; i++ {
		<-done
	}
	if p := emu.PeakInFlight(); p != 3 {
		t.Fatalf("peak %d, want 3", p)
	}
}

// TestSetTokenValues: the n-th token of a name gets the value the function gives.
func TestSetTokenValues(t *testing.T) {
	emu, _, _, sub := faultEnv(t, Options{}, 0)
	emu.SetTokenValues(func(name string, n int) string { return fmt.Sprintf("secret-%s-%d", name, n) })
	a := emu.CreateToken(sub, "web", "tier1", true)
	b := emu.CreateToken(sub, "web", "tier1", true)
	if a.Value != "secret-web-1" || b.Value != "secret-web-2" {
		t.Fatalf("values %q, %q", a.Value, b.Value)
	}
}
