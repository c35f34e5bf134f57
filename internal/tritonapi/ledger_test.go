package tritonapi

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rpcpool/terraform-provider-triton/internal/emulator"
)

const tokenPOST = "POST /api/v1/subscriptions/{uuid}/tokens"

// ledgerRuns gives a test two runs of one working directory on one server: an
// earlier one and the current one, each a client with a process state of its own
// (as two Terraform runs are two sets of provider processes) and one ledger.
type ledgerRuns struct {
	emu       *emulator.Emulator
	sub, root string
	earlier   *Client
	current   *Client
}

func newLedgerRuns(t *testing.T, interrupted bool) *ledgerRuns {
	t.Helper()
	emu, first, sub := adoptionEnv(t, emulator.Options{NewObjectsActive: true}, nil)
	root := t.TempDir()
	second, err := New(Options{BaseURL: first.base.String(), Token: first.token, MaxRetries: 3, RetryWaitMin: time.Millisecond, RetryWaitMax: 2 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(root, "ledger-test")
	first.shared = freshShared()
	first.shared.ledger = &ledger{root: root, dir: dir, run: "earlier"}
	second.shared = freshShared()
	second.shared.ledger = &ledger{root: root, dir: dir, run: "current"}
	if interrupted {
		markInterrupted(t, root, "earlier")
	}
	return &ledgerRuns{emu: emu, sub: sub, root: root, earlier: first, current: second}
}

func freshShared() *shared {
	return &shared{
		flow: newFlow(), locks: map[string]*createLock{}, claims: map[string]struct{}{},
		gens: map[string]uint64{}, secrets: map[string]struct{}{}, adopted: map[string]struct{}{},
	}
}

func markInterrupted(t *testing.T, root, run string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Join(root, "interrupted"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "interrupted", run), nil, 0o600); err != nil {
		t.Fatal(err)
	}
}

func (r *ledgerRuns) create(t *testing.T, c *Client) Token {
	t.Helper()
	tok, err := c.CreateToken(context.Background(), r.sub, "svc", "tier1")
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// TestLedgerAdoptsWhatAnInterruptedRunLeftOutOfState: the earlier run was
// interrupted and no state showed its token since; the current run's create of
// that name adopts it with no POST and says so.
func TestLedgerAdoptsWhatAnInterruptedRunLeftOutOfState(t *testing.T) {
	r := newLedgerRuns(t, true)
	orphan := r.create(t, r.earlier)
	tok := r.create(t, r.current)
	if tok.UUID != orphan.UUID {
		t.Fatalf("created %s beside the orphan %s, want it adopted", tok.UUID, orphan.UUID)
	}
	if tok.Value != orphan.Value || tok.Value == "" {
		t.Fatal("the adopted token does not carry its value")
	}
	if n := r.emu.RequestCount(tokenPOST); n != 1 {
		t.Fatalf("%d POSTs, want 1", n)
	}
	if !r.current.AdoptedFromInterruptedRun(tok.UUID) || r.current.AdoptedFromInterruptedRun(orphan.UUID+"x") {
		t.Fatal("AdoptedFromInterruptedRun does not report the adoption (or reports another uuid)")
	}
	// Adopted once: the current run now holds it, so a second create of the name mints.
	if again := r.create(t, r.current); again.UUID == orphan.UUID {
		t.Fatal("the same orphan was adopted twice in one run")
	}
}

// TestLedgerLeavesAlone: every case where the earlier run's token is not an
// orphan of an interrupted run, or must not be taken, ends in a POST.
func TestLedgerLeavesAlone(t *testing.T) {
	for _, tc := range []struct {
		name        string
		interrupted bool
		between     func(r *ledgerRuns, orphan Token)
	}{
		{"the earlier run ended normally (its state holds it, even unplanned since)", false, nil},
		{"a plan, refresh or import showed it in state", true, func(r *ledgerRuns, o Token) { r.current.Tracked(o.UUID) }},
		{"another resource instance of this run holds it", true, func(r *ledgerRuns, o Token) { r.current.Claim(o.UUID) }},
		{"someone deactivated it (revoked)", true, func(r *ledgerRuns, o Token) { r.emu.SetTokenActive(o.UUID, false, "leaked") }},
		{"it is gone from the list", true, func(r *ledgerRuns, o Token) { r.emu.RemoveToken(o.UUID) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := newLedgerRuns(t, tc.interrupted)
			orphan := r.create(t, r.earlier)
			if tc.between != nil {
				tc.between(r, orphan)
			}
			tok := r.create(t, r.current)
			if tok.UUID == orphan.UUID || r.current.AdoptedFromInterruptedRun(tok.UUID) {
				t.Fatal("adopted")
			}
			if n := r.emu.RequestCount(tokenPOST); n != 2 {
				t.Fatalf("%d POSTs, want 2", n)
			}
		})
	}
}

// TestLedgerSameRunNeverAdopts: within one run, a same-named create of another
// instance is never taken for an orphan, interrupted or not.
func TestLedgerSameRunNeverAdopts(t *testing.T) {
	r := newLedgerRuns(t, true)
	markInterrupted(t, r.root, "current")
	first := r.create(t, r.current)
	r.current.shared.claims = map[string]struct{}{} // as another process of the run would see it
	if second := r.create(t, r.current); second.UUID == first.UUID {
		t.Fatal("a create adopted what its own run created")
	}
}

// TestLedgerDropsEntriesThatCannotBeOrphans: a revoked or vanished orphan's entry
// is removed, so it is not looked at again.
func TestLedgerDropsEntriesThatCannotBeOrphans(t *testing.T) {
	r := newLedgerRuns(t, true)
	orphan := r.create(t, r.earlier)
	r.emu.RemoveToken(orphan.UUID)
	r.create(t, r.current)
	if _, err := os.Stat(filepath.Join(r.current.shared.ledger.dir, "u-"+orphan.UUID)); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("the vanished orphan's entry is still there (%v)", err)
	}
}

// TestLedgerEndpointOrigins: an endpoint orphan is adopted only when its origins
// are those this create sends.
func TestLedgerEndpointOrigins(t *testing.T) {
	for _, tc := range []struct {
		name   string
		now    []OriginInput
		adopts bool
	}{
		{"same origins, another order", []OriginInput{{Value: "b.example.com"}, {Value: "a.example.com"}}, true},
		{"other origins", []OriginInput{{Value: "a.example.com"}}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := newLedgerRuns(t, true)
			ctx := context.Background()
			orphan, err := r.earlier.CreateEndpoint(ctx, r.sub, EndpointCreate{Name: "web", RateTier: "tier1", AllowedOrigins: []OriginInput{{Value: "a.example.com"}, {Value: "b.example.com"}}})
			if err != nil {
				t.Fatal(err)
			}
			ep, err := r.current.CreateEndpoint(ctx, r.sub, EndpointCreate{Name: "web", RateTier: "tier1", AllowedOrigins: tc.now})
			if err != nil {
				t.Fatal(err)
			}
			if (ep.UUID == orphan.UUID) != tc.adopts {
				t.Fatalf("adopted: %t, want %t", ep.UUID == orphan.UUID, tc.adopts)
			}
		})
	}
}

