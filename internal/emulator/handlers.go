package emulator

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

type handler func(w http.ResponseWriter, r *http.Request, k *apiKey)

func (e *Emulator) routes() {
	e.mux = http.NewServeMux()
	add := func(pattern string, h handler) {
		e.mux.HandleFunc(pattern, e.wrap(pattern, h))
	}
	add("GET /api/v1/accounts", e.listAccounts)
	add("GET /api/v1/subscriptions", e.listSubscriptions)
	add("GET /api/v1/subscription_types", e.listSubscriptionTypes)
	add("GET /api/v1/rate_tiers", e.listRateTiers)
	add("GET /api/v1/tokens", e.listTokens)
	add("POST /api/v1/subscriptions/{uuid}/tokens", e.createToken)
	add("PUT /api/v1/tokens/{uuid}/activate", e.toggleToken(true))
	add("PUT /api/v1/tokens/{uuid}/deactivate", e.toggleToken(false))
	add("GET /api/v1/endpoints", e.listEndpoints)
	add("POST /api/v1/subscriptions/{uuid}/endpoints", e.createEndpoint)
	add("PUT /api/v1/endpoints/{uuid}", e.updateEndpoint)
	add("PUT /api/v1/endpoints/{uuid}/activate", e.toggleEndpoint(true))
	add("PUT /api/v1/endpoints/{uuid}/deactivate", e.toggleEndpoint(false))
	// The real API has no GET by uuid; answer 404 so the provider cannot rely on one.
	notFound := func(w http.ResponseWriter, _ *http.Request, _ *apiKey) {
		writeError(w, http.StatusNotFound, "Not Found")
	}
	add("GET /api/v1/tokens/{uuid}", notFound)
	add("GET /api/v1/endpoints/{uuid}", notFound)
	e.mux.HandleFunc("/", func(w http.ResponseWriter, _ *http.Request) { writeError(w, http.StatusNotFound, "Not Found") })
}

// wrap counts the request, then applies latency, the rate limit, injected faults and
// authentication, in that order, before the handler runs.
func (e *Emulator) wrap(route string, h handler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
		r.Body = io.NopCloser(bytes.NewReader(body))

		e.mu.Lock()
		e.counts[route]++
		latency := e.latency
		capture := e.bodyCapture
		limited := false
		if e.rps > 0 {
			now := time.Now()
			if now.Sub(e.rpsWindow) >= time.Second {
				e.rpsWindow, e.rpsCount = now, 0
			}
			e.rpsCount++
			limited = e.rpsCount > e.rps
		}
		status := 0
		for _, f := range e.faults {
			if f.times > 0 && (f.route == "" || f.route == route) {
				f.times--
				status = f.status
				break
			}
		}
		if status == 0 && e.fail503 > 0 && e.rnd.Float64() < e.fail503 {
			status = http.StatusServiceUnavailable
		}
		e.mu.Unlock()

		if capture != nil && len(body) > 0 {
			capture(route, body)
		}
		if latency > 0 {
			select {
			case <-time.After(latency):
			case <-r.Context().Done():
				return
			}
		}
		if limited {
			w.Header().Set("Retry-After", "1")
			writeError(w, http.StatusTooManyRequests, "Rate limit exceeded")
			return
		}
		if status != 0 {
			writeError(w, status, http.StatusText(status))
			return
		}
		secret := strings.TrimSpace(r.Header.Get("Authorization"))
		secret = strings.TrimPrefix(secret, "Bearer ")
		e.mu.Lock()
		k := e.keys[secret]
		e.mu.Unlock()
		if secret == "" || k == nil {
			writeError(w, http.StatusUnauthorized, "Invalid or missing API token")
			return
		}
		h(w, r, k)
	}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func writeError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"error": msg})
}

func writeFieldErrors(w http.ResponseWriter, fields map[string][]string) {
	writeJSON(w, http.StatusUnprocessableEntity, map[string]any{"errors": fields})
}

type pageMeta struct {
	CurrentPage int  `json:"current_page"`
	NextPage    *int `json:"next_page"`
	PerPage     int  `json:"per_page"`
	PrevPage    *int `json:"prev_page"`
	TotalPages  int  `json:"total_pages"`
	TotalCount  int  `json:"total_count"`
}

// paginate returns the [lo, hi) window and meta for n items; per defaults to 50
// and is capped at MaxPerPage.
func (e *Emulator) paginate(r *http.Request, n int, ignorePage bool) (int, int, pageMeta) {
	per, err := strconv.Atoi(r.URL.Query().Get("per"))
	if err != nil || per <= 0 {
		per = 50
	}
	if per > e.opts.MaxPerPage {
		per = e.opts.MaxPerPage
	}
	page, err := strconv.Atoi(r.URL.Query().Get("page"))
	if err != nil || page <= 0 || ignorePage {
		page = 1
	}
	pages := (n + per - 1) / per
	m := pageMeta{CurrentPage: page, PerPage: per, TotalPages: pages, TotalCount: n}
	if ignorePage {
		next := page + 1
		m.NextPage, m.TotalPages = &next, pages+1 // claims there is always more
	} else if page < pages {
		next := page + 1
		m.NextPage = &next
	}
	if page > 1 {
		prev := page - 1
		m.PrevPage = &prev
	}
	lo := (page - 1) * per
	if lo > n {
		lo = n
	}
	hi := lo + per
	if hi > n {
		hi = n
	}
	return lo, hi, m
}

