package emulator

// Subscription writes (create: reseller; rename: any role in scope; activate and
// deactivate: reseller) and address watch lists (operator or reseller; the only
// object the API deletes).

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"
)

var subscriptionTypes = []string{"developer", "mainnet-shared", "mainnet-dedicated"}

// tiersForType is what a new subscription of a type supports: every deployment
// tier for the shared and dedicated pools, the developer tier for developer.
func (e *Emulator) tiersForType(t string) []string {
	if t == "developer" {
		return []string{"developer", "free"}
	}
	return append([]string(nil), e.rateTiers...)
}

func validTimestamp(p *string) bool {
	if p == nil {
		return true
	}
	_, err := time.Parse(time.RFC3339, *p)
	return err == nil
}

// utcTimestamp stores a time the way a Rails API echoes it: in UTC, "Z" suffix.
func utcTimestamp(p *string) *string {
	if p == nil {
		return nil
	}
	t, err := time.Parse(time.RFC3339, *p)
	if err != nil {
		return p
	}
	s := t.UTC().Format(time.RFC3339)
	return &s
}

func (e *Emulator) createSubscription(w http.ResponseWriter, r *http.Request, k *apiKey) {
	if k.role != RoleReseller {
		writeError(w, http.StatusForbidden, "You are not authorized to perform this action")
		return
	}
	e.commitDelay()
	var in struct {
		AccountUUID      string  `json:"account_uuid"`
		SubscriptionType string  `json:"subscription_type"`
		Name             string  `json:"name"`
		StartsAt         *string `json:"starts_at"`
		EndsAt           *string `json:"ends_at"`
	}
	if err := decodeWrapped(r, "subscription", &in); err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	fields := map[string][]string{}
	if strings.TrimSpace(in.Name) == "" {
		fields["name"] = append(fields["name"], "can't be blank")
	}
	if in.AccountUUID == "" {
		fields["account_uuid"] = append(fields["account_uuid"], "can't be blank")
	}
	known := false
	for _, t := range subscriptionTypes {
		known = known || t == in.SubscriptionType
	}
	if !known {
		fields["subscription_type"] = append(fields["subscription_type"], fmt.Sprintf("%q is not a subscription type", in.SubscriptionType))
	}
	if !validTimestamp(in.StartsAt) {
		fields["starts_at"] = append(fields["starts_at"], "is not a valid datetime")
	}
	if !validTimestamp(in.EndsAt) {
		fields["ends_at"] = append(fields["ends_at"], "is not a valid datetime")
	}
	if len(fields) > 0 {
		writeFieldErrors(w, fields)
		return
	}
	e.mu.Lock()
	// An account the key does not see is a 404, not a 422: the reference's rule for
	// out-of-scope uuids (section 10 item 2), and it does not reveal that the account
	// exists. Field errors come first, so a body that is wrong anyway says how.
	if !k.accounts[in.AccountUUID] {
		e.mu.Unlock()
		writeError(w, http.StatusNotFound, "Account not found")
		return
	}
	s := &Subscription{
		UUID: NewUUID(), Name: in.Name, AccountUUID: in.AccountUUID, SubscriptionType: in.SubscriptionType,
		StartsAt: utcTimestamp(in.StartsAt), EndsAt: utcTimestamp(in.EndsAt), IsActive: e.opts.NewObjectsActive, RateTiers: e.tiersForType(in.SubscriptionType),
		DeactivationReasons: []DeactivationReason{},
	}
	e.subscriptions = append(e.subscriptions, s)
	e.event("create subscription %s", s.UUID)
	body := e.subscriptionJSON(s)
	body["endpoints"], body["tokens"], body["endpoints_count"], body["tokens_count"] = []any{}, []any{}, 0, 0
	fault, hollow := e.commitFault(), e.opts.HollowCreates
	e.mu.Unlock()
	if fault {
		writeError(w, http.StatusBadGateway, "Bad Gateway")
		return
	}
	if hollow {
		w.WriteHeader(http.StatusCreated)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]any{"subscription": body})
}

func (e *Emulator) renameSubscription(w http.ResponseWriter, r *http.Request, k *apiKey) {
	var in struct {
		Name string `json:"name"`
	}
	if err := decodeWrapped(r, "subscription", &in); err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	s := e.subscriptionForWrite(w, r, k)
	if s == nil {
		return
	}
	if strings.TrimSpace(in.Name) == "" {
		writeFieldErrors(w, map[string][]string{"name": {"can't be blank"}})
		return
	}
	s.Name = in.Name
	e.event("rename subscription %s", s.UUID)
	writeJSON(w, http.StatusOK, map[string]any{"subscription": e.subscriptionJSON(s)})
}

