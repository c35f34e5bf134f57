package tritonapi_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rpcpool/terraform-provider-triton/internal/emulator"
	"github.com/rpcpool/terraform-provider-triton/internal/tritonapi"
)

const listSubs = "GET /api/v1/subscriptions"

// Every subscription write keeps the cached list true: reads after a create, a
// rename, an activate and a deactivate see them without another walk.
func TestSubscriptionWritesKeepTheCacheTrue(t *testing.T) {
	t.Parallel()
	e := newEnv(t, emulator.Options{})
	c := e.client(t)
	ctx := context.Background()
	if _, err := c.ListSubscriptions(ctx); err != nil {
		t.Fatal(err)
	}
	start := "2026-01-01T00:00:00Z"
	s, err := c.CreateSubscription(ctx, tritonapi.SubscriptionCreate{AccountUUID: e.sub.AccountUUID, SubscriptionType: "developer", Name: "customer", StartsAt: &start})
	if err != nil {
		t.Fatal(err)
	}
	if s.IsActive || s.StartsAt == nil || *s.StartsAt != start || len(s.SupportedRateTiers) == 0 {
		t.Fatalf("created: %+v", s)
	}
	if _, err := c.RenameSubscription(ctx, s.UUID, "customer-2"); err != nil {
		t.Fatal(err)
	}
	if err := c.ActivateSubscription(ctx, s.UUID); err != nil {
		t.Fatal(err)
	}
	if err := c.DeactivateSubscription(ctx, s.UUID, "churn"); err != nil {
		t.Fatal(err)
	}
	e.emu.ResetCounts()
	got, found, err := c.FindSubscription(ctx, s.UUID)
	if err != nil || !found {
		t.Fatalf("find: %v %v", found, err)
	}
	if got.Name != "customer-2" || got.IsActive || len(got.DeactivationReasons) != 1 || got.DeactivationReasons[0].Description != "churn" {
		t.Fatalf("cached copy after the writes: %+v", got)
	}
	if n := e.emu.RequestCount(listSubs); n != 0 {
		t.Fatalf("%d subscription walks after write-through writes, want 0", n)
	}
	stored, _ := e.emu.GetSubscription(s.UUID)
	if stored.Name != got.Name || stored.IsActive != got.IsActive {
		t.Fatalf("cache %+v disagrees with the API %+v", got, stored)
	}
	// A fresh client walks once and finds the same.
	c2 := e.client(t)
	if got2, found, _ := c2.FindSubscription(ctx, s.UUID); !found || got2.Name != "customer-2" {
		t.Fatalf("fresh client: %+v %v", got2, found)
	}
	if _, found, err := c2.FindSubscription(ctx, emulator.NewUUID()); found || err != nil {
		t.Fatalf("an unknown uuid in a list that adds up: found=%v err=%v, want gone", found, err)
	}
}

// A lost answer (empty 201) is adopted: one POST, one subscription.
func TestCreateSubscriptionAdoptsHollowAnswer(t *testing.T) {
	t.Parallel()
	e := newEnv(t, emulator.Options{HollowCreates: true})
	c := e.client(t)
	s, err := c.CreateSubscription(context.Background(), tritonapi.SubscriptionCreate{AccountUUID: e.sub.AccountUUID, SubscriptionType: "mainnet-shared", Name: "lost"})
	if err != nil {
		t.Fatal(err)
	}
	if s.Name != "lost" || s.UUID == "" {
		t.Fatalf("adopted: %+v", s)
	}
	if n := e.emu.RequestCount("POST /api/v1/subscriptions"); n != 1 {
		t.Fatalf("%d POSTs, want 1", n)
	}
}

// A 502 after the commit: re-listed and adopted, never POSTed twice.
func TestCreateSubscriptionCommitThen502(t *testing.T) {
	t.Parallel()
	e := newEnv(t, emulator.Options{})
	e.emu.SetFaults(0, 1)
	c := e.client(t)
	s, err := c.CreateSubscription(context.Background(), tritonapi.SubscriptionCreate{AccountUUID: e.sub.AccountUUID, SubscriptionType: "mainnet-shared", Name: "flaky"})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	subs, _ := e.client(t).ListSubscriptions(context.Background())
	for _, x := range subs {
		if x.Name == "flaky" {
			n++
		}
	}
	if n != 1 || s.Name != "flaky" {
		t.Fatalf("%d subscriptions named flaky, want 1 (adopted %+v)", n, s)
	}
}

