package tritonapi

import (
	"context"
	"sync"
	"time"

	"golang.org/x/sync/singleflight"
)

// listCache holds each subscription's full token and endpoint lists for the life
// of one Client (one provider configuration in one Terraform command). Writes made
// through the Client keep entries true; a write whose effect is unknown drops them.
type listCache struct {
	mu        sync.Mutex
	tokens    map[string]*tokenEntry
	endpoints map[string]*endpointEntry
	accounts  []Account
	subs      []Subscription
	haveAcct  bool
	haveSubs  bool
	// subsComplete is whether the cached subscription walks added up; subsAt is
	// when they ran; subsGen counts subscription writes whose outcome is unknown
	// (a walk started before one is not stored).
	subsComplete bool
	subsTotal    int
	subsAt       time.Time
	subsGen      uint64
	subsShared   uint64 // the process-wide write generation of the subscription list when it was walked
	// watchShared is, per subscription, the watch list's process-wide write
	// generation when it was walked.
	watchShared map[string]uint64
	// watch holds each subscription's address watch list, watchAt when it was read.
	watch   map[string][]WatchList
	watchAt map[string]time.Time
	// watchIncomplete holds, per subscription, the server's total when the watch
	// list walks never added up to it (absent: complete).
	watchIncomplete map[string]int
	// Per subscription: gen counts writes whose outcome is unknown (and drops);
	// a fetch stores its result only if its subscription's gen did not move, and
	// callers after such a write never join a fetch started before it (gen is in the
	// flight key). Writes with a known outcome made while a fetch of their
	// subscription runs are recorded in replay and re-applied to the fetched list,
	// so the walk is kept. A write in one subscription never costs another a walk.
	tokenSubs    map[string]*subState
	endpointSubs map[string]*subState
	// tokenSub and endpointSub map a uuid to its subscription.
	tokenSub    map[string]string
	endpointSub map[string]string
	flight      singleflight.Group
	// flights are the token and endpoint walks in progress, by list key; a
	// caller that needs a walk begun after a given instant joins one only if it
	// began at or after it.
	flights map[string]*listFlight
	// shared is the process-wide state of the base URL (write generations).
	shared *shared
}

// listFlight is one walk of a token or endpoint list in progress.
type listFlight struct {
	started   time.Time
	gen       uint64 // the subscription's local generation when it began
	sharedGen uint64 // the list's process-wide write generation (moved on by this client's own writes)
	done      chan struct{}
	val       any
	err       error
}

// subState is one subscription's write bookkeeping for the list cache.
type subState struct {
	gen      uint64
	fetching int
	replay   []func(any) // applied to the *tokenEntry or *endpointEntry a fetch produced
}

func subStateOf(m map[string]*subState, sub string) *subState {
	s, ok := m[sub]
	if !ok {
		s = &subState{}
		m[sub] = s
	}
	return s
}

// bumpUnknown invalidates in-flight fetches of sub, or of every subscription that
// is being fetched when sub is not known.
func bumpUnknown(m map[string]*subState, sub string) {
	if sub != "" {
		subStateOf(m, sub).gen++
		return
	}
	for _, s := range m {
		if s.fetching > 0 {
			s.gen++
		}
	}
}

// record adds a known write for a fetch of sub in flight to re-apply.
func record(m map[string]*subState, sub string, fn func(any)) {
	if s, ok := m[sub]; ok && s.fetching > 0 {
		s.replay = append(s.replay, fn)
	}
}

// scopedEntry is one subscription's cached token or endpoint list.
type scopedEntry[T any] struct {
	list  []T
	index map[string]int
	// complete is false when the walks never added up to the server's total_count:
	// then a uuid missing from list is unknown, not gone.
	complete bool
	total    int
	// started is when the walk behind it began; sharedGen the list's process-wide
	// write generation then (a write through another client moves it on, and the
	// entry is stale).
	started   time.Time
	sharedGen uint64
}

type (
	tokenEntry    = scopedEntry[Token]
	endpointEntry = scopedEntry[Endpoint]
)

func newScopedEntry[T any](list []T, id func(T) string) *scopedEntry[T] {
	e := &scopedEntry[T]{list: list, index: make(map[string]int, len(list)), complete: true, total: -1}
	for i, it := range list {
		e.index[id(it)] = i
	}
	return e
}

