package tritonapi

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// The ledger is how the next apply finishes the job of one whose Terraform process
// lost what the provider returned to it (DESIGN behaviour 10). GNU timeout, for one,
// sends its SIGTERM twice (to Terraform, then to the group Terraform is in); a
// second interrupt that arrives while the operation is stopping makes Terraform and
// OpenTofu exit at once, without writing the objects already created to state. The
// provider cannot write state, but it can remember, in this working directory's
// ledger on this machine, every object it created:
//
//   - An entry is written for every object a create returns (made or adopted),
//     under the create's (scope, kind, name, rate tier) and the run that made it.
//   - An entry is settled (removed) as soon as a later plan, refresh or import sees
//     the object in state: only objects no state has shown since stay in the ledger.
//   - While a create's POST is on its way, a pending entry records it, with the
//     same-named objects its before walk saw. If the provider dies before the
//     create returns (killed after Terraform left), the pending entry stays: the
//     next create of that name in this working directory fails once, naming any
//     object that appeared since and how to import it, instead of minting a second
//     secret beside it. Nothing proves such an object is ours (another pipeline may
//     have made it), so it is never adopted silently.
//   - A run is marked interrupted when Terraform asks the provider to stop (its
//     StopProvider call, sent on the first interrupt) or disappears.
//   - A create first looks in the ledger: an unsettled entry with its name and rate
//     tier, written by an interrupted earlier run of this working directory and
//     workspace, whose object is still listed, unclaimed and never deactivated, is
//     adopted instead of POSTing a second one.
//
// Runs that were not interrupted never leave adoptable entries: an object created
// by a run that ended normally is in its state, even if a later `-target` plan
// never settles it. The ledger is off unless UseLedger is called (the provider's
// main does; in-process tests do so only where they test it).

var (
	ledgerMu   sync.Mutex
	ledgerRoot string // "" while the ledger is off
	ledgerRun  = currentRun()
)

// UseLedger turns the create ledger on, keeping it under root.
func UseLedger(root string) {
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

// MarkRunInterrupted records that this run was interrupted: what its creates
// returned may never have reached state. Called on StopProvider and when
// Terraform disappears.
func MarkRunInterrupted() {
	root := ledgerRootDir()
	if root == "" {
		return
	}
	if err := os.MkdirAll(filepath.Join(root, "interrupted"), 0o700); err == nil {
		_ = os.WriteFile(filepath.Join(root, "interrupted", ledgerRun), nil, 0o600)
	}
}

func runInterrupted(root, run string) bool {
	_, err := os.Stat(filepath.Join(root, "interrupted", run))
	return err == nil
}

// ledger is one working directory and workspace's ledger on one base URL.
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
	data := os.Getenv("TF_DATA_DIR")
	if data == "" {
		data = ".terraform"
	}
	if b, err := os.ReadFile(filepath.Join(data, "environment")); err == nil {
		if ws := strings.TrimSpace(string(b)); ws != "" {
			return ws
		}
	}
	return "default"
}

// backendIdentity is the backend `terraform init` configured in the data directory
// (type and settings, not the per-init lineage): one directory applied against two
// states (a runner reusing the path for two branches with their own state keys)
// keeps two ledgers, so one state's object is never adopted into the other.
func backendIdentity() string {
	data := os.Getenv("TF_DATA_DIR")
	if data == "" {
		data = ".terraform"
	}
	b, err := os.ReadFile(filepath.Join(data, "terraform.tfstate"))
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
	sum := sha256.Sum256([]byte(baseURL + "\x00" + cwd + "\x00" + workspace() + "\x00" + backendIdentity()))
	return &ledger{root: root, dir: filepath.Join(root, "ledger-"+hex.EncodeToString(sum[:12])), run: ledgerRun}
}

