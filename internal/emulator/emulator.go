// Package emulator is an in-memory Triton account API served over net/http, for
// tests and the demo. It follows shared/api/triton-account-api.md: wrapped bodies,
// list-only reads, paginated tokens/accounts/subscriptions, unpaginated endpoints,
// activate/deactivate answering 204, and roles scoped to accounts.
package emulator

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	mrand "math/rand/v2"
	"net/http"
	"sort"
	"strings"
	"sync"
	"time"
)

// Role is the role of a management API key.
type Role string

// The roles the API documents.
const (
	RoleStandard Role = "standard"
	RoleOperator Role = "operator"
	RoleReseller Role = "reseller"
)

// SystemOrigin is the origin Triton puts on every endpoint to keep it closed.
const SystemOrigin = "__blocked.rpcpool.com"

// Options configures an Emulator.
type Options struct {
	// MaxPerPage caps `per` on paginated lists (default 100).
	MaxPerPage int
	// NewObjectsActive makes created tokens, endpoints and subscriptions start active
	// (default false, as in the docs).
	NewObjectsActive bool
	// NoSystemOrigin stops new endpoints from getting SystemOrigin.
	NoSystemOrigin bool
	// Seed fixes the random source used for faults (0 = random).
	Seed uint64
	// MovingRows moves the first token of every token page served to the end of
	// the order, as other clients' writes or an unordered scan do while a list is
	// walked: later pages shift by one, so a walk misses a row and sees another twice.
	MovingRows bool
	// IgnorePage serves page 1 whatever page is asked for, always offering a next
	// page, on the token and subscription lists (and the watch list with WatchListMeta).
	IgnorePage bool
	// HollowCreates commits every token, endpoint, subscription and address watch
	// list create and answers 201 with an empty body, as a proxy that eats the body does.
	HollowCreates bool
	// PutCommitThen504 makes that many activate/deactivate PUTs commit and then
	// answer 504, as a gateway that times out after the backend committed.
	PutCommitThen504 int
	// CommitDelay holds every token, subscription and address watch list create
	// this long before it commits and answers, so a client whose timeout is shorter
	// sees a timeout for a create that commits.
	CommitDelay time.Duration
	// WatchListMeta paginates the address watch list (per/page) and adds a meta
	// block, which the API reference does not document but a server may send.
	WatchListMeta bool
	// BareWatchLists answers address watch list calls unwrapped: the list as a
	// bare JSON array, a create as the bare object.
	BareWatchLists bool
	// RedirectTo answers every request with a 307 to the same path on this origin
	// (for example an AuthRecorder's), as a misconfigured proxy would.
	RedirectTo string
	// CountSystemOrigins counts Triton's "__" system origins toward the standard
	// role's one-origin limit on endpoint updates, as some servers do: a PUT that
	// re-sends a system origin with one user origin is then refused (422).
	CountSystemOrigins bool
}

// DeactivationReason mirrors the API object.
type DeactivationReason struct {
	Description string `json:"description"`
	CreatedAt   string `json:"created_at"`
}

type apiKey struct {
	role     Role
	accounts map[string]bool
}

// Emulator is the in-memory API. Create it with New; it is an http.Handler.
type Emulator struct {
	mu   sync.Mutex
	opts Options
	mux  *http.ServeMux
	rnd  *mrand.Rand

	accounts      []*Account
	subscriptions []*Subscription
	tokens        []*Token
	endpoints     []*Endpoint
	watchLists    []*WatchList
	keys          map[string]*apiKey
	suffixes      map[string][]string
	rateTiers     []string

	counts      map[string]int
	faults      []*statusFault
	latency     time.Duration
	rps         int
	rpsWindow   time.Time
	rpsCount    int
	fail503     float64
	commit502   float64
	bodyCapture func(route string, body []byte)
	seq         int
	events      []string

	metaMode        string
	secondWriter    int
	lateCommits     int
	lateCommitDelay time.Duration
	answerDelay     time.Duration
	listLag         time.Duration
	echoHeaders     int
	retryAfter      *string
	throttled       int
	inflight, peak  int
	valueFor        func(name string, n int) string
	created         map[string]int
}

