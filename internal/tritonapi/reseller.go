package tritonapi

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"time"
)

// Subscription writes (reseller role, rename: any role) and address watch lists
// (operator or reseller). Every subscription write keeps the cached subscription
// list true, or drops it when its outcome is unknown.

// FindSubscription looks a subscription up in the (cached) list. found is false only
// when the list adds up and lacks it; a miss in a list that never added up is an
// *IncompleteListError.
func (c *Client) FindSubscription(ctx context.Context, uuid string) (sub Subscription, found bool, err error) {
	list, err := c.ListSubscriptions(ctx)
	if err != nil {
		return Subscription{}, false, err
	}
	for _, s := range list {
		if s.UUID == uuid {
			return s, true, nil
		}
	}
	c.cache.mu.Lock()
	complete, total := c.cache.subsComplete || !c.cache.haveSubs, c.cache.subsTotal
	c.cache.mu.Unlock()
	if !complete {
		return Subscription{}, false, &IncompleteListError{Kind: "subscription", Subscription: "(all)", UUID: uuid, Unique: len(list), Total: total}
	}
	return Subscription{}, false, nil
}

// dropSubscriptions forgets the cached subscription list and keeps a walk already
// running from storing its (possibly stale) result.
func (c *Client) dropSubscriptions() {
	c.cache.mu.Lock()
	defer c.cache.mu.Unlock()
	c.cache.haveSubs, c.cache.subs = false, nil
	c.cache.subsGen++
	c.shared.bump(subscriptionsKey)
}

// ownSubscriptionWrite records a known write this client applied to its cached
// subscription list; the caller holds c.cache.mu.
func (c *Client) ownSubscriptionWrite() {
	c.cache.ownWrite(subscriptionsKey, &c.cache.subsShared)
}

// mutateSubscription applies fn to the cached copy, if any.
func (c *Client) mutateSubscription(uuid string, fn func(*Subscription)) {
	c.cache.mu.Lock()
	defer c.cache.mu.Unlock()
	for i := range c.cache.subs {
		if c.cache.subs[i].UUID == uuid {
			fn(&c.cache.subs[i])
		}
	}
	c.ownSubscriptionWrite()
}

// CreateSubscription creates a subscription (reseller role). A lost answer is never
// repeated blindly: the list is walked again and the one new subscription with this
// account, type and name is adopted (names are not unique).
func (c *Client) CreateSubscription(ctx context.Context, in SubscriptionCreate) (Subscription, error) {
	const path = "/subscriptions"
	return createAdopting(ctx, c, createSpec[Subscription]{
		kind: "subscription", scope: "account:" + in.AccountUUID, name: in.Name, tier: in.SubscriptionType,
		walk: func(ctx context.Context, notBefore, _ time.Time) ([]Subscription, bool, error) {
			return c.subscriptionsSince(ctx, notBefore)
		},
		post: func(ctx context.Context) (Subscription, error) {
			var out struct {
				Subscription *Subscription `json:"subscription"`
			}
			if err := c.do(ctx, http.MethodPost, path, nil, map[string]SubscriptionCreate{"subscription": in}, &out); err != nil {
				if outcomeUnknown(err) {
					c.dropSubscriptions()
				}
				return Subscription{}, err
			}
			if out.Subscription == nil || out.Subscription.UUID == "" {
				c.dropSubscriptions()
				return Subscription{}, &HollowAnswerError{Method: http.MethodPost, Path: path, Status: http.StatusCreated, Reason: "no subscription object in the body"}
			}
			c.cache.mu.Lock()
			if c.cache.haveSubs {
				c.cache.subs = append(c.cache.subs, *out.Subscription)
			}
			c.ownSubscriptionWrite()
			c.cache.mu.Unlock()
			return *out.Subscription, nil
		},
		uuid: func(s Subscription) string { return s.UUID },
		same: func(s Subscription) bool {
			return s.AccountUUID == in.AccountUUID && s.Name == in.Name && s.SubscriptionType == in.SubscriptionType
		},
		describe: func(s Subscription) string {
			starts := "null"
			if s.StartsAt != nil {
				starts = *s.StartsAt
			}
			return fmt.Sprintf("starts_at %s, is_active %t", starts, s.IsActive)
		},
		importID: func(uuid string) string { return uuid },
	})
}

// RenameSubscription sets a subscription's name, the only field the API updates.
func (c *Client) RenameSubscription(ctx context.Context, uuid, name string) (Subscription, error) {
	var out struct {
		Subscription *Subscription `json:"subscription"`
	}
	err := c.do(ctx, http.MethodPut, "/subscriptions/"+url.PathEscape(uuid), nil, map[string]any{"subscription": map[string]string{"name": name}}, &out)
	if err != nil {
		if outcomeUnknown(err) {
			c.dropSubscriptions()
		}
		return Subscription{}, err
	}
	c.mutateSubscription(uuid, func(s *Subscription) { s.Name = name })
	if out.Subscription == nil || out.Subscription.UUID == "" {
		// The rename was accepted; answer from the (updated) list.
		s, found, err := c.FindSubscription(ctx, uuid)
		if err != nil || !found {
			return Subscription{}, fmt.Errorf("subscription %s renamed, but it could not be read back: %v", uuid, err)
		}
		return s, nil
	}
	return *out.Subscription, nil
}

