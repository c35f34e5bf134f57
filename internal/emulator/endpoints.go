package emulator

// Endpoints and their allowed origins: the stored objects, the Go API tests use,
// and the list, create, update and activate/deactivate handlers.

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
)

func (e *Emulator) listEndpoints(w http.ResponseWriter, r *http.Request, k *apiKey) {
	e.mu.Lock()
	defer e.mu.Unlock()
	subs, ok := e.scopeSubscriptions(w, r, k)
	if !ok {
		return
	}
	list := []Endpoint{}
	for _, ep := range e.endpoints {
		if subs[ep.SubscriptionUUID] {
			list = append(list, copyEndpoint(ep))
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"endpoints": list})
}

type originIn struct {
	Value    string `json:"value"`
	IsActive *bool  `json:"is_active"`
}

func validateOrigins(in []originIn, fields map[string][]string) {
	seen := map[string]bool{}
	for _, o := range in {
		v := strings.TrimSpace(o.Value)
		switch {
		case v == "":
			fields["allowed_origins"] = append(fields["allowed_origins"], "value can't be blank")
		case seen[v]:
			fields["allowed_origins"] = append(fields["allowed_origins"], fmt.Sprintf("%q is listed twice", v))
		}
		seen[v] = true
	}
}

func (e *Emulator) createEndpoint(w http.ResponseWriter, r *http.Request, k *apiKey) {
	var in struct {
		Name           string     `json:"name"`
		RateTier       string     `json:"rate_tier"`
		AllowedOrigins []originIn `json:"allowed_origins"`
	}
	if err := decodeWrapped(r, "endpoint", &in); err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	e.mu.Lock()
	s := e.subscriptionForWrite(w, r, k)
	if s == nil {
		e.mu.Unlock()
		return
	}
	if k.role != RoleReseller {
		e.mu.Unlock()
		writeError(w, http.StatusForbidden, "Creating endpoints requires the reseller role")
		return
	}
	fields := map[string][]string{}
	if strings.TrimSpace(in.Name) == "" {
		fields["name"] = append(fields["name"], "can't be blank")
	}
	if !e.validRateTier(s, in.RateTier) {
		fields["rate_tier"] = append(fields["rate_tier"], fmt.Sprintf("%q is not a rate tier supported by this subscription", in.RateTier))
	}
	validateOrigins(in.AllowedOrigins, fields)
	if len(fields) > 0 {
		e.mu.Unlock()
		writeFieldErrors(w, fields)
		return
	}
	slug := fmt.Sprintf("%s-%s", slugify(in.Name), shortHex(4))
	var values []string
	for _, suf := range e.suffixes[s.SubscriptionType] {
		values = append(values, slug+"."+suf)
	}
	if len(values) == 0 {
		values = []string{slug + ".rpcpool.com"}
	}
	ep := &Endpoint{
		UUID: NewUUID(), Name: in.Name, Slug: slug, RateTier: in.RateTier, IsActive: e.opts.NewObjectsActive,
		Values: values, DefaultValues: append([]string{}, values...), AllowedOrigins: []Origin{},
		DeactivationReasons: []DeactivationReason{}, SubscriptionUUID: s.UUID,
	}
	for _, o := range in.AllowedOrigins {
		// New origins are enabled whatever the request says.
		ep.AllowedOrigins = append(ep.AllowedOrigins, Origin{UUID: NewUUID(), Value: strings.TrimSpace(o.Value), IsActive: true})
	}
	if !e.opts.NoSystemOrigin {
		ep.AllowedOrigins = append(ep.AllowedOrigins, Origin{UUID: NewUUID(), Value: SystemOrigin, IsActive: true})
	}
	e.endpoints = append(e.endpoints, ep)
	e.event("create endpoint %s", ep.UUID)
	out := copyEndpoint(ep)
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
	writeJSON(w, http.StatusCreated, map[string]any{"endpoint": out})
}

