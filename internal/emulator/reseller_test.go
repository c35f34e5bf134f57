package emulator

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

func TestSubscriptionWritesAndRoles(t *testing.T) {
	t.Parallel()
	f := newFixture(t, Options{})
	acct := f.sub.AccountUUID
	body := map[string]any{"subscription": map[string]any{
		"account_uuid": acct, "subscription_type": "developer", "name": "customer", "starts_at": "2026-01-01T09:00:00+09:00",
	}}
	for _, key := range []string{f.standard, f.operator} {
		if st, _, _ := f.call(t, key, "POST", "/api/v1/subscriptions", body); st != http.StatusForbidden {
			t.Fatalf("create by a non-reseller: %d, want 403", st)
		}
	}
	st, out, _ := f.call(t, f.reseller, "POST", "/api/v1/subscriptions", body)
	if st != http.StatusCreated {
		t.Fatalf("create: %d %v", st, out)
	}
	sub, _ := out["subscription"].(map[string]any)
	uuid, _ := sub["uuid"].(string)
	if sub["is_active"] != false || sub["starts_at"] != "2026-01-01T00:00:00Z" || sub["ends_at"] != nil || sub["name"] != "customer" {
		t.Fatalf("created: %v (want inactive, starts_at in UTC, ends_at null)", sub)
	}
	// Usable for tokens at once, with its type's tiers.
	if st, out, _ := f.call(t, f.standard, "POST", "/api/v1/subscriptions/"+uuid+"/tokens", map[string]any{"token": map[string]any{"name": "t", "rate_tier": "developer"}}); st != http.StatusCreated {
		t.Fatalf("token in the new subscription: %d %v", st, out)
	}
	if st, _, _ := f.call(t, f.standard, "POST", "/api/v1/subscriptions/"+uuid+"/tokens", map[string]any{"token": map[string]any{"name": "t", "rate_tier": "tier3"}}); st != http.StatusUnprocessableEntity {
		t.Fatalf("a tier the developer type does not support: %d, want 422", st)
	}
	// 422s: unknown type, blank name, bad time.
	for _, bad := range []map[string]any{
		{"account_uuid": acct, "subscription_type": "gold", "name": "x"},
		{"account_uuid": acct, "subscription_type": "developer", "name": " "},
		{"account_uuid": acct, "subscription_type": "developer", "name": "x", "ends_at": "tomorrow"},
	} {
		if st, _, _ := f.call(t, f.reseller, "POST", "/api/v1/subscriptions", map[string]any{"subscription": bad}); st != http.StatusUnprocessableEntity {
			t.Fatalf("%v: %d, want 422", bad, st)
		}
	}
	if st, _, _ := f.call(t, f.reseller, "POST", "/api/v1/subscriptions", map[string]any{"subscription": map[string]any{
		"account_uuid": NewUUID(), "subscription_type": "developer", "name": "x",
	}}); st != http.StatusNotFound {
		t.Fatalf("an account out of scope: %d, want 404", st)
	}
	// Rename: any role in scope.
	if st, out, _ := f.call(t, f.standard, "PUT", "/api/v1/subscriptions/"+uuid, map[string]any{"subscription": map[string]any{"name": "renamed"}}); st != 200 || out["subscription"].(map[string]any)["name"] != "renamed" {
		t.Fatalf("rename by standard: %d %v", st, out)
	}
	// Activate / deactivate: reseller only; a reason is recorded.
	if st, _, _ := f.call(t, f.operator, "PUT", "/api/v1/subscriptions/"+uuid+"/activate", nil); st != http.StatusForbidden {
		t.Fatalf("activate by operator: %d, want 403", st)
	}
	if st, _, _ := f.call(t, f.reseller, "PUT", "/api/v1/subscriptions/"+uuid+"/activate", nil); st != http.StatusNoContent {
		t.Fatalf("activate: %d", st)
	}
	if st, _, _ := f.call(t, f.reseller, "PUT", "/api/v1/subscriptions/"+uuid+"/deactivate", map[string]any{"deactivation_reason": "churn"}); st != http.StatusNoContent {
		t.Fatalf("deactivate: %d", st)
	}
	s, _ := f.emu.GetSubscription(uuid)
	if s.IsActive || s.Name != "renamed" || len(s.DeactivationReasons) != 1 || s.DeactivationReasons[0].Description != "churn" {
		t.Fatalf("stored: %+v", s)
	}
}

