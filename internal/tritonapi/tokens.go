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
	e, gen := c.cache.tokens[sub], c.cache.tokenGen
	c.cache.mu.Unlock()
	if e != nil {
		return e, nil
	}
	key := fmt.Sprintf("tokens/%s/%d", sub, gen)
	v, err, _ := c.cache.flight.Do(key, func() (any, error) {
		var list []Token
		err := walk(ctx, c, "/tokens", url.Values{"subscription_uuid": {sub}}, "tokens", func(page []Token) {
			list = append(list, page...)
		})
		if err != nil {
			return nil, err
		}
		entry := newTokenEntry(list)
		c.cache.mu.Lock()
		if c.cache.tokenGen == gen {
			c.cache.tokens[sub] = entry
		}
		c.cache.mu.Unlock()
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
		kind: "token",
		list: func(ctx context.Context) ([]Token, error) { return c.ListTokens(ctx, subscription) },
		drop: func() { c.cache.dropTokens(subscription) },
		post: func(ctx context.Context) (Token, error) {
			var out struct {
				Token *Token `json:"token"`
			}
			if err := c.do(ctx, http.MethodPost, path, nil, body, &out); err != nil {
				return Token{}, err
			}
			if out.Token == nil || out.Token.UUID == "" {
				c.cache.dropTokens(subscription)
				return Token{}, fmt.Errorf("POST %s: response has no token", path)
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
	err := c.do(ctx, http.MethodPut, "/tokens/"+url.PathEscape(uuid)+"/activate", nil, nil, nil)
	c.afterTokenToggle(uuid, err, true, "")
	return err
}

// DeactivateToken deactivates a token (operator or reseller role); reason may be empty.
func (c *Client) DeactivateToken(ctx context.Context, uuid, reason string) error {
	var body any
	if reason != "" {
		body = map[string]string{"deactivation_reason": reason}
	}
	err := c.do(ctx, http.MethodPut, "/tokens/"+url.PathEscape(uuid)+"/deactivate", nil, body, nil)
	c.afterTokenToggle(uuid, err, false, reason)
	return err
}

func (c *Client) afterTokenToggle(uuid string, err error, active bool, reason string) {
	if err != nil && !outcomeUnknown(err) {
		return
	}
	if err != nil {
		// The effect is unknown: forget every subscription holding the token.
		c.cache.mu.Lock()
		c.cache.tokenGen++
		for sub, e := range c.cache.tokens {
			if _, ok := e.index[uuid]; ok {
				delete(c.cache.tokens, sub)
			}
		}
		c.cache.mu.Unlock()
		return
	}
	c.cache.mutateToken(uuid, func(t *Token) {
		if !active && reason != "" {
			t.DeactivationReasons = append(t.DeactivationReasons, DeactivationReason{Description: reason, CreatedAt: now()})
		}
		t.IsActive = active
	})
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
