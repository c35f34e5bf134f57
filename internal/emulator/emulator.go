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
	// NewObjectsActive makes created tokens and endpoints start active (default false, as in the docs).
	NewObjectsActive bool
	// NoSystemOrigin stops new endpoints from getting SystemOrigin.
	NoSystemOrigin bool
	// Seed fixes the random source used for faults (0 = random).
	Seed uint64
	// MovingRows moves the first token of every token page served to the end of
	// the order, as other clients' writes or an unordered scan do while a list is
	// walked: later pages shift by one, so a walk misses a row and sees another twice.
	MovingRows bool
	// IgnorePage serves page 1 whatever page is asked for, always offering a next page.
	IgnorePage bool
	// HollowCreates commits every token and endpoint create and answers 201 with
	// an empty body, as a proxy that eats the body does.
	HollowCreates bool
	// PutCommitThen504 makes that many activate/deactivate PUTs commit and then
	// answer 504, as a gateway that times out after the backend committed.
	PutCommitThen504 int
	// CommitDelay holds every token create this long before it commits and answers,
	// so a client whose timeout is shorter sees a timeout for a create that commits.
	CommitDelay time.Duration
}

// DeactivationReason mirrors the API object.
type DeactivationReason struct {
	Description string `json:"description"`
	CreatedAt   string `json:"created_at"`
}

// Token is the emulator's stored token.
type Token struct {
	UUID                string               `json:"uuid"`
	Name                string               `json:"name"`
	Value               string               `json:"value"`
	RateTier            string               `json:"rate_tier"`
	AuthUsername        string               `json:"auth_username"`
	IsActive            bool                 `json:"is_active"`
	DeactivationReasons []DeactivationReason `json:"deactivation_reasons"`
	SubscriptionUUID    string               `json:"-"`
}

// Origin is an endpoint's allowed origin.
type Origin struct {
	UUID     string `json:"uuid"`
	Value    string `json:"value"`
	IsActive bool   `json:"is_active"`
}

// Endpoint is the emulator's stored endpoint.
type Endpoint struct {
	UUID                string               `json:"uuid"`
	Name                string               `json:"name"`
	Value               *string              `json:"value"`
	Slug                string               `json:"slug"`
	RateTier            string               `json:"rate_tier"`
	IsActive            bool                 `json:"is_active"`
	ValueOverride       *string              `json:"value_override"`
	Values              []string             `json:"values"`
	DefaultValues       []string             `json:"default_values"`
	AllowedOrigins      []Origin             `json:"allowed_origins"`
	DeactivationReasons []DeactivationReason `json:"deactivation_reasons"`
	SubscriptionUUID    string               `json:"-"`
}

// Account is a billing account.
type Account struct {
	UUID     string `json:"uuid"`
	Name     string `json:"name"`
	IsActive bool   `json:"is_active"`
}

// Subscription holds tokens and endpoints.
type Subscription struct {
	UUID             string
	Name             string
	AccountUUID      string
	SubscriptionType string
	IsActive         bool
	RateTiers        []string
}

type apiKey struct {
	role     Role
	accounts map[string]bool
}