// scopedList returns a subscription's token or endpoint list: the cached copy
// when it is current (no write through another client since) and its walk began
// at or after notBefore (zero: any), else a walk in progress that began at or
// after joinFrom (no later than notBefore), else a new walk. Concurrent callers
// share one walk.
func scopedList[T any](ctx context.Context, c *Client, sub string, notBefore, joinFrom time.Time, key string,
	entries map[string]*scopedEntry[T], subs map[string]*subState, owner map[string]string,
	id func(T) string, walk func(context.Context) (*walkResult[T], error),
) (*scopedEntry[T], error) {
	c.cache.mu.Lock()
	sgen := c.shared.gen(key)
	if e := entries[sub]; e != nil && !e.started.Before(notBefore) && e.sharedGen == sgen {
		c.cache.mu.Unlock()
		return e, nil
	}
	st := subStateOf(subs, sub)
	if joinFrom.After(notBefore) {
		joinFrom = notBefore
	}
	if f := c.cache.flights[key]; f != nil && !f.started.Before(joinFrom) && f.gen == st.gen && f.sharedGen == sgen {
		c.cache.mu.Unlock()
		select {
		case <-f.done:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		if f.err != nil {
			return nil, f.err
		}
		return f.val.(*scopedEntry[T]), nil //nolint:forcetypeassert // a flight under this key only holds this type
	}
	f := &listFlight{started: time.Now(), gen: st.gen, sharedGen: sgen, done: make(chan struct{})}
	c.cache.flights[key] = f
	gen, from := beginFetch(subs, sub)
	c.cache.mu.Unlock()

	res, err := walk(ctx)

	c.cache.mu.Lock()
	defer c.cache.mu.Unlock()
	store, replay := endFetch(subs, sub, gen, from)
	if c.cache.flights[key] == f {
		delete(c.cache.flights, key)
	}
	defer close(f.done)
	if err != nil {
		f.err = err
		return nil, err
	}
	e := newScopedEntry(res.list, id)
	e.complete, e.total, e.started, e.sharedGen = res.complete, res.total, f.started, f.sharedGen
	for _, fn := range replay {
		fn(e) // our own writes that landed while the walk ran
	}
	for _, it := range e.list {
		owner[id(it)] = sub
	}
	if store {
		entries[sub] = e
	}
	f.val = e
	return e, nil
}

func newListCache(sh *shared) *listCache {
	return &listCache{
		shared:       sh,
		flights:      map[string]*listFlight{},
		tokens:       map[string]*tokenEntry{},
		endpoints:    map[string]*endpointEntry{},
		tokenSubs:    map[string]*subState{},
		endpointSubs: map[string]*subState{},
		tokenSub:     map[string]string{},
		endpointSub:  map[string]string{},
		watch:        map[string][]WatchList{},
		watchAt:      map[string]time.Time{},
		watchShared:  map[string]uint64{},

		watchIncomplete: map[string]int{},
	}
}

func cloneToken(t Token) Token {
	t.DeactivationReasons = append([]DeactivationReason(nil), t.DeactivationReasons...)
	return t
}

func cloneEndpoint(e Endpoint) Endpoint {
	e.Values = append([]string(nil), e.Values...)
	e.DefaultValues = append([]string(nil), e.DefaultValues...)
	e.AllowedOrigins = append([]Origin(nil), e.AllowedOrigins...)
	e.DeactivationReasons = append([]DeactivationReason(nil), e.DeactivationReasons...)
	return e
}

// ownWrite records a write with a known outcome that this client made to list key
// and applied to its own copy (entryGen, nil when none is cached). Every other
// client's copy of the list on this base URL becomes stale; this one stays current
// unless another client wrote meanwhile. The caller holds c.mu.
func (c *listCache) ownWrite(key string, entryGen *uint64) {
	g := c.shared.bump(key)
	if entryGen != nil && *entryGen == g-1 {
		*entryGen = g
	}
	if f := c.flights[key]; f != nil && f.sharedGen == g-1 {
		f.sharedGen = g // its result gets this write replayed
	}
}

func tokensKey(sub string) string    { return "tokens/" + sub }
func endpointsKey(sub string) string { return "endpoints/" + sub }

func (c *listCache) dropTokens(sub string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.tokens, sub)
	bumpUnknown(c.tokenSubs, sub)
	c.shared.bump(tokensKey(sub))
}

func (c *listCache) dropEndpoints(sub string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.endpoints, sub)
	bumpUnknown(c.endpointSubs, sub)
	c.shared.bump(endpointsKey(sub))
}

// mutateToken applies fn to the cached token uuid (and to a fetch of its
// subscription in flight); it reports whether the token was cached.
func (c *listCache) mutateToken(uuid string, fn func(*Token)) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	sub, known := c.tokenSub[uuid]
	if !known {
		bumpUnknown(c.tokenSubs, "")
		return false
	}
	apply := func(x any) {
		e := x.(*tokenEntry) //nolint:forcetypeassert // token replays only ever get *tokenEntry
		if i, ok := e.index[uuid]; ok {
			fn(&e.list[i])
		}
	}
	record(c.tokenSubs, sub, apply)
	e, ok := c.tokens[sub]
	if !ok {
		c.ownWrite(tokensKey(sub), nil)
		return false
	}
	_, has := e.index[uuid]
	apply(e)
	c.ownWrite(tokensKey(sub), &e.sharedGen)
	return has
}

