package tritonapi

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/rpcpool/terraform-provider-triton/internal/emulator"
)

func adoptionEnv(t *testing.T, opts emulator.Options, wrap func(*emulator.Emulator, string, http.Handler) http.Handler) (*emulator.Emulator, *Client, string) {
	t.Helper()
	emu := emulator.New(opts)
	acct := emu.AddAccount("a")
	sub := emu.AddSubscription(acct.UUID, "s", "mainnet-shared")
	key := emu.AddKey("", emulator.RoleReseller, acct.UUID)
	var h http.Handler = emu
	if wrap != nil {
		h = wrap(emu, sub.UUID, emu)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	c, err := New(Options{BaseURL: srv.URL, Token: key, MaxRetries: 3, RetryWaitMin: time.Millisecond, RetryWaitMax: 2 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	return emu, c, sub.UUID
}

// TestHollowCreateIsAdopted: a create that commits and answers 201 with an empty
// body is adopted after a re-list, never POSTed again.
func TestHollowCreateIsAdopted(t *testing.T) {
	emu, c, sub := adoptionEnv(t, emulator.Options{HollowCreates: true}, nil)
	tok, err := c.CreateToken(context.Background(), sub, "backend", "tier1")
	if err != nil {
		t.Fatal(err)
	}
	if tok.UUID == "" || tok.Value == "" || tok.Name != "backend" {
		t.Fatalf("adopted token is incomplete: %+v", tok.UUID)
	}
	if n := emu.RequestCount("POST /api/v1/subscriptions/{uuid}/tokens"); n != 1 {
		t.Fatalf("%d POSTs, want 1", n)
	}
	if n := len(emu.Tokens(sub)); n != 1 {
		t.Fatalf("%d tokens, want 1", n)
	}
	ep, err := c.CreateEndpoint(context.Background(), sub, EndpointCreate{Name: "web", RateTier: "tier1"})
	if err != nil || ep.UUID == "" {
		t.Fatalf("hollow endpoint create: %v", err)
	}
	if n := len(emu.Endpoints(sub)); n != 1 {
		t.Fatalf("%d endpoints, want 1", n)
	}
}

// TestAdoptionWithTwoCandidatesIsAnError: the answer is lost and, meanwhile, another
// client created a token with the same name and tier. Two new matches: the client
// adopts neither and names both uuids with the import command.
func TestAdoptionWithTwoCandidatesIsAnError(t *testing.T) {
	emu, c, sub := adoptionEnv(t, emulator.Options{}, func(emu *emulator.Emulator, sub string, next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodPost {
				emu.CreateToken(sub, "backend", "tier1", false) // out of band, same name and tier
				emu.SetFaults(0, 1)                             // this create commits, then answers 502
			}
			next.ServeHTTP(w, r)
		})
	})
	_, err := c.CreateToken(context.Background(), sub, "backend", "tier1")
	var ae *AmbiguousAdoptionError
	if !errors.As(err, &ae) || len(ae.UUIDs) != 2 {
		t.Fatalf("got %v, want an AmbiguousAdoptionError with 2 uuids", err)
	}
	for _, tok := range emu.Tokens(sub) {
		if !strings.Contains(err.Error(), tok.UUID) {
			t.Fatalf("error does not name %s: %v", tok.UUID, err)
		}
	}
	if !strings.Contains(err.Error(), "terraform import") {
		t.Fatalf("error does not give the import command: %v", err)
	}
	if n := emu.RequestCount("POST /api/v1/subscriptions/{uuid}/tokens"); n != 1 {
		t.Fatalf("%d POSTs, want 1 (never re-POST when candidates exist)", n)
	}
}

// TestDeactivateWithReasonIsNotRepeatedBlindly: the deactivate commits, then the
// gateway answers 504. The client checks by listing instead of repeating the PUT,
// so the reason is recorded once.
func TestDeactivateWithReasonIsNotRepeatedBlindly(t *testing.T) {
	emu, c, sub := adoptionEnv(t, emulator.Options{}, nil)
	tok := emu.CreateToken(sub, "backend", "tier1", true)
	ep := emu.CreateEndpoint(sub, "web", "tier1", true)
	if _, err := c.ListTokens(context.Background(), sub); err != nil { // the client knows the token's subscription
		t.Fatal(err)
	}
	if _, err := c.ListEndpoints(context.Background(), sub); err != nil {
		t.Fatal(err)
	}
	emu.SetPutCommitThen504(2)
	if err := c.DeactivateToken(context.Background(), tok.UUID, "rotated"); err != nil {
		t.Fatalf("deactivate: %v", err)
	}
	if err := c.DeactivateEndpoint(context.Background(), ep.UUID, "retired"); err != nil {
		t.Fatalf("deactivate endpoint: %v", err)
	}
	got, _ := emu.Token(tok.UUID)
	if got.IsActive || len(got.DeactivationReasons) != 1 {
		t.Fatalf("token active=%t with %d reasons, want inactive with 1", got.IsActive, len(got.DeactivationReasons))
	}
	gotEP, _ := emu.Endpoint(ep.UUID)
	if gotEP.IsActive || len(gotEP.DeactivationReasons) != 1 {
		t.Fatalf("endpoint active=%t with %d reasons, want inactive with 1", gotEP.IsActive, len(gotEP.DeactivationReasons))
	}
	if n := emu.RequestCount("PUT /api/v1/tokens/{uuid}/deactivate"); n != 1 {
		t.Fatalf("%d token deactivate PUTs, want 1", n)
	}
}

// TestStaleBeforeSetIsRefreshed: the client's list was cached a while ago; since
// then another client made a token with the same name and tier. Our create's answer
// is lost. The before set is walked afresh (the cached one is older than
// BeforeSetMaxAge), so the other client's token is not taken for ours: ours is
// adopted.
func TestStaleBeforeSetIsRefreshed(t *testing.T) {
	emu := emulator.New(emulator.Options{})
	acct := emu.AddAccount("a")
	sub := emu.AddSubscription(acct.UUID, "s", "mainnet-shared")
	key := emu.AddKey("", emulator.RoleReseller, acct.UUID)
	srv := httptest.NewServer(emu)
	defer srv.Close()
	c, err := New(Options{BaseURL: srv.URL, Token: key, MaxRetries: 2, RetryWaitMin: time.Millisecond, RetryWaitMax: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.ListTokens(context.Background(), sub.UUID); err != nil {
		t.Fatal(err)
	}
	theirs := emu.CreateToken(sub.UUID, "backend", "tier1", true) // out of band, after our list
	time.Sleep(5 * time.Millisecond)
	emu.SetFaults(0, 1) // our create commits, then answers 502
	ours, err := c.CreateToken(context.Background(), sub.UUID, "backend", "tier1")
	if err != nil {
		t.Fatalf("create: %v", err)
	}
	if ours.UUID == theirs.UUID {
		t.Fatal("adopted the other client's token")
	}
	if n := len(emu.Tokens(sub.UUID)); n != 2 {
		t.Fatalf("%d tokens, want 2 (theirs and ours)", n)
	}
}
