// Package tritonapi is the HTTP client for the Triton One account management API.
//
// It imports no Terraform module: the provider glue adapts its Logger onto tflog.
// Pagination, retries and the per-subscription list cache stay inside this package;
// callers get whole lists.
package tritonapi

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// DefaultBaseURL is the production API host.
const DefaultBaseURL = "https://customers.triton.one"

// DefaultPageSize is the `per` value sent on paginated lists when none is configured.
const DefaultPageSize = 100

// DefaultMaxRetries bounds retries of a single request when none is configured.
const DefaultMaxRetries = 5

// Logger receives the client's debug messages. Fields never carry secrets.
type Logger interface {
	Debug(ctx context.Context, msg string, fields map[string]any)
}

// Options configures a Client.
type Options struct {
	// BaseURL is the API origin, without the /api/v1 suffix.
	BaseURL string
	// Token is the management API token, sent raw in the Authorization header.
	Token string
	// HTTPClient is the transport; nil means a fresh pooled client.
	HTTPClient *http.Client
	// UserAgent is sent on every request.
	UserAgent string
	// Logger receives debug messages; nil discards them.
	Logger Logger
	// MaxRetries bounds retries per request (and create attempts after an unknown outcome).
	MaxRetries int
	// PageSize is sent as `per` on paginated lists.
	PageSize int
	// RetryWaitMin and RetryWaitMax bound the exponential backoff.
	RetryWaitMin, RetryWaitMax time.Duration
	// ThrottleBudget bounds how long one request keeps waiting out 429s when its
	// context has no earlier deadline (default 10 minutes).
	ThrottleBudget time.Duration
	// ResolveWindow bounds how long a write whose outcome is unknown is looked for
	// in fresh walks before it is reported unresolved (default 60 s; the context's
	// deadline, if earlier, wins).
	ResolveWindow time.Duration
}

// Client talks to one API host with one credential. It is safe for concurrent use.
type Client struct {
	base           *url.URL
	token          string
	userAgent      string
	logger         Logger
	pageSize       int
	retries        int
	waitMin        time.Duration
	waitMax        time.Duration
	throttleBudget time.Duration
	resolveWindow  time.Duration
	http           *http.Client
	cache          *listCache
	shared         *shared // flow control, create locks, claims, write generations, secrets: per base URL, process-wide
}

type nopLogger struct{}

func (nopLogger) Debug(context.Context, string, map[string]any) {}

// New builds a Client. It fails only on a base URL that cannot be parsed or that
// would send the token in clear text to a non-loopback host.
func New(opts Options) (*Client, error) {
	if opts.BaseURL == "" {
		opts.BaseURL = DefaultBaseURL
	}
	u, err := ParseBaseURL(opts.BaseURL)
	if err != nil {
		return nil, err
	}
	if opts.PageSize <= 0 {
		opts.PageSize = DefaultPageSize
	}
	if opts.MaxRetries < 0 {
		opts.MaxRetries = 0
	}
	if opts.RetryWaitMin <= 0 {
		opts.RetryWaitMin = 500 * time.Millisecond
	}
	if opts.RetryWaitMax <= 0 {
		opts.RetryWaitMax = 30 * time.Second
	}
	if opts.Logger == nil {
		opts.Logger = nopLogger{}
	}
	if opts.ThrottleBudget <= 0 {
		opts.ThrottleBudget = 10 * time.Minute
	}
	if opts.ResolveWindow <= 0 {
		opts.ResolveWindow = 60 * time.Second
	}
	hc := opts.HTTPClient
	if hc == nil {
		hc = &http.Client{Timeout: 60 * time.Second}
	}
	// Never follow a redirect: the API documents none, and following one would send
	// the Authorization header wherever the server points (Go keeps it for the same
	// host on another port or scheme). The 3xx comes back as a RedirectError.
	noRedirects := *hc
	noRedirects.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	hc = &noRedirects
	c := &Client{
		base:           u,
		token:          opts.Token,
		userAgent:      opts.UserAgent,
		logger:         opts.Logger,
		pageSize:       opts.PageSize,
		retries:        opts.MaxRetries,
		waitMin:        opts.RetryWaitMin,
		waitMax:        opts.RetryWaitMax,
		throttleBudget: opts.ThrottleBudget,
		resolveWindow:  opts.ResolveWindow,
		http:           hc,
		cache:          newListCache(sharedFor(u.String())),
		shared:         sharedFor(u.String()),
	}
	c.shared.addSecrets(opts.Token)
	return c, nil
}