func TestSubscriptionListPaginates(t *testing.T) {
	t.Parallel()
	f := newFixture(t, Options{MaxPerPage: 2})
	for i := 0; i < 4; i++ {
		f.emu.AddSubscription(f.sub.AccountUUID, "s", "developer")
	}
	_, out, _ := f.call(t, f.standard, "GET", "/api/v1/subscriptions?per=2&page=3", nil)
	meta, _ := out["meta"].(map[string]any)
	if list, _ := out["subscriptions"].([]any); len(list) != 1 || meta["total_count"] != float64(5) || meta["total_pages"] != float64(3) {
		t.Fatalf("page 3 of 5 at 2 per page: %v", out)
	}
}

func TestWatchListsRolesAndValidation(t *testing.T) {
	t.Parallel()
	f := newFixture(t, Options{})
	path := "/api/v1/subscriptions/" + f.sub.UUID + "/address_watch_lists"
	v := "J1S9H3QjnRtBbbuD4HjPV6RpRhwuk4zKbxsnCHuTgh9w"
	if st, _, _ := f.call(t, f.standard, "POST", path, map[string]any{"variant": "tree", "encoded_value": v}); st != http.StatusForbidden {
		t.Fatalf("standard: %d, want 403", st)
	}
	if st, _, _ := f.call(t, f.standard, "GET", "/api/v1/address_watch_lists?subscription_uuid="+f.sub.UUID, nil); st != http.StatusForbidden {
		t.Fatalf("standard list: %d, want 403", st)
	}
	// Wrapped and bare bodies are both accepted.
	st, out, _ := f.call(t, f.operator, "POST", path, map[string]any{"address_watch_list": map[string]any{"variant": "tree", "encoded_value": v}})
	if st != http.StatusCreated || out["address_watch_list"] == nil {
		t.Fatalf("wrapped create: %d %v", st, out)
	}
	if st, _, _ := f.call(t, f.reseller, "POST", path, map[string]any{"variant": "collection", "encoded_value": v}); st != http.StatusCreated {
		t.Fatalf("bare create: %d", st)
	}
	if st, out, _ := f.call(t, f.reseller, "POST", path, map[string]any{"variant": "tree", "encoded_value": v}); st != http.StatusUnprocessableEntity || !strings.Contains(toJSON(out), "taken") {
		t.Fatalf("duplicate: %d %v, want 422", st, out)
	}
	if st, _, _ := f.call(t, f.reseller, "POST", path, map[string]any{"variant": "nft", "encoded_value": v}); st != http.StatusUnprocessableEntity {
		t.Fatalf("bad variant: %d, want 422", st)
	}
	_, out, _ = f.call(t, f.operator, "GET", "/api/v1/address_watch_lists?subscription_uuid="+f.sub.UUID+"&variant=tree", nil)
	list, _ := out["address_watch_lists"].([]any)
	if len(list) != 1 || out["meta"] != nil {
		t.Fatalf("list by variant: %v (want 1 entry, no meta)", out)
	}
	uuid := list[0].(map[string]any)["uuid"].(string)
	if st, _, _ := f.call(t, f.standard, "DELETE", "/api/v1/address_watch_lists/"+uuid, nil); st != http.StatusForbidden {
		t.Fatalf("delete by standard: %d", st)
	}
	if st, _, _ := f.call(t, f.operator, "DELETE", "/api/v1/address_watch_lists/"+uuid, nil); st != http.StatusNoContent {
		t.Fatalf("delete: %d", st)
	}
	if st, _, _ := f.call(t, f.operator, "DELETE", "/api/v1/address_watch_lists/"+uuid, nil); st != http.StatusNotFound {
		t.Fatalf("delete again: %d, want 404", st)
	}
	if n := len(f.emu.WatchLists(f.sub.UUID)); n != 1 {
		t.Fatalf("%d entries left, want 1", n)
	}
}

