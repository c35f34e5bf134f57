package tritonapi

import (
	"strings"
	"sync"
)

// progress counts the successful answers of each kind of request (method and path
// with ids elided) on one base URL. A retry asks it whether requests of its kind
// succeeded while it failed: a server that sheds load (a 503 here and there while
// the same calls go through for other requests) is not a server that is down, and
// its 503s need not use up max_retries. Only 503s without such progress, and every
// other retried failure, count; freeRetryFactor × max_retries bounds the retries
// of one request in all.
type progress struct {
	mu sync.Mutex
	n  map[string]uint64
}

// freeRetryFactor bounds the retries of one request, counted and free, as a
// multiple of max_retries.
const freeRetryFactor = 10

func (p *progress) done(kind string) {
	p.mu.Lock()
	if p.n == nil {
		p.n = map[string]uint64{}
	}
	p.n[kind]++
	p.mu.Unlock()
}

func (p *progress) count(kind string) uint64 {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.n[kind]
}

// requestKind is the method and the path with every segment that names an
// object elided: "POST /subscriptions/{id}/tokens".
func requestKind(method, path string) string {
	segs := strings.Split(path, "/")
	for i, s := range segs {
		if looksLikeID(s) {
			segs[i] = "{id}"
		}
	}
	return method + " " + strings.Join(segs, "/")
}

// looksLikeID: a uuid, or any segment with a digit in it (ids, numbers).
func looksLikeID(s string) bool {
	return strings.ContainsAny(s, "0123456789")
}