func (e *Emulator) toggleSubscription(active bool) handler {
	return func(w http.ResponseWriter, r *http.Request, k *apiKey) {
		var in struct {
			Reason string `json:"deactivation_reason"`
		}
		_ = json.NewDecoder(r.Body).Decode(&in)
		e.mu.Lock()
		defer e.mu.Unlock()
		s := e.subscriptionForWrite(w, r, k)
		if s == nil {
			return
		}
		if k.role != RoleReseller {
			writeError(w, http.StatusForbidden, "You are not authorized to perform this action")
			return
		}
		setActive(&s.IsActive, &s.DeactivationReasons, active, in.Reason)
		e.event("%s subscription %s", verb(active), s.UUID)
		if e.putCommitFault() {
			writeError(w, http.StatusGatewayTimeout, "Gateway Timeout")
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}
}

// WatchList is an address watch list entry.
type WatchList struct {
	UUID             string `json:"uuid"`
	SubscriptionUUID string `json:"subscription_uuid"`
	Variant          string `json:"variant"`
	EncodedValue     string `json:"encoded_value"`
}

func watchListRole(w http.ResponseWriter, k *apiKey) bool {
	if k.role != RoleOperator && k.role != RoleReseller {
		writeError(w, http.StatusForbidden, "You are not authorized to perform this action")
		return false
	}
	return true
}

func (e *Emulator) createWatchList(w http.ResponseWriter, r *http.Request, k *apiKey) {
	if !watchListRole(w, k) {
		return
	}
	e.commitDelay()
	var raw map[string]json.RawMessage
	if err := json.NewDecoder(r.Body).Decode(&raw); err != nil {
		writeError(w, http.StatusBadRequest, "body is not JSON")
		return
	}
	var in struct {
		Variant      string `json:"variant"`
		EncodedValue string `json:"encoded_value"`
	}
	// Both the wrapped and the bare body are accepted (the reference does not say).
	src, _ := json.Marshal(raw)
	if inner, ok := raw["address_watch_list"]; ok {
		src = inner
	}
	if err := json.Unmarshal(src, &in); err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	e.mu.Lock()
	s := e.subscriptionForWrite(w, r, k)
	if s == nil {
		e.mu.Unlock()
		return
	}
	fields := map[string][]string{}
	if in.Variant != "collection" && in.Variant != "tree" {
		fields["variant"] = append(fields["variant"], fmt.Sprintf("%q is not a valid variant (collection or tree)", in.Variant))
	}
	if strings.TrimSpace(in.EncodedValue) == "" {
		fields["encoded_value"] = append(fields["encoded_value"], "can't be blank")
	}
	for _, x := range e.watchLists {
		if x.SubscriptionUUID == s.UUID && x.Variant == in.Variant && x.EncodedValue == in.EncodedValue {
			fields["encoded_value"] = append(fields["encoded_value"], "has already been taken")
		}
	}
	if len(fields) > 0 {
		e.mu.Unlock()
		writeFieldErrors(w, fields)
		return
	}
	wl := &WatchList{UUID: NewUUID(), SubscriptionUUID: s.UUID, Variant: in.Variant, EncodedValue: in.EncodedValue}
	e.watchLists = append(e.watchLists, wl)
	e.event("create watch list %s", wl.UUID)
	out, fault, hollow, bare := *wl, e.commitFault(), e.opts.HollowCreates, e.opts.BareWatchLists
	e.mu.Unlock()
	switch {
	case fault:
		writeError(w, http.StatusBadGateway, "Bad Gateway")
	case hollow:
		w.WriteHeader(http.StatusCreated)
	case bare:
		writeJSON(w, http.StatusCreated, out)
	default:
		writeJSON(w, http.StatusCreated, map[string]any{"address_watch_list": out})
	}
}

func (e *Emulator) listWatchLists(w http.ResponseWriter, r *http.Request, k *apiKey) {
	if !watchListRole(w, k) {
		return
	}
	q := r.URL.Query()
	e.mu.Lock()
	if sub := q.Get("subscription_uuid"); sub != "" && !e.visibleSub(k, sub) {
		e.mu.Unlock()
		writeError(w, http.StatusNotFound, "Subscription not found")
		return
	}
	list := []WatchList{}
	for _, x := range e.watchLists {
		s := e.findSubscription(x.SubscriptionUUID)
		if s == nil || !k.accounts[s.AccountUUID] {
			continue
		}
		if (q.Get("subscription_uuid") == "" || x.SubscriptionUUID == q.Get("subscription_uuid")) &&
			(q.Get("variant") == "" || x.Variant == q.Get("variant")) &&
			(q.Get("subscription_type") == "" || s.SubscriptionType == q.Get("subscription_type")) {
			list = append(list, *x)
		}
	}
	withMeta, bare, ignore := e.opts.WatchListMeta, e.opts.BareWatchLists, e.opts.IgnorePage
	e.mu.Unlock()
	switch {
	case withMeta:
		lo, hi, m := e.paginate(r, len(list), ignore)
		writeJSON(w, http.StatusOK, map[string]any{"address_watch_lists": list[lo:hi], "meta": m})
	case bare:
		writeJSON(w, http.StatusOK, list)
	default:
		writeJSON(w, http.StatusOK, map[string]any{"address_watch_lists": list})
	}
}

func (e *Emulator) deleteWatchList(w http.ResponseWriter, r *http.Request, k *apiKey) {
	if !watchListRole(w, k) {
		return
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	for i, x := range e.watchLists {
		if x.UUID == r.PathValue("uuid") && e.visibleSub(k, x.SubscriptionUUID) {
			e.watchLists = append(e.watchLists[:i], e.watchLists[i+1:]...)
			e.event("delete watch list %s", x.UUID)
			w.WriteHeader(http.StatusNoContent)
			return
		}
	}
	writeError(w, http.StatusNotFound, "Address watch list not found")
}

// GetSubscription returns a stored subscription by uuid.
func (e *Emulator) GetSubscription(uuid string) (Subscription, bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	s := e.findSubscription(uuid)
	if s == nil {
		return Subscription{}, false
	}
	c := *s
	c.DeactivationReasons = append([]DeactivationReason{}, s.DeactivationReasons...)
	return c, true
}

// SetSubscriptionActive flips a subscription behind Terraform's back; a reason is
// recorded on deactivate.
func (e *Emulator) SetSubscriptionActive(uuid string, active bool, reason string) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	s := e.findSubscription(uuid)
	if s == nil {
		return false
	}
	setActive(&s.IsActive, &s.DeactivationReasons, active, reason)
	return true
}

// RenameSubscription renames a subscription behind Terraform's back.
func (e *Emulator) RenameSubscription(uuid, name string) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	s := e.findSubscription(uuid)
	if s == nil {
		return false
	}
	s.Name = name
	return true
}

