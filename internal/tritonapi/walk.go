package tritonapi

// List walks: the trusted walk of paginated lists (de-duplicated, counted,
// re-walked when it does not add up, pages fetched concurrently) and page decoding.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"sync"
	"time"
)

// maxPages guards the pagination walk against a server that never reports the end.
const maxPages = 100000

// meta is the Kaminari-style pagination block. TotalCount is nil when the server
// leaves it out (Kaminari's without_count, a proxy that trims bodies).
type meta struct {
	CurrentPage int  `json:"current_page"`
	NextPage    *int `json:"next_page"`
	PerPage     int  `json:"per_page"`
	TotalPages  int  `json:"total_pages"`
	TotalCount  *int `json:"total_count"`
}

// walkResult is one or more walks of a paginated list merged by uuid.
type walkResult[T any] struct {
	list     []T
	index    map[string]int
	total    int  // the server's meta.total_count on the last page seen (-1: none reported)
	complete bool // whether the unique count adds up to total (see walkTrusted)
	started  time.Time
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

// listKind says how a list is served: paginated lists (tokens, subscriptions,
// accounts) must carry a total count to be trusted; whole lists (endpoints, watch
// lists) come in one answer without meta.
type listKind bool

const (
	paginated listKind = true
	wholeList listKind = false
)

// walkTrusted walks a list without trusting the server to hold still. Rows move
// between pages while a list is walked (other clients' writes, an unordered scan),
// so a single walk can miss one row and see another twice. Each walk de-duplicates
// by uuid and stops when a page brings nothing new to it, when it passes
// meta.total_pages, or when there is no next page. When the unique count does not
// add up to meta.total_count, further walks are merged in (a union by uuid), at
// most maxWalks in all. The result says whether it added up: only a list that adds
// up may be used to call an object gone. A paginated walk whose answers carry no
// total count (no meta, or meta without total_count) never adds up; a whole list
// answered without meta is complete.
func walkTrusted[T any](ctx context.Context, c *Client, kind listKind, path string, query url.Values, key string, id func(T) string) (*walkResult[T], error) {
	res := &walkResult[T]{index: map[string]int{}, total: -1, started: time.Now()}
	for n := 0; n < maxWalks; n++ {
		sawMeta, counted, err := walkOnce(ctx, c, path, query, key, id, res)
		if err != nil {
			return nil, err
		}
		switch {
		case !sawMeta:
			res.complete = kind == wholeList
			return res, nil
		case !counted:
			return res, nil // no count to add up to: another walk cannot help
		case len(res.list) == res.total:
			res.complete = true
			return res, nil
		}
		c.logger.Debug(ctx, "list walk did not add up; merging another walk", map[string]any{
			"path": path, "unique": len(res.list), "total_count": res.total, "walk": n + 1,
		})
	}
	return res, nil
}

// DefaultWalkConcurrency bounds the pages of one walk fetched at once, and the
// subscriptions an account-scoped listing walks at once.
const DefaultWalkConcurrency = 8

// walkOnce is one walk merged into res. It reports whether the server sent meta,
// and whether every page that did carried a usable total_count.
//
// Page 1 is fetched alone; once a page gives total_pages, the following pages are
// fetched up to DefaultWalkConcurrency at a time (each request under the flow
// control). The pages of a batch are then taken in page order with exactly the
// rules of a page-by-page walk (stop on a page that brings nothing new, on no next
// page, past total_pages), and what a rule stops on discards the rest of the batch:
// a page answered out of order never changes what the walk concludes, and a server
// that always offers more costs at most one batch more than a sequential walk.
func walkOnce[T any](ctx context.Context, c *Client, path string, query url.Values, key string, id func(T) string, res *walkResult[T]) (sawMeta, counted bool, err error) {
	type pageAnswer struct {
		list []T
		m    *meta
		err  error
	}
	fetch := func(ctx context.Context, page int) pageAnswer {
		q := url.Values{}
		for k, v := range query {
			q[k] = v
		}
		q.Set("per", fmt.Sprint(c.pageSize))
		q.Set("page", fmt.Sprint(page))
		var raw json.RawMessage
		if err := c.do(ctx, http.MethodGet, path, q, nil, &raw); err != nil {
			return pageAnswer{err: err}
		}
		list, m, err := decodePage[T](raw, key)
		if err != nil {
			return pageAnswer{err: fmt.Errorf("GET %s: %w", path, err)}
		}
		for i, it := range list {
			if id(it) == "" {
				return pageAnswer{err: fmt.Errorf("GET %s: malformed answer: item %d of page %d of %q has no uuid", path, i, page, key)}
			}
		}
		return pageAnswer{list: list, m: m}
	}
	seen := map[string]bool{} // this walk's own uuids: a page with nothing new to it ends it
	counted = true
	totalPages := 0
	// take applies one page, in order; it reports the next page to read, or 0 to stop.
	take := func(page int, a pageAnswer) (next int, stop bool) {
		res.merge(a.list, id)
		if a.m == nil {
			counted = false
			return 0, true
		}
		sawMeta = true
		if a.m.TotalCount == nil || (*a.m.TotalCount == 0 && len(res.list) > 0) {
			counted = false
			res.total = -1
		} else {
			res.total = *a.m.TotalCount
		}
		totalPages = a.m.TotalPages
		fresh := 0
		for _, it := range a.list {
			if !seen[id(it)] {
				seen[id(it)] = true
				fresh++
			}
		}
		last := a.m.NextPage == nil || *a.m.NextPage <= page || (a.m.TotalPages > 0 && page >= a.m.TotalPages)
		if last || len(a.list) == 0 || fresh == 0 {
			return 0, true
		}
		return *a.m.NextPage, false
	}
	first := fetch(ctx, 1)
	if first.err != nil {
		return false, false, first.err
	}
	if first.m == nil {
		res.merge(first.list, id)
		return false, false, nil // no meta: the whole list in one answer
	}
	next, stop := take(1, first)
	for fetched := 1; !stop; {
		if fetched >= maxPages {
			return true, counted, fmt.Errorf("GET %s: more than %d pages, giving up", path, maxPages)
		}
		batch := []int{next}
		for p := next + 1; p <= totalPages && len(batch) < DefaultWalkConcurrency && fetched+len(batch) < maxPages; p++ {
			batch = append(batch, p)
		}
		answers := make([]pageAnswer, len(batch))
		if len(batch) == 1 {
			answers[0] = fetch(ctx, batch[0])
		} else {
			bctx, cancel := context.WithCancel(ctx)
			var wg sync.WaitGroup
			for i, page := range batch {
				wg.Add(1)
				go func() {
					defer wg.Done()
					answers[i] = fetch(bctx, page)
					if answers[i].err != nil {
						cancel() // the walk fails anyway: stop the rest of the batch
					}
				}()
			}
			wg.Wait()
			cancel()
		}
		fetched += len(batch)
		for i, page := range batch {
			if page != next {
				break // the server's next page is not the one fetched: go on from it
			}
			if answers[i].err != nil {
				return true, counted, answers[i].err
			}
			if answers[i].m == nil {
				counted = false // a later page without meta: nothing to count against
				res.merge(answers[i].list, id)
				return true, false, nil
			}
			if next, stop = take(page, answers[i]); stop {
				break
			}
		}
	}
	return true, counted, nil
}

// walk fetches a list the provider does not look objects up in by absence
// (subscriptions, accounts): one walk, de-duplicated by id, with the same stopping
// rules as walkTrusted.
func walk[T any](ctx context.Context, c *Client, path string, query url.Values, key string, id func(T) string, visit func([]T)) error {
	res := &walkResult[T]{index: map[string]int{}, total: -1}
	if _, _, err := walkOnce(ctx, c, path, query, key, id, res); err != nil {
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
		list, err := decodeItems[T](trimmed, "the list")
		if err != nil {
			return nil, nil, err
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
	list, err := decodeItems[T](items, fmt.Sprintf("%q", key))
	if err != nil {
		return nil, nil, err
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

// decodeItems decodes a JSON array of objects. An item that is JSON null (or not
// an object) is a malformed answer, never a zero object: a token with an empty
// uuid would pass for one that is there.
func decodeItems[T any](data []byte, what string) ([]T, error) {
	var raws []json.RawMessage
	if err := json.Unmarshal(data, &raws); err != nil {
		return nil, fmt.Errorf("decoding %s: %w", what, err)
	}
	list := make([]T, 0, len(raws))
	for i, raw := range raws {
		if t := bytes.TrimSpace(raw); len(t) == 0 || t[0] != '{' {
			// Only the JSON type: the item itself may be a secret.
			return nil, fmt.Errorf("malformed answer: item %d of %s is %s, not an object", i, what, jsonKind(t))
		}
		var it T
		if err := json.Unmarshal(raw, &it); err != nil {
			return nil, fmt.Errorf("decoding item %d of %s: %w", i, what, err)
		}
		list = append(list, it)
	}
	return list, nil
}

// jsonKind names the JSON type of a value.
func jsonKind(v []byte) string {
	switch {
	case len(v) == 0:
		return "empty"
	case v[0] == 'n':
		return "null"
	case v[0] == '"':
		return "a string"
	case v[0] == '[':
		return "an array"
	case v[0] == 't' || v[0] == 'f':
		return "a boolean"
	default:
		return "a number"
	}
}
