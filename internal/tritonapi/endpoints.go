package tritonapi

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strings"
	"time"
)

func (c *Client) endpointList(ctx context.Context, sub string, notBefore, joinFrom time.Time) (*endpointEntry, error) {
	// Endpoints are not paginated (one call, no meta), but a server that ever sends
	// meta is followed and checked like the token list.
	return scopedList(ctx, c, sub, notBefore, joinFrom, endpointsKey(sub), c.cache.endpoints, c.cache.endpointSubs, c.cache.endpointSub,
		func(e Endpoint) string { return e.UUID },
		func(ctx context.Context) (*walkResult[Endpoint], error) {
			return walkTrusted(ctx, c, wholeList, "/endpoints", url.Values{"subscription_uuid": {sub}}, "endpoints", func(e Endpoint) string { return e.UUID })
		})
}

// ListEndpoints returns every endpoint of a subscription (one call, cached).
func (c *Client) ListEndpoints(ctx context.Context, subscription string) ([]Endpoint, error) {
	e, err := c.endpointList(ctx, subscription, time.Time{}, time.Time{})
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
	e, err := c.endpointList(ctx, subscription, time.Time{}, time.Time{})
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

// endpointsSince returns a subscription's endpoints from a walk begun at or after
// notBefore, and whether that list adds up.
func (c *Client) endpointsSince(ctx context.Context, sub string, notBefore, joinFrom time.Time) ([]Endpoint, bool, error) {
	e, err := c.endpointList(ctx, sub, notBefore, joinFrom)
	if err != nil {
		return nil, false, err
	}
	c.cache.mu.Lock()
	defer c.cache.mu.Unlock()
	out := make([]Endpoint, len(e.list))
	for i, ep := range e.list {
		out[i] = cloneEndpoint(ep)
	}
	return out, e.complete, nil
}

// CreateEndpoint creates an endpoint (reseller role), with the same unknown-outcome
// adoption as CreateToken.
func (c *Client) CreateEndpoint(ctx context.Context, subscription string, in EndpointCreate) (Endpoint, error) {
	path := "/subscriptions/" + url.PathEscape(subscription) + "/endpoints"
	body := map[string]any{"endpoint": in}
	return createAdopting(ctx, c, createSpec[Endpoint]{
		kind: "endpoint", scope: subscription, name: in.Name, tier: in.RateTier,
		walk: func(ctx context.Context, notBefore, joinFrom time.Time) ([]Endpoint, bool, error) {
			return c.endpointsSince(ctx, subscription, notBefore, joinFrom)
		},
		post: func(ctx context.Context) (Endpoint, error) {
			var out struct {
				Endpoint *Endpoint `json:"endpoint"`
			}
			if err := c.do(ctx, http.MethodPost, path, nil, body, &out); err != nil {
				if outcomeUnknown(err) {
					c.cache.dropEndpoints(subscription)
				}
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
		describe: func(e Endpoint) string {
			return fmt.Sprintf("slug %s, is_active %t", e.Slug, e.IsActive)
		},
		importID: func(uuid string) string { return subscription + "/" + uuid },
		revoked:  func(e Endpoint) bool { return !e.IsActive },
		fits:     func(e Endpoint) bool { return sameOriginValues(e.AllowedOrigins, in.AllowedOrigins) },
	})
}

// sameOriginValues reports whether an endpoint's origins are the values a create
// sends, leaving out the "__" origins Triton adds itself.
func sameOriginValues(have []Origin, sent []OriginInput) bool {
	a := make([]string, 0, len(have))
	for _, o := range have {
		if !strings.HasPrefix(o.Value, "__") {
			a = append(a, o.Value)
		}
	}
	b := make([]string, 0, len(sent))
	for _, o := range sent {
		b = append(b, o.Value)
	}
	sort.Strings(a)
	sort.Strings(b)
	return slices.Equal(a, b)
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
	var sub string
	return c.toggleWrite(ctx, toggleSpec{
		kind: "endpoint", collection: "endpoints",
		applied: func() {
			c.cache.mutateEndpoint(uuid, func(e *Endpoint) { applyToggle(&e.IsActive, &e.DeactivationReasons, active, reason) })
		},
		forget: func() bool { sub = c.cache.forgetEndpoint(uuid); return sub != "" },
		state: func(ctx context.Context, notBefore time.Time) (bool, bool, error) {
			if _, err := c.endpointList(ctx, sub, notBefore, notBefore); err != nil {
				return false, false, err
			}
			e, found, err := c.FindEndpoint(ctx, sub, uuid)
			return e.IsActive, found, err
		},
	}, uuid, active, reason)
}
