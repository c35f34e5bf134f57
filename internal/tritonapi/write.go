package tritonapi

import (
	"context"
	"fmt"
	"time"
)

// toggleSpec describes one kind of object to toggleWrite.
type toggleSpec struct {
	kind       string // "token", "endpoint", "subscription"
	collection string // the path segment: "tokens", ...
	// applied keeps the cache true after an accepted call.
	applied func()
	// forget drops the cached list holding the object after an unknown outcome and
	// reports whether the object's list is known (so it can be looked in).
	forget func() bool
	// state looks the object up in a walk begun at or after notBefore.
	state func(ctx context.Context, notBefore time.Time) (isActive, found bool, err error)
}

// toggleWrite sends an activate or deactivate through the outcome table. The
// idempotent calls (activate, deactivate without a reason) are retried by the
// transport. A deactivate with a reason appends it to the history, so one whose
// outcome is unknown is never repeated blindly: the object is looked up in fresh
// walks (a failed or throttled look is looked again, within the resolve window)
// and the call is sent again only once a walk shows it did not take effect, at
// most max_retries times.
func (c *Client) toggleWrite(ctx context.Context, s toggleSpec, uuid string, active bool, reason string) error {
	for attempt := 0; ; attempt++ {
		err := c.toggle(ctx, s.collection, uuid, active, reason)
		switch {
		case err == nil:
			s.applied()
			return nil
		case !outcomeUnknown(err):
			return err
		}
		known := s.forget()
		if !sideEffecting(active, reason) {
			return err // the transport already retried the idempotent call
		}
		if !known || attempt >= c.retries {
			return fmt.Errorf("deactivating %s %s: outcome unknown, not repeated blindly (it would record the reason twice); "+
				"check its is_active and deactivation_reasons with a refresh (terraform plan) before applying again: %w", s.kind, uuid, err)
		}
		answered := time.Now()
		deadline := answered.Add(c.resolveWindow)
		for look := 0; ; look++ {
			isActive, found, lerr := s.state(ctx, time.Now())
			if lerr == nil && found && isActive == active {
				return nil // it took effect
			}
			if lerr == nil {
				break // seen, not in effect (or not listed): the call had no effect, send it again
			}
			wait := expBackoff(c.waitMin, c.waitMax, look)
			if time.Now().Add(wait).After(deadline) {
				return fmt.Errorf("deactivating %s %s: outcome unknown and it could not be looked up (%v); not repeated blindly: %w", s.kind, uuid, lerr, err)
			}
			if err := sleepCtx(ctx, wait); err != nil {
				return err
			}
		}
		if err := sleepCtx(ctx, expBackoff(c.waitMin, c.waitMax, attempt)); err != nil {
			return err
		}
	}
}
