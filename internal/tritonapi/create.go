package tritonapi

import (
	"context"
	"fmt"
	"os"
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
	// revoked reports an object someone deactivated: never adopted from the ledger.
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
//   - Before the POST, the working directory's ledger (ledger.go) is consulted: an
//     object an interrupted earlier run created and never saw in state is adopted,
//     and a create that run had on its way when its provider died fails once if a
//     same-named object appeared since. Every object returned is recorded there.
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
	if obj, ok := adoptOrphan(ctx, c, s, lock.key, before, beforeComplete); ok {
		return obj, nil
	}
	if err := checkPending(c, s, lock.key, before); err != nil {
		return zero, err
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

// checkPending fails, once, a create whose name an interrupted earlier run of this
// working directory had a POST on its way for when its provider died, if an object
// with that name has appeared since: it may be that create's, and only a person can
// tell it from another pipeline's. The pending entry is dropped either way.
func checkPending[T any](c *Client, s createSpec[T], key string, before []T) error {
	var cands []T
	var sent time.Time
	for _, pc := range c.shared.ledger.interruptedPending(key) {
		for _, o := range before {
			if _, old := pc.known[s.uuid(o)]; !old && s.same(o) && !c.shared.claimed(s.uuid(o)) {
				cands = append(cands, o)
			}
		}
		if pc.sent.After(sent) {
			sent = pc.sent
		}
		_ = os.Remove(pc.path)
	}
	if len(cands) == 0 {
		return nil
	}
	return &PendingCreateError{
		Kind: s.kind, Name: s.name, Tier: s.tier, Scope: s.scope, Sent: sent,
		Candidates: describeAll(s, cands), ImportExample: s.importID(s.uuid(cands[0])),
	}
}

// PendingCreateError is a create refused once because an interrupted earlier apply
// of this working directory sent the same create and never learnt its outcome,
// and a same-named object has appeared since.
type PendingCreateError struct {
	Kind, Name, Tier, Scope string
	Sent                    time.Time
	Candidates              []string
	ImportExample           string
}

func (e *PendingCreateError) Error() string {
	return fmt.Sprintf("an earlier apply in this working directory was interrupted while its create of %s %q (%s) was on its way (sent %s), "+
		"and its provider ended before the answer came. Since then %s has gained: %s. One of them may be that create's. "+
		"If it is, import it into this resource instead of creating a second secret (terraform import <this resource's address> %s, "+
		"or an import block with that id). If none is (another pipeline or person made it, or another resource of this "+
		"configuration holds it), apply again: this check is made once, and the next apply creates the %s.",
		e.Kind, e.Name, e.Tier, e.Sent.UTC().Format(time.RFC3339), scopeWords(e.Scope), strings.Join(e.Candidates, "; "), e.ImportExample, e.Kind)
}

// scopeWords names a createSpec scope for a message.
func scopeWords(scope string) string {
	if a, ok := strings.CutPrefix(scope, "account:"); ok {
		return "account " + a
	}
	return "subscription " + scope
}

// adoptOrphan returns the object an interrupted earlier run of this working
// directory created for this (scope, kind, name, rate tier) and no state has shown
// since (ledger.go), when the list walked before this create still has it,
// unclaimed, matching and never deactivated. Entries whose object is gone from a
// list that adds up, or no longer matches, are dropped.
func adoptOrphan[T any](ctx context.Context, c *Client, s createSpec[T], key string, before []T, complete bool) (T, bool) {
	var zero T
	orphans := c.shared.ledger.orphans(key)
	if len(orphans) == 0 {
		return zero, false
	}
	byUUID := make(map[string]T, len(orphans))
	want := make(map[string]struct{}, len(orphans))
	for _, u := range orphans {
		want[u] = struct{}{}
	}
	for _, o := range before {
		if _, ok := want[s.uuid(o)]; ok {
			byUUID[s.uuid(o)] = o
		}
	}
	for _, u := range orphans {
		o, listed := byUUID[u]
		switch {
		case !listed && complete, listed && (!s.same(o) || (s.revoked != nil && s.revoked(o))):
			c.shared.ledger.settle(u) // gone, changed or revoked: nothing to finish
			continue
		case !listed, s.fits != nil && !s.fits(o):
			continue
		}
		if !c.shared.claim(u, true) {
			continue // another instance of this run holds it
		}
		c.shared.ledger.record(key, u)
		c.shared.noteOrphan(u)
		c.logger.Debug(ctx, "adopted the "+s.kind+" an interrupted earlier run created and never wrote to state", map[string]any{
			"scope": s.scope, "uuid": u,
		})
		return o, true
	}
	return zero, false
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