// ParseBaseURL validates a base URL: http(s) only, and https unless the host is
// localhost or a loopback address, so the token never travels in clear text.
func ParseBaseURL(raw string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimRight(raw, "/"))
	if err != nil {
		return nil, fmt.Errorf("base URL %q cannot be parsed: %w", raw, err)
	}
	if u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return nil, fmt.Errorf("base URL %q must be an absolute http(s) URL such as %s", raw, DefaultBaseURL)
	}
	if u.Scheme == "http" && !IsLoopbackHost(u.Hostname()) {
		return nil, fmt.Errorf("base URL %q uses plain http to a non-loopback host; the API token would travel in clear text, use https", raw)
	}
	if u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("base URL %q must not carry credentials, a query or a fragment", raw)
	}
	if u.Path != "" {
		return nil, fmt.Errorf("base URL %q has a path (%q): give only the origin (scheme, host and port), such as %s; the provider adds /api/v1 itself", raw, u.Path, DefaultBaseURL)
	}
	return u, nil
}

// IsLoopbackHost reports whether host is localhost or a loopback IP.
func IsLoopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// BaseURL returns the configured base URL.
func (c *Client) BaseURL() string { return c.base.String() }

// PageSize returns the configured page size.
func (c *Client) PageSize() int { return c.pageSize }

// sideEffectKey marks a PUT that must not be repeated by the transport (a
// deactivate that appends a reason): its caller checks by listing instead.
type sideEffectKey struct{}

// NotSentError is a request that never left the client because its context ended
// (or its deadline could not be met) while it waited for the flow control: it had
// no effect.
type NotSentError struct {
	Method, Path string
	Err          error
}

func (e *NotSentError) Error() string {
	return fmt.Sprintf("%s %s not sent: %v", e.Method, e.Path, e.Err)
}

func (e *NotSentError) Unwrap() error { return e.Err }

