package emulator

// Tokens: the stored object, the Go API tests use to seed and inspect them, and the
// list, create and activate/deactivate handlers.

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"
)

func (e *Emulator) listTokens(w http.ResponseWriter, r *http.Request, k *apiKey) {
	e.mu.Lock()
	subs, ok := e.scopeSubscriptions(w, r, k)
	if !ok {
		e.mu.Unlock()
		return
	}
	var list []Token
	now := time.Now()
	for _, t := range e.tokens {
		if subs[t.SubscriptionUUID] && (e.listLag == 0 || now.Sub(t.committed) >= e.listLag) {
			list = append(list, copyToken(t))
		}
	}
	lo, hi, m := e.paginate(r, len(list), e.opts.IgnorePage)
	if hi > lo {
		e.moveRow(list[lo].UUID)
	}
	meta := e.shapeMeta(m)
	e.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{"tokens": nonNil(list[lo:hi]), "meta": meta})
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
	if e.secondWriter > 0 {
		e.secondWriter--
		rival := e.newToken(s.UUID, in.Name, in.RateTier, e.opts.NewObjectsActive)
		rival.committed = time.Now()
		e.event("create token %s (second writer)", rival.UUID)
		e.mu.Unlock()
		writeError(w, http.StatusServiceUnavailable, "Service Unavailable")
		return
	}
	if e.lateCommits > 0 {
		e.lateCommits--
		d, sub, active := e.lateCommitDelay, s.UUID, e.opts.NewObjectsActive
		e.mu.Unlock()
		go func() {
			time.Sleep(d)
			e.mu.Lock()
			t := e.newToken(sub, in.Name, in.RateTier, active)
			t.committed = time.Now()
			e.event("create token %s (late commit)", t.UUID)
			e.mu.Unlock()
		}()
		writeError(w, http.StatusGatewayTimeout, "Gateway Timeout")
		return
	}
	stored := e.newToken(s.UUID, in.Name, in.RateTier, e.opts.NewObjectsActive)
	stored.committed = time.Now()
	t := copyToken(stored)
	e.event("create token %s", t.UUID)
	fault, hollow, slow := e.commitFault(), e.opts.HollowCreates, e.answerDelay
	e.mu.Unlock()
	if slow > 0 {
		time.Sleep(slow) // committed: listed already, answered late
	}
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

// Token is the emulator's stored token.
type Token struct {
	UUID                string               `json:"uuid"`
	Name                string               `json:"name"`
	Value               string               `json:"value"`
	RateTier            string               `json:"rate_tier"`
	AuthUsername        string               `json:"auth_username"`
	IsActive            bool                 `json:"is_active"`
	DeactivationReasons []DeactivationReason `json:"deactivation_reasons"`
	SubscriptionUUID    string               `json:"-"`
	committed           time.Time            // when a create through the API committed it (SetListLag); zero for seeded tokens
}

func (e *Emulator) newToken(sub, name, tier string, active bool) *Token {
	e.seq++
	value := NewUUID()
	if e.valueFor != nil {
		if e.created == nil {
			e.created = map[string]int{}
		}
		e.created[name]++
		value = e.valueFor(name, e.created[name])
	}
	t := &Token{
		UUID:                NewUUID(),
		Name:                name,
		Value:               value,
		RateTier:            tier,
		AuthUsername:        fmt.Sprintf("%s-%s", slugify(name), shortHex(4)),
		IsActive:            active,
		DeactivationReasons: []DeactivationReason{},
		SubscriptionUUID:    sub,
	}
	e.tokens = append(e.tokens, t)
	return t
}

// SeedTokens adds n tokens named prefix-0000… to a subscription, behind the API.
func (e *Emulator) SeedTokens(subscriptionUUID string, n int, prefix string, active bool) []Token {
	e.mu.Lock()
	defer e.mu.Unlock()
	out := make([]Token, 0, n)
	for i := 0; i < n; i++ {
		out = append(out, copyToken(e.newToken(subscriptionUUID, fmt.Sprintf("%s-%04d", prefix, i), "developer", active)))
	}
	return out
}

// CreateToken adds one token behind the API.
func (e *Emulator) CreateToken(subscriptionUUID, name, tier string, active bool) Token {
	e.mu.Lock()
	defer e.mu.Unlock()
	return copyToken(e.newToken(subscriptionUUID, name, tier, active))
}

func copyToken(t *Token) Token {
	c := *t
	c.DeactivationReasons = append([]DeactivationReason{}, t.DeactivationReasons...)
	return c
}

func (e *Emulator) findToken(uuid string) *Token {
	for _, t := range e.tokens {
		if t.UUID == uuid {
			return t
		}
	}
	return nil
}

// Token returns a stored token by uuid.
func (e *Emulator) Token(uuid string) (Token, bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	t := e.findToken(uuid)
	if t == nil {
		return Token{}, false
	}
	return copyToken(t), true
}

// Tokens returns a subscription's tokens in API order.
func (e *Emulator) Tokens(subscriptionUUID string) []Token {
	e.mu.Lock()
	defer e.mu.Unlock()
	var out []Token
	for _, t := range e.tokens {
		if t.SubscriptionUUID == subscriptionUUID {
			out = append(out, copyToken(t))
		}
	}
	return out
}

// SetTokenActive flips a token behind Terraform's back; a reason is recorded on deactivate.
func (e *Emulator) SetTokenActive(uuid string, active bool, reason string) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	t := e.findToken(uuid)
	if t == nil {
		return false
	}
	setActive(&t.IsActive, &t.DeactivationReasons, active, reason)
	return true
}

// RenameToken renames a token behind Terraform's back.
func (e *Emulator) RenameToken(uuid, name string) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	t := e.findToken(uuid)
	if t == nil {
		return false
	}
	t.Name = name
	return true
}

// RemoveToken deletes a token from the store (the real API cannot; tests use it to
// simulate an object that vanished).
func (e *Emulator) RemoveToken(uuid string) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	for i, t := range e.tokens {
		if t.UUID == uuid {
			e.tokens = append(e.tokens[:i], e.tokens[i+1:]...)
			return true
		}
	}
	return false
}
