package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a bytes.Buffer safe to read while run writes to it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func readEnv(t *testing.T, path string) map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	env := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line, exported := strings.CutPrefix(sc.Text(), "export ")
		k, v, ok := strings.Cut(line, "=")
		if !ok || !exported {
			t.Fatalf("env file line %q is not export KEY=VALUE (a plain `. FILE` must hand it to terraform)", sc.Text())
		}
		env[k] = v
	}
	return env
}

func get(t *testing.T, base, key, path string) (int, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, base+path, nil)
	req.Header.Set("Authorization", key)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&body)
	return resp.StatusCode, body
}

// TestRunSeedsDocNamesAndOneKeyPerRole starts the command as `make demo`, the README
// and .ci/run do, and checks what it promises: the subscription names the docs look
// up, a key per role with that role's rights, fixed keys from flags, and the env file.
func TestRunSeedsDocNamesAndOneKeyPerRole(t *testing.T) {
	envPath := filepath.Join(t.TempDir(), "env")
	ctx, cancel := context.WithCancel(context.Background())
	var out syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-addr", "127.0.0.1:0", "-env-file", envPath, "-standard-key", "std-fixed"}, &out, &out)
	}()
	deadline := time.Now().Add(10 * time.Second)
	for {
		if st, err := os.Stat(envPath); err == nil && st.Size() > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("env file not written; output:\n%s", out.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	env := readEnv(t, envPath)
	base := env["TRITON_BASE_URL"]
	if !strings.HasPrefix(base, "http://127.0.0.1:") {
		t.Fatalf("TRITON_BASE_URL = %q", base)
	}
	if env["TRITON_STANDARD_KEY"] != "std-fixed" {
		t.Errorf("TRITON_STANDARD_KEY = %q, want the -standard-key value", env["TRITON_STANDARD_KEY"])
	}
	if env["TRITON_API_TOKEN"] == "" || env["TRITON_API_TOKEN"] != env["TRITON_RESELLER_KEY"] {
		t.Errorf("TRITON_API_TOKEN must be the reseller key")
	}
	for _, k := range []string{"TRITON_OPERATOR_KEY", "TRITON_TEST_SUBSCRIPTION_UUID", "TRITON_SUBSCRIPTION_PROD_MAINNET", "TRITON_SUBSCRIPTION_DEMO_MAINNET"} {
		if env[k] == "" {
			t.Errorf("%s missing from the env file", k)
		}
	}
	if !strings.Contains(out.String(), "operator key") || !strings.Contains(out.String(), "standard key") {
		t.Errorf("banner does not print a key per role:\n%s", out.String())
	}

	// Every role sees the subscriptions the docs name.
	for _, key := range []string{env["TRITON_RESELLER_KEY"], env["TRITON_OPERATOR_KEY"], env["TRITON_STANDARD_KEY"]} {
		code, body := get(t, base, key, "/api/v1/subscriptions")
		if code != http.StatusOK {
			t.Fatalf("list subscriptions: HTTP %d", code)
		}
		names := map[string]string{}
		subs, _ := body["subscriptions"].([]any)
		for _, s := range subs {
			m, _ := s.(map[string]any)
			names[m["name"].(string)] = m["uuid"].(string)
		}
		for _, want := range []string{"prod-mainnet", "demo-mainnet", "acc-test"} {
			if names[want] == "" {
				t.Errorf("subscription %q not listed (got %v)", want, names)
			}
		}
		if names["acc-test"] != env["TRITON_TEST_SUBSCRIPTION_UUID"] {
			t.Errorf("TRITON_TEST_SUBSCRIPTION_UUID is not the acc-test subscription")
		}
	}
	// The keys carry their roles: only the reseller lists rate tiers.
	if code, _ := get(t, base, env["TRITON_RESELLER_KEY"], "/api/v1/rate_tiers"); code != http.StatusOK {
		t.Errorf("reseller key: rate tiers HTTP %d, want 200", code)
	}
	for _, key := range []string{env["TRITON_OPERATOR_KEY"], env["TRITON_STANDARD_KEY"]} {
		if code, _ := get(t, base, key, "/api/v1/rate_tiers"); code != http.StatusForbidden {
			t.Errorf("non-reseller key: rate tiers HTTP %d, want 403", code)
		}
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("run returned %v after cancel", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("run did not stop after its context was cancelled")
	}
}

func TestRunRefusesNonLoopbackAddress(t *testing.T) {
	var out syncBuffer
	err := run(context.Background(), []string{"-addr", "0.0.0.0:0"}, &out, &out)
	if err == nil || !strings.Contains(err.Error(), "loopback") {
		t.Fatalf("run with -addr 0.0.0.0:0 = %v, want a loopback error", err)
	}
}

// TestFaultFlags: each misbehaviour flag reaches the emulator's options.
func TestFaultFlags(t *testing.T) {
	var out syncBuffer
	c, err := parseFlags([]string{"-moving-rows", "-ignore-page", "-hollow-creates", "-commit-delay", "5ms", "-answer-delay", "300ms", "-redirect-to", "http://127.0.0.1:1"}, &out)
	if err != nil {
		t.Fatal(err)
	}
	if !c.movingRows || !c.ignorePage || !c.hollowCreates || c.commitDelay != 5*time.Millisecond || c.answerDelay != 300*time.Millisecond || c.redirectTo != "http://127.0.0.1:1" {
		t.Fatalf("flags not parsed: %+v", c)
	}
	c.redirectTo = "" // checked above; the create below must reach this emulator
	emu, s := build(c)
	srv := httptest.NewServer(emu)
	defer srv.Close()
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/api/v1/subscriptions/"+s.subscriptions["acc-test"].UUID+"/tokens", strings.NewReader(`{"token":{"name":"x","rate_tier":"tier1"}}`))
	req.Header.Set("Authorization", s.keys["reseller"])
	began := time.Now()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated || resp.ContentLength > 0 {
		t.Fatalf("-hollow-creates: HTTP %d, %d bytes", resp.StatusCode, resp.ContentLength)
	}
	if d := time.Since(began); d < 300*time.Millisecond {
		t.Fatalf("-answer-delay 300ms: answered after %s", d)
	}
}
