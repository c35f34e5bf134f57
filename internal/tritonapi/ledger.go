package tritonapi

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// The ledger is how the next apply finishes the job of one whose Terraform process
// lost what the provider created (DESIGN behaviour 10). A second interrupt while
// Terraform or OpenTofu is stopping (GNU timeout sends SIGTERM to the CLI and then
// to its group) makes it exit without its final state write, and a killed CLI
// writes nothing: objects created since the last state write are lost to state.
// The provider cannot write state. It remembers, per working directory, workspace,
// backend and base URL on this machine, what its creates returned:
//
//   - An entry is written for every object a create returns (made or adopted),
//     under the create's (scope, kind, name, rate tier), its run and the time.
//   - An entry is settled (removed) as soon as any plan, refresh or import on this
//     machine sees the object in state (a machine-wide uuid index finds it); an
//     import also leaves a mark, so an entry written later (an answer that came
//     late) is not adopted. An orphan is adopted once on the machine.
//   - A run's end is marked: "stop" when Terraform asks the provider to stop (the
//     first interrupt; a graceful stop still saves everything), "closed" when the
//     plugin is closed with creates still on their way or Terraform disappears.
//   - What a later create of the same key finds decides:
//   - an entry written after its run was closed: Terraform never received it, so
//     it is in no state. Exactly one such (listed, unclaimed, never deactivated,
//     same origins) is adopted, with a warning.
//   - an entry written from unsavedWindow before its run's first stop or close,
//     or by a provider process that is gone without a clean exit in a run with no
//     mark at all (killed with its CLI): Terraform received it and may or may not
//     have saved it (a graceful stop saves it, a second interrupt does not, remote
//     backends snapshot every 20 s). Adopting it could put one secret in two
//     states (a -target apply, a state moved away, a second state applied from
//     this directory), so the create fails once instead, naming it and its import
//     id; the next apply creates. So do inactive objects and endpoints whose
//     origins changed.
//   - a pending entry: a create whose POST was on its way when its provider died
//     (killed, or stopped 2 s after Terraform left). A same-named object that
//     appeared since fails the create once, likewise; nothing proves it is ours.
//   - anything else (runs that ended normally, entries older than the window) is
//     taken for saved.
//
// The ledger root must be a directory of this user's, not a symlink, mode 0700, or
// the ledger stays off. It is off unless UseLedger is called (the provider's main
// does; in-process tests do so only where they test it).

var (
	ledgerMu   sync.Mutex
	ledgerRoot string // "" while the ledger is off
	ledgerRun  = currentRun()
)

// unsavedWindow is how long before a run's first stop or close an object that run
// created may have missed the state writes: remote backends save a snapshot only
// every 20 s during an apply (the first one 20 s in), so a killed CLI loses up to
// that much; the rest is margin.
const unsavedWindow = 60 * time.Second

// UseLedger turns the create ledger on, keeping it under root, when root is (or
// can be made) a private directory of this user's.
func UseLedger(root string) {
	if root != "" && !privateDir(root) {
		root = ""
	}
	ledgerMu.Lock()
	defer ledgerMu.Unlock()
	ledgerRoot = root
}

func ledgerRootDir() string {
	ledgerMu.Lock()
	defer ledgerMu.Unlock()
	return ledgerRoot
}

// currentRun names this Terraform run: the parent process and, where /proc says,
// when it started (so a reused pid is another run).
func currentRun() string {
	ppid := os.Getppid()
	run := strconv.Itoa(ppid)
	if b, err := os.ReadFile("/proc/" + run + "/stat"); err == nil {
		// The start time is field 22; the command name (field 2) may hold spaces,
		// so count from the closing parenthesis.
		if i := bytes.LastIndexByte(b, ')'); i >= 0 {
			if f := strings.Fields(string(b[i+1:])); len(f) > 19 {
				run += "." + f[19]
			}
		}
	}
	return run
}

// MarkRunStopped records that Terraform asked this run to stop (StopProvider).
func MarkRunStopped() { markRun("stop") }

// MarkRunClosed records that this run's Terraform left with creates still on
// their way (the plugin was closed, or Terraform is gone): what they return now
// reaches no state.
func MarkRunClosed() { markRun("closed") }

// MarkProcessExited records that this provider process ended cleanly (Terraform
// closed it with no create on its way). A process of a run that left no such mark
// and is gone was killed: what it created may be in no state.
func MarkProcessExited() {
	if recordedAny.Load() {
		markRun("exit:" + strconv.Itoa(os.Getpid()))
	}
}

