package emulator

// Accounts, subscriptions, subscription types and rate tiers: the stored objects, the
// Go API tests use, scoping by key, and the list handlers.

import (
	"net/http"
	"slices"
)

func (e *Emulator) listAccounts(w http.ResponseWriter, r *http.Request, k *apiKey) {
	e.mu.Lock()
	var list []Account
	name := r.URL.Query().Get("name")
	for _, a := range e.accounts {
		if k.accounts[a.UUID] && (name == "" || a.Name == name) {
			list = append(list, *a)
		}
	}
	e.mu.Unlock()
	lo, hi, m := e.paginate(r, len(list), false)
	writeJSON(w, http.StatusOK, map[string]any{"accounts": nonNil(list[lo:hi]), "meta": m})
}

func (e *Emulator) subscriptionJSON(s *Subscription) map[string]any {
	tiers := make([]map[string]any, 0, len(s.RateTiers))
	for _, t := range s.RateTiers {
		tiers = append(tiers, map[string]any{"uuid": "rt-" + t, "name": t})
	}
	return map[string]any{
		"uuid": s.UUID, "name": s.Name, "account_uuid": s.AccountUUID, "subscription_type": s.SubscriptionType,
		"starts_at": s.StartsAt, "ends_at": s.EndsAt, "is_active": s.IsActive, "supported_rate_tiers": tiers,
		"deactivation_reasons": append([]DeactivationReason{}, s.DeactivationReasons...),
	}
}

func (e *Emulator) listSubscriptions(w http.ResponseWriter, r *http.Request, k *apiKey) {
	q := r.URL.Query()
	e.mu.Lock()
	var list []map[string]any
	for _, s := range e.visibleSubscriptions(k) {
		if (q.Get("account_uuid") == "" || s.AccountUUID == q.Get("account_uuid")) &&
			(q.Get("subscription_type") == "" || s.SubscriptionType == q.Get("subscription_type")) {
			list = append(list, e.subscriptionJSON(s))
		}
	}
	ignore := e.opts.IgnorePage
	lo, hi, m := e.paginate(r, len(list), ignore)
	meta := e.shapeMeta(m)
	e.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{"subscriptions": nonNil(list[lo:hi]), "meta": meta})
}

