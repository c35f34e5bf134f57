package tritonapi

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rpcpool/terraform-provider-triton/internal/emulator"
)

// TestCreateSentIsCompletedAfterCancel: the operation is cancelled (Ctrl-C) while
// the POST is in flight. The client finishes it under its grace context and returns
// the token, so it reaches state instead of becoming an orphan.
func TestCreateSentIsCompletedAfterCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	emu, c, sub := adoptionEnv(t, emulator.Options{}, func(_ *emulator.Emulator, _ string, next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodPost {
				cancel() // the interrupt arrives while the server works on the create
				time.Sleep(50 * time.Millisecond)
			}
			next.ServeHTTP(w, r)
		})
	})
	tok, err := c.CreateToken(ctx, sub, "backend", "tier1")
	if err != nil {
		t.Fatalf("a create already sent failed after the cancel: %v", err)
	}
	if tok.UUID == "" || len(emu.Tokens(sub)) != 1 {
		t.Fatalf("token %q, %d in the emulator; want it returned and exactly one", tok.UUID, len(emu.Tokens(sub)))
	}
}

// TestCreateNotSentAfterCancel: cancelled before the POST, nothing is sent, also
// when the create was waiting for another create of the same name.
func TestCreateNotSentAfterCancel(t *testing.T) {
	emu, c, sub := adoptionEnv(t, emulator.Options{}, nil)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := c.CreateToken(ctx, sub, "backend", "tier1"); !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want context.Canceled", err)
	}
	// Waiting on the lock: hold it, cancel, and the waiter gives up.
	lock := c.shared.lock(sub + "\x00token\x00web\x00tier1").ch
	lock <- struct{}{}
	ctx2, cancel2 := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { _, err := c.CreateToken(ctx2, sub, "web", "tier1"); done <- err }()
	time.Sleep(20 * time.Millisecond)
	cancel2()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("waiter got %v, want context.Canceled", err)
	}
	<-lock
	if n := emu.RequestCount("POST /api/v1/subscriptions/{uuid}/tokens"); n != 0 {
		t.Fatalf("%d POSTs sent after cancellation, want 0", n)
	}
}

// TestCreatesOfDifferentNamesRunInParallel: only creates of the same (subscription,
// name, rate tier) wait for each other.
func TestCreatesOfDifferentNamesRunInParallel(t *testing.T) {
	for _, tc := range []struct {
		name         string
		sameName     bool
		wantParallel bool
	}{{"different names", false, true}, {"same name", true, false}} {
		t.Run(tc.name, func(t *testing.T) {
			var inFlight, maxInFlight atomic.Int32
			_, c, sub := adoptionEnv(t, emulator.Options{}, func(_ *emulator.Emulator, _ string, next http.Handler) http.Handler {
				return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					if r.Method == http.MethodPost {
						n := inFlight.Add(1)
						for {
							m := maxInFlight.Load()
							if n <= m || maxInFlight.CompareAndSwap(m, n) {
								break
							}
						}
						time.Sleep(30 * time.Millisecond)
						defer inFlight.Add(-1)
					}
					next.ServeHTTP(w, r)
				})
			})
			if _, err := c.ListTokens(context.Background(), sub); err != nil {
				t.Fatal(err)
			}
			var wg sync.WaitGroup
			for i := 0; i < 6; i++ {
				name := "svc"
				if !tc.sameName {
					name = string(rune('a' + i))
				}
				wg.Add(1)
				go func() {
					defer wg.Done()
					if _, err := c.CreateToken(context.Background(), sub, name, "tier1"); err != nil {
						t.Error(err)
					}
				}()
			}
			wg.Wait()
			if got := maxInFlight.Load() > 1; got != tc.wantParallel {
				t.Fatalf("max creates in flight %d; parallel=%t, want %t", maxInFlight.Load(), got, tc.wantParallel)
			}
		})
	}
}

// TestTimedOutCreateThatCommitsLaterIsAdopted: the client gives up on the POST
// (its timeout is shorter than the server's), the server commits anyway. The client
// looks again before POSTing again, adopts it, and makes no second token.
func TestTimedOutCreateThatCommitsLaterIsAdopted(t *testing.T) {
	emu := emulator.New(emulator.Options{CommitDelay: 300 * time.Millisecond})
	acct := emu.AddAccount("a")
	sub := emu.AddSubscription(acct.UUID, "s", "mainnet-shared")
	key := emu.AddKey("", emulator.RoleReseller, acct.UUID)
	srv := httptest.NewServer(emu)
	defer srv.Close()
	c, err := New(Options{
		BaseURL: srv.URL, Token: key, HTTPClient: &http.Client{Timeout: 100 * time.Millisecond},
		MaxRetries: 4, RetryWaitMin: 100 * time.Millisecond, RetryWaitMax: 400 * time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	tok, err := c.CreateToken(context.Background(), sub.UUID, "backend", "tier1")
	if err != nil {
		t.Fatalf("create: %v", err)
	}
	if tok.UUID == "" || len(emu.Tokens(sub.UUID)) != 1 {
		t.Fatalf("%d tokens, want 1 (adopted)", len(emu.Tokens(sub.UUID)))
	}
	if n := emu.RequestCount("POST /api/v1/subscriptions/{uuid}/tokens"); n != 1 {
		t.Fatalf("%d POSTs, want 1", n)
	}
}