// recordedAny is whether this process wrote a ledger entry (only then does its
// clean exit need marking).
var recordedAny atomic.Bool

func markRun(kind string) {
	root := ledgerRootDir()
	if root == "" {
		return
	}
	dir := filepath.Join(root, "interrupted")
	if os.MkdirAll(dir, 0o700) != nil {
		return
	}
	f, err := os.OpenFile(filepath.Join(dir, ledgerRun), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		return
	}
	defer f.Close()
	_, _ = fmt.Fprintf(f, "%s %d\n", kind, time.Now().UnixNano())
}

// runEnd is how a run ended, as its markers say.
type runEnd struct {
	stop, closed time.Time       // first of each, zero when never marked
	exited       map[string]bool // provider pids that ended cleanly
}

func readRunEnd(root, run string) runEnd {
	var e runEnd
	b, err := os.ReadFile(filepath.Join(root, "interrupted", run))
	if err != nil {
		return e
	}
	for _, line := range strings.Split(string(b), "\n") {
		kind, ns, ok := strings.Cut(line, " ")
		n, err := strconv.ParseInt(ns, 10, 64)
		if !ok || err != nil {
			continue
		}
		at := time.Unix(0, n)
		switch {
		case kind == "stop" && e.stop.IsZero():
			e.stop = at
		case kind == "closed" && e.closed.IsZero():
			e.closed = at
		case strings.HasPrefix(kind, "exit:"):
			if e.exited == nil {
				e.exited = map[string]bool{}
			}
			e.exited[strings.TrimPrefix(kind, "exit:")] = true
		}
	}
	return e
}

func (e runEnd) marked() bool { return !e.stop.IsZero() || !e.closed.IsZero() }

// entryClass is what a later run may do with an entry.
type entryClass int

const (
	saved     entryClass = iota // taken for saved: left alone
	unsaved                     // written after the run was closed: in no state
	uncertain                   // around the run's interruption: maybe in a state
)

// classify places an entry written at `at` by provider process pid.
func (e runEnd) classify(at time.Time, pid string) entryClass {
	if !e.closed.IsZero() && !at.Before(e.closed) {
		return unsaved
	}
	first := e.stop
	if first.IsZero() || (!e.closed.IsZero() && e.closed.Before(first)) {
		first = e.closed
	}
	switch {
	case !first.IsZero() && !at.Before(first.Add(-unsavedWindow)):
		return uncertain
	case first.IsZero() && pid != "" && !e.exited[pid] && !pidAlive(pid):
		return uncertain // its process was killed (with its CLI, or by the OOM killer): no mark at all
	}
	return saved
}

func pidAlive(pid string) bool {
	n, err := strconv.Atoi(pid)
	return err != nil || n <= 0 || processAlive(n)
}

// ledger is one working directory's ledger (with its workspace and backend) on
// one base URL.
type ledger struct {
	root string // the ledger root ("" when off)
	dir  string
	run  string
}

// workspace is the Terraform workspace this process runs in: TF_WORKSPACE, or the
// one `terraform workspace select` wrote into the data directory.
func workspace() string {
	if ws := os.Getenv("TF_WORKSPACE"); ws != "" {
		return ws
	}
	if b, err := os.ReadFile(filepath.Join(dataDir(), "environment")); err == nil {
		if ws := strings.TrimSpace(string(b)); ws != "" {
			return ws
		}
	}
	return "default"
}

func dataDir() string {
	if d := os.Getenv("TF_DATA_DIR"); d != "" {
		return d
	}
	return ".terraform"
}

// backendIdentity is the backend `terraform init` configured in the data directory
// (type and settings, not the per-init lineage): one directory applied against two
// states configured there (a runner reusing the path for two branches with their
// own state keys) keeps two ledgers.
func backendIdentity() string {
	b, err := os.ReadFile(filepath.Join(dataDir(), "terraform.tfstate"))
	if err != nil {
		return ""
	}
	var doc struct {
		Backend struct {
			Type   string          `json:"type"`
			Config json.RawMessage `json:"config"`
		} `json:"backend"`
	}
	if json.Unmarshal(b, &doc) != nil {
		return ""
	}
	return doc.Backend.Type + "\x00" + string(doc.Backend.Config)
}

