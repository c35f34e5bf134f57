package tritonapi

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"
	"time"
)

// createSpec describes one kind of object to createAdopting: its list, its POST and
// how to recognise its object. Everything else (locks, the before walk, the
// outcome table, looking for a lost answer, adoption, claims) is createAdopting's.
type createSpec[T any] struct {
	kind  string // "token", "endpoint", ... for messages
	scope string // where names are compared: a subscription uuid, or "account:<uuid>"
	name  string // the name and rate tier (or type) sent: the create lock's key
	tier  string
	// walk returns the scope's whole list from a walk begun at or after notBefore
	// (never a copy cached earlier), and whether it added up.
	// A walk in progress that began at or after joinFrom may be joined.
	walk func(ctx context.Context, notBefore, joinFrom time.Time) (list []T, complete bool, err error)
	post func(context.Context) (T, error) // one POST (retried as is by the transport only when it had no effect); keeps the cache true on success
	uuid func(T) string
	same func(T) bool // whether it has the name and rate tier sent
	// describe says what tells candidates apart (auth_username, is_active, ...).
	describe func(T) string
	importID func(uuid string) string
	// fits reports whether an object of an interrupted earlier run matches what
	// this create sends beyond its name and rate tier (nil: nothing more).
	fits func(T) bool
	// revoked reports an inactive object: never adopted from the ledger without a
	// person's say (someone may have deactivated it on purpose).
	revoked func(T) bool
}

// beforeSlack lets creates that start together share one before walk: a walk still
// in progress that began this long before the create did counts as taken for it
// (it is no older than the gap between any walk and the POST that follows it). A
// finished walk, the cached list, never does.
const beforeSlack = time.Second

// createAdopting creates one object without ever minting two, as DESIGN behaviour 5
// gives it:
//
//   - Creates of one (scope, name, rate tier) wait for each other, across every
//     client on this base URL in the process; other creates run in parallel.
//
//   - Before the POST, a walk of the scope's list begun for this create (after the
//     lock's previous holder let go, never a copy cached earlier) records what
//     exists.
//
//   - The POST's answer goes through the outcome table: no effect (429, 503, never
//     sent) is retried as is by the transport; unknown (502, 504, 500, timeout,
//     reset, a 2xx without the object) is never POSTed again. The object is looked
//     for in fresh walks, with backoff, until the resolve window or the context's
//     deadline ends.
//
//   - It is adopted only when exactly one object with that name and rate tier is in
//     a walk after the POST that adds up, was in no before walk (which added up too),
//     and is held by no other resource instance in this process (claims). Anything
//     else is an error that names every candidate and the import id in full.
//
//   - Before the POST, the working directory's ledger (ledger.go) is consulted
//     (fromLedger): an object an earlier run created after its Terraform had left
//     is adopted; one that run may or may not have saved refuses the create once,
//     with its import id. Every object returned is recorded there.
//
// A create not yet sent when ctx is cancelled is not sent. Once the POST is on its
// way, the rest runs under a grace context that survives the cancellation for
// GracePeriod, so the object is returned to the caller (and so to state) rather than
// orphaned.
func createAdopting[T any](ctx context.Context, c *Client, s createSpec[T]) (T, error) {
	var zero T
	began := time.Now()
	lock := c.shared.lock(s.scope + "\x00" + s.kind + "\x00" + s.name + "\x00" + s.tier)
	select {
	case lock.ch <- struct{}{}:
	case <-ctx.Done():
		return zero, fmt.Errorf("%s create not sent: %w", s.kind, ctx.Err())
	}
	defer lock.unlock()
	// Other provider processes of this run (aliases) creating the same name wait too.
	rl, err := c.shared.lockRun(ctx, lock.key)
	if err != nil {
		return zero, fmt.Errorf("%s create not sent: %w", s.kind, err)
	}
	defer rl.unlock()

	notBefore, joinFrom := began, began.Add(-beforeSlack)
	for _, r := range []time.Time{lock.lastRelease(), rl.lastRelease()} {
		if r.After(joinFrom) {
			joinFrom = r
		}
	}
	if joinFrom.After(notBefore) {
		notBefore = joinFrom
	}
	before, beforeComplete, err := s.walk(ctx, notBefore, joinFrom)
	if err != nil {
		return zero, fmt.Errorf("listing %ss before create (nothing was created): %w", s.kind, err)
	}
	known := make(map[string]struct{}, len(before))
	for _, o := range before {
		known[s.uuid(o)] = struct{}{}
	}
	if err := ctx.Err(); err != nil {
		return zero, fmt.Errorf("%s create not sent: %w", s.kind, err)
	}
	if obj, ok, err := fromLedger(ctx, c, s, lock.key, before, beforeComplete); ok || err != nil {
		return obj, err
	}
	sameNamed := make([]string, 0, 1)
	for _, o := range before {
		if s.same(o) {
			sameNamed = append(sameNamed, s.uuid(o))
		}
	}
	createsInFlight.Add(1)
	defer createsInFlight.Add(-1)
	p := c.shared.ledger.begin(lock.key, sameNamed)
	defer p.done()
	gctx, cancel := Grace(ctx)
	defer cancel()

	obj, err := s.post(gctx)
	if err == nil {
		c.shared.claim(s.uuid(obj), true)
		c.shared.ledger.record(lock.key, s.uuid(obj))
		return obj, nil
	}
	if !outcomeUnknown(err) {
		return zero, err
	}
	obj, err = resolveCreate(gctx, c, s, known, beforeComplete, err)
	if err == nil {
		c.shared.ledger.record(lock.key, s.uuid(obj))
	}
	return obj, err
}

