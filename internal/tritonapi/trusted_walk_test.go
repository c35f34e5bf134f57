package tritonapi

import (
	"context"
	"errors"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/rpcpool/terraform-provider-triton/internal/emulator"
)

func walkEnv(t *testing.T, opts emulator.Options, n int) (*emulator.Emulator, *Client, string, []emulator.Token) {
	t.Helper()
	emu := emulator.New(opts)
	acct := emu.AddAccount("a")
	sub := emu.AddSubscription(acct.UUID, "s", "mainnet-shared")
	key := emu.AddKey("", emulator.RoleReseller, acct.UUID)
	toks := emu.SeedTokens(sub.UUID, n, "t", true)
	srv := httptest.NewServer(emu)
	t.Cleanup(srv.Close)
	c, err := New(Options{BaseURL: srv.URL, Token: key, PageSize: 50, MaxRetries: 1, RetryWaitMin: time.Millisecond, RetryWaitMax: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	return emu, c, sub.UUID, toks
}

// TestWalkSurvivesMovingRows: rows move on every page served, so each single walk
// misses some tokens and sees others twice; the merged walks still find every one
// of the 150 tokens, none is called gone, and the walks are bounded.
func TestWalkSurvivesMovingRows(t *testing.T) {
	emu, c, sub, toks := walkEnv(t, emulator.Options{MovingRows: true, MaxPerPage: 50}, 150)
	list, err := c.ListTokens(context.Background(), sub)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 150 {
		t.Fatalf("%d tokens listed, want 150 (unique)", len(list))
	}
	for _, tok := range toks {
		if _, found, err := c.FindToken(context.Background(), sub, tok.UUID); err != nil || !found {
			t.Fatalf("token %s: found=%t err=%v; a moving row must never be gone", tok.Name, found, err)
		}
	}
	if n := emu.RequestCount("GET /api/v1/tokens"); n > maxWalks*4 {
		t.Fatalf("%d list calls, want at most %d", n, maxWalks*4)
	}
}

// TestWalkWellBehavedIsOneWalk: a server that holds still costs ⌈N/per⌉ calls.
func TestWalkWellBehavedIsOneWalk(t *testing.T) {
	emu, c, sub, _ := walkEnv(t, emulator.Options{MaxPerPage: 50}, 150)
	if _, err := c.ListTokens(context.Background(), sub); err != nil {
		t.Fatal(err)
	}
	if n := emu.RequestCount("GET /api/v1/tokens"); n != 3 {
		t.Fatalf("%d list calls for 150 tokens at 50 per page, want 3", n)
	}
}

// TestWalkEndlessListEndsAndIsNotGone: a server that ignores `page` and always
// offers more ends after a page that brings nothing new; a token beyond page 1 is
// an error (the list never added up), never "gone".
func TestWalkEndlessListEndsAndIsNotGone(t *testing.T) {
	emu, c, sub, toks := walkEnv(t, emulator.Options{IgnorePage: true, MaxPerPage: 50}, 120)
	_, found, err := c.FindToken(context.Background(), sub, toks[110].UUID)
	var ie *IncompleteListError
	if found || !errors.As(err, &ie) {
		t.Fatalf("found=%t err=%v; want an IncompleteListError", found, err)
	}
	if ie.Unique != 50 || ie.Total != 120 {
		t.Fatalf("error reports %d unique of %d, want 50 of 120", ie.Unique, ie.Total)
	}
	// Page 1, then one concurrent batch of the pages up to the claimed total_pages
	// (2..4), whose first page brings nothing new: 4 calls per walk, never more
	// than one batch beyond a page-by-page walk.
	if n := emu.RequestCount("GET /api/v1/tokens"); n != 4*maxWalks {
		t.Fatalf("%d list calls, want %d (page 1 and one batch of 3 per walk)", n, 4*maxWalks)
	}
	// A token on the page the server does serve is still found.
	if _, found, err := c.FindToken(context.Background(), sub, toks[3].UUID); err != nil || !found {
		t.Fatalf("token on page 1: found=%t err=%v", found, err)
	}
}
