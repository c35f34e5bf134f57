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
	"sync"
	"time"

	"github.com/hashicorp/go-retryablehttp"
)

// DefaultBaseURL is the production API host.
const DefaultBaseURL = "https://customers.triton.one"

// DefaultPageSize is the `per` value sent on paginated lists when none is configured.
const DefaultPageSize = 100

// DefaultMaxRetries bounds retries of a single request when none is configured.
const DefaultMaxRetries = 5

// maxPages guards the pagination walk against a server that never reports the end.
const maxPages = 100000

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
	// BeforeSetMaxAge is how old a cached list may be to serve as a create's
	// "before" set (default 5 s): older lists are walked again first.
	BeforeSetMaxAge time.Duration
}

// Client talks to one API host with one credential. It is safe for concurrent use.
type Client struct {
	beforeMaxAge time.Duration // see Options.BeforeSetMaxAge
	base         *url.URL
	token        string
	userAgent    string
	logger       Logger
	pageSize     int
	retries      int
	waitMin      time.Duration
	waitMax      time.Duration
	http         *retryablehttp.Client
	cache        *listCache
	createMu     sync.Map // subscription uuid -> *sync.Mutex
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
	if opts.BeforeSetMaxAge <= 0 {
		opts.BeforeSetMaxAge = 5 * time.Second
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
		base:      u,
		token:     opts.Token,
		userAgent: opts.UserAgent,
		logger:    opts.Logger,
		pageSize:  opts.PageSize,
		retries:   opts.MaxRetries,
		waitMin:   opts.RetryWaitMin,
		waitMax:   opts.RetryWaitMax,
		cache:     newListCache(),

		beforeMaxAge: opts.BeforeSetMaxAge,
	}
	rc := retryablehttp.NewClient()
	rc.HTTPClient = hc
	rc.Logger = nil
	rc.RetryMax = opts.MaxRetries
	rc.RetryWaitMin = opts.RetryWaitMin
	rc.RetryWaitMax = opts.RetryWaitMax
	rc.CheckRetry = checkRetry
	rc.Backoff = backoff
	rc.ErrorHandler = retryablehttp.PassthroughErrorHandler
	rc.RequestLogHook = func(_ retryablehttp.Logger, req *http.Request, attempt int) {
		if attempt > 0 {
			c.logger.Debug(req.Context(), "retrying Triton API request", map[string]any{
				"method": req.Method, "path": req.URL.Path, "attempt": attempt,
			})
		}
	}
	c.http = rc
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

type idempotentKey struct{}

// sideEffectKey marks a PUT that must not be repeated by the transport (a
// deactivate that appends a reason): its caller checks by listing instead.
type sideEffectKey struct{}

// checkRetry retries 429 always (the server did nothing), and 502/503/504 and
// transport errors only for idempotent requests. A POST with an unknown outcome
// goes back to the caller, which decides by re-listing.
func checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if ctx.Err() != nil {
		return false, ctx.Err()
	}
	idempotent, _ := ctx.Value(idempotentKey{}).(bool)
	if err != nil {
		// The transport error itself is returned by the caller; here we only decide.
		// Errors that cannot heal (certificate verification, a malformed header, a bad
		// URL) fail at once instead of being retried for max_retries rounds.
		return idempotent && !permanent(err), nil //nolint:nilerr // CheckRetry reports whether to retry, not the request's error
	}
	switch resp.StatusCode {
	case http.StatusTooManyRequests:
		return true, nil
	case http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return idempotent, nil
	}
	return false, nil
}

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
	ctx = context.WithValue(ctx, idempotentKey{}, method != http.MethodPost && ctx.Value(sideEffectKey{}) == nil)
	var rawBody any
	if payload != nil {
		rawBody = payload
	}
	req, err := retryablehttp.NewRequestWithContext(ctx, method, u.String(), rawBody)
	if err != nil {
		return fmt.Errorf("building %s %s request: %w", method, path, err)
	}
	req.Header.Set("Authorization", c.token)
	req.Header.Set("Accept", "application/json")
	if payload != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.userAgent != "" {
		req.Header.Set("User-Agent", c.userAgent)
	}
	start := time.Now()
	resp, err := c.http.Do(req)
	if err != nil {
		c.logger.Debug(ctx, "Triton API request failed", map[string]any{"method": method, "path": path, "error": err.Error()})
		if ctx.Err() != nil {
			return fmt.Errorf("%s %s: %w", method, path, ctx.Err())
		}
		return &TransportError{Method: method, Path: path, Err: err}
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return &TransportError{Method: method, Path: path, Err: err}
	}
	c.logger.Debug(ctx, "Triton API request", map[string]any{
		"method": method, "path": path, "status": resp.StatusCode, "duration_ms": time.Since(start).Milliseconds(),
	})
	if resp.StatusCode >= 300 && resp.StatusCode <= 399 {
		return &RedirectError{Method: method, Path: path, StatusCode: resp.StatusCode, Location: resp.Header.Get("Location")}
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return newAPIError(method, path, resp.StatusCode, data)
	}
	if out == nil || resp.StatusCode == http.StatusNoContent || len(bytes.TrimSpace(data)) == 0 {
		if out != nil && resp.StatusCode != http.StatusNoContent {
			return &HollowAnswerError{Method: method, Path: path, Status: resp.StatusCode, Reason: "an empty body"}
		}
		return nil
	}
	if err := json.Unmarshal(data, out); err != nil {
		return &HollowAnswerError{Method: method, Path: path, Status: resp.StatusCode, Reason: "a body that is not the expected JSON (" + err.Error() + ")"}
	}
	return nil
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

