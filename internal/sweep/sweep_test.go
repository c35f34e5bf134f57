package sweep

import (
	"bytes"
	"context"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/rpcpool/terraform-provider-triton/internal/emulator"
	"github.com/rpcpool/terraform-provider-triton/internal/tritonapi"
)

func client(t *testing.T, url, key string) *tritonapi.Client {
	t.Helper()
	c, err := tritonapi.New(tritonapi.Options{BaseURL: url, Token: key, MaxRetries: 1})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestRun deactivates exactly the active tf-acc- objects of one subscription, leaves
// everything else alone, and a second run calls nothing.
func TestRun(t *testing.T) {
	emu := emulator.New(emulator.Options{})
	acct := emu.AddAccount("acme")
	sub := emu.AddSubscription(acct.UUID, "acc", "mainnet-shared")
	other := emu.AddSubscription(acct.UUID, "other", "mainnet-shared")
	key := emu.AddKey("", emulator.RoleReseller, acct.UUID)
	srv := httptest.NewServer(emu)
	defer srv.Close()

	leftTok := emu.CreateToken(sub.UUID, "tf-acc-left", "tier1", true)
	inactive := emu.CreateToken(sub.UUID, "tf-acc-done", "tier1", false)
	mine := emu.CreateToken(sub.UUID, "backend", "tier1", true)
	prefixLater := emu.CreateToken(sub.UUID, "x-tf-acc-no", "tier1", true)
	otherSub := emu.CreateToken(other.UUID, "tf-acc-elsewhere", "tier1", true)
	leftEP := emu.CreateEndpoint(sub.UUID, "tf-acc-ep", "tier1", true)
	keepEP := emu.CreateEndpoint(sub.UUID, "web", "tier1", true)

	var out bytes.Buffer
	r, err := Run(context.Background(), client(t, srv.URL, key), sub.UUID, &out)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Deactivated) != 2 || r.Skipped != 1 || len(r.Failed) != 0 {
		t.Fatalf("result %+v, want 2 deactivated, 1 skipped; output:\n%s", r, out.String())
	}
	for uuid, want := range map[string]bool{leftTok.UUID: false, inactive.UUID: false, mine.UUID: true, prefixLater.UUID: true, otherSub.UUID: true} {
		tok, _ := emu.Token(uuid)
		if tok.IsActive != want {
			t.Errorf("token %s active = %t, want %t", tok.Name, tok.IsActive, want)
		}
	}
	if ep, _ := emu.Endpoint(leftEP.UUID); ep.IsActive {
		t.Errorf("endpoint tf-acc-ep still active")
	}
	if ep, _ := emu.Endpoint(keepEP.UUID); !ep.IsActive {
		t.Errorf("endpoint web was deactivated")
	}
	if !strings.Contains(out.String(), "deactivated token tf-acc-left") || !strings.Contains(out.String(), "deactivated endpoint tf-acc-ep") {
		t.Errorf("output does not say what was done:\n%s", out.String())
	}
	if tok, _ := emu.Token(leftTok.UUID); len(tok.DeactivationReasons) != 1 || tok.DeactivationReasons[0].Description != Reason {
		t.Errorf("deactivation reason not recorded: %+v", tok.DeactivationReasons)
	}

	// Twice is safe: nothing active is left, so no deactivate is sent.
	emu.ResetCounts()
	out.Reset()
	c := client(t, srv.URL, key)
	r, err = Run(context.Background(), c, sub.UUID, &out)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Deactivated) != 0 || r.Skipped != 3 {
		t.Fatalf("second run %+v, want nothing deactivated and 3 skipped", r)
	}
	for route, n := range emu.RequestCounts() {
		if strings.Contains(route, "deactivate") && n > 0 {
			t.Errorf("second run sent %d %s", n, route)
		}
	}
	left, err := Active(context.Background(), c, sub.UUID)
	if err != nil || len(left) != 0 {
		t.Fatalf("Active after sweep = %v, %v; want none", left, err)
	}
}

// TestRunReportsFailures: a key that may not deactivate gets each failure listed.
func TestRunReportsFailures(t *testing.T) {
	emu := emulator.New(emulator.Options{})
	acct := emu.AddAccount("acme")
	sub := emu.AddSubscription(acct.UUID, "acc", "mainnet-shared")
	key := emu.AddKey("", emulator.RoleStandard, acct.UUID)
	srv := httptest.NewServer(emu)
	defer srv.Close()
	emu.CreateToken(sub.UUID, "tf-acc-x", "tier1", true)
	var out bytes.Buffer
	r, err := Run(context.Background(), client(t, srv.URL, key), sub.UUID, &out)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Failed) != 1 || !strings.Contains(out.String(), "failed to deactivate token tf-acc-x") {
		t.Fatalf("result %+v output %q, want one listed failure", r, out.String())
	}
}