// record writes the entry of an object a create returned. It is best effort: a
// ledger that cannot be written leaves the create as it was.
func (l *ledger) record(key, uuid string) {
	if l.dir == "" || !safeName(uuid) {
		return
	}
	k := fileKey(key)
	entry := l.run + "\n" + strconv.FormatInt(time.Now().UnixNano(), 10) + "\n"
	if writeIn(filepath.Join(l.dir, "k-"+k), uuid, entry) == nil {
		_ = os.WriteFile(filepath.Join(l.dir, "u-"+uuid), []byte(k), 0o600)
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

// settle removes the entry of uuid: state holds the object.
func (l *ledger) settle(uuid string) {
	if l.dir == "" || !safeName(uuid) {
		return
	}
	u := filepath.Join(l.dir, "u-"+uuid)
	k, err := os.ReadFile(u)
	if err != nil {
		return // no entry: the common case, one stat
	}
	_ = os.Remove(filepath.Join(l.dir, "k-"+string(k), uuid))
	_ = os.Remove(filepath.Join(l.dir, "k-"+string(k))) // only if empty
	_ = os.Remove(u)
}

// orphans returns the uuids of key's entries that an interrupted earlier run
// wrote and no state has shown since, oldest first.
func (l *ledger) orphans(key string) []string {
	if l.dir == "" {
		return nil
	}
	dir := filepath.Join(l.dir, "k-"+fileKey(key))
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	type orphan struct {
		uuid string
		at   int64
	}
	var out []orphan
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), "pending-") {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			continue
		}
		f := strings.Split(string(b), "\n")
		if len(f) < 2 || f[0] == l.run || !runInterrupted(l.root, f[0]) {
			continue
		}
		at, _ := strconv.ParseInt(f[1], 10, 64)
		out = append(out, orphan{e.Name(), at})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].at < out[j].at })
	uuids := make([]string, len(out))
	for i, o := range out {
		uuids[i] = o.uuid
	}
	return uuids
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
	body := l.run + "\n" + strconv.FormatInt(time.Now().UnixNano(), 10) + "\n" + strings.Join(known, " ") + "\n"
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

// pendingCreate is what an interrupted earlier run's create left: its POST was
// sent and the provider died before it returned.
type pendingCreate struct {
	path  string
	sent  time.Time
	known map[string]struct{} // same-named objects before it
}

// interruptedPending returns key's pending entries that an interrupted earlier
// run left.
func (l *ledger) interruptedPending(key string) []pendingCreate {
	if l.dir == "" {
		return nil
	}
	dir := filepath.Join(l.dir, "k-"+fileKey(key))
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var out []pendingCreate
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), "pending-") {
			continue
		}
		path := filepath.Join(dir, e.Name())
		b, err := os.ReadFile(path)
		if err != nil {
			continue
		}
		f := strings.Split(string(b), "\n")
		if len(f) < 3 || f[0] == l.run || !runInterrupted(l.root, f[0]) {
			continue
		}
		ns, _ := strconv.ParseInt(f[1], 10, 64)
		pc := pendingCreate{path: path, sent: time.Unix(0, ns), known: map[string]struct{}{}}
		for _, u := range strings.Fields(f[2]) {
			pc.known[u] = struct{}{}
		}
		out = append(out, pc)
	}
	return out
}

// safeName keeps what the server calls a uuid from naming a path outside the ledger.
func safeName(s string) bool {
	return s != "" && len(s) <= 128 && !strings.ContainsAny(s, `/\`) && s != "." && s != ".."
}

// ledgerMaxAge is how long an unsettled entry (and an interrupted run's marker) is
// kept: a working directory not applied for that long has moved on.
const ledgerMaxAge = 7 * 24 * time.Hour

// sweepLedgers removes entries and markers older than ledgerMaxAge, and emptied
// directories; at most once an hour on a machine (each provider process would
// otherwise walk every ledger as it starts).
func sweepLedgers(root string) {
	if root == "" {
		return
	}
	mark := filepath.Join(root, "ledger-swept")
	if info, err := os.Stat(mark); err == nil && time.Since(info.ModTime()) < time.Hour {
		return
	}
	if os.MkdirAll(root, 0o700) != nil || os.WriteFile(mark, nil, 0o600) != nil {
		return
	}
	var dirs []string // name directories, removed after the walk if it emptied them
	defer func() {
		for _, d := range dirs {
			_ = os.Remove(d)
		}
	}()
	_ = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return fs.SkipDir
		}
		if d.IsDir() {
			if path != root && !strings.HasPrefix(d.Name(), "ledger-") && !strings.HasPrefix(d.Name(), "k-") && d.Name() != "interrupted" {
				return fs.SkipDir // a run directory: sweepRunDirs' business
			}
			if strings.HasPrefix(d.Name(), "k-") {
				dirs = append(dirs, path)
			}
			return nil
		}
		if info, err := d.Info(); err == nil && time.Since(info.ModTime()) > ledgerMaxAge {
			_ = os.Remove(path)
		}
		return nil
	})
}
