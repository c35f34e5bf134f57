package tritonapi

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"syscall"
	"testing"
)

// TestOutcomeTable: one row per answer class of the write protocol (outcome.go),
// with what the transport does for a read or idempotent PUT and for a POST.
func TestOutcomeTable(t *testing.T) {
	dial := &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}
	reset := &net.OpError{Op: "read", Net: "tcp", Err: syscall.ECONNRESET}
	for _, row := range []struct {
		name                 string
		status               int
		err                  error
		want                 outcome
		retryRead, retryPOST bool
		unknownForTheCreate  bool
	}{
		{name: "2xx_is_done", status: 201, want: outDone},
		{name: "429_is_throttled_no_effect_retried_by_time", status: 429, want: outThrottled},
		{name: "503_is_read_as_no_effect_and_the_POST_is_sent_again", status: 503, want: outNoEffect, retryRead: true, retryPOST: true},
		{name: "never_sent_(connection_refused)_is_no_effect", err: dial, want: outNoEffect, retryRead: true, retryPOST: true},
		{name: "DNS_failure_is_no_effect", err: &net.DNSError{Err: "no such host", Name: "x"}, want: outNoEffect, retryRead: true, retryPOST: true},
		{name: "500_is_unknown", status: 500, want: outUnknown, retryRead: true, unknownForTheCreate: true},
		{name: "502_is_unknown", status: 502, want: outUnknown, retryRead: true, unknownForTheCreate: true},
		{name: "504_is_unknown_like_a_timeout", status: 504, want: outUnknown, retryRead: true, unknownForTheCreate: true},
		{name: "reset_is_unknown", err: reset, want: outUnknown, retryRead: true, unknownForTheCreate: true},
		{name: "timeout_is_unknown", err: context.DeadlineExceeded, want: outUnknown, retryRead: true, unknownForTheCreate: true},
		{name: "body_cut_off_is_unknown", err: io.ErrUnexpectedEOF, want: outUnknown, retryRead: true, unknownForTheCreate: true},
		{name: "3xx_is_rejected", status: 307, want: outRejected},
		{name: "404_is_rejected", status: 404, want: outRejected},
		{name: "422_is_rejected", status: 422, want: outRejected},
		{name: "invalid_header_is_rejected", err: errors.New("net/http: invalid header field value for \"Authorization\""), want: outRejected},
	} {
		t.Run(row.name, func(t *testing.T) {
			got := classify(row.status, row.err)
			if got != row.want {
				t.Fatalf("classify(%d, %v) = %s, want %s", row.status, row.err, got, row.want)
			}
			if r := got.retried(true); r != row.retryRead {
				t.Errorf("read retried = %t, want %t", r, row.retryRead)
			}
			if r := got.retried(false); r != row.retryPOST {
				t.Errorf("POST retried = %t, want %t", r, row.retryPOST)
			}
			var wrapped error
			switch {
			case row.err != nil:
				wrapped = &TransportError{Method: http.MethodPost, Path: "/x", Err: row.err}
			case row.status >= 300:
				wrapped = fmt.Errorf("create: %w", &APIError{StatusCode: row.status})
			}
			if wrapped != nil && outcomeUnknown(wrapped) != row.unknownForTheCreate {
				t.Errorf("outcomeUnknown = %t, want %t", outcomeUnknown(wrapped), row.unknownForTheCreate)
			}
		})
	}
	if outcomeUnknown(&HollowAnswerError{Status: 201}) != true {
		t.Error("a 2xx without the object must be unknown (it committed)")
	}
	if outcomeUnknown(&NotSentError{Err: context.Canceled}) {
		t.Error("a request that never left the client must not be unknown")
	}
}