// outcomeUnknown reports whether a failed write may nevertheless have taken effect.
func outcomeUnknown(err error) bool {
	var te *TransportError
	if errors.As(err, &te) {
		return true
	}
	var ae *APIError
	if errors.As(err, &ae) {
		return ae.StatusCode >= 500
	}
	var he *HollowAnswerError
	return errors.As(err, &he)
}

// meta is the Kaminari-style pagination block.
type meta struct {
	CurrentPage int  `json:"current_page"`
	NextPage    *int `json:"next_page"`
	PerPage     int  `json:"per_page"`
	TotalPages  int  `json:"total_pages"`
	TotalCount  int  `json:"total_count"`
}

// walkResult is one or more walks of a paginated list merged by uuid.
type walkResult[T any] struct {
	list     []T
	index    map[string]int
	total    int  // the server's meta.total_count on the last page seen (-1: none reported)
	complete bool // whether the unique count adds up to total (or no meta was sent)
}

// merge adds a page's items, de-duplicating by uuid (a later copy replaces an earlier
// one in place), and reports how many were new.
func (w *walkResult[T]) merge(items []T, id func(T) string) int {
	added := 0
	for _, it := range items {
		k := id(it)
		if i, ok := w.index[k]; ok {
			w.list[i] = it
			continue
		}
		w.index[k] = len(w.list)
		w.list = append(w.list, it)
		added++
	}
	return added
}

// maxWalks bounds how many walks are merged when a list does not add up.
const maxWalks = 4

// walkTrusted walks a paginated list without trusting the server to hold still.
// Rows move between pages while a list is walked (other clients' writes, an
// unordered scan), so a single walk can miss one row and see another twice. Each
// walk de-duplicates by uuid and stops when a page brings nothing new to it, when
// it passes meta.total_pages, or when there is no next page. When the unique count
// does not add up to meta.total_count, further walks are merged in (a union by
// uuid), at most maxWalks in all. The result says whether it added up: only a list
// that adds up may be used to call an object gone.
func walkTrusted[T any](ctx context.Context, c *Client, path string, query url.Values, key string, id func(T) string) (*walkResult[T], error) {
	res := &walkResult[T]{index: map[string]int{}, total: -1}
	for n := 0; n < maxWalks; n++ {
		sawMeta, err := walkOnce(ctx, c, path, query, key, id, res)
		if err != nil {
			return nil, err
		}
		if !sawMeta || res.total < 0 || len(res.list) == res.total {
			res.complete = true
			return res, nil
		}
		c.logger.Debug(ctx, "list walk did not add up; merging another walk", map[string]any{
			"path": path, "unique": len(res.list), "total_count": res.total, "walk": n + 1,
		})
	}
	return res, nil
}