func openLedger(baseURL string) *ledger {
	root := ledgerRootDir()
	if root == "" {
		return &ledger{}
	}
	cwd, err := os.Getwd()
	if err != nil {
		return &ledger{}
	}
	if resolved, err := filepath.EvalSymlinks(cwd); err == nil {
		cwd = resolved // a directory reached through a symlink is the same directory
	}
	sum := sha256.Sum256([]byte(baseURL + "\x00" + cwd + "\x00" + workspace() + "\x00" + backendIdentity()))
	return &ledger{root: root, dir: filepath.Join(root, "ledger-"+hex.EncodeToString(sum[:12])), run: ledgerRun}
}

// record writes the entry of an object a create returned. It is best effort: a
// ledger that cannot be written leaves the create as it was.
func (l *ledger) record(key, uuid string) {
	if l.dir == "" || !safeName(uuid) {
		return
	}
	k := "k-" + fileKey(key)
	entry := l.run + "\n" + strconv.FormatInt(time.Now().UnixNano(), 10) + "\n" + strconv.Itoa(os.Getpid()) + "\n"
	if writeIn(filepath.Join(l.dir, k), uuid, entry) == nil {
		recordedAny.Store(true)
		_ = writeIn(filepath.Join(l.root, "uuids"), uuid, filepath.Base(l.dir)+"/"+k)
	}
}

// writeIn writes name in dir, making dir first; once more if a settle removed the
// emptied directory meanwhile.
func writeIn(dir, name, body string) error {
	var err error
	for range 2 {
		if err = os.MkdirAll(dir, 0o700); err != nil {
			return err
		}
		if err = os.WriteFile(filepath.Join(dir, name), []byte(body), 0o600); !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	return err
}

// indexEntry is what the uuid index may hold: a ledger and a name directory.
var indexEntry = regexp.MustCompile(`^ledger-[0-9a-f]{24}/k-[0-9a-f]{24}$`)

// settle removes the entry of uuid, in whichever ledger of this machine holds it:
// a state holds the object.
func (l *ledger) settle(uuid string) {
	if l.root == "" || !safeName(uuid) {
		return
	}
	index := filepath.Join(l.root, "uuids", uuid)
	b, err := os.ReadFile(index)
	if err != nil {
		return // no entry: the common case, one failed open
	}
	if rel := string(b); indexEntry.MatchString(rel) {
		dir := filepath.Join(l.root, filepath.FromSlash(rel))
		_ = os.Remove(filepath.Join(dir, uuid))
		_ = os.Remove(dir) // only if empty
	}
	_ = os.Remove(index)
}

// imported records that an import took the object uuid into some state, so an
// entry written afterwards (a create answered late) is never adopted.
func (l *ledger) imported(uuid string) {
	if l.root == "" || !safeName(uuid) {
		return
	}
	_ = writeIn(filepath.Join(l.root, "imported"), uuid, "")
	l.settle(uuid)
}

func (l *ledger) wasImported(uuid string) bool {
	_, err := os.Stat(filepath.Join(l.root, "imported", uuid))
	return err == nil
}

// takeOnce reports whether this is the first adoption of uuid's entry written by
// run on the machine: two runs at once (two states from one directory) must not
// both take one orphan. (An adopting run that is itself cut short re-records it
// under its own run, so the apply after can take it again.)
func (l *ledger) takeOnce(uuid, run string) bool {
	if l.root == "" || !safeName(uuid) || !safeName(run) {
		return false
	}
	dir := filepath.Join(l.root, "adopted")
	if os.MkdirAll(dir, 0o700) != nil {
		return false
	}
	f, err := os.OpenFile(filepath.Join(dir, uuid+"."+run), os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return false
	}
	_ = f.Close()
	return true
}

// ledgerEntry is an entry a later run may act on.
type ledgerEntry struct {
	uuid  string
	run   string // the run that wrote it
	class entryClass
	at    time.Time
}

// scan reads key's name directory once: the entries of other runs that are not
// taken for saved (oldest first), and the pending entries of other runs whose
// provider process is gone or whose run was stopped or closed (creates that
// never returned).
func (l *ledger) scan(key string) ([]ledgerEntry, []pendingCreate) {
	if l.dir == "" {
		return nil, nil
	}
	dir := filepath.Join(l.dir, "k-"+fileKey(key))
	names, err := os.ReadDir(dir)
	if err != nil {
		return nil, nil
	}
	ends := map[string]runEnd{}
	endOf := func(run string) runEnd {
		end, ok := ends[run]
		if !ok {
			end = readRunEnd(l.root, run)
			ends[run] = end
		}
		return end
	}
	var entries []ledgerEntry
	var pendings []pendingCreate
	for _, e := range names {
		path := filepath.Join(dir, e.Name())
		b, err := os.ReadFile(path)
		if err != nil {
			continue
		}
		f := strings.Split(string(b), "\n")
		if len(f) < 2 || f[0] == l.run {
			continue
		}
		ns, err := strconv.ParseInt(f[1], 10, 64)
		at := time.Unix(0, ns)
		if strings.HasPrefix(e.Name(), "pending-") {
			if len(f) < 4 {
				continue
			}
			pid, _ := strconv.Atoi(f[3])
			if pid > 0 && processAlive(pid) && !endOf(f[0]).marked() {
				continue // its provider may still be waiting for the answer
			}
			pc := pendingCreate{path: path, sent: at, known: map[string]struct{}{}}
			for _, u := range strings.Fields(f[2]) {
				pc.known[u] = struct{}{}
			}
			pendings = append(pendings, pc)
			continue
		}
		if err != nil {
			continue
		}
		pid := ""
		if len(f) > 2 {
			pid = f[2]
		}
		if c := endOf(f[0]).classify(at, pid); c != saved {
			entries = append(entries, ledgerEntry{uuid: e.Name(), run: f[0], class: c, at: at})
		}
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].at.Before(entries[j].at) })
	return entries, pendings
}