func decodeWrapped(r *http.Request, key string, into any) error {
	var env map[string]json.RawMessage
	if err := json.NewDecoder(r.Body).Decode(&env); err != nil {
		return fmt.Errorf("body is not JSON: %v", err)
	}
	raw, ok := env[key]
	if !ok {
		return fmt.Errorf("param is missing or the value is empty: %s", key)
	}
	if err := json.Unmarshal(raw, into); err != nil {
		return fmt.Errorf("%s: %v", key, err)
	}
	return nil
}

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

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func (e *Emulator) subscriptionJSON(s *Subscription) map[string]any {
	tiers := make([]map[string]any, 0, len(s.RateTiers))
	for _, t := range s.RateTiers {
		tiers = append(tiers, map[string]any{"uuid": "rt-" + t, "name": t})
	}
	return map[string]any{
		"uuid": s.UUID, "name": s.Name, "account_uuid": s.AccountUUID, "subscription_type": s.SubscriptionType,
		"starts_at": nil, "ends_at": nil, "is_active": s.IsActive, "supported_rate_tiers": tiers,
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
	e.mu.Unlock()
	lo, hi, m := e.paginate(r, len(list), false)
	writeJSON(w, http.StatusOK, map[string]any{"subscriptions": nonNil(list[lo:hi]), "meta": m})
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
		list = append(list, map[string]any{"uuid": "st-" + name, "name": name, "pool_name": name, "endpoint_default_suffixes": e.suffixes[name]})
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

func (e *Emulator) listTokens(w http.ResponseWriter, r *http.Request, k *apiKey) {
	e.mu.Lock()
	subs, ok := e.scopeSubscriptions(w, r, k)
	if !ok {
		e.mu.Unlock()
		return
	}
	var list []Token
	for _, t := range e.tokens {
		if subs[t.SubscriptionUUID] {
			list = append(list, copyToken(t))
		}
	}
	lo, hi, m := e.paginate(r, len(list), e.opts.IgnorePage)
	if hi > lo {
		e.moveRow(list[lo].UUID)
	}
	e.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{"tokens": nonNil(list[lo:hi]), "meta": m})
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

// commitFault reports whether this committed create should nevertheless answer 502.
func (e *Emulator) commitFault() bool {
	return e.commit502 > 0 && e.rnd.Float64() < e.commit502
}

func (e *Emulator) createToken(w http.ResponseWriter, r *http.Request, k *apiKey) {
	e.commitDelay()
	var in struct {
		Name     string `json:"name"`
		RateTier string `json:"rate_tier"`
	}
	if err := decodeWrapped(r, "token", &in); err != nil {
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
	if strings.TrimSpace(in.Name) == "" {
		fields["name"] = append(fields["name"], "can't be blank")
	}
	if !e.validRateTier(s, in.RateTier) {
		fields["rate_tier"] = append(fields["rate_tier"], fmt.Sprintf("%q is not a rate tier supported by this subscription", in.RateTier))
	}
	if len(fields) > 0 {
		e.mu.Unlock()
		writeFieldErrors(w, fields)
		return
	}
	t := copyToken(e.newToken(s.UUID, in.Name, in.RateTier, e.opts.NewObjectsActive))
	e.event("create token %s", t.UUID)
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
	writeJSON(w, http.StatusCreated, map[string]any{"token": t})
}

func (e *Emulator) toggleToken(active bool) handler {
	return func(w http.ResponseWriter, r *http.Request, k *apiKey) {
		var in struct {
			Reason string `json:"deactivation_reason"`
		}
		_ = json.NewDecoder(r.Body).Decode(&in)
		e.mu.Lock()
		defer e.mu.Unlock()
		t := e.findToken(r.PathValue("uuid"))
		if t == nil || !e.visibleSub(k, t.SubscriptionUUID) {
			writeError(w, http.StatusNotFound, "Token not found")
			return
		}
		if k.role != RoleOperator && k.role != RoleReseller {
			writeError(w, http.StatusForbidden, "Activating or deactivating tokens requires the operator or reseller role")
			return
		}
		setActive(&t.IsActive, &t.DeactivationReasons, active, in.Reason)
		e.event("%s token %s", verb(active), t.UUID)
		if e.putCommitFault() {
			writeError(w, http.StatusGatewayTimeout, "Gateway Timeout")
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}
}

func (e *Emulator) visibleSub(k *apiKey, sub string) bool {
	s := e.findSubscription(sub)
	return s != nil && k.accounts[s.AccountUUID]
}

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
			if !strings.HasPrefix(o.Value, "__") {
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

func verb(active bool) string {
	if active {
		return "activate"
	}
	return "deactivate"
}