// createsInFlight counts the creates whose POST may be on its way.
var createsInFlight atomic.Int64

// CreatesInFlight is how many creates have a POST on its way or an answer to
// resolve: the provider waits for them (within GracePeriod) before exiting.
func CreatesInFlight() int64 { return createsInFlight.Load() }

// fromLedger looks in the working directory's ledger (ledger.go) before a create
// POSTs. It returns the object to adopt (ok), an error that refuses the create
// once, or neither (POST as usual):
//
//   - exactly one object an earlier run's create returned after that run's
//     Terraform had left (in no state), still listed, unclaimed, matching and
//     active, and nothing else to doubt: adopted;
//   - any object an earlier run returned around its interruption (maybe saved,
//     maybe not), more than one of the first kind, or a same-named object that
//     appeared since a create whose provider died with its POST on its way: the
//     create fails once with each one's import id, and their entries are dropped.
//
// An inactive object is never adopted silently (someone may have deactivated it
// on purpose, and an inactive orphan is no live secret): it refuses the create once
// too. Entries whose object is gone from a list that adds up, or changed, are
// dropped: there is nothing to finish.
func fromLedger[T any](ctx context.Context, c *Client, s createSpec[T], key string, before []T, complete bool) (T, bool, error) {
	var zero T
	l := c.shared.ledger
	entries, pendings := l.scan(key)
	if len(entries) == 0 && len(pendings) == 0 {
		return zero, false, nil
	}
	listed := make(map[string]T, len(before))
	for _, o := range before {
		listed[s.uuid(o)] = o
	}
	usable := func(o T) bool { return s.same(o) && !c.shared.claimed(s.uuid(o)) }
	var sure, doubt []T
	sureRun := map[string]string{} // uuid -> the run whose entry it is
	counted := map[string]struct{}{}
	for _, e := range entries {
		o, ok := listed[e.uuid]
		switch {
		case !ok && complete, ok && !s.same(o):
			l.settle(e.uuid) // gone or changed: nothing to finish
			continue
		case l.wasImported(e.uuid):
			l.settle(e.uuid) // an import took it into a state
			continue
		case !ok, !usable(o):
			continue
		}
		counted[e.uuid] = struct{}{}
		if e.class == unsaved && (s.revoked == nil || !s.revoked(o)) && (s.fits == nil || s.fits(o)) {
			sure = append(sure, o)
			sureRun[e.uuid] = e.run
		} else {
			doubt = append(doubt, o) // maybe saved, inactive (maybe on purpose) or changed since: a person decides
		}
	}
	var sent time.Time
	for _, pc := range pendings {
		for _, o := range before {
			u := s.uuid(o)
			if _, old := pc.known[u]; old {
				continue
			}
			if _, dup := counted[u]; !dup && usable(o) {
				counted[u] = struct{}{}
				doubt = append(doubt, o)
			}
		}
		if pc.sent.After(sent) {
			sent = pc.sent
		}
		pending(pc.path).done()
	}
	if len(sure) == 1 && len(doubt) == 0 {
		u := s.uuid(sure[0])
		if !l.takeOnce(u, sureRun[u]) || !c.shared.claim(u, true) {
			return zero, false, nil // another run, or another instance of this one, took it meanwhile
		}
		l.record(key, u)
		c.shared.noteOrphan(u)
		c.logger.Debug(ctx, "adopted the "+s.kind+" an earlier run created after its Terraform had left", map[string]any{
			"scope": s.scope, "uuid": u,
		})
		return sure[0], true, nil
	}
	cands := append(sure, doubt...)
	if len(cands) == 0 {
		return zero, false, nil
	}
	for _, o := range cands {
		l.settle(s.uuid(o)) // once: the next create is sent
	}
	return zero, false, &InterruptedCreateError{
		Kind: s.kind, Name: s.name, Tier: s.tier, Scope: s.scope, PendingSent: sent,
		Candidates: describeAll(s, cands), ImportExample: s.importID(s.uuid(cands[0])),
	}
}