// TestLedgerPendingCreateFailsOnce: an interrupted run's provider died with a
// POST on its way. A same-named token that appeared since fails the next create
// once, with its import id and no POST; the create after that is sent.
func TestLedgerPendingCreateFailsOnce(t *testing.T) {
	r := newLedgerRuns(t, true)
	existing := r.emu.CreateToken(r.sub, "svc", "tier1", true) // there before the interrupted create
	key := r.sub + "\x00token\x00svc\x00tier1"
	r.earlier.shared.ledger.begin(key, []string{existing.UUID}) // never done: the provider died
	appeared := r.emu.CreateToken(r.sub, "svc", "tier1", true)

	_, err := r.current.CreateToken(context.Background(), r.sub, "svc", "tier1")
	var pe *PendingCreateError
	if !errors.As(err, &pe) {
		t.Fatalf("err = %v, want a PendingCreateError", err)
	}
	msg := err.Error()
	if !strings.Contains(msg, r.sub+"/"+appeared.UUID) || strings.Contains(msg, existing.UUID) {
		t.Fatalf("the error should name the token that appeared (and only it): %s", msg)
	}
	if strings.Contains(msg, appeared.Value) {
		t.Fatal("the error quotes a token value")
	}
	if n := r.emu.RequestCount(tokenPOST); n != 0 {
		t.Fatalf("%d POSTs, want 0", n)
	}
	r.create(t, r.current) // once: the next create is sent
	if n := r.emu.RequestCount(tokenPOST); n != 1 {
		t.Fatalf("%d POSTs after the second create, want 1", n)
	}
}

// TestLedgerPendingCreateWithNothingNewIsSent: the interrupted create never
// committed; the next create goes ahead at once.
func TestLedgerPendingCreateWithNothingNewIsSent(t *testing.T) {
	r := newLedgerRuns(t, true)
	r.earlier.shared.ledger.begin(r.sub+"\x00token\x00svc\x00tier1", nil)
	r.create(t, r.current)
	if n := r.emu.RequestCount(tokenPOST); n != 1 {
		t.Fatalf("%d POSTs, want 1", n)
	}
}

// TestLedgerPendingOfANormalRunIsIgnored: a pending entry of a run that was not
// interrupted (its provider still working, say) fails nothing.
func TestLedgerPendingOfANormalRunIsIgnored(t *testing.T) {
	r := newLedgerRuns(t, false)
	r.earlier.shared.ledger.begin(r.sub+"\x00token\x00svc\x00tier1", nil)
	r.emu.CreateToken(r.sub, "svc", "tier1", true)
	r.create(t, r.current)
}

