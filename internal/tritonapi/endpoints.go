package tritonapi

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"time"
)

func (c *Client) endpointList(ctx context.Context, sub string) (*endpointEntry, error) {
	c.cache.mu.Lock()
	e := c.cache.endpoints[sub]
	gen := subStateOf(c.cache.endpointSubs, sub).gen
	c.cache.mu.Unlock()
	if e != nil {
		return e, nil
	}
	key := fmt.Sprintf("endpoints/%s/%d", sub, gen)
	v, err, _ := c.cache.flight.Do(key, func() (any, error) {
		c.cache.mu.Lock()
		gen, from := beginFetch(c.cache.endpointSubs, sub)
		c.cache.mu.Unlock()
		// Endpoints are not paginated (one call, no meta), but a server that ever
		// sends meta is followed and checked like the token list.
		res, err := walkTrusted(ctx, c, "/endpoints", url.Values{"subscription_uuid": {sub}}, "endpoints", func(e Endpoint) string { return e.UUID })
		c.cache.mu.Lock()
		defer c.cache.mu.Unlock()
		store, replay := endFetch(c.cache.endpointSubs, sub, gen, from)
		if err != nil {
			return nil, err
		}
		entry := newEndpointEntry(res.list)
		entry.complete, entry.total = res.complete, res.total
		for _, fn := range replay {
			fn(entry)
		}
		for _, ep := range entry.list {
			c.cache.endpointSub[ep.UUID] = sub
		}
		if store {
			c.cache.endpoints[sub] = entry
		}
		return entry, nil
	})
	if err != nil {
		return nil, err
	}
	return v.(*endpointEntry), nil //nolint:forcetypeassert // the flight above only returns *endpointEntry
}

// ListEndpoints returns every endpoint of a subscription (one call, cached).
func (c *Client) ListEndpoints(ctx context.Context, subscription string) ([]Endpoint, error) {
	e, err := c.endpointList(ctx, subscription)
	if err != nil {
		return nil, err
	}
	c.cache.mu.Lock()
	defer c.cache.mu.Unlock()
	out := make([]Endpoint, len(e.list))
	for i, ep := range e.list {
		out[i] = cloneEndpoint(ep)
	}
	return out, nil
}

// FindEndpoint looks an endpoint up by uuid in its subscription's list.
func (c *Client) FindEndpoint(ctx context.Context, subscription, uuid string) (ep Endpoint, found bool, err error) {
	e, err := c.endpointList(ctx, subscription)
	if err != nil {
		return Endpoint{}, false, err
	}
	c.cache.mu.Lock()
	defer c.cache.mu.Unlock()
	i, ok := e.index[uuid]
	if !ok {
		if !e.complete {
			return Endpoint{}, false, &IncompleteListError{Kind: "endpoint", Subscription: subscription, UUID: uuid, Unique: len(e.list), Total: e.total}
		}
		return Endpoint{}, false, nil
	}
	return cloneEndpoint(e.list[i]), true, nil
}

// CreateEndpoint creates an endpoint (reseller role), with the same unknown-outcome
// adoption as CreateToken.
func (c *Client) CreateEndpoint(ctx context.Context, subscription string, in EndpointCreate) (Endpoint, error) {
	path := "/subscriptions/" + url.PathEscape(subscription) + "/endpoints"
	body := map[string]any{"endpoint": in}
	return createAdopting(ctx, c, subscription, createSpec[Endpoint]{
		kind:  "endpoint",
		name:  in.Name,
		tier:  in.RateTier,
		list:  func(ctx context.Context) ([]Endpoint, error) { return c.ListEndpoints(ctx, subscription) },
		drop:  func() { c.cache.dropEndpoints(subscription) },
		stale: func(maxAge time.Duration) { c.cache.dropStaleEndpoints(subscription, maxAge) },
		post: func(ctx context.Context) (Endpoint, error) {
			var out struct {
				Endpoint *Endpoint `json:"endpoint"`
			}
			if err := c.do(ctx, http.MethodPost, path, nil, body, &out); err != nil {
				return Endpoint{}, err
			}
			if out.Endpoint == nil || out.Endpoint.UUID == "" {
				c.cache.dropEndpoints(subscription)
				return Endpoint{}, &HollowAnswerError{Method: http.MethodPost, Path: path, Status: http.StatusCreated, Reason: "no endpoint object in the body"}
			}
			c.cache.putEndpoint(subscription, *out.Endpoint)
			return *out.Endpoint, nil
		},
		uuid: func(e Endpoint) string { return e.UUID },
		same: func(e Endpoint) bool { return e.Name == in.Name && e.RateTier == in.RateTier },
	})
}

// UpdateEndpoint sends one PUT; the API replaces allowed_origins when present.
func (c *Client) UpdateEndpoint(ctx context.Context, subscription, uuid string, in EndpointUpdate) (Endpoint, error) {
	var out struct {
		Endpoint *Endpoint `json:"endpoint"`
	}
	err := c.do(ctx, http.MethodPut, "/endpoints/"+url.PathEscape(uuid), nil, map[string]any{"endpoint": in}, &out)
	if err != nil {
		if outcomeUnknown(err) {
			c.cache.dropEndpoints(subscription)
		}
		return Endpoint{}, err
	}
	if out.Endpoint == nil {
		c.cache.dropEndpoints(subscription)
		return Endpoint{}, fmt.Errorf("PUT /endpoints/%s: response has no endpoint", uuid)
	}
	c.cache.putEndpoint(subscription, *out.Endpoint)
	return *out.Endpoint, nil
}

// ActivateEndpoint activates an endpoint (reseller role).
func (c *Client) ActivateEndpoint(ctx context.Context, uuid string) error {
	return c.toggleEndpoint(ctx, uuid, true, "")
}

// DeactivateEndpoint deactivates an endpoint (reseller role); reason may be empty.
func (c *Client) DeactivateEndpoint(ctx context.Context, uuid, reason string) error {
	return c.toggleEndpoint(ctx, uuid, false, reason)
}

func (c *Client) toggleEndpoint(ctx context.Context, uuid string, active bool, reason string) error {
	for attempt := 0; ; attempt++ {
		err := c.toggle(ctx, "endpoints", uuid, active, reason)
		switch {
		case err == nil:
			c.cache.mutateEndpoint(uuid, func(e *Endpoint) { applyToggle(&e.IsActive, &e.DeactivationReasons, active, reason) })
			return nil
		case !outcomeUnknown(err):
			return err
		}
		sub := c.cache.forgetEndpoint(uuid)
		if !sideEffecting(active, reason) {
			return err
		}
		if sub == "" || attempt >= c.retries {
			return fmt.Errorf("deactivating endpoint %s: outcome unknown, not repeated blindly (it would record the reason twice): %w", uuid, err)
		}
		if ep, found, lerr := c.FindEndpoint(ctx, sub, uuid); lerr == nil && found && !ep.IsActive {
			return nil
		}
		if err := sleepCtx(ctx, expBackoff(c.waitMin, c.waitMax, attempt)); err != nil {
			return err
		}
	}
}