// walkOnce is one walk merged into res. It reports whether the server sent meta.
func walkOnce[T any](ctx context.Context, c *Client, path string, query url.Values, key string, id func(T) string, res *walkResult[T]) (bool, error) {
	seen := map[string]bool{} // this walk's own uuids: a page with nothing new to it ends it
	page := 1
	for n := 0; n < maxPages; n++ {
		q := url.Values{}
		for k, v := range query {
			q[k] = v
		}
		q.Set("per", fmt.Sprint(c.pageSize))
		q.Set("page", fmt.Sprint(page))
		var raw json.RawMessage
		if err := c.do(ctx, http.MethodGet, path, q, nil, &raw); err != nil {
			return false, err
		}
		list, m, err := decodePage[T](raw, key)
		if err != nil {
			return false, fmt.Errorf("GET %s: %w", path, err)
		}
		res.merge(list, id)
		if m == nil {
			return false, nil // no meta: the whole list in one answer
		}
		res.total = m.TotalCount
		if m.TotalCount == 0 && len(res.list) > 0 {
			res.total = -1 // no usable count reported
		}
		fresh := 0
		for _, it := range list {
			if !seen[id(it)] {
				seen[id(it)] = true
				fresh++
			}
		}
		last := m.NextPage == nil || *m.NextPage <= page || (m.TotalPages > 0 && page >= m.TotalPages)
		if last || len(list) == 0 || fresh == 0 {
			return true, nil
		}
		page = *m.NextPage
	}
	return true, fmt.Errorf("GET %s: more than %d pages, giving up", path, maxPages)
}

// walk fetches a list the provider does not look objects up in by absence
// (subscriptions, accounts): one walk, de-duplicated by id, with the same stopping
// rules as walkTrusted.
func walk[T any](ctx context.Context, c *Client, path string, query url.Values, key string, id func(T) string, visit func([]T)) error {
	res := &walkResult[T]{index: map[string]int{}, total: -1}
	if _, err := walkOnce(ctx, c, path, query, key, id, res); err != nil {
		return err
	}
	visit(res.list)
	return nil
}

// decodePage decodes one page of a list: the items under key and the meta block,
// nil when the page has none.
func decodePage[T any](data []byte, key string) ([]T, *meta, error) {
	// A bare JSON array is the whole list, without meta (the reference leaves some
	// shapes undocumented; address watch lists may come this way).
	if trimmed := bytes.TrimSpace(data); len(trimmed) > 0 && trimmed[0] == '[' {
		var list []T
		if err := json.Unmarshal(trimmed, &list); err != nil {
			return nil, nil, fmt.Errorf("decoding list response: %w", err)
		}
		return list, nil, nil
	}
	var env map[string]json.RawMessage
	if err := json.Unmarshal(data, &env); err != nil {
		return nil, nil, fmt.Errorf("decoding list response: %w", err)
	}
	items, ok := env[key]
	if !ok {
		return nil, nil, fmt.Errorf("response has no %q key", key)
	}
	var list []T
	if err := json.Unmarshal(items, &list); err != nil {
		return nil, nil, fmt.Errorf("decoding %q: %w", key, err)
	}
	rawMeta, ok := env["meta"]
	if !ok || string(rawMeta) == "null" {
		return list, nil, nil
	}
	var m meta
	if err := json.Unmarshal(rawMeta, &m); err != nil {
		return nil, nil, fmt.Errorf("decoding meta: %w", err)
	}
	return list, &m, nil
}

// createLock returns the lock creates of one (subscription, name, rate tier) share:
// only creates that could be mistaken for each other's lost answer wait for each
// other; creates of other names run in parallel. It is a one-slot channel, so
// waiting for it gives up when the context is cancelled (a sync.Mutex would not).
func (c *Client) createLock(subscription, name, rateTier string) chan struct{} {
	m, _ := c.createMu.LoadOrStore(subscription+"\x00"+name+"\x00"+rateTier, make(chan struct{}, 1))
	return m.(chan struct{}) //nolint:forcetypeassert // createMu only ever stores chan struct{}
}

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