// ActivateSubscription activates a subscription (reseller role).
func (c *Client) ActivateSubscription(ctx context.Context, uuid string) error {
	return c.toggleSubscription(ctx, uuid, true, "")
}

// DeactivateSubscription deactivates a subscription (reseller role); reason may be empty.
func (c *Client) DeactivateSubscription(ctx context.Context, uuid, reason string) error {
	return c.toggleSubscription(ctx, uuid, false, reason)
}

func (c *Client) toggleSubscription(ctx context.Context, uuid string, active bool, reason string) error {
	return c.toggleWrite(ctx, toggleSpec{
		kind: "subscription", collection: "subscriptions",
		applied: func() {
			c.mutateSubscription(uuid, func(s *Subscription) { applyToggle(&s.IsActive, &s.DeactivationReasons, active, reason) })
		},
		forget: func() bool { c.dropSubscriptions(); return true },
		state: func(ctx context.Context, notBefore time.Time) (bool, bool, error) {
			list, _, err := c.subscriptionsSince(ctx, notBefore)
			if err != nil {
				return false, false, err
			}
			for _, s := range list {
				if s.UUID == uuid {
					return s.IsActive, true, nil
				}
			}
			return false, false, nil
		},
	}, uuid, active, reason)
}

// ListSubscriptionTypes returns the subscription types (reseller role).
func (c *Client) ListSubscriptionTypes(ctx context.Context) ([]SubscriptionType, error) {
	var out struct {
		SubscriptionTypes []SubscriptionType `json:"subscription_types"`
	}
	if err := c.do(ctx, http.MethodGet, "/subscription_types", url.Values{}, nil, &out); err != nil {
		return nil, err
	}
	return out.SubscriptionTypes, nil
}

// ListWatchLists returns a subscription's address watch list entries, optionally of
// one variant. The answer may be {"address_watch_lists": [...]} with or without a
// meta block (then walked like the token list: de-duplicated, counted against
// total_count, re-walked when it does not add up), or a bare array. The full list of
// a subscription is cached and kept true by this client's creates and deletes.
func (c *Client) ListWatchLists(ctx context.Context, subscription, variant string) ([]WatchList, error) {
	all, err := c.watchList(ctx, subscription)
	if err != nil {
		return nil, err
	}
	out := []WatchList{}
	for _, w := range all {
		if variant == "" || w.Variant == variant {
			out = append(out, w)
		}
	}
	return out, nil
}

func watchKey(sub string) string { return "watch/" + sub }

func (c *Client) watchList(ctx context.Context, sub string) ([]WatchList, error) {
	l, _, err := c.watchListSince(ctx, sub, time.Time{})
	return l, err
}

// watchListSince returns a subscription's watch list from a walk begun at or after
// notBefore (zero: any current copy), and whether it adds up.
func (c *Client) watchListSince(ctx context.Context, sub string, notBefore time.Time) ([]WatchList, bool, error) {
	c.cache.mu.Lock()
	if l, ok := c.cache.watch[sub]; ok && !c.cache.watchAt[sub].Before(notBefore) && c.cache.watchShared[sub] == c.shared.gen(watchKey(sub)) {
		out := append([]WatchList(nil), l...)
		_, incomplete := c.cache.watchIncomplete[sub]
		c.cache.mu.Unlock()
		return out, !incomplete, nil
	}
	delete(c.cache.watch, sub)
	c.cache.mu.Unlock()
	v, err, _ := c.cache.flight.Do(fmt.Sprintf("watch/%s/%d", sub, notBefore.UnixNano()), func() (any, error) {
		shared := c.shared.gen(watchKey(sub))
		res, err := walkTrusted(ctx, c, wholeList, "/address_watch_lists", url.Values{"subscription_uuid": {sub}}, "address_watch_lists",
			func(w WatchList) string { return w.UUID })
		if err != nil {
			return nil, err
		}
		for i := range res.list {
			if res.list[i].SubscriptionUUID == "" {
				res.list[i].SubscriptionUUID = sub
			}
		}
		c.cache.mu.Lock()
		c.cache.watch[sub], c.cache.watchAt[sub], c.cache.watchShared[sub] = res.list, res.started, shared
		if res.complete {
			delete(c.cache.watchIncomplete, sub)
		} else {
			c.cache.watchIncomplete[sub] = res.total
		}
		c.cache.mu.Unlock()
		return res, nil
	})
	if err != nil {
		return nil, false, err
	}
	res := v.(*walkResult[WatchList]) //nolint:forcetypeassert // the flight above only returns *walkResult[WatchList]
	return append([]WatchList(nil), res.list...), res.complete, nil
}

