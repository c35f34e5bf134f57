package tritonapi

import (
	"context"
	"errors"
	"fmt"
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

func newLedgerRuns(t *testing.T) *ledgerRuns {
	t.Helper()
	emu, first, sub := adoptionEnv(t, emulator.Options{NewObjectsActive: true}, nil)
	root := t.TempDir()
	second, err := New(Options{BaseURL: first.base.String(), Token: first.token, MaxRetries: 3, RetryWaitMin: time.Millisecond, RetryWaitMax: 2 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(root, "ledger-"+strings.Repeat("ab", 12))
	first.shared = freshShared()
	first.shared.ledger = &ledger{root: root, dir: dir, run: "earlier"}
	second.shared = freshShared()
	second.shared.ledger = &ledger{root: root, dir: dir, run: "current"}
	return &ledgerRuns{emu: emu, sub: sub, root: root, earlier: first, current: second}
}

func freshShared() *shared {
	return &shared{
		flow: newFlow(), locks: map[string]*createLock{}, claims: map[string]struct{}{},
		gens: map[string]uint64{}, secrets: map[string]struct{}{}, adopted: map[string]struct{}{},
	}
}

// markRunAt writes a run's end marker as the provider's main would have.
func markRunAt(t *testing.T, root, run, kind string, at time.Time) {
	t.Helper()
	if err := os.MkdirAll(filepath.Join(root, "interrupted"), 0o700); err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(filepath.Join(root, "interrupted", run), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := fmt.Fprintf(f, "%s %d\n", kind, at.UnixNano()); err != nil {
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

func (r *ledgerRuns) posts() int { return r.emu.RequestCount(tokenPOST) }

// TestLedgerAdoptsWhatItsRunReturnedAfterTerraformLeft: the earlier run's create
// returned after that run was closed (Terraform gone): it is in no state, and the
// current run's create of that name adopts it with no POST and says so.
func TestLedgerAdoptsWhatItsRunReturnedAfterTerraformLeft(t *testing.T) {
	r := newLedgerRuns(t)
	markRunAt(t, r.root, "earlier", "stop", time.Now().Add(-time.Second))
	markRunAt(t, r.root, "earlier", "closed", time.Now())
	orphan := r.create(t, r.earlier)
	tok := r.create(t, r.current)
	if tok.UUID != orphan.UUID {
		t.Fatalf("created %s beside the orphan %s, want it adopted", tok.UUID, orphan.UUID)
	}
	if tok.Value != orphan.Value || tok.Value == "" {
		t.Fatal("the adopted token does not carry its value")
	}
	if n := r.posts(); n != 1 {
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

// TestLedgerRefusesOnceWhatMayBeSaved: what a run returned around its stop (a
// graceful stop saves it; a second interrupt does not) is never adopted: the
// create fails once, naming it with its import id and sending nothing, and the
// next create is sent. Likewise an inactive orphan, and two orphans of one name.
func TestLedgerRefusesOnceWhatMayBeSaved(t *testing.T) {
	for _, tc := range []struct {
		name    string
		setup   func(r *ledgerRuns) []Token // the objects the refusal must name
		wantErr string
	}{
		{"returned after the stop", func(r *ledgerRuns) []Token {
			markRunAt(t, r.root, "earlier", "stop", time.Now())
			return []Token{r.create(t, r.earlier)}
		}, ""},
		{"returned just before the stop", func(r *ledgerRuns) []Token {
			o := r.create(t, r.earlier)
			markRunAt(t, r.root, "earlier", "stop", time.Now().Add(unsavedWindow/2))
			return []Token{o}
		}, ""},
		{"returned just before Terraform left", func(r *ledgerRuns) []Token {
			o := r.create(t, r.earlier)
			markRunAt(t, r.root, "earlier", "closed", time.Now().Add(time.Second))
			return []Token{o}
		}, ""},
		{"inactive, though surely unsaved", func(r *ledgerRuns) []Token {
			markRunAt(t, r.root, "earlier", "closed", time.Now())
			o := r.create(t, r.earlier)
			r.emu.SetTokenActive(o.UUID, false, "")
			return []Token{o}
		}, ""},
		{"two surely unsaved of one name", func(r *ledgerRuns) []Token {
			markRunAt(t, r.root, "earlier", "closed", time.Now())
			a := r.create(t, r.earlier)
			r.earlier.shared.claims = map[string]struct{}{} // two instances of that run, as two processes see it
			return []Token{a, r.create(t, r.earlier)}
		}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := newLedgerRuns(t)
			named := tc.setup(r)
			before := r.posts()
			_, err := r.current.CreateToken(context.Background(), r.sub, "svc", "tier1")
			var ie *InterruptedCreateError
			if !errors.As(err, &ie) {
				t.Fatalf("err = %v, want an InterruptedCreateError", err)
			}
			for _, o := range named {
				if !strings.Contains(err.Error(), "import id "+r.sub+"/"+o.UUID) {
					t.Errorf("the refusal does not give the import id of %s: %s", o.UUID, err)
				}
				if strings.Contains(err.Error(), o.Value) {
					t.Fatal("the refusal quotes a token value")
				}
			}
			if n := r.posts(); n != before {
				t.Fatalf("%d POSTs during the refusal, want none", n-before)
			}
			if tok := r.create(t, r.current); r.posts() != before+1 || r.current.AdoptedFromInterruptedRun(tok.UUID) {
				t.Fatal("the create after the refusal was not sent")
			}
		})
	}
}

// TestLedgerLeavesAlone: every case where the earlier run's token is taken for
// saved, or must not be taken, ends in a POST with no error.
func TestLedgerLeavesAlone(t *testing.T) {
	for _, tc := range []struct {
		name    string
		between func(r *ledgerRuns, orphan Token)
	}{
		{"the earlier run ended normally (its state holds it, even unplanned since)", nil},
		{"it returned long before the stop (the stop's own state write saved it)", func(r *ledgerRuns, o Token) {
			markRunAt(t, r.root, "earlier", "stop", time.Now().Add(2*unsavedWindow))
		}},
		{"a plan, refresh or import (here or elsewhere on the machine) showed it in state", func(r *ledgerRuns, o Token) {
			markRunAt(t, r.root, "earlier", "closed", time.Now().Add(-time.Hour))
			other, err := New(Options{BaseURL: r.current.base.String() + "/", Token: r.current.token})
			if err != nil {
				t.Fatal(err)
			}
			other.shared = freshShared()
			other.shared.ledger = &ledger{root: r.root, dir: filepath.Join(r.root, "ledger-"+strings.Repeat("cd", 12)), run: "elsewhere"}
			other.Tracked(o.UUID) // another directory's ledger, the same machine
		}},
		{"another resource instance of this run holds it", func(r *ledgerRuns, o Token) {
			markRunAt(t, r.root, "earlier", "closed", time.Now().Add(-time.Hour))
			r.current.Claim(o.UUID)
		}},
		{"it is gone from the list", func(r *ledgerRuns, o Token) {
			markRunAt(t, r.root, "earlier", "closed", time.Now().Add(-time.Hour))
			r.emu.RemoveToken(o.UUID)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := newLedgerRuns(t)
			orphan := r.create(t, r.earlier)
			if tc.between != nil {
				tc.between(r, orphan)
			}
			tok := r.create(t, r.current)
			if tok.UUID == orphan.UUID || r.current.AdoptedFromInterruptedRun(tok.UUID) {
				t.Fatal("adopted")
			}
			if n := r.posts(); n != 2 {
				t.Fatalf("%d POSTs, want 2", n)
			}
		})
	}
}

// TestLedgerSameRunNeverAdopts: within one run, a same-named create of another
// instance is never taken for an orphan, whatever the run's markers say.
func TestLedgerSameRunNeverAdopts(t *testing.T) {
	r := newLedgerRuns(t)
	markRunAt(t, r.root, "current", "closed", time.Now().Add(-time.Second))
	first := r.create(t, r.current)
	r.current.shared.claims = map[string]struct{}{} // as another process of the run would see it
	if second := r.create(t, r.current); second.UUID == first.UUID {
		t.Fatal("a create adopted what its own run created")
	}
}

// TestLedgerDropsEntriesThatCannotBeOrphans: a vanished orphan's entry is
// removed, so it is not looked at again.
func TestLedgerDropsEntriesThatCannotBeOrphans(t *testing.T) {
	r := newLedgerRuns(t)
	markRunAt(t, r.root, "earlier", "closed", time.Now())
	orphan := r.create(t, r.earlier)
	r.emu.RemoveToken(orphan.UUID)
	r.create(t, r.current)
	if _, err := os.Stat(filepath.Join(r.root, "uuids", orphan.UUID)); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("the vanished orphan's entry is still there (%v)", err)
	}
}

// TestLedgerEndpointOrigins: an endpoint orphan is adopted only when its origins
// are those this create sends (Triton's own "__" origins aside); otherwise the
// create is refused once, naming it.
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
			r := newLedgerRuns(t)
			markRunAt(t, r.root, "earlier", "closed", time.Now())
			ctx := context.Background()
			orphan, err := r.earlier.CreateEndpoint(ctx, r.sub, EndpointCreate{Name: "web", RateTier: "tier1", AllowedOrigins: []OriginInput{{Value: "a.example.com"}, {Value: "b.example.com"}}})
			if err != nil {
				t.Fatal(err)
			}
			ep, err := r.current.CreateEndpoint(ctx, r.sub, EndpointCreate{Name: "web", RateTier: "tier1", AllowedOrigins: tc.now})
			if !tc.adopts {
				// Not silently skipped either: an active same-named endpoint is named once.
				var ie *InterruptedCreateError
				if !errors.As(err, &ie) || !strings.Contains(err.Error(), orphan.UUID) {
					t.Fatalf("err = %v, want a refusal naming %s", err, orphan.UUID)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if ep.UUID != orphan.UUID {
				t.Fatalf("created %s, want %s adopted", ep.UUID, orphan.UUID)
			}
		})
	}
}

// TestLedgerPendingCreateFailsOnce: an earlier run's provider died (its process
// is gone, no marker at all) with a POST on its way. A same-named token that
// appeared since fails the next create once, with its import id and no POST; the
// create after that is sent.
func TestLedgerPendingCreateFailsOnce(t *testing.T) {
	r := newLedgerRuns(t)
	existing := r.emu.CreateToken(r.sub, "svc", "tier1", true) // there before the interrupted create
	key := r.sub + "\x00token\x00svc\x00tier1"
	p := r.earlier.shared.ledger.begin(key, []string{existing.UUID}) // never done: the provider died
	deadPID(t, string(p))
	appeared := r.emu.CreateToken(r.sub, "svc", "tier1", true)

	_, err := r.current.CreateToken(context.Background(), r.sub, "svc", "tier1")
	var ie *InterruptedCreateError
	if !errors.As(err, &ie) || ie.PendingSent.IsZero() {
		t.Fatalf("err = %v, want an InterruptedCreateError for a pending create", err)
	}
	msg := err.Error()
	if !strings.Contains(msg, r.sub+"/"+appeared.UUID) || strings.Contains(msg, existing.UUID) {
		t.Fatalf("the error should name the token that appeared (and only it): %s", msg)
	}
	if strings.Contains(msg, appeared.Value) {
		t.Fatal("the error quotes a token value")
	}
	if n := r.posts(); n != 0 {
		t.Fatalf("%d POSTs, want 0", n)
	}
	r.create(t, r.current) // once: the next create is sent
	if n := r.posts(); n != 1 {
		t.Fatalf("%d POSTs after the second create, want 1", n)
	}
}

// deadPID rewrites a pending entry's provider pid to one that does not exist.
func deadPID(t *testing.T, path string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	f := strings.Split(string(b), "\n")
	f[3] = "999999999"
	if err := os.WriteFile(path, []byte(strings.Join(f, "\n")), 0o600); err != nil {
		t.Fatal(err)
	}
}

// TestLedgerPendingCreateWithNothingNewIsSent: the abandoned create never
// committed; the next create goes ahead at once.
func TestLedgerPendingCreateWithNothingNewIsSent(t *testing.T) {
	r := newLedgerRuns(t)
	deadPID(t, string(r.earlier.shared.ledger.begin(r.sub+"\x00token\x00svc\x00tier1", nil)))
	r.create(t, r.current)
	if n := r.posts(); n != 1 {
		t.Fatalf("%d POSTs, want 1", n)
	}
}

// TestLedgerPendingOfALiveProviderIsIgnored: a pending entry whose provider is
// still alive and whose run was neither stopped nor closed (it is still waiting
// for its answer) fails nothing.
func TestLedgerPendingOfALiveProviderIsIgnored(t *testing.T) {
	r := newLedgerRuns(t)
	r.earlier.shared.ledger.begin(r.sub+"\x00token\x00svc\x00tier1", nil) // this process: alive
	r.emu.CreateToken(r.sub, "svc", "tier1", true)
	r.create(t, r.current)
}

// TestLedgerFiles: what a create writes, what settling removes, the sweep of old
// entries, and uuids that would name a path outside the ledger.
func TestLedgerFiles(t *testing.T) {
	root := t.TempDir()
	l := &ledger{root: root, dir: filepath.Join(root, "ledger-"+strings.Repeat("ef", 12)), run: "r1"}
	markRunAt(t, root, "r1", "closed", time.Now())
	l.record("k", "u1")
	if _, err := os.Stat(filepath.Join(root, "uuids", "u1")); err != nil {
		t.Fatal("no uuid index written")
	}
	if got, _ := (&ledger{root: root, dir: l.dir, run: "r2"}).scan("k"); len(got) != 1 || got[0].uuid != "u1" || got[0].class != unsaved {
		t.Fatalf("orphans = %v, want [u1 unsaved]", got)
	}
	if got, _ := l.scan("k"); len(got) != 0 {
		t.Fatalf("its own run sees orphans %v", got)
	}
	l.settle("u1")
	if got, _ := (&ledger{root: root, dir: l.dir, run: "r2"}).scan("k"); len(got) != 0 {
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
	for _, p := range []string{filepath.Join(root, "uuids", "old"), filepath.Join(l.dir, "k-"+fileKey("k"), "old")} {
		if err := os.Chtimes(p, old, old); err != nil {
			t.Fatal(err)
		}
	}
	l.record("k", "new")
	l.record("gone", "older")
	for _, p := range []string{filepath.Join(root, "uuids", "older"), filepath.Join(l.dir, "k-"+fileKey("gone"), "older")} {
		if err := os.Chtimes(p, old, old); err != nil {
			t.Fatal(err)
		}
	}
	sweepLedgers(root)
	if _, err := os.Stat(filepath.Join(root, "uuids", "old")); err == nil {
		t.Fatal("the sweep kept an entry older than a week")
	}
	if _, err := os.Stat(filepath.Join(root, "uuids", "new")); err != nil {
		t.Fatal("the sweep removed a fresh entry")
	}
	if _, err := os.Stat(filepath.Join(l.dir, "k-"+fileKey("gone"))); err == nil {
		t.Fatal("the sweep left a name directory it emptied")
	}
	l.record("k", "later")
	if err := os.Chtimes(filepath.Join(root, "uuids", "later"), old, old); err != nil {
		t.Fatal(err)
	}
	sweepLedgers(root) // within the hour: not swept again
	if _, err := os.Stat(filepath.Join(root, "uuids", "later")); err != nil {
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
	if got, _ := off.scan("k"); got != nil || off.begin("k", nil) != "" {
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

// TestLedgerRootMustBePrivate: a symlinked root turns the ledger (and the run
// directories) off; a root of ours with a wide mode is narrowed to 0700; an index
// file that names a path outside the ledger removes nothing there.
func TestLedgerRootMustBePrivate(t *testing.T) {
	base, _, link := symlinkedDir(t)
	if privateDir(link) {
		t.Fatal("a symlinked root was taken")
	}
	defer UseLedger("")
	UseLedger(link)
	if ledgerRootDir() != "" {
		t.Fatal("UseLedger kept a symlinked root")
	}
	wide := filepath.Join(base, "wide")
	if err := os.Mkdir(wide, 0o777); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(wide, 0o777); err != nil {
		t.Fatal(err)
	}
	if !privateDir(wide) {
		t.Fatal("our own wide directory was refused")
	}
	if info, _ := os.Stat(wide); info.Mode().Perm() != 0o700 {
		t.Fatalf("mode %v, want 0700", info.Mode().Perm())
	}
	old := RunDirRoot
	RunDirRoot = link
	defer func() { RunDirRoot = old }()
	if d := runDir("http://x"); d != "" {
		t.Fatalf("a run directory under a symlinked root: %s", d)
	}

	victim := filepath.Join(base, "victim")
	if err := os.MkdirAll(victim, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(victim, "u1"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	l := &ledger{root: wide, dir: filepath.Join(wide, "ledger-"+strings.Repeat("ab", 12)), run: "r"}
	if err := writeIn(filepath.Join(wide, "uuids"), "u1", "../victim"); err != nil {
		t.Fatal(err)
	}
	l.settle("u1")
	if _, err := os.Stat(filepath.Join(victim, "u1")); err != nil {
		t.Fatal("settle followed an index entry outside the ledger")
	}
}

// TestLedgerSymlinkedWorkingDirectory: a directory reached through a symlink has
// the ledger of its real path.
func TestLedgerSymlinkedWorkingDirectory(t *testing.T) {
	_, realDir, link := symlinkedDir(t)
	UseLedger(t.TempDir())
	defer UseLedger("")
	t.Setenv("TF_WORKSPACE", "")
	t.Chdir(realDir)
	a := openLedger("http://x")
	t.Chdir(link)
	t.Setenv("PWD", link)
	if b := openLedger("http://x"); a.dir != b.dir || a.dir == "" {
		t.Fatalf("the symlinked path has another ledger: %s vs %s", a.dir, b.dir)
	}
}

// setEntryPID rewrites the writer pid of uuid's entry (a dead one: its provider
// was killed).
func setEntryPID(t *testing.T, l *ledger, key, uuid, pid string) {
	t.Helper()
	path := filepath.Join(l.dir, "k-"+fileKey(key), uuid)
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	f := strings.Split(string(b), "\n")
	f[2] = pid
	if err := os.WriteFile(path, []byte(strings.Join(f, "\n")), 0o600); err != nil {
		t.Fatal(err)
	}
}

// TestLedgerKilledWithoutAMark: a run killed whole (CLI and provider: no stop, no
// close, no clean exit) may have saved nothing (remote backends save every 20 s):
// its entries refuse once. The same entries of a process that ended cleanly are
// taken for saved.
func TestLedgerKilledWithoutAMark(t *testing.T) {
	key := func(r *ledgerRuns) string { return r.sub + "\x00token\x00svc\x00tier1" }
	t.Run("killed", func(t *testing.T) {
		r := newLedgerRuns(t)
		o := r.create(t, r.earlier)
		setEntryPID(t, r.earlier.shared.ledger, key(r), o.UUID, "999999999")
		_, err := r.current.CreateToken(context.Background(), r.sub, "svc", "tier1")
		var ie *InterruptedCreateError
		if !errors.As(err, &ie) || !strings.Contains(err.Error(), o.UUID) {
			t.Fatalf("err = %v, want a refusal naming %s", err, o.UUID)
		}
	})
	t.Run("ended cleanly", func(t *testing.T) {
		r := newLedgerRuns(t)
		o := r.create(t, r.earlier)
		setEntryPID(t, r.earlier.shared.ledger, key(r), o.UUID, "999999999")
		markRunAt(t, r.root, "earlier", "exit:999999999", time.Now())
		if tok := r.create(t, r.current); tok.UUID == o.UUID || r.posts() != 2 {
			t.Fatal("an entry of a cleanly ended process was acted on")
		}
	})
}

// TestLedgerImportedIsNeverAdopted: an import (anywhere on the machine) of an
// object whose create is still waiting for its answer keeps the entry written
// afterwards from being adopted.
func TestLedgerImportedIsNeverAdopted(t *testing.T) {
	r := newLedgerRuns(t)
	markRunAt(t, r.root, "earlier", "closed", time.Now())
	o := r.create(t, r.earlier)
	r.current.Imported(o.UUID)
	r.earlier.shared.ledger.record(r.sub+"\x00token\x00svc\x00tier1", o.UUID) // the late answer's entry
	if tok := r.create(t, r.current); tok.UUID == o.UUID {
		t.Fatal("an imported token was adopted")
	}
}

// TestLedgerOneOrphanOneAdoption: two runs at once (two states applied from one
// directory) that both find one orphan before either re-records it: only the
// first to take it adopts it.
func TestLedgerOneOrphanOneAdoption(t *testing.T) {
	r := newLedgerRuns(t)
	markRunAt(t, r.root, "earlier", "closed", time.Now())
	o := r.create(t, r.earlier)
	if !r.current.shared.ledger.takeOnce(o.UUID, "earlier") {
		t.Fatal("the first take was refused")
	}
	// The other run took it first: this run must not adopt it.
	if tok := r.create(t, r.current); tok.UUID == o.UUID {
		t.Fatal("an orphan another run had taken was adopted again")
	}
	// An adopting run cut short in its turn re-records the orphan under its own
	// run: the apply after may take that entry.
	if !r.current.shared.ledger.takeOnce(o.UUID, "current") {
		t.Fatal("a re-recorded orphan can never be taken again")
	}
}

// symlinkedDir makes base/real and base/link, a symlink to it.
func symlinkedDir(t *testing.T) (base, realDir, link string) {
	t.Helper()
	base = t.TempDir()
	realDir = filepath.Join(base, "real")
	if err := os.Mkdir(realDir, 0o700); err != nil {
		t.Fatal(err)
	}
	link = filepath.Join(base, "link")
	if err := os.Symlink(realDir, link); err != nil {
		t.Fatal(err)
	}
	return base, realDir, link
}