// do sends one request through the flow control and retries it as the outcome
// table (outcome.go) says: 429s until the operation's deadline (ctx's, or
// ThrottleBudget from now), other retriable outcomes at most max_retries times
// (a 503 while requests of the same kind succeed for others does not count, up
// to freeRetryFactor × max_retries retries in all: progress.go).
// A POST or side-effecting PUT whose outcome is unknown is returned to the caller,
// which decides by looking.
func (c *Client) do(ctx context.Context, method, path string, query url.Values, body any, out any) error {
	var payload []byte
	if body != nil {
		var err error
		payload, err = json.Marshal(body)
		if err != nil {
			return fmt.Errorf("encoding %s %s request: %w", method, path, err)
		}
	}
	u := *c.base
	u.Path = strings.TrimRight(c.base.Path, "/") + "/api/v1" + path
	u.RawQuery = query.Encode()
	idempotent := method != http.MethodPost && ctx.Value(sideEffectKey{}) == nil
	deadline, ctxDeadline := time.Now().Add(c.throttleBudget), false
	if d, ok := ctx.Deadline(); ok && d.Before(deadline) {
		deadline, ctxDeadline = d, true
	}
	kind := requestKind(method, path)
	for attempt, tries := 0, 0; ; tries++ {
		mark := c.shared.progress.count(kind)
		ans, err := c.send(ctx, method, path, u.String(), payload, tries, deadline)
		var ns *NotSentError
		if errors.As(err, &ns) {
			var pb *pauseBeyondDeadline
			if errors.As(err, &pb) {
				return throttledError(method, path, pb.left, err, ctxDeadline)
			}
			return err
		}
		o := classify(ans.status, err)
		var failure error
		switch {
		case err != nil:
			if ctx.Err() != nil {
				return fmt.Errorf("%s %s: %w", method, path, ctx.Err())
			}
			failure = &TransportError{Method: method, Path: path, Err: err}
		case ans.status >= 300 && ans.status <= 399:
			// The Location is the server's text: scrub it like a body (a hostile
			// server may echo the key into it).
			return &RedirectError{Method: method, Path: path, StatusCode: ans.status, Location: c.shared.scrub(ans.header.Get("Location"))}
		case o != outDone:
			failure = newAPIError(method, path, ans.status, []byte(c.shared.scrub(string(ans.body))))
		}
		switch {
		case o == outDone:
			c.shared.progress.done(kind)
			return decodeBody(method, path, ans.status, ans.body, out)
		case o == outThrottled:
			wait, ok := retryAfter(ans.header.Get("Retry-After"), time.Now())
			if !ok {
				wait = expBackoff(c.waitMin, c.waitMax, 0)
			}
			c.shared.flow.throttled(wait)
			if time.Now().Add(wait).After(deadline) {
				return throttledError(method, path, wait, failure, ctxDeadline)
			}
			continue
		case o.retried(idempotent) && attempt < c.retries:
			// The backoff grows with every retry, counted or free, so a server
			// shedding load is not hit harder for it.
			wait := expBackoff(c.waitMin, c.waitMax, tries)
			if ans.status == http.StatusServiceUnavailable {
				if d, ok := retryAfter(ans.header.Get("Retry-After"), time.Now()); ok {
					wait = min(d, c.waitMax)
				}
			}
			if err := sleepCtx(ctx, wait); err != nil {
				return fmt.Errorf("%s %s: %w", method, path, err)
			}
			// A 503 while requests of the same kind went through meanwhile: the
			// server is up and shedding load, so this retry does not count
			// (progress.go). Unknown outcomes (500, 502, 504, timeouts, resets) and
			// connections that failed always count. In all, at most
			// freeRetryFactor × max_retries retries.
			freeSoFar := tries - attempt
			free := ans.status == http.StatusServiceUnavailable && c.shared.progress.count(kind) != mark &&
				freeSoFar < (freeRetryFactor-1)*c.retries
			if !free {
				attempt++
			}
			continue
		}
		return failure
	}
}

// answer is one HTTP response, read whole.
type answer struct {
	status int
	header http.Header
	body   []byte
}

