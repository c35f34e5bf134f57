package tritonapi

import (
	"context"
	"errors"
	"net"
	"net/http"
)

// outcome is what one answer (or the lack of one) says about a request's effect.
// The table below is the whole of it; every write goes through it.
//
//	answer                                        outcome    a read / idempotent PUT   a POST / side-effecting PUT
//	2xx                                           done       done                      done (a 2xx without the object: unknown, see HollowAnswerError)
//	429                                           throttled  wait (flow control), retry until the deadline; never counted against max_retries
//	503                                           noEffect   retry (max_retries)       retry as is (max_retries): read as "nothing happened"
//	never sent (dial, DNS, refused)               noEffect   retry (max_retries)       retry as is (max_retries)
//	500, 502, 504, other 5xx                      unknown    retry (max_retries)       not repeated: the caller looks for the effect
//	timeout, reset, body cut off                  unknown    retry (max_retries)       not repeated: the caller looks for the effect
//	3xx (never followed), other 4xx, TLS errors   rejected   final                     final
//
// Reading 503 as "no effect" is a choice: it is what a server or load balancer
// sends when it refuses work (overload, maintenance), and the alternative (treating
// it as unknown) would turn every 503 storm into a wait for objects that never
// appear. A 504 is the gateway giving up on a backend that may still commit: it is
// unknown, like a timeout.
type outcome int

const (
	outDone outcome = iota
	outThrottled
	outNoEffect
	outUnknown
	outRejected
)

func (o outcome) String() string {
	switch o {
	case outDone:
		return "done"
	case outThrottled:
		return "throttled"
	case outNoEffect:
		return "no effect"
	case outUnknown:
		return "unknown"
	default:
		return "rejected"
	}
}

// classify reads one answer: status is 0 when err is a transport error.
func classify(status int, err error) outcome {
	if err != nil {
		switch {
		case neverSent(err):
			return outNoEffect
		case permanent(err):
			return outRejected
		default:
			return outUnknown
		}
	}
	switch {
	case status >= 200 && status <= 299:
		return outDone
	case status == http.StatusTooManyRequests:
		return outThrottled
	case status == http.StatusServiceUnavailable:
		return outNoEffect
	case status >= 500:
		return outUnknown
	default:
		return outRejected
	}
}

// retried reports whether the transport sends a request again after this outcome
// (429s are retried separately, bounded by time).
func (o outcome) retried(idempotent bool) bool {
	switch o {
	case outNoEffect:
		return true
	case outUnknown:
		return idempotent
	}
	return false
}

// neverSent reports a transport error that happened before the request left the
// client: the connection was never made.
func neverSent(err error) bool {
	var op *net.OpError
	if errors.As(err, &op) && op.Op == "dial" {
		return true
	}
	var dns *net.DNSError
	return errors.As(err, &dns)
}

// outcomeUnknown reports whether a failed write may nevertheless have taken effect.
func outcomeUnknown(err error) bool {
	var ns *NotSentError
	if err == nil || errors.As(err, &ns) {
		return false
	}
	var he *HollowAnswerError
	if errors.As(err, &he) {
		return true
	}
	var te *TransportError
	if errors.As(err, &te) {
		return classify(0, te.Err) == outUnknown
	}
	var ae *APIError
	if errors.As(err, &ae) {
		return classify(ae.StatusCode, nil) == outUnknown
	}
	// A context that ended while the request was on its way: it may have arrived.
	return errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}
