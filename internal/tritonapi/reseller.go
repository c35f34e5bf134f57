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
}

// CreateSubscription creates a subscription (reseller role). A lost answer is never
// repeated blindly: the list is walked again and the one new subscription with this
// account, type and name is adopted (names are not unique).
func (c *Client) CreateSubscription(ctx context.Context, in SubscriptionCreate) (Subscription, error) {
	const path = "/subscriptions"
	return createAdopting(ctx, c, "account:"+in.AccountUUID, createSpec[Subscription]{
		kind: "subscription", name: in.Name, tier: in.SubscriptionType,
		list: c.ListSubscriptions,
		drop: c.dropSubscriptions,
		stale: func(maxAge time.Duration) {
			c.cache.mu.Lock()
			old := c.cache.haveSubs && time.Since(c.cache.subsAt) > maxAge
			c.cache.mu.Unlock()
			if old {
				c.dropSubscriptions()
			}
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
			c.cache.mu.Unlock()
			return *out.Subscription, nil
		},
		uuid: func(s Subscription) string { return s.UUID },
		same: func(s Subscription) bool {
			return s.AccountUUID == in.AccountUUID && s.Name == in.Name && s.SubscriptionType == in.SubscriptionType
		},
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
	for attempt := 0; ; attempt++ {
		err := c.toggle(ctx, "subscriptions", uuid, active, reason)
		switch {
		case err == nil:
			c.mutateSubscription(uuid, func(s *Subscription) { applyToggle(&s.IsActive, &s.DeactivationReasons, active, reason) })
			return nil
		case !outcomeUnknown(err):
			return err
		}
		c.dropSubscriptions()
		if !sideEffecting(active, reason) {
			return err
		}
		if attempt >= c.retries {
			return fmt.Errorf("deactivating subscription %s: outcome unknown, not repeated blindly (it would record the reason twice): %w", uuid, err)
		}
		if s, found, lerr := c.FindSubscription(ctx, uuid); lerr == nil && found && !s.IsActive {
			return nil
		}
		if err := sleepCtx(ctx, expBackoff(c.waitMin, c.waitMax, attempt)); err != nil {
			return err
		}
	}
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

func (c *Client) watchList(ctx context.Context, sub string) ([]WatchList, error) {
	c.cache.mu.Lock()
	if l, ok := c.cache.watch[sub]; ok {
		out := append([]WatchList(nil), l...)
		c.cache.mu.Unlock()
		return out, nil
	}
	c.cache.mu.Unlock()
	v, err, _ := c.cache.flight.Do("watch/"+sub, func() (any, error) {
		res, err := walkTrusted(ctx, c, "/address_watch_lists", url.Values{"subscription_uuid": {sub}}, "address_watch_lists",
			func(w WatchList) string { return w.UUID })
		if err != nil {
			return nil, err
		}
		list := res.list
		for i := range list {
			if list[i].SubscriptionUUID == "" {
				list[i].SubscriptionUUID = sub
			}
		}
		c.cache.mu.Lock()
		c.cache.watch[sub], c.cache.watchAt[sub] = list, time.Now()
		if res.complete {
			delete(c.cache.watchIncomplete, sub)
		} else {
			c.cache.watchIncomplete[sub] = res.total
		}
		c.cache.mu.Unlock()
		return list, nil
	})
	if err != nil {
		return nil, err
	}
	return append([]WatchList(nil), v.([]WatchList)...), nil //nolint:forcetypeassert // the flight above only returns []WatchList
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
}

// CreateWatchList adds an entry (operator or reseller role). The wrapped and the bare
// answer are both accepted; a lost answer re-lists and adopts the entry with this
// variant and value (the API refuses duplicates). For the same reason a 422 to a POST
// sent again after one whose outcome was unknown may be the API refusing our own
// first create: the list is walked afresh and an entry with this variant and value
// that was not there before the first POST is adopted; otherwise the 422 stands.
// A 422 to the first POST is always returned (the entry was there already).
func (c *Client) CreateWatchList(ctx context.Context, subscription, variant, value string) (WatchList, error) {
	path := "/subscriptions/" + url.PathEscape(subscription) + "/address_watch_lists"
	var before map[string]bool // the entries createAdopting's first walk saw
	unknownSent := false       // a POST of this create may have committed unanswered
	same := func(w WatchList) bool { return w.Variant == variant && w.EncodedValue == value }
	return createAdopting(ctx, c, subscription, createSpec[WatchList]{
		kind: "address watch list", name: variant, tier: value,
		list: func(ctx context.Context) ([]WatchList, error) {
			l, err := c.watchList(ctx, subscription)
			if err == nil && before == nil {
				before = make(map[string]bool, len(l))
				for _, w := range l {
					before[w.UUID] = true
				}
			}
			return l, err
		},
		drop: func() { c.dropWatchLists(subscription) },
		stale: func(maxAge time.Duration) {
			c.cache.mu.Lock()
			at, ok := c.cache.watchAt[subscription]
			c.cache.mu.Unlock()
			if ok && time.Since(at) > maxAge {
				c.dropWatchLists(subscription)
			}
		},
		post: func(ctx context.Context) (WatchList, error) {
			var raw json.RawMessage
			body := map[string]any{"address_watch_list": map[string]string{"variant": variant, "encoded_value": value}}
			if err := c.do(ctx, http.MethodPost, path, nil, body, &raw); err != nil {
				if outcomeUnknown(err) {
					c.dropWatchLists(subscription)
					unknownSent = true
				} else if unknownSent && statusIs(err, http.StatusUnprocessableEntity) {
					if w, ok := c.adoptRefusedDuplicate(ctx, subscription, before, same); ok {
						return w, nil
					}
				}
				return WatchList{}, err
			}
			w, ok := decodeWatchList(raw)
			if !ok {
				c.dropWatchLists(subscription)
				unknownSent = true
				return WatchList{}, &HollowAnswerError{Method: http.MethodPost, Path: path, Status: http.StatusCreated, Reason: "no address watch list object in the body"}
			}
			if w.SubscriptionUUID == "" {
				w.SubscriptionUUID = subscription
			}
			c.cache.mu.Lock()
			if l, ok := c.cache.watch[subscription]; ok {
				c.cache.watch[subscription] = append(l, w)
			}
			c.cache.mu.Unlock()
			return w, nil
		},
		uuid: func(w WatchList) string { return w.UUID },
		same: same,
	})
}

// adoptRefusedDuplicate walks a subscription's watch list afresh and returns the one
// entry matching same that is not in before (the API keeps one entry per variant
// and value, so there is at most one).
func (c *Client) adoptRefusedDuplicate(ctx context.Context, subscription string, before map[string]bool, same func(WatchList) bool) (WatchList, bool) {
	c.dropWatchLists(subscription)
	list, err := c.watchList(ctx, subscription)
	if err != nil {
		return WatchList{}, false
	}
	for _, w := range list {
		if !before[w.UUID] && same(w) {
			c.logger.Debug(ctx, "adopted an address watch list entry refused as a duplicate of a create whose answer was lost", map[string]any{
				"subscription_uuid": subscription, "address_watch_list_uuid": w.UUID,
			})
			return w, true
		}
	}
	return WatchList{}, false
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
			} else if outcomeUnknown(err) {
				delete(c.cache.watch, sub)
				delete(c.cache.watchAt, sub)
			}
			return err
		}
	}
	return err
}