// The knobs: WatchListMeta paginates with a meta block; BareWatchLists answers unwrapped.
func TestWatchListKnobs(t *testing.T) {
	t.Parallel()
	f := newFixture(t, Options{MaxPerPage: 2})
	for _, v := range []string{"a", "b", "c"} {
		f.emu.AddWatchList(f.sub.UUID, "tree", strings.Repeat(v, 32))
	}
	list := "/api/v1/address_watch_lists?subscription_uuid=" + f.sub.UUID
	f.emu.SetWatchListMeta(true)
	_, out, _ := f.call(t, f.operator, "GET", list+"&page=2", nil)
	meta, _ := out["meta"].(map[string]any)
	if l, _ := out["address_watch_lists"].([]any); len(l) != 1 || meta["total_count"] != float64(3) {
		t.Fatalf("meta knob, page 2: %v", out)
	}
	f.emu.SetWatchListMeta(false)
	f.emu.SetBareWatchLists(true)
	req, _ := http.NewRequest("GET", f.srv.URL+list, nil)
	req.Header.Set("Authorization", f.operator)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var bare []map[string]any
	if err := decodeJSON(resp, &bare); err != nil || len(bare) != 3 {
		t.Fatalf("bare knob: %v %v", bare, err)
	}
	st, out, _ := f.call(t, f.operator, "POST", "/api/v1/subscriptions/"+f.sub.UUID+"/address_watch_lists", map[string]any{"variant": "tree", "encoded_value": strings.Repeat("d", 32)})
	if st != http.StatusCreated || out["uuid"] == nil || out["address_watch_list"] != nil {
		t.Fatalf("bare create answer: %d %v", st, out)
	}
}

func decodeJSON(resp *http.Response, into any) error {
	return json.NewDecoder(resp.Body).Decode(into)
}

// IgnorePage reaches the subscription list and a paginated watch list too.
func TestIgnorePageOnSubscriptionsAndWatchLists(t *testing.T) {
	t.Parallel()
	f := newFixture(t, Options{MaxPerPage: 2, IgnorePage: true, WatchListMeta: true})
	for i := 0; i < 3; i++ {
		f.emu.AddSubscription(f.sub.AccountUUID, "s", "developer")
		f.emu.AddWatchList(f.sub.UUID, "tree", strings.Repeat(string(rune('a'+i)), 32))
	}
	for _, path := range []string{"/api/v1/subscriptions?per=2&page=2", "/api/v1/address_watch_lists?subscription_uuid=" + f.sub.UUID + "&per=2&page=2"} {
		_, p1, _ := f.call(t, f.operator, "GET", strings.Replace(path, "page=2", "page=1", 1), nil)
		_, p2, _ := f.call(t, f.operator, "GET", path, nil)
		if toJSON(p1) != toJSON(p2) || p2["meta"].(map[string]any)["next_page"] == nil {
			t.Fatalf("%s: page 2 must be page 1 again with a next page offered:\n%v\n%v", path, p1, p2)
		}
	}
}

// NewObjectsActive reaches subscription creates the way it reaches tokens and
// endpoints: off (the docs' default) a new subscription is inactive, on it is active.
func TestSubscriptionCreateFollowsNewObjectsActive(t *testing.T) {
	t.Parallel()
	f := newFixture(t, Options{})
	create := func(name string) map[string]any {
		t.Helper()
		st, out, _ := f.call(t, f.reseller, "POST", "/api/v1/subscriptions", map[string]any{"subscription": map[string]any{
			"account_uuid": f.sub.AccountUUID, "subscription_type": "mainnet-shared", "name": name,
		}})
		if st != http.StatusCreated {
			t.Fatalf("create %s: %d %v", name, st, out)
		}
		sub, _ := out["subscription"].(map[string]any)
		return sub
	}
	if sub := create("off"); sub["is_active"] != false {
		t.Fatalf("knob off: %v, want inactive", sub)
	}
	f.emu.SetNewObjectsActive(true)
	sub := create("on")
	if sub["is_active"] != true {
		t.Fatalf("knob on: %v, want active", sub)
	}
	if s, ok := f.emu.GetSubscription(sub["uuid"].(string)); !ok || !s.IsActive {
		t.Fatalf("stored: %+v %v, want active", s, ok)
	}
}

