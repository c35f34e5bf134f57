package tritonapi

import (
	"context"
	"net/http"
	"net/url"
)

// ListSubscriptions returns every subscription the credential can see (all pages, cached).
func (c *Client) ListSubscriptions(ctx context.Context) ([]Subscription, error) {
	c.cache.mu.Lock()
	if c.cache.haveSubs {
		out := append([]Subscription(nil), c.cache.subs...)
		c.cache.mu.Unlock()
		return out, nil
	}
	c.cache.mu.Unlock()
	v, err, _ := c.cache.flight.Do("subscriptions", func() (any, error) {
		var list []Subscription
		if err := walk(ctx, c, "/subscriptions", nil, "subscriptions", func(s Subscription) string { return s.UUID }, func(p []Subscription) { list = append(list, p...) }); err != nil {
			return nil, err
		}
		c.cache.mu.Lock()
		c.cache.subs, c.cache.haveSubs = list, true
		c.cache.mu.Unlock()
		return list, nil
	})
	if err != nil {
		return nil, err
	}
	return append([]Subscription(nil), v.([]Subscription)...), nil //nolint:forcetypeassert // the flight above only returns []Subscription
}

// ListAccounts returns every account the credential can see (all pages, cached).
func (c *Client) ListAccounts(ctx context.Context) ([]Account, error) {
	c.cache.mu.Lock()
	if c.cache.haveAcct {
		out := append([]Account(nil), c.cache.accounts...)
		c.cache.mu.Unlock()
		return out, nil
	}
	c.cache.mu.Unlock()
	v, err, _ := c.cache.flight.Do("accounts", func() (any, error) {
		var list []Account
		if err := walk(ctx, c, "/accounts", nil, "accounts", func(a Account) string { return a.UUID }, func(p []Account) { list = append(list, p...) }); err != nil {
			return nil, err
		}
		c.cache.mu.Lock()
		c.cache.accounts, c.cache.haveAcct = list, true
		c.cache.mu.Unlock()
		return list, nil
	})
	if err != nil {
		return nil, err
	}
	return append([]Account(nil), v.([]Account)...), nil //nolint:forcetypeassert // the flight above only returns []Account
}

// ListRateTiers returns the deployment's rate tiers (reseller role).
func (c *Client) ListRateTiers(ctx context.Context) ([]RateTier, error) {
	var out struct {
		RateTiers []RateTier `json:"rate_tiers"`
	}
	if err := c.do(ctx, http.MethodGet, "/rate_tiers", url.Values{}, nil, &out); err != nil {
		return nil, err
	}
	return out.RateTiers, nil
}
