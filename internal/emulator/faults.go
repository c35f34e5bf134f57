package emulator

import (
	"net/http"
	"sync"
	"time"
)

// This file holds the knobs that make the emulator misbehave the way real servers
// do. Each is an Options field (set at New) with a setter for changing it between
// test steps.

// SetMovingRows turns Options.MovingRows on or off.
func (e *Emulator) SetMovingRows(on bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.opts.MovingRows = on
}

// SetCountSystemOrigins turns Options.CountSystemOrigins on or off.
func (e *Emulator) SetCountSystemOrigins(on bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.opts.CountSystemOrigins = on
}

// SetIgnorePage turns Options.IgnorePage on or off (token, subscription and paginated watch lists).
func (e *Emulator) SetIgnorePage(on bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.opts.IgnorePage = on
}

// moveRow moves a token to the end of the order when MovingRows is on. The caller
// holds e.mu.
func (e *Emulator) moveRow(uuid string) {
	if !e.opts.MovingRows {
		return
	}
	for i, t := range e.tokens {
		if t.UUID == uuid {
			e.tokens = append(append(e.tokens[:i:i], e.tokens[i+1:]...), t)
			return
		}
	}
}

// SetHollowCreates turns Options.HollowCreates on or off.
func (e *Emulator) SetHollowCreates(on bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.opts.HollowCreates = on
}

// SetPutCommitThen504 makes the next n activate/deactivate PUTs commit and then answer 504.
func (e *Emulator) SetPutCommitThen504(n int) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.opts.PutCommitThen504 = n
}

// putCommitFault consumes one PutCommitThen504. The caller holds e.mu.
func (e *Emulator) putCommitFault() bool {
	if e.opts.PutCommitThen504 <= 0 {
		return false
	}
	e.opts.PutCommitThen504--
	return true
}

// SetCommitDelay sets Options.CommitDelay.
func (e *Emulator) SetCommitDelay(d time.Duration) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.opts.CommitDelay = d
}

// commitDelay sleeps for CommitDelay (the create commits afterwards, whether or not
// the client is still waiting).
func (e *Emulator) commitDelay() {
	e.mu.Lock()
	d := e.opts.CommitDelay
	e.mu.Unlock()
	if d > 0 {
		time.Sleep(d)
	}
}

// commitFault reports whether this committed create should nevertheless answer 502.
func (e *Emulator) commitFault() bool {
	return e.commit502 > 0 && e.rnd.Float64() < e.commit502
}

type statusFault struct {
	route  string
	status int
	times  int
}

// InjectStatus makes the next `times` requests to route (a pattern such as
// "PUT /api/v1/tokens/{uuid}/activate", or "" for any) answer status before any effect.
func (e *Emulator) InjectStatus(route string, status, times int) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.faults = append(e.faults, &statusFault{route: route, status: status, times: times})
}

// ClearFaults drops every injected status not yet served.
func (e *Emulator) ClearFaults() {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.faults = nil
}

// SetLatency delays every request by d.
func (e *Emulator) SetLatency(d time.Duration) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.latency = d
}

// SetRateLimit answers 429 with Retry-After: 1 beyond rps requests per second (0 = off).
func (e *Emulator) SetRateLimit(rps int) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.rps = rps
}

// SetFaults answers a fraction of all requests 503 before any effect, and a fraction
// of creates 502 after the object was committed.
func (e *Emulator) SetFaults(fail503, commitThen502 float64) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.fail503, e.commit502 = fail503, commitThen502
}

// SetNewObjectsActive flips whether created objects start active.
func (e *Emulator) SetNewObjectsActive(active bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.opts.NewObjectsActive = active
}

// SetRedirectTo sets Options.RedirectTo ("" turns redirects off).
func (e *Emulator) SetRedirectTo(origin string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.opts.RedirectTo = origin
}

func (e *Emulator) redirectTarget() string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.opts.RedirectTo
}

// AuthRecorder is the other origin of a redirect test: an http.Handler that
// answers 200 with an empty JSON object and counts requests, and those that
// carried an Authorization header (the API token leaking).
type AuthRecorder struct {
	mu             sync.Mutex
	requests, auth int
}

func (a *AuthRecorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	a.mu.Lock()
	a.requests++
	if r.Header.Get("Authorization") != "" {
		a.auth++
	}
	a.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{})
}

// Counts returns how many requests arrived and how many carried Authorization.
func (a *AuthRecorder) Counts() (requests, withAuthorization int) {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.requests, a.auth
}

// Meta modes for SetPageMeta: how token and subscription list pages carry meta.
const (
	MetaFull    = ""         // current_page, next_page, per_page, prev_page, total_pages, total_count
	MetaNoCount = "no-count" // Kaminari's without_count: pages and next_page, no total_count or total_pages
	MetaNone    = "none"     // no meta at all (a proxy that trims bodies)
)

// SetPageMeta sets how token and subscription list pages carry meta (MetaFull,
// MetaNoCount or MetaNone). Pagination itself is unchanged.
func (e *Emulator) SetPageMeta(mode string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.metaMode = mode
}

// shapeMeta applies the meta mode to one page's meta. The caller holds e.mu.
func (e *Emulator) shapeMeta(m pageMeta) any {
	switch e.metaMode {
	case MetaNone:
		return nil
	case MetaNoCount:
		return map[string]any{"current_page": m.CurrentPage, "next_page": m.NextPage, "per_page": m.PerPage, "prev_page": m.PrevPage}
	}
	return m
}

// SetSecondWriter makes the next n token creates meet a second writer: at the
// moment each arrives, another client commits a token with the same name and rate
// tier in the same subscription, and this create is answered 503 before any
// effect of its own (the race two pipelines with the same names run).
func (e *Emulator) SetSecondWriter(n int) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.secondWriter = n
}

// SetLateCommit makes the next n token creates answer 504 at once and commit
// after d, as a gateway that gives up on a backend that is still working.
func (e *Emulator) SetLateCommit(n int, d time.Duration) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.lateCommits, e.lateCommitDelay = n, d
}

// SetAnswerDelay makes token creates commit at once (the token is listed) and
// answer only d later, as a server whose response is slow after the write.
func (e *Emulator) SetAnswerDelay(d time.Duration) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.answerDelay = d
}

// SetListLag leaves tokens committed less than d ago out of token lists (and out
// of their counts), as a read replica that lags behind the primary.
func (e *Emulator) SetListLag(d time.Duration) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.listLag = d
}

// SetEchoHeaders makes the next n requests answer 500 with a debug page that
// echoes every request header, Authorization included, as some gateways do.
func (e *Emulator) SetEchoHeaders(n int) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.echoHeaders = n
}

// SetRetryAfter sets the Retry-After header sent with the rate limit's 429s
// (default "1"; seconds or an HTTP date; "" sends none).
func (e *Emulator) SetRetryAfter(v string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.retryAfter = &v
}

// Throttled returns how many requests the rate limit answered 429.
func (e *Emulator) Throttled() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.throttled
}

// PeakInFlight returns the most requests the emulator was serving at once since
// it started or since ResetPeak.
func (e *Emulator) PeakInFlight() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.peak
}

// ResetPeak restarts PeakInFlight from the requests in flight now.
func (e *Emulator) ResetPeak() {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.peak = e.inflight
}

// SetTokenValues makes token secrets predictable: the n-th token created with a
// name gets fn(name, n) as its value (nil: random uuids again). Tests use it to
// check a secret delivered at apply time against the one the API holds.
func (e *Emulator) SetTokenValues(fn func(name string, n int) string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.valueFor = fn
}
