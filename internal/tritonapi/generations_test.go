package tritonapi

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rpcpool/terraform-provider-triton/internal/emulator"
)

// TestWritesKeepInFlightWalks: while subscription A's list is walked (slowly), the
// client writes in A (an activate) and in B (a create, an activate). A's walk is
// kept: its result is stored with A's write re-applied, so later reads of A cost no
// second walk, and B's writes never touch A.
func TestWritesKeepInFlightWalks(t *testing.T) {
	emu := emulator.New(emulator.Options{MaxPerPage: 50})
	acct := emu.AddAccount("a")
	subA := emu.AddSubscription(acct.UUID, "A", "mainnet-shared")
	subB := emu.AddSubscription(acct.UUID, "B", "mainnet-shared")
	key := emu.AddKey("", emulator.RoleReseller, acct.UUID)
	emu.SeedTokens(subA.UUID, 150, "a", false)
	bTok := emu.CreateToken(subB.UUID, "b", "tier1", false)
	var walksOfA atomic.Int32
	var slow atomic.Bool
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet && r.URL.Path == "/api/v1/tokens" && r.URL.Query().Get("subscription_uuid") == subA.UUID {
			if r.URL.Query().Get("page") == "1" {
				walksOfA.Add(1)
			}
			if slow.Load() {
				time.Sleep(60 * time.Millisecond)
			}
		}
		emu.ServeHTTP(w, r)
	}))
	defer srv.Close()
	c, err := New(Options{BaseURL: srv.URL, Token: key, PageSize: 50, MaxRetries: 1, RetryWaitMin: time.Millisecond, RetryWaitMax: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	// A token of A this client created: its subscription is known.
	mine, err := c.CreateToken(ctx, subA.UUID, "mine", "tier1")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.ListTokens(ctx, subB.UUID); err != nil {
		t.Fatal(err)
	}
	c.cache.dropTokens(subA.UUID) // start A afresh, as a new command would
	walksOfA.Store(0)
	slow.Store(true)

	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		if _, err := c.ListTokens(ctx, subA.UUID); err != nil {
			t.Error(err)
		}
	}()
	time.Sleep(30 * time.Millisecond) // the walk of A is under way
	if err := c.ActivateToken(ctx, mine.UUID); err != nil {
		t.Fatal(err)
	}
	if _, err := c.CreateToken(ctx, subB.UUID, "b2", "tier1"); err != nil {
		t.Fatal(err)
	}
	if err := c.ActivateToken(ctx, bTok.UUID); err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	slow.Store(false)

	got, found, err := c.FindToken(ctx, subA.UUID, mine.UUID)
	if err != nil || !found || !got.IsActive {
		t.Fatalf("A's list lost the activate made during its walk: found=%t active=%t err=%v", found, got.IsActive, err)
	}
	if _, err := c.ListTokens(ctx, subA.UUID); err != nil {
		t.Fatal(err)
	}
	if n := walksOfA.Load(); n != 1 {
		t.Fatalf("%d walks of A, want 1 (writes must not discard an in-flight walk)", n)
	}
}