// New returns an empty emulator. Add accounts, subscriptions and keys with the Go API.
func New(opts Options) *Emulator {
	if opts.MaxPerPage <= 0 {
		opts.MaxPerPage = 100
	}
	seed := opts.Seed
	if seed == 0 {
		seed = mrand.Uint64()
	}
	e := &Emulator{
		opts:   opts,
		rnd:    mrand.New(mrand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), //nolint:gosec // fault injection needs no cryptographic randomness
		keys:   map[string]*apiKey{},
		counts: map[string]int{},
		suffixes: map[string][]string{
			"developer":         {"devnet.rpcpool.com", "testnet.rpcpool.com"},
			"mainnet-shared":    {"mainnet.rpcpool.com"},
			"mainnet-dedicated": {"mainnet.rpcpool.com", "mainnet-dedi.rpcpool.com"},
		},
		rateTiers: []string{"free", "tier1", "tier2", "tier3", "dedi", "developer"},
	}
	e.routes()
	return e
}

// NewUUID returns a random version-4 UUID.
func NewUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = (b[6] & 0x0f) | 0x40
	b[8] = (b[8] & 0x3f) | 0x80
	h := hex.EncodeToString(b[:])
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}

func shortHex(n int) string {
	b := make([]byte, (n+1)/2)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)[:n]
}

func slugify(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
		case b.Len() > 0 && !strings.HasSuffix(b.String(), "-"):
			b.WriteByte('-')
		}
	}
	out := strings.Trim(b.String(), "-")
	if len(out) > 20 {
		out = strings.Trim(out[:20], "-")
	}
	if out == "" {
		out = "x"
	}
	return out
}

// setActive applies an activate or deactivate: a deactivate with a reason appends
// it to the history; activate keeps the history.
func setActive(isActive *bool, reasons *[]DeactivationReason, active bool, reason string) {
	if !active && reason != "" {
		*reasons = append(*reasons, DeactivationReason{Description: reason, CreatedAt: timestamp()})
	}
	*isActive = active
}

func timestamp() string { return time.Now().UTC().Format(time.RFC3339) }

// SetUUID gives a stored token, endpoint or watch list entry a fixed uuid (for examples that show
// literal ids). It reports whether the object was found.
func (e *Emulator) SetUUID(old, uuid string) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	if t := e.findToken(old); t != nil {
		t.UUID = uuid
		return true
	}
	if ep := e.findEndpoint(old); ep != nil {
		ep.UUID = uuid
		return true
	}
	for _, w := range e.watchLists {
		if w.UUID == old {
			w.UUID = uuid
			return true
		}
	}
	return false
}

// AddKey registers a management API key with a role, scoped to the given accounts.
// An empty secret gets a random one. It returns the secret.
func (e *Emulator) AddKey(secret string, role Role, accountUUIDs ...string) string {
	e.mu.Lock()
	defer e.mu.Unlock()
	if secret == "" {
		secret = "tk_" + shortHex(32)
	}
	k := &apiKey{role: role, accounts: map[string]bool{}}
	for _, a := range accountUUIDs {
		k.accounts[a] = true
	}
	e.keys[secret] = k
	return secret
}

// RequestCount returns how many requests reached a route, named by its pattern
// such as "GET /api/v1/tokens".
func (e *Emulator) RequestCount(route string) int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.counts[route]
}

// RequestCounts returns a copy of every route's count.
func (e *Emulator) RequestCounts() map[string]int {
	e.mu.Lock()
	defer e.mu.Unlock()
	out := make(map[string]int, len(e.counts))
	for k, v := range e.counts {
		out[k] = v
	}
	return out
}

// ResetCounts zeroes the request counters.
func (e *Emulator) ResetCounts() {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.counts = map[string]int{}
}

// Events returns the writes the API accepted, in order, such as
// "create token <uuid>" or "deactivate endpoint <uuid>".
func (e *Emulator) Events() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]string(nil), e.events...)
}

func (e *Emulator) event(format string, args ...any) {
	e.events = append(e.events, fmt.Sprintf(format, args...))
}

// OnRequestBody registers a function that sees every request body, by route.
func (e *Emulator) OnRequestBody(fn func(route string, body []byte)) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.bodyCapture = fn
}

func sortedKeys(m map[string]int) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// ServeHTTP implements http.Handler.
func (e *Emulator) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if to := e.redirectTarget(); to != "" {
		http.Redirect(w, r, to+r.URL.RequestURI(), http.StatusTemporaryRedirect)
		return
	}
	e.mux.ServeHTTP(w, r)
}