func TestSubscriptionRoleErrors(t *testing.T) {
	t.Parallel()
	e := newEnv(t, emulator.Options{})
	op := e.client(t, func(o *tritonapi.Options) { o.Token = e.emu.AddKey("", emulator.RoleOperator, e.sub.AccountUUID) })
	_, err := op.CreateSubscription(context.Background(), tritonapi.SubscriptionCreate{AccountUUID: e.sub.AccountUUID, SubscriptionType: "developer", Name: "x"})
	if !tritonapi.IsForbidden(err) {
		t.Fatalf("operator create: %v, want 403", err)
	}
	if _, err := op.ListSubscriptionTypes(context.Background()); !tritonapi.IsForbidden(err) {
		t.Fatalf("operator subscription types: %v, want 403", err)
	}
	std := e.client(t, func(o *tritonapi.Options) { o.Token = e.emu.AddKey("", emulator.RoleStandard, e.sub.AccountUUID) })
	if _, err := std.CreateWatchList(context.Background(), e.sub.UUID, "tree", strings.Repeat("a", 32)); !tritonapi.IsForbidden(err) {
		t.Fatalf("standard watch list: %v, want 403", err)
	}
	types, err := e.client(t).ListSubscriptionTypes(context.Background())
	if err != nil || len(types) != 3 || types[0].Name != "developer" || len(types[0].EndpointDefaultSuffixes) != 2 || types[0].PoolName == "" {
		t.Fatalf("reseller subscription types: %+v %v", types, err)
	}
}

// Watch lists in every shape a server may answer: wrapped, with meta over pages,
// bare; creates and deletes keep the cached list true.
func TestWatchListShapesAndCache(t *testing.T) {
	t.Parallel()
	for _, shape := range []string{"wrapped", "meta", "bare"} {
		t.Run(shape, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, emulator.Options{MaxPerPage: 2, WatchListMeta: shape == "meta", BareWatchLists: shape == "bare"})
			for _, v := range []string{"a", "b", "c", "d", "e"} {
				e.emu.AddWatchList(e.sub.UUID, map[bool]string{true: "tree", false: "collection"}[v < "c"], strings.Repeat(v, 32))
			}
			c := e.client(t)
			ctx := context.Background()
			all, err := c.ListWatchLists(ctx, e.sub.UUID, "")
			if err != nil || len(all) != 5 {
				t.Fatalf("list: %d %v", len(all), err)
			}
			if all[0].SubscriptionUUID != e.sub.UUID {
				t.Fatalf("entries carry their subscription: %+v", all[0])
			}
			wantCalls := map[string]int{"wrapped": 1, "meta": 3, "bare": 1}[shape]
			if n := e.emu.RequestCount("GET /api/v1/address_watch_lists"); n != wantCalls {
				t.Fatalf("list calls = %d, want %d", n, wantCalls)
			}
			trees, _ := c.ListWatchLists(ctx, e.sub.UUID, "tree")
			if len(trees) != 2 {
				t.Fatalf("tree filter: %d", len(trees))
			}
			w, err := c.CreateWatchList(ctx, e.sub.UUID, "tree", strings.Repeat("f", 32))
			if err != nil || w.UUID == "" || w.Variant != "tree" {
				t.Fatalf("create: %+v %v", w, err)
			}
			if err := c.DeleteWatchList(ctx, all[0].UUID); err != nil {
				t.Fatal(err)
			}
			e.emu.ResetCounts()
			if _, found, _ := c.FindWatchList(ctx, e.sub.UUID, w.UUID); !found {
				t.Fatal("the created entry is not in the cached list")
			}
			if _, found, _ := c.FindWatchList(ctx, e.sub.UUID, all[0].UUID); found {
				t.Fatal("the deleted entry is still in the cached list")
			}
			if n := e.emu.RequestCount("GET /api/v1/address_watch_lists"); n != 0 {
				t.Fatalf("%d list calls after write-through writes, want 0", n)
			}
			if err := c.DeleteWatchList(ctx, all[0].UUID); !tritonapi.IsNotFound(err) {
				t.Fatalf("deleting again: %v, want a 404", err)
			}
		})
	}
}

// A watch list create whose answer is lost is adopted, and a duplicate is a 422.
func TestCreateWatchListAdoptsAndRejectsDuplicates(t *testing.T) {
	t.Parallel()
	e := newEnv(t, emulator.Options{HollowCreates: true})
	c := e.client(t)
	v := strings.Repeat("z", 40)
	w, err := c.CreateWatchList(context.Background(), e.sub.UUID, "collection", v)
	if err != nil || w.EncodedValue != v {
		t.Fatalf("adopted: %+v %v", w, err)
	}
	if n := e.emu.RequestCount("POST /api/v1/subscriptions/{uuid}/address_watch_lists"); n != 1 {
		t.Fatalf("%d POSTs, want 1", n)
	}
	e.emu.SetHollowCreates(false)
	_, err = e.client(t).CreateWatchList(context.Background(), e.sub.UUID, "collection", v)
	var ae *tritonapi.APIError
	if !errors.As(err, &ae) || ae.StatusCode != 422 {
		t.Fatalf("duplicate: %v, want a 422", err)
	}
}