// TestLedgerFiles: what a create writes, what settling removes, the sweep of old
// entries, and uuids that would name a path outside the ledger.
func TestLedgerFiles(t *testing.T) {
	root := t.TempDir()
	l := &ledger{root: root, dir: filepath.Join(root, "ledger-x"), run: "r1"}
	l.record("k", "u1")
	if _, err := os.Stat(filepath.Join(l.dir, "u-u1")); err != nil {
		t.Fatal("no uuid index written")
	}
	markInterrupted(t, root, "r1")
	if got := (&ledger{root: root, dir: l.dir, run: "r2"}).orphans("k"); len(got) != 1 || got[0] != "u1" {
		t.Fatalf("orphans = %v, want [u1]", got)
	}
	if got := l.orphans("k"); len(got) != 0 {
		t.Fatalf("its own run sees orphans %v", got)
	}
	l.settle("u1")
	if got := (&ledger{root: root, dir: l.dir, run: "r2"}).orphans("k"); len(got) != 0 {
		t.Fatalf("a settled entry is still an orphan: %v", got)
	}
	for _, bad := range []string{"../escape", "a/b", "", ".."} {
		l.record("k", bad)
	}
	if _, err := os.Stat(filepath.Join(root, "escape")); err == nil {
		t.Fatal("a uuid named a path outside the ledger")
	}
	l.record("k", "old")
	old := time.Now().Add(-8 * 24 * time.Hour)
	for _, p := range []string{filepath.Join(l.dir, "u-old"), filepath.Join(l.dir, "k-"+fileKey("k"), "old")} {
		if err := os.Chtimes(p, old, old); err != nil {
			t.Fatal(err)
		}
	}
	l.record("k", "new")
	l.record("gone", "older")
	for _, p := range []string{filepath.Join(l.dir, "u-older"), filepath.Join(l.dir, "k-"+fileKey("gone"), "older")} {
		if err := os.Chtimes(p, old, old); err != nil {
			t.Fatal(err)
		}
	}
	sweepLedgers(root)
	if _, err := os.Stat(filepath.Join(l.dir, "u-old")); err == nil {
		t.Fatal("the sweep kept an entry older than a week")
	}
	if _, err := os.Stat(filepath.Join(l.dir, "u-new")); err != nil {
		t.Fatal("the sweep removed a fresh entry")
	}
	if _, err := os.Stat(filepath.Join(l.dir, "k-"+fileKey("gone"))); err == nil {
		t.Fatal("the sweep left a name directory it emptied")
	}
	l.record("k", "later")
	if err := os.Chtimes(filepath.Join(l.dir, "u-later"), old, old); err != nil {
		t.Fatal(err)
	}
	sweepLedgers(root) // within the hour: not swept again
	if _, err := os.Stat(filepath.Join(l.dir, "u-later")); err != nil {
		t.Fatal("a second sweep within the hour walked the ledgers again")
	}
	l.settle("later")
	l.settle("new")
	if _, err := os.Stat(filepath.Join(l.dir, "k-"+fileKey("k"))); err == nil {
		t.Fatal("settling the last entry of a name left its directory")
	}
	l.record("k", "again") // the directory is made again
	if _, err := os.Stat(filepath.Join(l.dir, "k-"+fileKey("k"), "again")); err != nil {
		t.Fatal("no entry after its name directory was removed")
	}
	off := &ledger{}
	off.record("k", "u")
	off.settle("u")
	if off.orphans("k") != nil || off.begin("k", nil) != "" {
		t.Fatal("a ledger that is off recorded something")
	}
}

// TestLedgerWorkspace: the workspace comes from TF_WORKSPACE, else the data
// directory's environment file, else "default".
func TestLedgerWorkspace(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	t.Setenv("TF_WORKSPACE", "")
	t.Setenv("TF_DATA_DIR", "")
	if ws := workspace(); ws != "default" {
		t.Fatalf("workspace = %q, want default", ws)
	}
	if err := os.MkdirAll(".terraform", 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(".terraform/environment", []byte("staging\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if ws := workspace(); ws != "staging" {
		t.Fatalf("workspace = %q, want staging", ws)
	}
	t.Setenv("TF_WORKSPACE", "prod")
	if ws := workspace(); ws != "prod" {
		t.Fatalf("workspace = %q, want prod", ws)
	}
	UseLedger(t.TempDir())
	defer UseLedger("")
	a := openLedger("http://x")
	t.Setenv("TF_WORKSPACE", "staging")
	b := openLedger("http://x")
	if a.dir == b.dir || a.dir == "" {
		t.Fatal("two workspaces share a ledger")
	}
	// Two backends (one directory applied against two states) keep two ledgers;
	// re-initialising the same backend (a new lineage) keeps the ledger.
	backend := func(key, lineage string) {
		doc := `{"version":3,"serial":1,"lineage":"` + lineage + `","backend":{"type":"s3","config":{"bucket":"b","key":"` + key + `"},"hash":1}}`
		if err := os.WriteFile(".terraform/terraform.tfstate", []byte(doc), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	backend("main.tfstate", "l1")
	c := openLedger("http://x")
	backend("main.tfstate", "l2")
	if d := openLedger("http://x"); d.dir != c.dir {
		t.Fatal("a new init of the same backend moved the ledger")
	}
	backend("feature.tfstate", "l2")
	if d := openLedger("http://x"); d.dir == c.dir || c.dir == b.dir {
		t.Fatal("two backends share a ledger")
	}
}
