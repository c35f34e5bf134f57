package tritonapi

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"time"
)

// ListSubscriptions returns every subscription the credential can see (all pages,
// a trusted walk, cached for the life of the client and kept true by its writes).
func (c *Client) ListSubscriptions(ctx context.Context) ([]Subscription, error) {
	list, _, err := c.subscriptionsSince(ctx, time.Time{})
	return list, err
}

const subscriptionsKey = "subscriptions"

// subscriptionsSince returns the subscription list from a walk begun at or after
// notBefore (zero: any current copy), and whether it adds up.
func (c *Client) subscriptionsSince(ctx context.Context, notBefore time.Time) ([]Subscription, bool, error) {
	c.cache.mu.Lock()
	if c.cache.haveSubs && (c.cache.subsAt.Before(notBefore) || c.cache.subsShared != c.shared.gen(subscriptionsKey)) {
		c.cache.haveSubs, c.cache.subs = false, nil // older than asked for, or another client wrote since
		c.cache.subsGen++
	}
	if c.cache.haveSubs {
		out := cloneSubscriptions(c.cache.subs)
		complete := c.cache.subsComplete
		c.cache.mu.Unlock()
		return out, complete, nil
	}
	gen := c.cache.subsGen
	c.cache.mu.Unlock()
	v, err, _ := c.cache.flight.Do(fmt.Sprintf("subscriptions/%d", gen), func() (any, error) {
		shared := c.shared.gen(subscriptionsKey)
		res, err := walkTrusted(ctx, c, paginated, "/subscriptions", nil, "subscriptions", func(s Subscription) string { return s.UUID })
		if err != nil {
			return nil, err
		}
		c.cache.mu.Lock()
		if c.cache.subsGen == gen {
			c.cache.subs, c.cache.haveSubs = res.list, true
			c.cache.subsComplete, c.cache.subsTotal, c.cache.subsAt, c.cache.subsShared = res.complete, res.total, res.started, shared
		}
		c.cache.mu.Unlock()
		return res, nil
	})
	if err != nil {
		return nil, false, err
	}
	res := v.(*walkResult[Subscription]) //nolint:forcetypeassert // the flight above only returns *walkResult[Subscription]
	return cloneSubscriptions(res.list), res.complete, nil
}

func cloneSubscriptions(in []Subscription) []Subscription {
	out := make([]Subscription, len(in))
	for i, s := range in {
		s.SupportedRateTiers = append([]SupportedRateTier(nil), s.SupportedRateTiers...)
		s.DeactivationReasons = append([]DeactivationReason(nil), s.DeactivationReasons...)
		out[i] = s
	}
	return out
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
