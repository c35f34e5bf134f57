package tritonapi

import (
	"sync"

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
	// tokenGen and endpointGen count writes. A fetch stores its result only if no
	// write happened while it ran, and callers after a write never join a fetch
	// started before it (the generation is part of the flight key).
	tokenGen    uint64
	endpointGen uint64
	flight      singleflight.Group
}

type tokenEntry struct {
	list  []Token
	index map[string]int
	// complete is false when the walks never added up to the server's total_count:
	// then a uuid missing from list is unknown, not gone.
	complete bool
	total    int
}

type endpointEntry struct {
	list     []Endpoint
	index    map[string]int
	complete bool
	total    int
}

func newListCache() *listCache {
	return &listCache{
		tokens:    map[string]*tokenEntry{},
		endpoints: map[string]*endpointEntry{},
	}
}

func newTokenEntry(list []Token) *tokenEntry {
	e := &tokenEntry{list: list, index: make(map[string]int, len(list)), complete: true, total: -1}
	for i, t := range list {
		e.index[t.UUID] = i
	}
	return e
}

func newEndpointEntry(list []Endpoint) *endpointEntry {
	e := &endpointEntry{list: list, index: make(map[string]int, len(list)), complete: true, total: -1}
	for i, ep := range list {
		e.index[ep.UUID] = i
	}
	return e
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

func (c *listCache) dropTokens(sub string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.tokens, sub)
	c.tokenGen++
}

func (c *listCache) dropEndpoints(sub string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.endpoints, sub)
	c.endpointGen++
}

// mutateToken applies fn to the cached token uuid in any subscription; it reports
// whether the token was cached.
func (c *listCache) mutateToken(uuid string, fn func(*Token)) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.tokenGen++
	for _, e := range c.tokens {
		if i, ok := e.index[uuid]; ok {
			fn(&e.list[i])
			return true
		}
	}
	return false
}

func (c *listCache) mutateEndpoint(uuid string, fn func(*Endpoint)) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.endpointGen++
	for _, e := range c.endpoints {
		if i, ok := e.index[uuid]; ok {
			fn(&e.list[i])
			return true
		}
	}
	return false
}

// forgetToken drops every subscription list holding the token (a write to it had
// an unknown effect).
func (c *listCache) forgetToken(uuid string) (subscription string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.tokenGen++
	for sub, e := range c.tokens {
		if _, ok := e.index[uuid]; ok {
			delete(c.tokens, sub)
			subscription = sub
		}
	}
	return subscription
}

// forgetEndpoint drops every subscription list holding the endpoint.
func (c *listCache) forgetEndpoint(uuid string) (subscription string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.endpointGen++
	for sub, e := range c.endpoints {
		if _, ok := e.index[uuid]; ok {
			delete(c.endpoints, sub)
			subscription = sub
		}
	}
	return subscription
}

func (c *listCache) appendToken(sub string, t Token) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.tokenGen++
	e, ok := c.tokens[sub]
	if !ok {
		return
	}
	if _, dup := e.index[t.UUID]; dup {
		return
	}
	e.index[t.UUID] = len(e.list)
	e.list = append(e.list, cloneToken(t))
}

func (c *listCache) putEndpoint(sub string, ep Endpoint) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.endpointGen++
	e, ok := c.endpoints[sub]
	if !ok {
		return
	}
	if i, found := e.index[ep.UUID]; found {
		e.list[i] = cloneEndpoint(ep)
		return
	}
	e.index[ep.UUID] = len(e.list)
	e.list = append(e.list, cloneEndpoint(ep))
}