// A watch list that never adds up (a server that serves page 1 for every page) is
// never taken as proof that an entry is gone.
func TestWatchListIncompleteIsNotGone(t *testing.T) {
	t.Parallel()
	e := newEnv(t, emulator.Options{MaxPerPage: 2, WatchListMeta: true, IgnorePage: true})
	var last emulator.WatchList
	for _, v := range []string{"a", "b", "c"} {
		last = e.emu.AddWatchList(e.sub.UUID, "tree", strings.Repeat(v, 32))
	}
	c := e.client(t)
	_, found, err := c.FindWatchList(context.Background(), e.sub.UUID, last.UUID)
	var inc *tritonapi.IncompleteListError
	if found || !errors.As(err, &inc) || inc.Total != 3 || inc.Unique != 2 {
		t.Fatalf("find the entry beyond the bad page: found=%v err=%v, want an IncompleteListError (2 of 3)", found, err)
	}
	if complete, unique, total := c.ListCompleteness("address watch list", e.sub.UUID); complete || unique != 2 || total != 3 {
		t.Fatalf("completeness: %v %d %d", complete, unique, total)
	}
	// A well-behaved server: complete, and an unknown uuid is simply gone.
	e.emu.SetIgnorePage(false)
	c2 := e.client(t)
	if _, found, err := c2.FindWatchList(context.Background(), e.sub.UUID, last.UUID); !found || err != nil {
		t.Fatalf("healthy server: found=%v err=%v", found, err)
	}
	if _, found, err := c2.FindWatchList(context.Background(), e.sub.UUID, emulator.NewUUID()); found || err != nil {
		t.Fatalf("unknown uuid on a healthy server: found=%v err=%v, want gone", found, err)
	}
}

// The same for subscriptions: a miss in a list that never added up is an error.
func TestSubscriptionIncompleteIsNotGone(t *testing.T) {
	t.Parallel()
	e := newEnv(t, emulator.Options{MaxPerPage: 2, IgnorePage: true})
	var last emulator.Subscription
	for i := 0; i < 4; i++ {
		last = e.emu.AddSubscription(e.sub.AccountUUID, "s", "developer")
	}
	c := e.client(t, func(o *tritonapi.Options) { o.PageSize = 2 })
	_, found, err := c.FindSubscription(context.Background(), last.UUID)
	var inc *tritonapi.IncompleteListError
	if found || !errors.As(err, &inc) || inc.Total != 5 {
		t.Fatalf("found=%v err=%v, want an IncompleteListError against 5", found, err)
	}
	if complete, _, _ := c.ListCompleteness("subscription", ""); complete {
		t.Fatal("the subscription list is reported complete")
	}
}

// A watch list create whose answer is lost (it commits and answers 502, and the list
// lags behind it for a few walks) is looked for, never POSTed again, and adopted
// once the list shows it. An entry that was there before the create is never
// adopted: with the first POST lost before it reached the API, the create ends
// unresolved and names what it saw.
func TestCreateWatchListLostAnswerIsLookedForNotRePOSTed(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name        string
		commitFirst bool // the POST reaches the API (and the list lags), or is lost before it
		preexisting bool
	}{
		{name: "lost answer", commitFirst: true},
		{name: "entry there before", preexisting: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, emulator.Options{})
			v := strings.Repeat("k", 40)
			var old emulator.WatchList
			if tc.preexisting {
				old = e.emu.AddWatchList(e.sub.UUID, "tree", v)
			}
			var mu sync.Mutex
			posts, lagging := 0, 0
			proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				mu.Lock()
				switch {
				case r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/address_watch_lists"):
					posts++
					lagging = 2 // the next two list answers predate the commit
					mu.Unlock()
					if tc.commitFirst {
						e.emu.ServeHTTP(httptest.NewRecorder(), r)
					}
					http.Error(w, `{"error":"Bad Gateway"}`, http.StatusBadGateway)
					return
				case r.Method == http.MethodGet && r.URL.Path == "/api/v1/address_watch_lists" && lagging > 0 && tc.commitFirst:
					lagging--
					mu.Unlock()
					w.Header().Set("Content-Type", "application/json")
					_, _ = w.Write([]byte(`{"address_watch_lists":[]}`))
					return
				}
				mu.Unlock()
				e.emu.ServeHTTP(w, r)
			}))
			t.Cleanup(proxy.Close)
			c := e.client(t, func(o *tritonapi.Options) { o.BaseURL = proxy.URL; o.ResolveWindow = 300 * time.Millisecond })
			got, err := c.CreateWatchList(context.Background(), e.sub.UUID, "tree", v)
			stored := e.emu.WatchLists(e.sub.UUID)
			mu.Lock()
			n := posts
			mu.Unlock()
			if n != 1 || len(stored) != 1 {
				t.Fatalf("%d POSTs and %d entries, want 1 and 1", n, len(stored))
			}
			if tc.preexisting {
				var ue *tritonapi.UnresolvedCreateError
				if !errors.As(err, &ue) || stored[0].UUID != old.UUID || got.UUID != "" {
					t.Fatalf("entry there before: %+v %v, want an unresolved create and the old entry left alone", got, err)
				}
				return
			}
			if err != nil || got.UUID != stored[0].UUID || got.Variant != "tree" || got.EncodedValue != v {
				t.Fatalf("adopted %+v, %v; stored %+v", got, err, stored)
			}
			if w, found, err := c.FindWatchList(context.Background(), e.sub.UUID, got.UUID); err != nil || !found || w.UUID != got.UUID {
				t.Fatalf("find after adoption: %+v %v %v", w, found, err)
			}
		})
	}
}
