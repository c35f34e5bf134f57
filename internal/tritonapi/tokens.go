package tritonapi

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"time"
)

func (c *Client) tokenList(ctx context.Context, sub string) (*tokenEntry, error) {
	c.cache.mu.Lock()
	e := c.cache.tokens[sub]
	gen := subStateOf(c.cache.tokenSubs, sub).gen
	c.cache.mu.Unlock()
	if e != nil {
		return e, nil
	}
	key := fmt.Sprintf("tokens/%s/%d", sub, gen)
	v, err, _ := c.cache.flight.Do(key, func() (any, error) {
		c.cache.mu.Lock()
		gen, from := beginFetch(c.cache.tokenSubs, sub)
		c.cache.mu.Unlock()
		res, err := walkTrusted(ctx, c, "/tokens", url.Values{"subscription_uuid": {sub}}, "tokens", func(t Token) string { return t.UUID })
		c.cache.mu.Lock()
		defer c.cache.mu.Unlock()
		store, replay := endFetch(c.cache.tokenSubs, sub, gen, from)
		if err != nil {
			return nil, err
		}
		// NOTE: a list that never added up is cached and served too (or every read
		// would re-walk it), but FindToken does not call a token gone from it.
		entry := newTokenEntry(res.list)
		entry.complete, entry.total = res.complete, res.total
		for _, fn := range replay {
			fn(entry) // our own writes that landed while the walk ran
		}
		for _, t := range entry.list {
			c.cache.tokenSub[t.UUID] = sub
		}
		if store {
			c.cache.tokens[sub] = entry
		}
		return entry, nil
	})
	if err != nil {
		return nil, err
	}
	return v.(*tokenEntry), nil //nolint:forcetypeassert // the flight above only returns *tokenEntry
}

// ListTokens returns every token of a subscription (all pages), from the cache
// when this client already walked it.
func (c *Client) ListTokens(ctx context.Context, subscription string) ([]Token, error) {
	e, err := c.tokenList(ctx, subscription)
	if err != nil {
		return nil, err
	}
	c.cache.mu.Lock()
	defer c.cache.mu.Unlock()
	out := make([]Token, len(e.list))
	for i, t := range e.list {
		out[i] = cloneToken(t)
	}
	return out, nil
}

// FindToken looks a token up by uuid in its subscription's full list. found is
// false only when the whole list was walked without it.
func (c *Client) FindToken(ctx context.Context, subscription, uuid string) (tok Token, found bool, err error) {
	e, err := c.tokenList(ctx, subscription)
	if err != nil {
		return Token{}, false, err
	}
	c.cache.mu.Lock()
	defer c.cache.mu.Unlock()
	i, ok := e.index[uuid]
	if !ok {
		if !e.complete {
			return Token{}, false, &IncompleteListError{Kind: "token", Subscription: subscription, UUID: uuid, Unique: len(e.list), Total: e.total}
		}
		return Token{}, false, nil
	}
	return cloneToken(e.list[i]), true, nil
}

// CreateToken creates a token, adopting it instead of minting a second one when
// the answer to the create is lost (see createAdopting).
func (c *Client) CreateToken(ctx context.Context, subscription, name, rateTier string) (Token, error) {
	path := "/subscriptions/" + url.PathEscape(subscription) + "/tokens"
	body := map[string]any{"token": map[string]string{"name": name, "rate_tier": rateTier}}
	return createAdopting(ctx, c, subscription, createSpec[Token]{
		kind:  "token",
		name:  name,
		tier:  rateTier,
		list:  func(ctx context.Context) ([]Token, error) { return c.ListTokens(ctx, subscription) },
		drop:  func() { c.cache.dropTokens(subscription) },
		stale: func(maxAge time.Duration) { c.cache.dropStaleTokens(subscription, maxAge) },
		post: func(ctx context.Context) (Token, error) {
			var out struct {
				Token *Token `json:"token"`
			}
			if err := c.do(ctx, http.MethodPost, path, nil, body, &out); err != nil {
				return Token{}, err
			}
			if out.Token == nil || out.Token.UUID == "" {
				c.cache.dropTokens(subscription)
				return Token{}, &HollowAnswerError{Method: http.MethodPost, Path: path, Status: http.StatusCreated, Reason: "no token object in the body"}
			}
			c.cache.appendToken(subscription, *out.Token)
			return *out.Token, nil
		},
		uuid: func(t Token) string { return t.UUID },
		same: func(t Token) bool { return t.Name == name && t.RateTier == rateTier },
	})
}

// ActivateToken activates a token (operator or reseller role).
func (c *Client) ActivateToken(ctx context.Context, uuid string) error {
	return c.toggleToken(ctx, uuid, true, "")
}

// DeactivateToken deactivates a token (operator or reseller role); reason may be empty.
func (c *Client) DeactivateToken(ctx context.Context, uuid, reason string) error {
	return c.toggleToken(ctx, uuid, false, reason)
}

func (c *Client) toggleToken(ctx context.Context, uuid string, active bool, reason string) error {
	for attempt := 0; ; attempt++ {
		err := c.toggle(ctx, "tokens", uuid, active, reason)
		switch {
		case err == nil:
			c.cache.mutateToken(uuid, func(t *Token) { applyToggle(&t.IsActive, &t.DeactivationReasons, active, reason) })
			return nil
		case !outcomeUnknown(err):
			return err
		}
		sub := c.cache.forgetToken(uuid)
		if !sideEffecting(active, reason) {
			return err // the transport already retried an idempotent PUT
		}
		// A deactivate with a reason appends to the history: check by listing
		// whether it took effect before ever repeating it.
		if sub == "" || attempt >= c.retries {
			return fmt.Errorf("deactivating token %s: outcome unknown, not repeated blindly (it would record the reason twice): %w", uuid, err)
		}
		if tok, found, lerr := c.FindToken(ctx, sub, uuid); lerr == nil && found && !tok.IsActive {
			return nil
		}
		if err := sleepCtx(ctx, expBackoff(c.waitMin, c.waitMax, attempt)); err != nil {
			return err
		}
	}
}

// sideEffecting reports whether an activate/deactivate call changes more than the
// state it sets (a deactivate with a reason appends it to the history).
func sideEffecting(active bool, reason string) bool { return !active && reason != "" }

// toggle calls PUT /<collection>/<uuid>/activate or /deactivate; a deactivate
// carries the reason when one is given.
func (c *Client) toggle(ctx context.Context, collection, uuid string, active bool, reason string) error {
	action, body := "activate", any(nil)
	if !active {
		action = "deactivate"
		if reason != "" {
			body = map[string]string{"deactivation_reason": reason}
		}
	}
	if sideEffecting(active, reason) {
		ctx = context.WithValue(ctx, sideEffectKey{}, true)
	}
	return c.do(ctx, http.MethodPut, "/"+collection+"/"+url.PathEscape(uuid)+"/"+action, nil, body, nil)
}

// applyToggle records an accepted activate or deactivate the way the API does: a
// deactivate with a reason appends it to the history.
//
// NOTE: it may be re-applied to a list fetched while the call ran, which may
// already show it: a copy that is already inactive with this reason last is left
// as it is, so the reason is not recorded twice.
func applyToggle(isActive *bool, reasons *[]DeactivationReason, active bool, reason string) {
	r := *reasons
	already := !*isActive && len(r) > 0 && r[len(r)-1].Description == reason
	if !active && reason != "" && !already {
		*reasons = append(*reasons, DeactivationReason{Description: reason, CreatedAt: now()})
	}
	*isActive = active
}

func now() string { return time.Now().UTC().Format(time.RFC3339) }

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