type statusFault struct {
	route  string
	status int
	times  int
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

// AddAccount creates an account.
func (e *Emulator) AddAccount(name string) Account {
	e.mu.Lock()
	defer e.mu.Unlock()
	a := &Account{UUID: NewUUID(), Name: name, IsActive: true}
	e.accounts = append(e.accounts, a)
	return *a
}

// AddSubscription creates an active subscription under an account. Its supported
// rate tiers are every tier the deployment knows unless tiers are given.
func (e *Emulator) AddSubscription(accountUUID, name, subscriptionType string, tiers ...string) Subscription {
	e.mu.Lock()
	defer e.mu.Unlock()
	if len(tiers) == 0 {
		tiers = append([]string(nil), e.rateTiers...)
	}
	s := &Subscription{UUID: NewUUID(), Name: name, AccountUUID: accountUUID, SubscriptionType: subscriptionType, IsActive: true, RateTiers: tiers}
	e.subscriptions = append(e.subscriptions, s)
	return *s
}

// AddSubscriptionWithUUID is AddSubscription with a fixed uuid (for examples that
// show literal ids).
func (e *Emulator) AddSubscriptionWithUUID(uuid, accountUUID, name, subscriptionType string) Subscription {
	s := e.AddSubscription(accountUUID, name, subscriptionType)
	e.mu.Lock()
	defer e.mu.Unlock()
	e.findSubscription(s.UUID).UUID = uuid
	s.UUID = uuid
	return s
}

// SetUUID gives a stored token or endpoint a fixed uuid (for examples that show
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

func (e *Emulator) newToken(sub, name, tier string, active bool) *Token {
	e.seq++
	t := &Token{
		UUID:                NewUUID(),
		Name:                name,
		Value:               NewUUID(),
		RateTier:            tier,
		AuthUsername:        fmt.Sprintf("%s-%s", slugify(name), shortHex(4)),
		IsActive:            active,
		DeactivationReasons: []DeactivationReason{},
		SubscriptionUUID:    sub,
	}
	e.tokens = append(e.tokens, t)
	return t
}

// SeedTokens adds n tokens named prefix-0000… to a subscription, behind the API.
func (e *Emulator) SeedTokens(subscriptionUUID string, n int, prefix string, active bool) []Token {
	e.mu.Lock()
	defer e.mu.Unlock()
	out := make([]Token, 0, n)
	for i := 0; i < n; i++ {
		out = append(out, copyToken(e.newToken(subscriptionUUID, fmt.Sprintf("%s-%04d", prefix, i), "developer", active)))
	}
	return out
}

// CreateToken adds one token behind the API.
func (e *Emulator) CreateToken(subscriptionUUID, name, tier string, active bool) Token {
	e.mu.Lock()
	defer e.mu.Unlock()
	return copyToken(e.newToken(subscriptionUUID, name, tier, active))
}

func copyToken(t *Token) Token {
	c := *t
	c.DeactivationReasons = append([]DeactivationReason{}, t.DeactivationReasons...)
	return c
}

func copyEndpoint(ep *Endpoint) Endpoint {
	c := *ep
	c.Values = append([]string{}, ep.Values...)
	c.DefaultValues = append([]string{}, ep.DefaultValues...)
	c.AllowedOrigins = append([]Origin{}, ep.AllowedOrigins...)
	c.DeactivationReasons = append([]DeactivationReason{}, ep.DeactivationReasons...)
	return c
}

func (e *Emulator) findToken(uuid string) *Token {
	for _, t := range e.tokens {
		if t.UUID == uuid {
			return t
		}
	}
	return nil
}

func (e *Emulator) findEndpoint(uuid string) *Endpoint {
	for _, ep := range e.endpoints {
		if ep.UUID == uuid {
			return ep
		}
	}
	return nil
}

func (e *Emulator) findSubscription(uuid string) *Subscription {
	for _, s := range e.subscriptions {
		if s.UUID == uuid {
			return s
		}
	}
	return nil
}

// Token returns a stored token by uuid.
func (e *Emulator) Token(uuid string) (Token, bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	t := e.findToken(uuid)
	if t == nil {
		return Token{}, false
	}
	return copyToken(t), true
}

// Tokens returns a subscription's tokens in API order.
func (e *Emulator) Tokens(subscriptionUUID string) []Token {
	e.mu.Lock()
	defer e.mu.Unlock()
	var out []Token
	for _, t := range e.tokens {
		if t.SubscriptionUUID == subscriptionUUID {
			out = append(out, copyToken(t))
		}
	}
	return out
}

// SetTokenActive flips a token behind Terraform's back; a reason is recorded on deactivate.
func (e *Emulator) SetTokenActive(uuid string, active bool, reason string) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	t := e.findToken(uuid)
	if t == nil {
		return false
	}
	setActive(&t.IsActive, &t.DeactivationReasons, active, reason)
	return true
}

// RenameToken renames a token behind Terraform's back.
func (e *Emulator) RenameToken(uuid, name string) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	t := e.findToken(uuid)
	if t == nil {
		return false
	}
	t.Name = name
	return true
}

// RemoveToken deletes a token from the store (the real API cannot; tests use it to
// simulate an object that vanished).
func (e *Emulator) RemoveToken(uuid string) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	for i, t := range e.tokens {
		if t.UUID == uuid {
			e.tokens = append(e.tokens[:i], e.tokens[i+1:]...)
			return true
		}
	}
	return false
}

// Endpoint returns a stored endpoint by uuid.
func (e *Emulator) Endpoint(uuid string) (Endpoint, bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	ep := e.findEndpoint(uuid)
	if ep == nil {
		return Endpoint{}, false
	}
	return copyEndpoint(ep), true
}

