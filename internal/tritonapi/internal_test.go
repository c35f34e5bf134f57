package tritonapi

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestRetryAfter(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	cases := map[string]time.Duration{
		"3":                             3 * time.Second,
		"0":                             0,
		"Thu, 01 Jan 2026 00:00:07 GMT": 7 * time.Second,
		"Wed, 31 Dec 2025 23:59:00 GMT": 0,
	}
	for in, want := range cases {
		got, ok := retryAfter(in, now)
		if !ok || got != want {
			t.Errorf("retryAfter(%q) = %v, %v; want %v", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "soon", "-1"} {
		if _, ok := retryAfter(in, now); ok {
			t.Errorf("retryAfter(%q) accepted", in)
		}
	}
}

func TestBackoffHonoursRetryAfterAndCaps(t *testing.T) {
	resp := &http.Response{StatusCode: 429, Header: http.Header{"Retry-After": {"2"}}}
	if d := backoff(time.Millisecond, time.Minute, 0, resp); d != 2*time.Second {
		t.Fatalf("Retry-After seconds: %v", d)
	}
	if d := backoff(time.Millisecond, time.Second, 0, resp); d != time.Second {
		t.Fatalf("Retry-After capped: %v", d)
	}
	for attempt := 0; attempt < 40; attempt++ {
		d := backoff(100*time.Millisecond, 3*time.Second, attempt, nil)
		if d <= 0 || d > 3*time.Second {
			t.Fatalf("attempt %d: %v out of bounds", attempt, d)
		}
	}
}

func TestParseMessages(t *testing.T) {
	cases := map[string]string{
		`{"error":"Forbidden"}`: "Forbidden",
		`{"errors":["a","b"]}`:  "a; b",
		`{"errors":{"name":["can't be blank"],"rate_tier":["bad"]}}`: "name can't be blank; rate_tier bad",
		`{"message":"nope"}`: "nope",
		`<html>oops</html>`:  "",
	}
	for body, want := range cases {
		if got := strings.Join(parseMessages([]byte(body)), "; "); got != want {
			t.Errorf("parseMessages(%s) = %q, want %q", body, got, want)
		}
	}
	e := newAPIError("GET", "/x", 500, []byte("<html>oops</html>"))
	if !strings.Contains(e.Error(), "<html>oops</html>") || !strings.Contains(e.Error(), "500") {
		t.Fatalf("raw body fallback: %v", e)
	}
}

func FuzzDecodeResponse(f *testing.F) {
	for _, s := range []string{`{"error":"x"}`, `{"errors":["a"]}`, `{"errors":{"f":["m"]}}`, `{"errors":{"f":"m"}}`, `[]`, `null`, `{"errors":7}`, ``} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		e := newAPIError("GET", "/x", 422, body)
		_ = e.Error()
		_ = IsUnprocessable(e)
	})
}

func TestDecodePage(t *testing.T) {
	list, m, err := decodePage[Token]([]byte(`{"tokens":[{"uuid":"a"},{"uuid":"b"}],"meta":{"current_page":1,"next_page":2,"per_page":2,"total_count":3}}`), "tokens")
	if err != nil || len(list) != 2 || m == nil || m.NextPage == nil || *m.NextPage != 2 || m.TotalCount == nil || *m.TotalCount != 3 {
		t.Fatalf("got %v %v %v", list, m, err)
	}
	eps, m, err := decodePage[Endpoint]([]byte(`{"endpoints":[{"uuid":"e"}]}`), "endpoints")
	if err != nil || len(eps) != 1 || m != nil {
		t.Fatalf("unpaginated: %v %v %v", eps, m, err)
	}
	for _, bad := range []string{`{}`, `{"tokens":{}}`, `{"tokens":[],"meta":[]}`, `nope`} {
		if _, _, err := decodePage[Token]([]byte(bad), "tokens"); err == nil {
			t.Errorf("decodePage(%s) accepted", bad)
		}
	}
}

func FuzzDecodePage(f *testing.F) {
	for _, s := range []string{
		`{"tokens":[{"uuid":"a","value":"v","deactivation_reasons":[{"description":"d","created_at":"2026-01-01T00:00:00Z"}]}],"meta":{"next_page":2}}`,
		`{"tokens":[],"meta":{"next_page":null}}`, `{"tokens":null}`, `{"tokens":[1]}`, `{"meta":{"next_page":"x"},"tokens":[]}`, `[]`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		list, m, err := decodePage[Token](body, "tokens")
		if err != nil && (list != nil || m != nil) {
			t.Fatalf("error with results: %v", err)
		}
		for _, tok := range list {
			_ = tok.String()
		}
	})
}