func (e *Emulator) listSubscriptionTypes(w http.ResponseWriter, _ *http.Request, k *apiKey) {
	if k.role != RoleReseller {
		writeError(w, http.StatusForbidden, "Listing subscription types requires the reseller role")
		return
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	var list []map[string]any
	for _, name := range sortedKeys(map[string]int{"developer": 0, "mainnet-shared": 0, "mainnet-dedicated": 0}) {
		n := 0
		for _, s := range e.subscriptions {
			if s.SubscriptionType == name {
				n++
			}
		}
		list = append(list, map[string]any{"uuid": "st-" + name, "name": name, "pool_name": name + "-pool",
			"subscriptions_count": n, "endpoint_default_suffixes": e.suffixes[name]})
	}
	writeJSON(w, http.StatusOK, map[string]any{"subscription_types": list})
}

func (e *Emulator) listRateTiers(w http.ResponseWriter, _ *http.Request, k *apiKey) {
	if k.role != RoleReseller {
		writeError(w, http.StatusForbidden, "Listing rate tiers requires the reseller role")
		return
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	list := make([]map[string]string, 0, len(e.rateTiers))
	for _, t := range e.rateTiers {
		list = append(list, map[string]string{"name": t})
	}
	writeJSON(w, http.StatusOK, map[string]any{"rate_tiers": list})
}

// scopeSubscriptions resolves the required subscription_uuid / account_uuid filter
// to visible subscriptions, answering 400/404 itself when it cannot.
func (e *Emulator) scopeSubscriptions(w http.ResponseWriter, r *http.Request, k *apiKey) (map[string]bool, bool) {
	q := r.URL.Query()
	sub, acct := q.Get("subscription_uuid"), q.Get("account_uuid")
	out := map[string]bool{}
	switch {
	case sub != "":
		s := e.findSubscription(sub)
		if s == nil || !k.accounts[s.AccountUUID] {
			writeError(w, http.StatusNotFound, "Subscription not found")
			return nil, false
		}
		out[sub] = true
	case acct != "":
		if !k.accounts[acct] {
			writeError(w, http.StatusNotFound, "Account not found")
			return nil, false
		}
		for _, s := range e.subscriptions {
			if s.AccountUUID == acct {
				out[s.UUID] = true
			}
		}
	default:
		writeError(w, http.StatusBadRequest, "account_uuid or subscription_uuid is required")
		return nil, false
	}
	return out, true
}

// subscriptionForWrite finds the path's subscription within the key's scope.
func (e *Emulator) subscriptionForWrite(w http.ResponseWriter, r *http.Request, k *apiKey) *Subscription {
	s := e.findSubscription(r.PathValue("uuid"))
	if s == nil || !k.accounts[s.AccountUUID] {
		writeError(w, http.StatusNotFound, "Subscription not found")
		return nil
	}
	return s
}

func (e *Emulator) validRateTier(s *Subscription, tier string) bool {
	// The API reference: a tier the deployment knows and the subscription supports.
	if !slices.Contains(e.rateTiers, tier) {
		return false
	}
	for _, t := range s.RateTiers {
		if t == tier {
			return true
		}
	}
	return false
}

func (e *Emulator) visibleSub(k *apiKey, sub string) bool {
	s := e.findSubscription(sub)
	return s != nil && k.accounts[s.AccountUUID]
}

// Account is a billing account.
type Account struct {
	UUID     string `json:"uuid"`
	Name     string `json:"name"`
	IsActive bool   `json:"is_active"`
}

// Subscription holds tokens and endpoints.
type Subscription struct {
	UUID                string
	Name                string
	AccountUUID         string
	SubscriptionType    string
	StartsAt, EndsAt    *string
	IsActive            bool
	RateTiers           []string
	DeactivationReasons []DeactivationReason
}

// AddAccount creates an account.
func (e *Emulator) AddAccount(name string) Account {
	e.mu.Lock()
	defer e.mu.Unlock()
	a := &Account{UUID: NewUUID(), Name: name, IsActive: true}
	e.accounts = append(e.accounts, a)
	return *a
}

// AddSubscription creates an active subscription under an account. Its supported
// rate tiers are every tier the deployment knows unless tiers are given.
func (e *Emulator) AddSubscription(accountUUID, name, subscriptionType string, tiers ...string) Subscription {
	e.mu.Lock()
	defer e.mu.Unlock()
	if len(tiers) == 0 {
		tiers = append([]string(nil), e.rateTiers...)
	}
	s := &Subscription{UUID: NewUUID(), Name: name, AccountUUID: accountUUID, SubscriptionType: subscriptionType, IsActive: true, RateTiers: tiers}
	e.subscriptions = append(e.subscriptions, s)
	return *s
}

// AddSubscriptionWithUUID is AddSubscription with a fixed uuid (for examples that
// show literal ids).
func (e *Emulator) AddSubscriptionWithUUID(uuid, accountUUID, name, subscriptionType string) Subscription {
	s := e.AddSubscription(accountUUID, name, subscriptionType)
	e.mu.Lock()
	defer e.mu.Unlock()
	e.findSubscription(s.UUID).UUID = uuid
	s.UUID = uuid
	return s
}

func (e *Emulator) findSubscription(uuid string) *Subscription {
	for _, s := range e.subscriptions {
		if s.UUID == uuid {
			return s
		}
	}
	return nil
}

func (e *Emulator) visibleSubscriptions(k *apiKey) []*Subscription {
	var out []*Subscription
	for _, s := range e.subscriptions {
		if k.accounts[s.AccountUUID] {
			out = append(out, s)
		}
	}
	return out
}