// SetSubscriptionTimes stores a subscription's starts_at and ends_at exactly as
// given (nil: none), as a server that spells times its own way would report them
// ("2030-01-01 00:00:00 UTC"). It reports whether the subscription exists.
func (e *Emulator) SetSubscriptionTimes(uuid string, starts, ends *string) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	s := e.findSubscription(uuid)
	if s == nil {
		return false
	}
	s.StartsAt, s.EndsAt = starts, ends
	return true
}

// AddWatchList adds an address watch list entry behind the API.
func (e *Emulator) AddWatchList(subscriptionUUID, variant, value string) WatchList {
	e.mu.Lock()
	defer e.mu.Unlock()
	wl := &WatchList{UUID: NewUUID(), SubscriptionUUID: subscriptionUUID, Variant: variant, EncodedValue: value}
	e.watchLists = append(e.watchLists, wl)
	return *wl
}

// WatchLists returns a subscription's address watch list entries.
func (e *Emulator) WatchLists(subscriptionUUID string) []WatchList {
	e.mu.Lock()
	defer e.mu.Unlock()
	var out []WatchList
	for _, x := range e.watchLists {
		if x.SubscriptionUUID == subscriptionUUID {
			out = append(out, *x)
		}
	}
	return out
}

// DeleteWatchList removes an entry behind Terraform's back.
func (e *Emulator) DeleteWatchList(uuid string) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	for i, x := range e.watchLists {
		if x.UUID == uuid {
			e.watchLists = append(e.watchLists[:i], e.watchLists[i+1:]...)
			return true
		}
	}
	return false
}

// SetWatchListMeta turns Options.WatchListMeta on or off.
func (e *Emulator) SetWatchListMeta(on bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.opts.WatchListMeta = on
}

// SetBareWatchLists turns Options.BareWatchLists on or off.
func (e *Emulator) SetBareWatchLists(on bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.opts.BareWatchLists = on
}