// Endpoints returns a subscription's endpoints in API order.
func (e *Emulator) Endpoints(subscriptionUUID string) []Endpoint {
	e.mu.Lock()
	defer e.mu.Unlock()
	var out []Endpoint
	for _, ep := range e.endpoints {
		if ep.SubscriptionUUID == subscriptionUUID {
			out = append(out, copyEndpoint(ep))
		}
	}
	return out
}

// CreateEndpoint adds an endpoint behind the API, with the given enabled origins
// and the system origin unless the emulator was told not to.
func (e *Emulator) CreateEndpoint(subscriptionUUID, name, tier string, active bool, origins ...string) Endpoint {
	e.mu.Lock()
	defer e.mu.Unlock()
	slug := fmt.Sprintf("%s-%s", slugify(name), shortHex(4))
	ep := &Endpoint{
		UUID: NewUUID(), Name: name, Slug: slug, RateTier: tier, IsActive: active,
		Values: []string{slug + ".mainnet.rpcpool.com"}, DefaultValues: []string{slug + ".mainnet.rpcpool.com"},
		AllowedOrigins: []Origin{}, DeactivationReasons: []DeactivationReason{}, SubscriptionUUID: subscriptionUUID,
	}
	for _, o := range origins {
		ep.AllowedOrigins = append(ep.AllowedOrigins, Origin{UUID: NewUUID(), Value: o, IsActive: true})
	}
	if !e.opts.NoSystemOrigin {
		ep.AllowedOrigins = append(ep.AllowedOrigins, Origin{UUID: NewUUID(), Value: SystemOrigin, IsActive: true})
	}
	e.endpoints = append(e.endpoints, ep)
	return copyEndpoint(ep)
}

// SetEndpointActive flips an endpoint behind Terraform's back.
func (e *Emulator) SetEndpointActive(uuid string, active bool, reason string) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	ep := e.findEndpoint(uuid)
	if ep == nil {
		return false
	}
	setActive(&ep.IsActive, &ep.DeactivationReasons, active, reason)
	return true
}

// SetEndpointOrigins replaces an endpoint's origins behind Terraform's back,
// keeping the uuid of every surviving value.
func (e *Emulator) SetEndpointOrigins(uuid string, origins []Origin) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	ep := e.findEndpoint(uuid)
	if ep == nil {
		return false
	}
	ep.AllowedOrigins = replaceOrigins(ep.AllowedOrigins, origins)
	return true
}

// RemoveEndpoint deletes an endpoint from the store.
func (e *Emulator) RemoveEndpoint(uuid string) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	for i, ep := range e.endpoints {
		if ep.UUID == uuid {
			e.endpoints = append(e.endpoints[:i], e.endpoints[i+1:]...)
			return true
		}
	}
	return false
}

func replaceOrigins(old []Origin, next []Origin) []Origin {
	byValue := map[string]string{}
	for _, o := range old {
		byValue[o.Value] = o.UUID
	}
	out := make([]Origin, 0, len(next))
	for _, o := range next {
		id := byValue[o.Value]
		if id == "" {
			id = NewUUID()
		}
		out = append(out, Origin{UUID: id, Value: o.Value, IsActive: o.IsActive})
	}
	return out
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

// InjectStatus makes the next `times` requests to route (a pattern such as
// "PUT /api/v1/tokens/{uuid}/activate", or "" for any) answer status before any effect.
func (e *Emulator) InjectStatus(route string, status, times int) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.faults = append(e.faults, &statusFault{route: route, status: status, times: times})
}

// ClearFaults drops every injected status not yet served.
func (e *Emulator) ClearFaults() {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.faults = nil
}

// SetLatency delays every request by d.
func (e *Emulator) SetLatency(d time.Duration) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.latency = d
}

// SetRateLimit answers 429 with Retry-After: 1 beyond rps requests per second (0 = off).
func (e *Emulator) SetRateLimit(rps int) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.rps = rps
}

// SetFaults answers a fraction of all requests 503 before any effect, and a fraction
// of creates 502 after the object was committed.
func (e *Emulator) SetFaults(fail503, commitThen502 float64) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.fail503, e.commit502 = fail503, commitThen502
}

// SetNewObjectsActive flips whether created objects start active.
func (e *Emulator) SetNewObjectsActive(active bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.opts.NewObjectsActive = active
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

func (e *Emulator) visibleSubscriptions(k *apiKey) []*Subscription {
	var out []*Subscription
	for _, s := range e.subscriptions {
		if k.accounts[s.AccountUUID] {
			out = append(out, s)
		}
	}
	return out
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
	e.mux.ServeHTTP(w, r)
}