func (e *Emulator) updateEndpoint(w http.ResponseWriter, r *http.Request, k *apiKey) {
	var in struct {
		Name           *string     `json:"name"`
		RateTier       *string     `json:"rate_tier"`
		AllowedOrigins *[]originIn `json:"allowed_origins"`
	}
	if err := decodeWrapped(r, "endpoint", &in); err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	ep := e.findEndpoint(r.PathValue("uuid"))
	if ep == nil || !e.visibleSub(k, ep.SubscriptionUUID) {
		writeError(w, http.StatusNotFound, "Endpoint not found")
		return
	}
	if in.RateTier != nil && k.role != RoleReseller {
		writeError(w, http.StatusForbidden, "Changing an endpoint's rate_tier requires the reseller role")
		return
	}
	fields := map[string][]string{}
	if in.Name != nil && strings.TrimSpace(*in.Name) == "" {
		fields["name"] = append(fields["name"], "can't be blank")
	}
	if in.RateTier != nil && !e.validRateTier(e.findSubscription(ep.SubscriptionUUID), *in.RateTier) {
		fields["rate_tier"] = append(fields["rate_tier"], fmt.Sprintf("%q is not a rate tier supported by this subscription", *in.RateTier))
	}
	if in.AllowedOrigins != nil {
		validateOrigins(*in.AllowedOrigins, fields)
		user := 0
		for _, o := range *in.AllowedOrigins {
			if !strings.HasPrefix(o.Value, "__") || e.opts.CountSystemOrigins {
				user++
			}
		}
		if k.role == RoleStandard && user > 1 {
			fields["allowed_origins"] = append(fields["allowed_origins"], "standard role can have at most one allowed origin")
		}
	}
	if len(fields) > 0 {
		writeFieldErrors(w, fields)
		return
	}
	if in.Name != nil {
		ep.Name = *in.Name
	}
	if in.RateTier != nil {
		ep.RateTier = *in.RateTier
	}
	if in.AllowedOrigins != nil {
		next := make([]Origin, 0, len(*in.AllowedOrigins))
		for _, o := range *in.AllowedOrigins {
			active := true
			if o.IsActive != nil {
				active = *o.IsActive
			}
			next = append(next, Origin{Value: strings.TrimSpace(o.Value), IsActive: active})
		}
		ep.AllowedOrigins = replaceOrigins(ep.AllowedOrigins, next)
	}
	e.event("update endpoint %s", ep.UUID)
	writeJSON(w, http.StatusOK, map[string]any{"endpoint": copyEndpoint(ep)})
}