// send makes one attempt under the flow control. A context that ends while the
// request waits for its slot is a *NotSentError.
func (c *Client) send(ctx context.Context, method, path, target string, payload []byte, attempt int, deadline time.Time) (answer, error) {
	release, err := c.shared.flow.acquire(ctx, deadline)
	if err != nil {
		return answer{}, &NotSentError{Method: method, Path: path, Err: err}
	}
	var rd io.Reader
	if payload != nil {
		rd = bytes.NewReader(payload)
	}
	req, err := http.NewRequestWithContext(ctx, method, target, rd)
	if err != nil {
		release(0)
		return answer{}, &NotSentError{Method: method, Path: path, Err: err}
	}
	req.Header.Set("Authorization", c.token)
	req.Header.Set("Accept", "application/json")
	if payload != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.userAgent != "" {
		req.Header.Set("User-Agent", c.userAgent)
	}
	if attempt > 0 {
		c.logger.Debug(ctx, "retrying Triton API request", map[string]any{"method": method, "path": path, "attempt": attempt})
	}
	start := time.Now()
	resp, err := c.http.Do(req)
	if err != nil {
		release(0)
		c.logger.Debug(ctx, "Triton API request failed", map[string]any{"method": method, "path": path, "error": c.shared.scrub(err.Error())})
		return answer{}, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	release(resp.StatusCode)
	if err != nil {
		return answer{}, err // a body cut off: the outcome is unknown
	}
	c.logger.Debug(ctx, "Triton API request", map[string]any{
		"method": method, "path": path, "status": resp.StatusCode, "duration_ms": time.Since(start).Milliseconds(),
	})
	return answer{status: resp.StatusCode, header: resp.Header, body: data}, nil
}

// decodeBody decodes a 2xx body into out; a body that carries nothing usable is a
// *HollowAnswerError.
func decodeBody(method, path string, status int, data []byte, out any) error {
	if out == nil || status == http.StatusNoContent || len(bytes.TrimSpace(data)) == 0 {
		if out != nil && status != http.StatusNoContent {
			return &HollowAnswerError{Method: method, Path: path, Status: status, Reason: "an empty body"}
		}
		return nil
	}
	if err := json.Unmarshal(data, out); err != nil {
		return &HollowAnswerError{Method: method, Path: path, Status: status, Reason: "a body that is not the expected JSON (" + err.Error() + ")"}
	}
	return nil
}

// ThrottledError is a request the server kept answering 429 until the operation's
// deadline (or whose Retry-After asked for a wait beyond it).
type ThrottledError struct {
	Method, Path string
	RetryAfter   time.Duration
	Cause        error
	Deadline     error // context.DeadlineExceeded when the context's deadline was the one in the way
}

func (e *ThrottledError) Error() string {
	return fmt.Sprintf("%s %s: the server is rate-limiting this key (HTTP 429) and asked to wait %s more, beyond the operation's deadline; "+
		"every request in this process was slowed down to respect it. Run again later, or lower -parallelism and the number of pipelines sharing the key",
		e.Method, e.Path, e.RetryAfter.Round(time.Second))
}

func (e *ThrottledError) Unwrap() []error {
	if e.Deadline != nil {
		return []error{e.Cause, e.Deadline}
	}
	return []error{e.Cause}
}

// throttledError is a wait of wait that does not fit before the deadline; it wraps
// context.DeadlineExceeded when the context set that deadline.
func throttledError(method, path string, wait time.Duration, cause error, ctxDeadline bool) *ThrottledError {
	te := &ThrottledError{Method: method, Path: path, RetryAfter: wait, Cause: cause}
	if ctxDeadline {
		te.Deadline = context.DeadlineExceeded
	}
	return te
}

// RedirectError is a 3xx answer. Redirects are never followed, so the API token only
// ever goes to the configured origin.
type RedirectError struct {
	Method, Path string
	StatusCode   int
	Location     string
}

func (e *RedirectError) Error() string {
	return fmt.Sprintf("%s %s: the server answered HTTP %d, redirecting to %q. The provider does not follow redirects, so the API token "+
		"is never sent to another address: set base_url (or TRITON_BASE_URL) to the origin that serves the API, such as %s",
		e.Method, e.Path, e.StatusCode, e.Location, DefaultBaseURL)
}

// TransportError is a request that got no HTTP response (connection refused, reset, timeout).
type TransportError struct {
	Method, Path string
	Err          error
}

func (e *TransportError) Error() string {
	return fmt.Sprintf("%s %s: %v", e.Method, e.Path, e.Err)
}

func (e *TransportError) Unwrap() error { return e.Err }

// GracePeriod bounds how long a create that was already sent is still completed or
// adopted after the operation's context is cancelled (Ctrl-C, a CI runner's SIGTERM).
const GracePeriod = 30 * time.Second

// Grace returns a context that keeps ctx's values but not its cancellation, ending
// GracePeriod after ctx is cancelled at the latest: what was sent is finished and
// returned to state instead of being orphaned.
func Grace(ctx context.Context) (context.Context, context.CancelFunc) {
	g, cancel := context.WithCancel(context.WithoutCancel(ctx))
	stop := context.AfterFunc(ctx, func() {
		t := time.AfterFunc(GracePeriod, cancel)
		context.AfterFunc(g, func() { t.Stop() })
	})
	return g, func() { stop(); cancel() }
}

// permanent reports whether a transport error cannot go away by retrying.
func permanent(err error) bool {
	var (
		verify   *tls.CertificateVerificationError
		unknown  x509.UnknownAuthorityError
		hostname x509.HostnameError
		invalid  x509.CertificateInvalidError
		urlErr   *url.Error
	)
	if errors.As(err, &verify) || errors.As(err, &unknown) || errors.As(err, &hostname) || errors.As(err, &invalid) {
		return true
	}
	msg := err.Error()
	for _, s := range []string{"invalid header field", "unsupported protocol scheme", "stopped after", "no Host in request URL", "invalid URL"} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return errors.As(err, &urlErr) && urlErr.Op == "parse"
}
