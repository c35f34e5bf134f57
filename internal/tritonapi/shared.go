package tritonapi

import (
	"sort"
	"strings"
	"sync"
	"time"
)

// shared is what every Client on one base URL in the process has in common,
// whatever its credential. Terraform runs each provider configuration (alias) in
// a process of its own, so the create locks, the claims of created objects and
// the write generations also go through a run directory the run's provider
// processes share (runshared.go); the flow control stays per process (each
// alias's process backs off on the 429s it gets):
//   - the flow control: the server rate-limits them together;
//   - the create locks: creates of one (scope, name, rate tier) wait for each other
//     across aliases, so one alias's create is in the other's "before" walk;
//   - the claimed uuids: an object a resource instance in this process holds is
//     never adopted by another's create;
//   - a write generation per list (kind and subscription): a write through one
//     alias marks the others' cached copies of that list stale;
//   - the secrets to scrub from answers quoted in errors: every client's API token
//     and every token value any of them has seen.
type shared struct {
	flow     *flow
	progress progress
	dir      string  // the run directory shared with this run's other provider processes ("" if none)
	ledger   *ledger // what creates returned that no state has shown yet (ledger.go)

	mu      sync.Mutex
	locks   map[string]*createLock
	claims  map[string]struct{}
	gens    map[string]uint64
	secrets map[string]struct{}
	adopted map[string]struct{} // objects creates took from the ledger
}

var registry sync.Map // base URL -> *shared

func sharedFor(baseURL string) *shared {
	if s, ok := registry.Load(baseURL); ok {
		return s.(*shared) //nolint:forcetypeassert // the registry only holds *shared
	}
	s, _ := registry.LoadOrStore(baseURL, &shared{
		flow:    newFlow(),
		dir:     runDirOnce(baseURL),
		ledger:  openLedger(baseURL),
		locks:   map[string]*createLock{},
		claims:  map[string]struct{}{},
		gens:    map[string]uint64{},
		secrets: map[string]struct{}{},
		adopted: map[string]struct{}{},
	})
	return s.(*shared) //nolint:forcetypeassert // the registry only holds *shared
}

// createLock is the lock creates of one (scope, name, rate tier) share. It is a
// one-slot channel, so waiting for it gives up when the context is cancelled, and
// it remembers when its last holder let go: a "before" walk begun earlier may
// predate that holder's object.
type createLock struct {
	key      string
	ch       chan struct{}
	mu       sync.Mutex
	released time.Time
}

func (s *shared) lock(key string) *createLock {
	s.mu.Lock()
	defer s.mu.Unlock()
	l, ok := s.locks[key]
	if !ok {
		l = &createLock{key: key, ch: make(chan struct{}, 1)}
		s.locks[key] = l
	}
	return l
}

func (l *createLock) unlock() {
	l.mu.Lock()
	l.released = time.Now()
	l.mu.Unlock()
	<-l.ch
}

func (l *createLock) lastRelease() time.Time {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.released
}

// claim records that a resource instance holds uuid, in this process and (for
// what creates make or adopt: run-wide) in the run directory. It reports false
// when another instance did already (the caller must then not adopt it).
func (s *shared) claim(uuid string, runWide bool) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, held := s.claims[uuid]; held {
		return false
	}
	if runWide && !s.claimRun(uuid) {
		return false
	}
	s.claims[uuid] = struct{}{}
	return true
}

// claimed reports whether any instance of this run holds uuid.
func (s *shared) claimed(uuid string) bool {
	s.mu.Lock()
	_, held := s.claims[uuid]
	s.mu.Unlock()
	return held || s.claimedRun(uuid)
}

// gen returns the write generation of a list; bump moves it on by one and
// returns it. With a run directory the generation is run-wide (the size of a
// file every process of the run appends a byte to), so a write through one alias
// marks the others' cached copies stale; without one it is this process's.
func (s *shared) gen(list string) uint64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.gens[list] + s.runGen(list)
}

func (s *shared) bump(list string) uint64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.bumpRun(list) {
		s.gens[list]++
	}
	return s.gens[list] + s.runGen(list)
}

// minSecretLen keeps short values (which could be ordinary words in a body) out
// of the scrubber; Triton's keys and token values are far longer.
const minSecretLen = 8

func (s *shared) addSecrets(values ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, v := range values {
		if len(v) >= minSecretLen {
			s.secrets[v] = struct{}{}
		}
	}
}

// scrub replaces every secret known on this base URL in text with a marker.
// Longer secrets go first, so one that contains another is replaced whole.
func (s *shared) scrub(text string) string {
	if text == "" {
		return text
	}
	s.mu.Lock()
	var found []string
	for v := range s.secrets {
		if strings.Contains(text, v) {
			found = append(found, v)
		}
	}
	s.mu.Unlock()
	sort.Slice(found, func(i, j int) bool { return len(found[i]) > len(found[j]) })
	for _, v := range found {
		text = strings.ReplaceAll(text, v, "[redacted]")
	}
	return text
}

// Claim records that a resource instance in this process holds the object uuid,
// so no create (through any client on this base URL) adopts it as its own.
func (c *Client) Claim(uuid string) { c.shared.claim(uuid, false) }

func (s *shared) noteOrphan(uuid string) {
	s.mu.Lock()
	s.adopted[uuid] = struct{}{}
	s.mu.Unlock()
}

// AdoptedFromInterruptedRun reports whether a create returned the object uuid from
// the ledger: an interrupted earlier run created it and never wrote it to state.
func (c *Client) AdoptedFromInterruptedRun(uuid string) bool {
	c.shared.mu.Lock()
	defer c.shared.mu.Unlock()
	_, ok := c.shared.adopted[uuid]
	return ok
}

// Tracked records that state holds the object uuid (a plan, refresh or import saw
// it there): the create ledger forgets it.
func (c *Client) Tracked(uuid string) { c.shared.ledger.settle(uuid) }

// Imported records that an import is taking the object uuid into a state: no
// create on this machine adopts it from the ledger afterwards.
func (c *Client) Imported(uuid string) { c.shared.ledger.imported(uuid) }

// Claimed reports whether a resource instance of this run (this process or
// another alias's) holds the object uuid.
func (c *Client) Claimed(uuid string) bool { return c.shared.claimed(uuid) }

var sweepOnce sync.Once

// runDirOnce makes the run directory, sweeping day-old ones first (once per process).
func runDirOnce(baseURL string) string {
	sweepOnce.Do(func() {
		sweepRunDirs()
		sweepLedgers(ledgerRootDir())
	})
	return runDir(baseURL)
}

// RememberSecrets adds token values the caller holds (from prior state) to what
// answers quoted in errors and logs are scrubbed of, before any answer carries them.
func (c *Client) RememberSecrets(values ...string) { c.shared.addSecrets(values...) }