// Subscription types: reseller only; every documented field; subscriptions_count
// counts live, so a subscription created through the API is counted and listed
// (on the last page of a paginated walk).
func TestSubscriptionTypesAndCreatedSubscriptionsListed(t *testing.T) {
	t.Parallel()
	f := newFixture(t, Options{MaxPerPage: 1})
	for _, key := range []string{f.standard, f.operator} {
		if st, _, _ := f.call(t, key, "GET", "/api/v1/subscription_types", nil); st != http.StatusForbidden {
			t.Fatalf("subscription types by a non-reseller: %d, want 403", st)
		}
	}
	count := func() float64 {
		t.Helper()
		st, out, _ := f.call(t, f.reseller, "GET", "/api/v1/subscription_types", nil)
		list, _ := out["subscription_types"].([]any)
		if st != http.StatusOK || len(list) != 3 {
			t.Fatalf("subscription types: %d %v", st, out)
		}
		var n float64 = -1
		for _, x := range list {
			m, _ := x.(map[string]any)
			for _, k := range []string{"uuid", "name", "pool_name", "subscriptions_count", "endpoint_default_suffixes"} {
				if _, ok := m[k]; !ok {
					t.Fatalf("type %v lacks %s", m, k)
				}
			}
			if m["name"] == "developer" {
				n, _ = m["subscriptions_count"].(float64)
			}
		}
		return n
	}
	before := count()
	st, out, _ := f.call(t, f.reseller, "POST", "/api/v1/subscriptions", map[string]any{"subscription": map[string]any{
		"account_uuid": f.sub.AccountUUID, "subscription_type": "developer", "name": "new",
	}})
	if st != http.StatusCreated {
		t.Fatalf("create: %d %v", st, out)
	}
	uuid, _ := out["subscription"].(map[string]any)["uuid"].(string)
	if after := count(); after != before+1 {
		t.Fatalf("developer subscriptions_count %v then %v, want one more", before, after)
	}
	_, out, _ = f.call(t, f.standard, "GET", "/api/v1/subscriptions?per=1&page=2", nil)
	list, _ := out["subscriptions"].([]any)
	meta, _ := out["meta"].(map[string]any)
	if len(list) != 1 || list[0].(map[string]any)["uuid"] != uuid || meta["total_count"] != float64(2) || meta["next_page"] != nil {
		t.Fatalf("page 2 at 1 per page: %v, want the new subscription last", out)
	}
}

// TestSetSubscriptionTimes: the knob stores times verbatim, and the API answers
// them as stored.
func TestSetSubscriptionTimes(t *testing.T) {
	t.Parallel()
	f := newFixture(t, Options{})
	ends := "2030-01-01 00:00:00 UTC"
	if !f.emu.SetSubscriptionTimes(f.sub.UUID, nil, &ends) || f.emu.SetSubscriptionTimes("nope", nil, nil) {
		t.Fatal("the knob's result is wrong")
	}
	st, out, _ := f.call(t, f.reseller, "GET", "/api/v1/subscriptions", nil)
	var sub map[string]any
	list, _ := out["subscriptions"].([]any)
	for _, it := range list {
		if m, _ := it.(map[string]any); m["uuid"] == f.sub.UUID {
			sub = m
		}
	}
	if st != http.StatusOK || sub["ends_at"] != ends || sub["starts_at"] != nil {
		t.Fatalf("GET: %d %v, want ends_at %q verbatim", st, sub, ends)
	}
}