// InterruptedCreateError refuses a create once: an interrupted earlier apply in
// this working directory created (or was creating) an object with this name, and
// Terraform may or may not have saved it.
type InterruptedCreateError struct {
	Kind, Name, Tier, Scope string
	PendingSent             time.Time // when a create whose answer never came was sent (zero if none)
	Candidates              []string
	ImportExample           string
}

func (e *InterruptedCreateError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "an earlier apply in this working directory was interrupted while creating %s %q (%s), and Terraform may not have saved what it created", e.Kind, e.Name, e.Tier)
	if !e.PendingSent.IsZero() {
		fmt.Fprintf(&b, " (a create sent at %s never got its answer)", e.PendingSent.UTC().Format(time.RFC3339))
	}
	fmt.Fprintf(&b, ". %s holds, and nothing this run planned or refreshed has it: %s. If one is this resource's, import it instead of "+
		"creating a second secret (terraform import <this resource's address> %s, or an import block with that id), after checking "+
		"that no other resource holds it (terraform state list -id=<uuid>: a -target run does not look at the others). If none is "+
		"(another resource, state, pipeline or person holds it), apply again: this check is made once, and the next apply creates the %s.",
		capitalize(scopeWords(e.Scope)), strings.Join(e.Candidates, "; "), e.ImportExample, e.Kind)
	return b.String()
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// scopeWords names a createSpec scope for a message.
func scopeWords(scope string) string {
	if a, ok := strings.CutPrefix(scope, "account:"); ok {
		return "account " + a
	}
	return "subscription " + scope
}

