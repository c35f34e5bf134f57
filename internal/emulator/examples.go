package emulator

// The fixed ids the documentation's import examples use. SeedExamples gives the
// objects these ids, so a pasted import example works against the emulator.
const (
	ExampleSubscription = "9b2c4a8e-5d1f-4c3b-a7e6-0f1d2c3b4a59"
	ExampleToken        = "3f8e2d1c-6b5a-4f9e-8d7c-1a2b3c4d5e6f"
	ExampleEndpoint     = "7c6b5a49-3e2d-4c1b-9a8f-7e6d5c4b3a21"
	ExampleWatchList    = "5e4d3c2b-1a09-4f8e-b7d6-c5b4a3928170"
)

// ExampleSubscriptions are the subscription names the README, the examples and
// the guides look up, in the account SeedExamples is given.
var ExampleSubscriptions = []struct{ Name, Type string }{
	{"prod-mainnet", "mainnet-shared"},
	{"demo-mainnet", "mainnet-shared"},
	{"staging-devnet", "developer"},
	{"acc-test", "mainnet-shared"},
}

// SeedExamples adds what the documentation looks up, to the account accountUUID
// (which the docs call "acme"): the subscriptions above, prod-mainnet under
// ExampleSubscription; in it the tokens "backend" (ExampleToken) and
// "legacy-backend", the endpoints "web" (ExampleEndpoint, two origins and the
// system origin) and "legacy-web", and a watch list entry (ExampleWatchList).
// Every name the docs look up has been rotated (tokens, endpoints) or replaced
// (prod-mainnet) once: an inactive object stays listed under it, as after a real
// rotation, so lookups by name must survive that. Both the
// example tests and cmd/triton-emulator seed through here, so the docs are tested
// against the emulator as README starts it.
func (e *Emulator) SeedExamples(accountUUID string) map[string]Subscription {
	subs := map[string]Subscription{}
	for _, s := range ExampleSubscriptions {
		if s.Name == "prod-mainnet" {
			subs[s.Name] = e.AddSubscriptionWithUUID(ExampleSubscription, accountUUID, s.Name, s.Type)
			continue
		}
		subs[s.Name] = e.AddSubscription(accountUUID, s.Name, s.Type)
	}
	// A replacement left an older prod-mainnet behind, inactive, in the same
	// account: lookups by name need is_active = true, as the docs write them.
	old := e.AddSubscription(accountUUID, "prod-mainnet", "mainnet-shared")
	e.SetSubscriptionActive(old.UUID, false, "replaced")
	prod := subs["prod-mainnet"].UUID
	e.CreateToken(prod, "legacy-backend", "tier1", true)
	e.CreateEndpoint(prod, "legacy-web", "tier1", true)
	tok := e.CreateToken(prod, "backend", "tier1", true)
	e.SetUUID(tok.UUID, ExampleToken)
	ep := e.CreateEndpoint(prod, "web", "tier1", true, "app.example.com", "staging.example.com")
	e.SetUUID(ep.UUID, ExampleEndpoint)
	e.SetEndpointOrigins(ExampleEndpoint, []Origin{
		{Value: "app.example.com", IsActive: true}, {Value: "staging.example.com"}, {Value: SystemOrigin, IsActive: true},
	})
	wl := e.AddWatchList(prod, "collection", "J1S9H3QjnRtBbbuD4HjPV6RpRhwuk4zKbxsnCHuTgh9w")
	e.SetUUID(wl.UUID, ExampleWatchList)
	e.CreateToken(prod, "legacy-backend", "tier1", false)
	e.CreateToken(prod, "backend", "tier1", false)
	e.CreateEndpoint(prod, "legacy-web", "tier1", false)
	e.CreateEndpoint(prod, "web", "tier1", false)
	return subs
}