// pending is a create's POST on its way: the path of its pending entry.
type pending string

// begin writes the pending entry of a create about to POST, with the uuids of the
// same-named objects that existed before it.
func (l *ledger) begin(key string, known []string) pending {
	if l.dir == "" {
		return ""
	}
	dir := filepath.Join(l.dir, "k-"+fileKey(key))
	name := "pending-" + strconv.FormatInt(time.Now().UnixNano(), 36) + "-" + strconv.Itoa(os.Getpid())
	body := l.run + "\n" + strconv.FormatInt(time.Now().UnixNano(), 10) + "\n" + strings.Join(known, " ") + "\n" + strconv.Itoa(os.Getpid()) + "\n"
	if writeIn(dir, name, body) != nil {
		return ""
	}
	return pending(filepath.Join(dir, name))
}

// done removes a pending entry: its create returned (whatever it returned).
func (p pending) done() {
	if p != "" {
		_ = os.Remove(string(p))
		_ = os.Remove(filepath.Dir(string(p))) // only if empty
	}
}

// pendingCreate is what a create left whose provider died with its POST on its way.
type pendingCreate struct {
	path  string
	sent  time.Time
	known map[string]struct{} // same-named objects before it
}

// safeName keeps what the server calls a uuid from naming a path outside the ledger.
func safeName(s string) bool {
	return s != "" && len(s) <= 128 && !strings.ContainsAny(s, `/\`+"\x00") && s != "." && s != ".."
}

// ledgerMaxAge is how long an unsettled entry (and a run's markers) is kept: a
// working directory not applied for that long has moved on.
const ledgerMaxAge = 7 * 24 * time.Hour

// sweepLedgers removes entries, index files and markers older than ledgerMaxAge,
// and the name directories it empties; at most once an hour on a machine (each
// provider process would otherwise walk every ledger as it starts).
func sweepLedgers(root string) {
	if root == "" {
		return
	}
	mark := filepath.Join(root, "ledger-swept")
	if info, err := os.Stat(mark); err == nil && time.Since(info.ModTime()) < time.Hour {
		return
	}
	if os.WriteFile(mark, nil, 0o600) != nil {
		return
	}
	var dirs []string // name directories, removed after the walk if it emptied them
	_ = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return fs.SkipDir
		}
		if d.IsDir() {
			name := d.Name()
			if path != root && !strings.HasPrefix(name, "ledger-") && !strings.HasPrefix(name, "k-") && name != "interrupted" && name != "uuids" && name != "imported" && name != "adopted" {
				return fs.SkipDir // a run directory: sweepRunDirs' business
			}
			if strings.HasPrefix(name, "k-") {
				dirs = append(dirs, path)
			}
			return nil
		}
		if info, err := d.Info(); err == nil && time.Since(info.ModTime()) > ledgerMaxAge {
			_ = os.Remove(path)
		}
		return nil
	})
	for _, d := range dirs {
		_ = os.Remove(d)
	}
}
