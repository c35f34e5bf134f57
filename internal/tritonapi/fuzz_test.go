package tritonapi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync/atomic"
	"testing"
	"time"
)

// FuzzBackoff: whatever Retry-After a server sends, the wait is positive and never
// above the cap (a huge value once overflowed into a negative wait).
func FuzzBackoff(f *testing.F) {
	for _, s := range []string{"", "0", "1", "10000000000", "9223372036854775807", "-5", "Wed, 21 Oct 2015 07:28:00 GMT", "Fri, 31 Dec 9999 23:59:59 GMT", "1e9", " 3 "} {
		f.Add(s, 429, 0)
	}
	f.Fuzz(func(t *testing.T, header string, status, attempt int) {
		if attempt < 0 || attempt > 64 {
			return
		}
		resp := &http.Response{StatusCode: status, Header: http.Header{"Retry-After": {header}}}
		d := backoff(10*time.Millisecond, 2*time.Second, attempt, resp)
		if d < 0 || d > 2*time.Second {
			t.Fatalf("backoff(%q, %d, %d) = %v, want within [0, 2s]", header, status, attempt, d)
		}
	})
}

// FuzzParseBaseURL: an accepted base URL is an origin (no path, credentials, query
// or fragment) that is https or plain http to loopback only.
func FuzzParseBaseURL(f *testing.F) {
	for _, s := range []string{"https://customers.triton.one", "http://127.0.0.1:8080", "http://localhost", "http://example.com", "https://x/api/v1", "https://u:p@x", "ftp://x", "", "https://[::1]:1", "http://[::1]/"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		u, err := ParseBaseURL(raw)
		if err != nil {
			return
		}
		if u.Path != "" || u.User != nil || u.RawQuery != "" || u.Fragment != "" || u.Host == "" {
			t.Fatalf("accepted %q with path %q / user / query / fragment", raw, u.Path)
		}
		clearLoopback := u.Scheme == "http" && IsLoopbackHost(u.Hostname())
		if u.Scheme != "https" && !clearLoopback {
			t.Fatalf("accepted %q: the token would travel in clear text", raw)
		}
	})
}

// FuzzDecodeEndpoints: decoding an endpoint list never panics and an error never
// comes with results.
func FuzzDecodeEndpoints(f *testing.F) {
	for _, s := range []string{
		`{"endpoints":[{"uuid":"e","allowed_origins":[{"uuid":"o","value":"a.com","is_active":true}],"values":["x"],"value":null}]}`,
		`{"endpoints":[]}`, `{"endpoints":null}`, `{"endpoints":[{"allowed_origins":{}}]}`, `{"endpoints":[],"meta":{"next_page":2,"total_count":3}}`, `<html>`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		list, m, err := decodePage[Endpoint](body, "endpoints")
		if err != nil && (list != nil || m != nil) {
			t.Fatalf("error with results: %v", err)
		}
	})
}

// FuzzWalkStops: a server whose pages are made from the fuzz input, always offering
// another page. Every walk ends after a page brings nothing new, so the whole read
// is bounded by the number of distinct uuids, whatever the server claims.
func FuzzWalkStops(f *testing.F) {
	for _, s := range []string{"\x00", "\x01\x02\x03", "\xff\xfe\xfd\xfc", "\x10\x10\x10", "abcdefghijklmnop"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) == 0 || len(data) > 64 {
			return
		}
		var requests atomic.Int32
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			requests.Add(1)
			page, _ := strconv.Atoi(r.URL.Query().Get("page"))
			b := data[(page-1+len(data))%len(data)]
			items := []map[string]string{{"uuid": fmt.Sprint("u", b>>4)}, {"uuid": fmt.Sprint("u", 16+int(b&15))}}
			next := page + 1
			_ = json.NewEncoder(w).Encode(map[string]any{"tokens": items, "meta": map[string]any{
				"current_page": page, "next_page": next, "total_pages": int(data[0]), "total_count": int(data[0]) * 3,
			}})
		}))
		defer srv.Close()
		c, err := New(Options{BaseURL: srv.URL, Token: "t", MaxRetries: 0})
		if err != nil {
			t.Fatal(err)
		}
		_, _, err = c.FindToken(context.Background(), "s", "missing")
		var incomplete *IncompleteListError
		if err != nil && !errors.As(err, &incomplete) {
			t.Fatalf("unexpected error: %v", err)
		}
		if n := requests.Load(); n > int32(maxWalks*33) {
			t.Fatalf("%d requests for at most 32 distinct uuids", n)
		}
	})
}