func (c *listCache) mutateEndpoint(uuid string, fn func(*Endpoint)) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	sub, known := c.endpointSub[uuid]
	if !known {
		bumpUnknown(c.endpointSubs, "")
		return false
	}
	apply := func(x any) {
		e := x.(*endpointEntry) //nolint:forcetypeassert // endpoint replays only ever get *endpointEntry
		if i, ok := e.index[uuid]; ok {
			fn(&e.list[i])
		}
	}
	record(c.endpointSubs, sub, apply)
	e, ok := c.endpoints[sub]
	if !ok {
		c.ownWrite(endpointsKey(sub), nil)
		return false
	}
	_, has := e.index[uuid]
	apply(e)
	c.ownWrite(endpointsKey(sub), &e.sharedGen)
	return has
}

// forgetToken drops the list holding the token (a write to it had an unknown
// effect) and returns its subscription, "" when unknown.
func (c *listCache) forgetToken(uuid string) (subscription string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	sub := c.tokenSub[uuid]
	delete(c.tokens, sub)
	bumpUnknown(c.tokenSubs, sub)
	if sub != "" {
		c.shared.bump(tokensKey(sub))
	}
	return sub
}

// forgetEndpoint drops the list holding the endpoint.
func (c *listCache) forgetEndpoint(uuid string) (subscription string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	sub := c.endpointSub[uuid]
	delete(c.endpoints, sub)
	bumpUnknown(c.endpointSubs, sub)
	if sub != "" {
		c.shared.bump(endpointsKey(sub))
	}
	return sub
}

func (c *listCache) appendToken(sub string, t Token) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.tokenSub[t.UUID] = sub
	apply := func(x any) {
		e := x.(*tokenEntry) //nolint:forcetypeassert // token replays only ever get *tokenEntry
		if _, dup := e.index[t.UUID]; dup {
			return
		}
		e.index[t.UUID] = len(e.list)
		e.list = append(e.list, cloneToken(t))
	}
	record(c.tokenSubs, sub, apply)
	if e, ok := c.tokens[sub]; ok {
		apply(e)
		c.ownWrite(tokensKey(sub), &e.sharedGen)
	} else {
		c.ownWrite(tokensKey(sub), nil)
	}
}

func (c *listCache) putEndpoint(sub string, ep Endpoint) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.endpointSub[ep.UUID] = sub
	apply := func(x any) {
		e := x.(*endpointEntry) //nolint:forcetypeassert // endpoint replays only ever get *endpointEntry
		if i, found := e.index[ep.UUID]; found {
			e.list[i] = cloneEndpoint(ep)
			return
		}
		e.index[ep.UUID] = len(e.list)
		e.list = append(e.list, cloneEndpoint(ep))
	}
	record(c.endpointSubs, sub, apply)
	if e, ok := c.endpoints[sub]; ok {
		apply(e)
		c.ownWrite(endpointsKey(sub), &e.sharedGen)
	} else {
		c.ownWrite(endpointsKey(sub), nil)
	}
}

// beginFetch registers a fetch of sub's list and returns the generation it
// belongs to and where its replay starts.
func beginFetch(m map[string]*subState, sub string) (gen uint64, from int) {
	s := subStateOf(m, sub)
	s.fetching++
	return s.gen, len(s.replay)
}

// endFetch unregisters a fetch; ok reports whether its result may be stored (no
// unknown-outcome write in sub meanwhile), and replay is what to re-apply to it.
func endFetch(m map[string]*subState, sub string, gen uint64, from int) (ok bool, replay []func(any)) {
	s := subStateOf(m, sub)
	s.fetching--
	ok = s.gen == gen
	replay = append(replay, s.replay[from:]...)
	if s.fetching == 0 {
		s.replay = nil
	}
	return ok, replay
}

// ListCompleteness reports whether a subscription's cached token, endpoint or
// address watch list (kind "token", "endpoint", "address watch list"), or the
// subscription list itself (kind "subscription"), added up to the server's total_count. A list that
// did not may lack objects: lookups that miss in it are errors, and whole-list
// results should say so. Lists not cached yet, or without a total, count as complete.
func (c *Client) ListCompleteness(kind, subscription string) (complete bool, unique, total int) {
	c.cache.mu.Lock()
	defer c.cache.mu.Unlock()
	switch kind {
	case "token":
		if e := c.cache.tokens[subscription]; e != nil {
			return e.complete, len(e.list), e.total
		}
	case "endpoint":
		if e := c.cache.endpoints[subscription]; e != nil {
			return e.complete, len(e.list), e.total
		}
	case "address watch list":
		if total, ok := c.cache.watchIncomplete[subscription]; ok {
			return false, len(c.cache.watch[subscription]), total
		}
	case "subscription": // subscription is ignored: the one list of them
		if c.cache.haveSubs && !c.cache.subsComplete {
			return false, len(c.cache.subs), c.cache.subsTotal
		}
	}
	return true, 0, -1
}