// resolveCreate looks for the object of a POST whose outcome is unknown (cause), in
// fresh walks begun after its answer, until the resolve window or the deadline.
func resolveCreate[T any](ctx context.Context, c *Client, s createSpec[T], known map[string]struct{}, beforeComplete bool, cause error) (T, error) {
	var zero T
	answered := time.Now()
	deadline := answered.Add(c.resolveWindow)
	if d, ok := ctx.Deadline(); ok && d.Before(deadline) {
		deadline = d
	}
	c.logger.Debug(ctx, s.kind+" create outcome unknown; looking for it in fresh walks, never POSTing again", map[string]any{
		"scope": s.scope, "error": cause.Error(),
	})
	var lastErr error
	var seen []T // candidates of the last walk
	looks := 0
	// A candidate that was not listed in the first look after the answer means the
	// list may lag behind commits, and a lagging list may also have hidden another
	// writer's same-named object from the before walk. Before adopting such a
	// candidate, keep looking for as long again as it took to appear (at least
	// 1 s): our own object showing up meanwhile turns a wrong adoption into an
	// ambiguity error.
	var settleUntil time.Time
	for look := 0; ; look++ {
		at := time.Now() // each look is a walk of its own, begun after the answer and the look before it
		list, complete, err := s.walk(ctx, at, at)
		looks++
		switch {
		case err != nil:
			lastErr = err // a read: it may fail and be tried again; only the deadline ends the search
		default:
			lastErr = nil
			seen = seen[:0]
			var free []T
			for _, o := range list {
				if _, old := known[s.uuid(o)]; old || !s.same(o) {
					continue
				}
				seen = append(seen, o)
				if !c.shared.claimed(s.uuid(o)) {
					free = append(free, o)
				}
			}
			if !complete {
				break // a list that does not add up may hide a second candidate
			}
			switch {
			case len(free) == 1 && beforeComplete && look > 0 && settleUntil.IsZero():
				settleUntil = time.Now().Add(max(time.Second, 2*time.Since(answered)))
				if settleUntil.After(deadline) {
					settleUntil = deadline
				}
			}
			switch {
			case len(free) == 1 && beforeComplete && time.Now().Before(settleUntil):
				// seen late: settling before adopting
			case len(free) == 1 && beforeComplete:
				if c.shared.claim(s.uuid(free[0]), true) {
					c.logger.Debug(ctx, "adopted the "+s.kind+" of a create whose answer was lost", map[string]any{
						"scope": s.scope, "uuid": s.uuid(free[0]),
					})
					return free[0], nil
				}
				continue // claimed meanwhile by another create: look again
			case len(free) == 1:
				return zero, ambiguous(s, seen, cause, "the list walked before the create did not add up, so this one may have existed before it")
			case len(free) > 1:
				return zero, ambiguous(s, seen, cause, "another pipeline, alias or person may have created the others at the same time")
			}
		}
		wait := expBackoff(c.waitMin, c.waitMax, look)
		if look == 0 {
			wait = c.waitMin / 2
		}
		if ctx.Err() != nil {
			break
		}
		if time.Now().Add(wait).After(deadline) {
			if settleUntil.IsZero() || !time.Now().Before(deadline) {
				break
			}
			wait, settleUntil = time.Until(deadline), time.Now() // one last look, then adopt what settled
		}
		if err := sleepCtx(ctx, wait); err != nil {
			break
		}
	}
	return zero, &UnresolvedCreateError{
		Kind: s.kind, Name: s.name, Tier: s.tier, Scope: s.scope, Cause: cause, ListErr: lastErr, Looks: looks,
		Window: time.Since(answered), Candidates: describeAll(s, seen), ImportExample: s.importID("<uuid>"),
	}
}

func describeAll[T any](s createSpec[T], list []T) []string {
	out := make([]string, 0, len(list))
	for _, o := range list {
		d := s.uuid(o)
		if s.describe != nil {
			d += " (" + s.describe(o) + ")"
		}
		out = append(out, d+", import id "+s.importID(s.uuid(o)))
	}
	return out
}

func ambiguous[T any](s createSpec[T], cands []T, cause error, why string) error {
	uuids := make([]string, 0, len(cands))
	for _, o := range cands {
		uuids = append(uuids, s.uuid(o))
	}
	return &AmbiguousAdoptionError{
		Kind: s.kind, Name: s.name, Tier: s.tier, Subscription: s.scope, UUIDs: uuids,
		Candidates: describeAll(s, cands), Why: why, Cause: cause,
	}
}

// UnresolvedCreateError is a create whose outcome stayed unknown: its answer was
// lost and no object it could be was seen in a list that adds up before the
// resolve window ended. An object may exist; no second create was sent.
type UnresolvedCreateError struct {
	Kind, Name, Tier, Scope string
	Cause, ListErr          error
	Looks                   int
	Window                  time.Duration
	Candidates              []string // seen, but in a list that did not add up, or claimed
	ImportExample           string
}

func (e *UnresolvedCreateError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "the %s create's answer was lost (%v), and after %d looks over %s no new %s named %q (%s) appeared in a list that adds up. "+
		"A %s may exist all the same: the server may still commit it. No second create was sent. ",
		e.Kind, e.Cause, e.Looks, e.Window.Round(time.Second), e.Kind, e.Name, e.Tier, e.Kind)
	if e.ListErr != nil {
		fmt.Fprintf(&b, "The last look failed: %v. ", e.ListErr)
	}
	if len(e.Candidates) > 0 {
		fmt.Fprintf(&b, "Seen, but not adoptable with certainty: %s. ", strings.Join(e.Candidates, "; "))
	}
	fmt.Fprintf(&b, "Before applying again, look for it (data \"triton_%ss\" with name = %q, or the dashboard) and, if it is there, import it into this resource "+
		"(terraform import <this resource's address> %s, or an import block with that id), or the next apply creates a second one.",
		strings.ReplaceAll(e.Kind, " ", "_"), e.Name, e.ImportExample)
	return b.String()
}

func (e *UnresolvedCreateError) Unwrap() error { return e.Cause }