// FindWatchList looks an entry up in its subscription's (cached) list.
func (c *Client) FindWatchList(ctx context.Context, subscription, uuid string) (WatchList, bool, error) {
	list, err := c.watchList(ctx, subscription)
	if err != nil {
		return WatchList{}, false, err
	}
	for _, w := range list {
		if w.UUID == uuid {
			return w, true, nil
		}
	}
	c.cache.mu.Lock()
	total, incomplete := c.cache.watchIncomplete[subscription]
	c.cache.mu.Unlock()
	if incomplete {
		return WatchList{}, false, &IncompleteListError{Kind: "address watch list", Subscription: subscription, UUID: uuid, Unique: len(list), Total: total}
	}
	return WatchList{}, false, nil
}

func (c *Client) dropWatchLists(sub string) {
	c.cache.mu.Lock()
	defer c.cache.mu.Unlock()
	delete(c.cache.watch, sub)
	delete(c.cache.watchAt, sub)
	c.shared.bump(watchKey(sub))
}

// CreateWatchList adds an entry (operator or reseller role). The wrapped and the bare
// answer are both accepted; a lost answer is resolved by createAdopting like any
// other create (the entry with this variant and value that was not there before).
func (c *Client) CreateWatchList(ctx context.Context, subscription, variant, value string) (WatchList, error) {
	path := "/subscriptions/" + url.PathEscape(subscription) + "/address_watch_lists"
	return createAdopting(ctx, c, createSpec[WatchList]{
		kind: "address watch list", scope: subscription, name: value, tier: variant,
		walk: func(ctx context.Context, notBefore, _ time.Time) ([]WatchList, bool, error) {
			return c.watchListSince(ctx, subscription, notBefore)
		},
		post: func(ctx context.Context) (WatchList, error) {
			var raw json.RawMessage
			body := map[string]any{"address_watch_list": map[string]string{"variant": variant, "encoded_value": value}}
			if err := c.do(ctx, http.MethodPost, path, nil, body, &raw); err != nil {
				if outcomeUnknown(err) {
					c.dropWatchLists(subscription)
				}
				return WatchList{}, err
			}
			w, ok := decodeWatchList(raw)
			if !ok {
				c.dropWatchLists(subscription)
				return WatchList{}, &HollowAnswerError{Method: http.MethodPost, Path: path, Status: http.StatusCreated, Reason: "no address watch list object in the body"}
			}
			if w.SubscriptionUUID == "" {
				w.SubscriptionUUID = subscription
			}
			c.cache.mu.Lock()
			if l, ok := c.cache.watch[subscription]; ok {
				c.cache.watch[subscription] = append(l, w)
			}
			c.ownWatchWrite(subscription)
			c.cache.mu.Unlock()
			return w, nil
		},
		uuid:     func(w WatchList) string { return w.UUID },
		same:     func(w WatchList) bool { return w.Variant == variant && w.EncodedValue == value },
		importID: func(uuid string) string { return subscription + "/" + uuid },
	})
}

// ownWatchWrite records a known write this client applied to its cached watch
// list of sub; the caller holds c.cache.mu.
func (c *Client) ownWatchWrite(sub string) {
	g := c.cache.watchShared[sub]
	c.cache.ownWrite(watchKey(sub), &g)
	c.cache.watchShared[sub] = g
}

// decodeWatchList reads {"address_watch_list": {...}} or the bare object.
func decodeWatchList(raw json.RawMessage) (WatchList, bool) {
	var env struct {
		W *WatchList `json:"address_watch_list"`
	}
	if err := json.Unmarshal(raw, &env); err == nil && env.W != nil && env.W.UUID != "" {
		return *env.W, true
	}
	var w WatchList
	if err := json.Unmarshal(raw, &w); err == nil && w.UUID != "" {
		return w, true
	}
	return WatchList{}, false
}

// DeleteWatchList deletes an entry (operator or reseller role). A 404 is returned
// as is: callers destroying the entry treat it as already deleted.
func (c *Client) DeleteWatchList(ctx context.Context, uuid string) error {
	err := c.do(ctx, http.MethodDelete, "/address_watch_lists/"+url.PathEscape(uuid), nil, nil, nil)
	c.cache.mu.Lock()
	defer c.cache.mu.Unlock()
	for sub, l := range c.cache.watch {
		for i, w := range l {
			if w.UUID != uuid {
				continue
			}
			if err == nil || IsNotFound(err) {
				c.cache.watch[sub] = append(append([]WatchList(nil), l[:i]...), l[i+1:]...)
				c.ownWatchWrite(sub)
			} else if outcomeUnknown(err) {
				delete(c.cache.watch, sub)
				delete(c.cache.watchAt, sub)
				c.shared.bump(watchKey(sub))
			}
			return err
		}
	}
	return err
}
