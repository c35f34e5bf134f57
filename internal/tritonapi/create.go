package tritonapi

import (
	"context"
	"errors"
	"fmt"
	"net"
	"time"
)

// createSpec describes one kind of object to createAdopting.
type createSpec[T any] struct {
	kind  string // "token" or "endpoint", for messages
	name  string // the name and rate tier sent: the create lock's key
	tier  string
	list  func(context.Context) ([]T, error) // the subscription's full list (cached)
	drop  func()                             // forget the subscription's cached list
	stale func(maxAge time.Duration)         // forget it if it is older than maxAge
	post  func(context.Context) (T, error)   // one POST; keeps the cache true on success
	uuid  func(T) string                     // the object's uuid
	same  func(T) bool                       // whether it has the name and rate tier sent
}

// createAdopting creates one object in a subscription without ever minting two.
// Creates in one subscription are serialised. A POST whose outcome is unknown (5xx,
// transport error) is never repeated blindly: the subscription is re-listed and a new
// object with the name and rate tier sent is adopted; only when none appeared is the
// POST sent again, at most c.retries more times.
//
// A create not yet sent when ctx is cancelled is not sent. Once the POST is on its
// way, the rest (the POST, any re-list and adoption) runs under a grace context that
// survives the cancellation for GracePeriod, so the object is returned to the caller
// (and so to state) rather than orphaned.
func createAdopting[T any](ctx context.Context, c *Client, subscription string, s createSpec[T]) (T, error) {
	var zero T
	lock := c.createLock(subscription, s.name, s.tier)
	select {
	case lock <- struct{}{}:
	case <-ctx.Done():
		return zero, fmt.Errorf("%s create not sent: %w", s.kind, ctx.Err())
	}
	defer func() { <-lock }()

	// The "before" set decides what a lost answer may adopt: a list cached long ago
	// would let a same-named object made meanwhile by someone else pass for ours.
	s.stale(c.beforeMaxAge)
	before, err := s.list(ctx)
	if err != nil {
		return zero, fmt.Errorf("listing %ss before create: %w", s.kind, err)
	}
	known := make(map[string]struct{}, len(before))
	for _, o := range before {
		known[s.uuid(o)] = struct{}{}
	}
	if err := ctx.Err(); err != nil {
		return zero, fmt.Errorf("%s create not sent: %w", s.kind, err)
	}
	ctx, cancel := Grace(ctx)
	defer cancel()
	for attempt := 0; ; attempt++ {
		obj, err := s.post(ctx)
		if err == nil || !outcomeUnknown(err) {
			return obj, err
		}
		c.logger.Debug(ctx, s.kind+" create outcome unknown, re-listing before any retry", map[string]any{
			"subscription_uuid": subscription, "attempt": attempt, "error": err.Error(),
		})
		var hollow *HollowAnswerError
		committed := errors.As(err, &hollow) // a 2xx: the object exists, never POST again
		// A timeout may be a create the server commits later: look again, with
		// backoff, before ever POSTing again.
		slow := committed || timedOut(err)
		for look := 0; ; look++ {
			s.drop()
			after, lerr := s.list(ctx)
			if lerr != nil {
				return zero, fmt.Errorf("%s create outcome unknown (%v) and re-listing failed: %w", s.kind, err, lerr)
			}
			var fresh []T
			var uuids []string
			for _, o := range after {
				if _, old := known[s.uuid(o)]; !old && s.same(o) {
					fresh = append(fresh, o)
					uuids = append(uuids, s.uuid(o))
				}
			}
			switch {
			case len(fresh) == 1:
				c.logger.Debug(ctx, "adopted a "+s.kind+" created by a create whose answer was lost", map[string]any{
					"subscription_uuid": subscription, s.kind + "_uuid": uuids[0],
				})
				return fresh[0], nil
			case len(fresh) > 1:
				return zero, &AmbiguousAdoptionError{Kind: s.kind, Subscription: subscription, UUIDs: uuids, Cause: err}
			}
			if !slow || look >= c.retries {
				break
			}
			// The server said the create committed, or it may still commit: the list
			// may lag behind it.
			if err := sleepCtx(ctx, expBackoff(c.waitMin, c.waitMax, look)); err != nil {
				return zero, err
			}
		}
		if committed {
			return zero, fmt.Errorf("%s create answered %w, and no new %s with that name and rate tier appeared in the list after %d looks. "+
				"It may still appear: run terraform plan later, and import it with terraform import ADDRESS %s/<uuid> rather than applying again",
				s.kind, err, s.kind, c.retries+1, subscription)
		}
		if attempt >= c.retries {
			if slow {
				return zero, fmt.Errorf("%s create outcome still unknown after %d attempts (%w): none appeared in the list, but one may still. "+
					"Before applying again, check the subscription's list and import it if it appears: terraform import ADDRESS %s/<uuid>",
					s.kind, attempt+1, err, subscription)
			}
			return zero, fmt.Errorf("%s create failed after %d attempts, no %s was created: %w", s.kind, attempt+1, s.kind, err)
		}
		if err := sleepCtx(ctx, expBackoff(c.waitMin, c.waitMax, attempt)); err != nil {
			return zero, err
		}
	}
}

// timedOut reports whether a failed request timed out (the server may still be
// working on it).
func timedOut(err error) bool {
	var ne net.Error
	return errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout())
}