func (e *Emulator) toggleEndpoint(active bool) handler {
	return func(w http.ResponseWriter, r *http.Request, k *apiKey) {
		var in struct {
			Reason string `json:"deactivation_reason"`
		}
		_ = json.NewDecoder(r.Body).Decode(&in)
		e.mu.Lock()
		defer e.mu.Unlock()
		ep := e.findEndpoint(r.PathValue("uuid"))
		if ep == nil || !e.visibleSub(k, ep.SubscriptionUUID) {
			writeError(w, http.StatusNotFound, "Endpoint not found")
			return
		}
		if k.role != RoleReseller {
			writeError(w, http.StatusForbidden, "Activating or deactivating endpoints requires the reseller role")
			return
		}
		setActive(&ep.IsActive, &ep.DeactivationReasons, active, in.Reason)
		e.event("%s endpoint %s", verb(active), ep.UUID)
		if e.putCommitFault() {
			writeError(w, http.StatusGatewayTimeout, "Gateway Timeout")
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}
}

// Origin is an endpoint's allowed origin.
type Origin struct {
	UUID     string `json:"uuid"`
	Value    string `json:"value"`
	IsActive bool   `json:"is_active"`
}

// Endpoint is the emulator's stored endpoint.
type Endpoint struct {
	UUID                string               `json:"uuid"`
	Name                string               `json:"name"`
	Value               *string              `json:"value"`
	Slug                string               `json:"slug"`
	RateTier            string               `json:"rate_tier"`
	IsActive            bool                 `json:"is_active"`
	ValueOverride       *string              `json:"value_override"`
	Values              []string             `json:"values"`
	DefaultValues       []string             `json:"default_values"`
	AllowedOrigins      []Origin             `json:"allowed_origins"`
	DeactivationReasons []DeactivationReason `json:"deactivation_reasons"`
	SubscriptionUUID    string               `json:"-"`
}

func copyEndpoint(ep *Endpoint) Endpoint {
	c := *ep
	c.Values = append([]string{}, ep.Values...)
	c.DefaultValues = append([]string{}, ep.DefaultValues...)
	c.AllowedOrigins = append([]Origin{}, ep.AllowedOrigins...)
	c.DeactivationReasons = append([]DeactivationReason{}, ep.DeactivationReasons...)
	return c
}

func (e *Emulator) findEndpoint(uuid string) *Endpoint {
	for _, ep := range e.endpoints {
		if ep.UUID == uuid {
			return ep
		}
	}
	return nil
}

// Endpoint returns a stored endpoint by uuid.
func (e *Emulator) Endpoint(uuid string) (Endpoint, bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	ep := e.findEndpoint(uuid)
	if ep == nil {
		return Endpoint{}, false
	}
	return copyEndpoint(ep), true
}

// Endpoints returns a subscription's endpoints in API order.
func (e *Emulator) Endpoints(subscriptionUUID string) []Endpoint {
	e.mu.Lock()
	defer e.mu.Unlock()
	var out []Endpoint
	for _, ep := range e.endpoints {
		if ep.SubscriptionUUID == subscriptionUUID {
			out = append(out, copyEndpoint(ep))
		}
	}
	return out
}

// CreateEndpoint adds an endpoint behind the API, with the given enabled origins
// and the system origin unless the emulator was told not to.
func (e *Emulator) CreateEndpoint(subscriptionUUID, name, tier string, active bool, origins ...string) Endpoint {
	e.mu.Lock()
	defer e.mu.Unlock()
	slug := fmt.Sprintf("%s-%s", slugify(name), shortHex(4))
	ep := &Endpoint{
		UUID: NewUUID(), Name: name, Slug: slug, RateTier: tier, IsActive: active,
		Values: []string{slug + ".mainnet.rpcpool.com"}, DefaultValues: []string{slug + ".mainnet.rpcpool.com"},
		AllowedOrigins: []Origin{}, DeactivationReasons: []DeactivationReason{}, SubscriptionUUID: subscriptionUUID,
	}
	for _, o := range origins {
		ep.AllowedOrigins = append(ep.AllowedOrigins, Origin{UUID: NewUUID(), Value: o, IsActive: true})
	}
	if !e.opts.NoSystemOrigin {
		ep.AllowedOrigins = append(ep.AllowedOrigins, Origin{UUID: NewUUID(), Value: SystemOrigin, IsActive: true})
	}
	e.endpoints = append(e.endpoints, ep)
	return copyEndpoint(ep)
}

// SetEndpointActive flips an endpoint behind Terraform's back.
func (e *Emulator) SetEndpointActive(uuid string, active bool, reason string) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	ep := e.findEndpoint(uuid)
	if ep == nil {
		return false
	}
	setActive(&ep.IsActive, &ep.DeactivationReasons, active, reason)
	return true
}

// SetEndpointOrigins replaces an endpoint's origins behind Terraform's back,
// keeping the uuid of every surviving value.
func (e *Emulator) SetEndpointOrigins(uuid string, origins []Origin) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	ep := e.findEndpoint(uuid)
	if ep == nil {
		return false
	}
	ep.AllowedOrigins = replaceOrigins(ep.AllowedOrigins, origins)
	return true
}

// RemoveEndpoint deletes an endpoint from the store.
func (e *Emulator) RemoveEndpoint(uuid string) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	for i, ep := range e.endpoints {
		if ep.UUID == uuid {
			e.endpoints = append(e.endpoints[:i], e.endpoints[i+1:]...)
			return true
		}
	}
	return false
}

func replaceOrigins(old []Origin, next []Origin) []Origin {
	byValue := map[string]string{}
	for _, o := range old {
		byValue[o.Value] = o.UUID
	}
	out := make([]Origin, 0, len(next))
	for _, o := range next {
		id := byValue[o.Value]
		if id == "" {
			id = NewUUID()
		}
		out = append(out, Origin{UUID: id, Value: o.Value, IsActive: o.IsActive})
	}
	return out
}
