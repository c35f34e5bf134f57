package tritonapi

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// flow is the client-wide flow control of one base URL. Every Client on that base
// URL in the process (every provider alias, whatever its key) shares one, because
// the server rate-limits them together.
//
// The policy follows the AWS SDK for Go v2's adaptive retry mode in spirit: a
// client-side token bucket that starts unlimited, drops to a fraction of the rate
// actually measured when the server throttles, and creeps back up with successes.
// On top of it sit two things that mode lacks and this API needs:
//   - a pause: a 429 stops every request until its Retry-After (plus jitter) has
//     passed, so the workers do not keep hitting a server that said when to come back;
//   - a window of requests in flight that halves on throttling and grows by about
//     one per window of successes (additive increase, multiplicative decrease).
//
// A request holds a slot only while it is on the wire, never while its caller
// waits for a lock, so a create lock and a slot can never wait for each other.
type flow struct {
	mu         sync.Mutex
	limiter    *rate.Limiter
	pauseUntil time.Time
	window     float64 // requests allowed in flight
	inflight   int
	lastCut    time.Time
	sent       []time.Time // send times within measureWindow, for the measured rate
	wake       chan struct{}

	// counters, for tests and the benchmark
	throttles, requests int
	peak                int
}

const (
	flowMaxWindow    = 64
	flowMinRate      = 0.5 // requests per second: the floor after throttling
	flowBeta         = 0.7 // the fraction of the measured rate kept after a 429
	flowGrowth       = 1.03
	measureWindow    = 2 * time.Second
	flowCutSpacing   = 500 * time.Millisecond // 429s closer than this count as one cut
	flowUnlimitedAbv = 1000                   // a recovered rate above this goes back to unlimited
)

func newFlow() *flow {
	return &flow{
		limiter: rate.NewLimiter(rate.Inf, 1),
		window:  flowMaxWindow,
		wake:    make(chan struct{}),
	}
}

// broadcast wakes every waiter; the caller holds f.mu.
func (f *flow) broadcast() {
	close(f.wake)
	f.wake = make(chan struct{})
}

// pauseBeyondDeadline is a pause in force that ends after the request's
// deadline: waiting would only fail later.
type pauseBeyondDeadline struct{ left time.Duration }

func (e *pauseBeyondDeadline) Error() string {
	return fmt.Sprintf("the client is paused for %s more (the server's Retry-After), beyond the operation's deadline", e.left.Round(time.Second))
}

// acquire waits until a request may be sent: no pause in force, a slot free in the
// window, and a token from the bucket. A pause that lasts beyond deadline is a
// *pauseBeyondDeadline at once, not a wait (a Retry-After of a day must not hold
// every other request of the process). The returned function releases the slot
// with the answer's HTTP status (0: no answer).
func (f *flow) acquire(ctx context.Context, deadline time.Time) (func(status int), error) {
	for {
		f.mu.Lock()
		now := time.Now()
		if now.Before(f.pauseUntil) {
			d := f.pauseUntil.Sub(now)
			f.mu.Unlock()
			if !deadline.IsZero() && f.pauseUntil.After(deadline) {
				return nil, &pauseBeyondDeadline{left: d}
			}
			if err := sleepCtx(ctx, d); err != nil {
				return nil, err
			}
			continue
		}
		if f.inflight >= int(f.window) {
			ch := f.wake
			f.mu.Unlock()
			select {
			case <-ctx.Done():
				return nil, ctx.Err()
			case <-ch:
			}
			continue
		}
		f.inflight++
		if f.inflight > f.peak {
			f.peak = f.inflight
		}
		f.mu.Unlock()

		if err := f.limiter.Wait(ctx); err != nil {
			f.release(0, false)
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			return nil, err
		}
		f.mu.Lock()
		if time.Now().Before(f.pauseUntil) { // a 429 arrived while this one waited for the bucket
			f.inflight--
			f.broadcast()
			f.mu.Unlock()
			continue
		}
		f.requests++
		f.sent = append(f.sent, time.Now())
		if len(f.sent) > 4096 {
			f.measuredRate(time.Now()) // trims it
		}
		f.mu.Unlock()
		return func(status int) { f.release(status, true) }, nil
	}
}

func (f *flow) release(status int, sent bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.inflight--
	if sent && status >= 200 && status < 300 {
		f.window += 1 / f.window
		if f.window > flowMaxWindow {
			f.window = flowMaxWindow
		}
		if r := f.limiter.Limit(); r != rate.Inf {
			r *= flowGrowth
			if r > flowUnlimitedAbv {
				r = rate.Inf
			}
			f.limiter.SetLimit(r)
		}
	}
	f.broadcast()
}

// throttled records a 429 whose Retry-After asked for wait: every request pauses
// until then plus jitter (so workers do not come back in lock-step), and the
// window and the bucket's rate are cut (once per burst of 429s).
func (f *flow) throttled(wait time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.throttles++
	now := time.Now()
	jitter := time.Duration(rand.Int64N(int64(100*time.Millisecond + wait/10))) //nolint:gosec // jitter needs no cryptographic randomness
	if until := now.Add(wait + jitter); until.After(f.pauseUntil) {
		f.pauseUntil = until
	}
	if now.Sub(f.lastCut) < flowCutSpacing {
		return
	}
	f.lastCut = now
	f.window /= 2
	if f.window < 1 {
		f.window = 1
	}
	measured := f.measuredRate(now)
	base := measured
	if r := float64(f.limiter.Limit()); f.limiter.Limit() != rate.Inf && r < base {
		base = r
	}
	r := base * flowBeta
	if r < flowMinRate {
		r = flowMinRate
	}
	f.limiter.SetLimit(rate.Limit(r))
	f.limiter.SetBurst(1)
}

// measuredRate is the rate of requests sent over the last measureWindow; the
// caller holds f.mu.
func (f *flow) measuredRate(now time.Time) float64 {
	i := 0
	for i < len(f.sent) && now.Sub(f.sent[i]) > measureWindow {
		i++
	}
	f.sent = append(f.sent[:0], f.sent[i:]...)
	return float64(len(f.sent)) / measureWindow.Seconds()
}

// FlowStats is what the flow control of a base URL has seen in this process.
type FlowStats struct {
	Requests, Throttles, PeakInFlight int
	Window                            float64
	Rate                              float64 // requests per second; 0: unlimited
}

// FlowStatsFor reports the flow control counters of base URL baseURL.
func FlowStatsFor(baseURL string) FlowStats {
	f := sharedFor(baseURL).flow
	f.mu.Lock()
	defer f.mu.Unlock()
	st := FlowStats{Requests: f.requests, Throttles: f.throttles, PeakInFlight: f.peak, Window: f.window}
	if l := f.limiter.Limit(); l != rate.Inf {
		st.Rate = float64(l)
	}
	return st
}
