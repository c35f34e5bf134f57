package emulator

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

type handler func(w http.ResponseWriter, r *http.Request, k *apiKey)

func (e *Emulator) routes() {
	e.mux = http.NewServeMux()
	add := func(pattern string, h handler) {
		e.mux.HandleFunc(pattern, e.wrap(pattern, h))
	}
	add("GET /api/v1/accounts", e.listAccounts)
	add("GET /api/v1/subscriptions", e.listSubscriptions)
	add("GET /api/v1/subscription_types", e.listSubscriptionTypes)
	add("GET /api/v1/rate_tiers", e.listRateTiers)
	add("POST /api/v1/subscriptions", e.createSubscription)
	add("PUT /api/v1/subscriptions/{uuid}", e.renameSubscription)
	add("PUT /api/v1/subscriptions/{uuid}/activate", e.toggleSubscription(true))
	add("PUT /api/v1/subscriptions/{uuid}/deactivate", e.toggleSubscription(false))
	add("GET /api/v1/address_watch_lists", e.listWatchLists)
	add("POST /api/v1/subscriptions/{uuid}/address_watch_lists", e.createWatchList)
	add("DELETE /api/v1/address_watch_lists/{uuid}", e.deleteWatchList)
	add("GET /api/v1/tokens", e.listTokens)
	add("POST /api/v1/subscriptions/{uuid}/tokens", e.createToken)
	add("PUT /api/v1/tokens/{uuid}/activate", e.toggleToken(true))
	add("PUT /api/v1/tokens/{uuid}/deactivate", e.toggleToken(false))
	add("GET /api/v1/endpoints", e.listEndpoints)
	add("POST /api/v1/subscriptions/{uuid}/endpoints", e.createEndpoint)
	add("PUT /api/v1/endpoints/{uuid}", e.updateEndpoint)
	add("PUT /api/v1/endpoints/{uuid}/activate", e.toggleEndpoint(true))
	add("PUT /api/v1/endpoints/{uuid}/deactivate", e.toggleEndpoint(false))
	// The real API has no GET by uuid; answer 404 so the provider cannot rely on one.
	notFound := func(w http.ResponseWriter, _ *http.Request, _ *apiKey) {
		writeError(w, http.StatusNotFound, "Not Found")
	}
	add("GET /api/v1/tokens/{uuid}", notFound)
	add("GET /api/v1/endpoints/{uuid}", notFound)
	e.mux.HandleFunc("/", func(w http.ResponseWriter, _ *http.Request) { writeError(w, http.StatusNotFound, "Not Found") })
}

// wrap counts the request, then applies latency, the rate limit, injected faults and
// authentication, in that order, before the handler runs.
func (e *Emulator) wrap(route string, h handler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
		r.Body = io.NopCloser(bytes.NewReader(body))

		e.mu.Lock()
		e.inflight++
		if e.inflight > e.peak {
			e.peak = e.inflight
		}
		e.mu.Unlock()
		defer func() {
			e.mu.Lock()
			e.inflight--
			e.mu.Unlock()
		}()
		e.mu.Lock()
		e.counts[route]++
		latency := e.latency
		capture := e.bodyCapture
		limited := false
		if e.rps > 0 {
			now := time.Now()
			if now.Sub(e.rpsWindow) >= time.Second {
				e.rpsWindow, e.rpsCount = now, 0
			}
			e.rpsCount++
			limited = e.rpsCount > e.rps
		}
		if limited {
			e.throttled++
		}
		retryAfter := "1"
		if e.retryAfter != nil {
			retryAfter = *e.retryAfter
		}
		echo := false
		if e.echoHeaders > 0 && !limited {
			e.echoHeaders--
			echo = true
		}
		status := 0
		for _, f := range e.faults {
			if f.times > 0 && (f.route == "" || f.route == route) {
				f.times--
				status = f.status
				break
			}
		}
		if status == 0 && e.fail503 > 0 && e.rnd.Float64() < e.fail503 {
			status = http.StatusServiceUnavailable
		}
		e.mu.Unlock()

		if capture != nil && len(body) > 0 {
			capture(route, body)
		}
		if latency > 0 {
			// A real server goes on with a request it has received even when the
			// client hangs up: a write still commits (what a killed client orphans).
			time.Sleep(latency)
		}
		if limited {
			if retryAfter != "" {
				w.Header().Set("Retry-After", retryAfter)
			}
			writeError(w, http.StatusTooManyRequests, "Rate limit exceeded")
			return
		}
		if echo {
			var b strings.Builder
			b.WriteString("<html><body><h1>500 Internal Server Error</h1><pre>request headers:\n")
			for name, vals := range r.Header {
				fmt.Fprintf(&b, "%s: %s\n", name, strings.Join(vals, ", "))
			}
			b.WriteString("</pre></body></html>")
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(http.StatusInternalServerError)
			_, _ = io.WriteString(w, b.String())
			return
		}
		if status != 0 {
			writeError(w, status, http.StatusText(status))
			return
		}
		secret := strings.TrimSpace(r.Header.Get("Authorization"))
		secret = strings.TrimPrefix(secret, "Bearer ")
		e.mu.Lock()
		k := e.keys[secret]
		e.mu.Unlock()
		if secret == "" || k == nil {
			writeError(w, http.StatusUnauthorized, "Invalid or missing API token")
			return
		}
		h(w, r, k)
	}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func writeError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"error": msg})
}

func writeFieldErrors(w http.ResponseWriter, fields map[string][]string) {
	writeJSON(w, http.StatusUnprocessableEntity, map[string]any{"errors": fields})
}

type pageMeta struct {
	CurrentPage int  `json:"current_page"`
	NextPage    *int `json:"next_page"`
	PerPage     int  `json:"per_page"`
	PrevPage    *int `json:"prev_page"`
	TotalPages  int  `json:"total_pages"`
	TotalCount  int  `json:"total_count"`
}

// paginate returns the [lo, hi) window and meta for n items; per defaults to 50
// and is capped at MaxPerPage.
func (e *Emulator) paginate(r *http.Request, n int, ignorePage bool) (int, int, pageMeta) {
	per, err := strconv.Atoi(r.URL.Query().Get("per"))
	if err != nil || per <= 0 {
		per = 50
	}
	if per > e.opts.MaxPerPage {
		per = e.opts.MaxPerPage
	}
	page, err := strconv.Atoi(r.URL.Query().Get("page"))
	if err != nil || page <= 0 || ignorePage {
		page = 1
	}
	pages := (n + per - 1) / per
	m := pageMeta{CurrentPage: page, PerPage: per, TotalPages: pages, TotalCount: n}
	if ignorePage {
		next := page + 1
		m.NextPage, m.TotalPages = &next, pages+1 // claims there is always more
	} else if page < pages {
		next := page + 1
		m.NextPage = &next
	}
	if page > 1 {
		prev := page - 1
		m.PrevPage = &prev
	}
	lo := (page - 1) * per
	if lo > n {
		lo = n
	}
	hi := lo + per
	if hi > n {
		hi = n
	}
	return lo, hi, m
}

func decodeWrapped(r *http.Request, key string, into any) error {
	var env map[string]json.RawMessage
	if err := json.NewDecoder(r.Body).Decode(&env); err != nil {
		return fmt.Errorf("body is not JSON: %v", err)
	}
	raw, ok := env[key]
	if !ok {
		return fmt.Errorf("param is missing or the value is empty: %s", key)
	}
	if err := json.Unmarshal(raw, into); err != nil {
		return fmt.Errorf("%s: %v", key, err)
	}
	return nil
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func verb(active bool) string {
	if active {
		return "activate"
	}
	return "deactivate"
}
