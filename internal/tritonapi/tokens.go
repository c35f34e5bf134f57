package tritonapi

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"time"
)

func (c *Client) tokenList(ctx context.Context, sub string, notBefore, joinFrom time.Time) (*tokenEntry, error) {
	return scopedList(ctx, c, sub, notBefore, joinFrom, tokensKey(sub), c.cache.tokens, c.cache.tokenSubs, c.cache.tokenSub,
		func(t Token) string { return t.UUID },
		func(ctx context.Context) (*walkResult[Token], error) {
			res, err := walkTrusted(ctx, c, paginated, "/tokens", url.Values{"subscription_uuid": {sub}}, "tokens", func(t Token) string { return t.UUID })
			if err == nil {
				values := make([]string, 0, len(res.list))
				for _, t := range res.list {
					values = append(values, t.Value)
				}
				c.shared.addSecrets(values...)
			}
			return res, err
		})
}

// ListTokens returns every token of a subscription (all pages), from the cache
// when this client already walked it.
func (c *Client) ListTokens(ctx context.Context, subscription string) ([]Token, error) {
	e, err := c.tokenList(ctx, subscription, time.Time{}, time.Time{})
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
	e, err := c.tokenList(ctx, subscription, time.Time{}, time.Time{})
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

// tokensSince returns a subscription's tokens from a walk begun at or after
// notBefore (one in progress may have begun at joinFrom), and whether that list
// adds up.
func (c *Client) tokensSince(ctx context.Context, sub string, notBefore, joinFrom time.Time) ([]Token, bool, error) {
	e, err := c.tokenList(ctx, sub, notBefore, joinFrom)
	if err != nil {
		return nil, false, err
	}
	c.cache.mu.Lock()
	defer c.cache.mu.Unlock()
	out := make([]Token, len(e.list))
	for i, t := range e.list {
		out[i] = cloneToken(t)
	}
	return out, e.complete, nil
}

// CreateToken creates a token, adopting it instead of minting a second one when
// the answer to the create is lost (see createAdopting).
func (c *Client) CreateToken(ctx context.Context, subscription, name, rateTier string) (Token, error) {
	path := "/subscriptions/" + url.PathEscape(subscription) + "/tokens"
	body := map[string]any{"token": map[string]string{"name": name, "rate_tier": rateTier}}
	return createAdopting(ctx, c, createSpec[Token]{
		kind: "token", scope: subscription, name: name, tier: rateTier,
		walk: func(ctx context.Context, notBefore, joinFrom time.Time) ([]Token, bool, error) {
			return c.tokensSince(ctx, subscription, notBefore, joinFrom)
		},
		post: func(ctx context.Context) (Token, error) {
			var out struct {
				Token *Token `json:"token"`
			}
			if err := c.do(ctx, http.MethodPost, path, nil, body, &out); err != nil {
				if outcomeUnknown(err) {
					c.cache.dropTokens(subscription)
				}
				return Token{}, err
			}
			if out.Token == nil || out.Token.UUID == "" {
				c.cache.dropTokens(subscription)
				return Token{}, &HollowAnswerError{Method: http.MethodPost, Path: path, Status: http.StatusCreated, Reason: "no token object in the body"}
			}
			c.shared.addSecrets(out.Token.Value)
			c.cache.appendToken(subscription, *out.Token)
			return *out.Token, nil
		},
		uuid: func(t Token) string { return t.UUID },
		same: func(t Token) bool { return t.Name == name && t.RateTier == rateTier },
		describe: func(t Token) string {
			return fmt.Sprintf("auth_username %s, is_active %t", t.AuthUsername, t.IsActive)
		},
		importID: func(uuid string) string { return subscription + "/" + uuid },
		revoked:  func(t Token) bool { return !t.IsActive },
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
	var sub string
	return c.toggleWrite(ctx, toggleSpec{
		kind: "token", collection: "tokens",
		applied: func() {
			c.cache.mutateToken(uuid, func(t *Token) { applyToggle(&t.IsActive, &t.DeactivationReasons, active, reason) })
		},
		forget: func() bool { sub = c.cache.forgetToken(uuid); return sub != "" },
		state: func(ctx context.Context, notBefore time.Time) (bool, bool, error) {
			if _, err := c.tokenList(ctx, sub, notBefore, notBefore); err != nil {
				return false, false, err
			}
			t, found, err := c.FindToken(ctx, sub, uuid)
			return t.IsActive, found, err
		},
	}, uuid, active, reason)
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
