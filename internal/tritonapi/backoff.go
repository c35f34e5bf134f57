package tritonapi

import (
	"math"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// backoff honours Retry-After (seconds or HTTP date) on 429 and 503, capped at max;
// otherwise it is exponential from min, capped at max, with full jitter on the upper half.
func backoff(minWait, maxWait time.Duration, attempt int, resp *http.Response) time.Duration {
	if resp != nil && (resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusServiceUnavailable) {
		if d, ok := retryAfter(resp.Header.Get("Retry-After"), time.Now()); ok {
			if d > maxWait {
				return maxWait
			}
			return d
		}
	}
	return expBackoff(minWait, maxWait, attempt)
}

func expBackoff(minWait, maxWait time.Duration, attempt int) time.Duration {
	mult := math.Pow(2, float64(attempt))
	wait := time.Duration(float64(minWait) * mult)
	if wait > maxWait || wait <= 0 {
		wait = maxWait
	}
	half := wait / 2
	if half <= 0 {
		return wait
	}
	return half + rand.N(half+1) //nolint:gosec // jitter needs no cryptographic randomness
}

// maxRetryAfterSeconds bounds a Retry-After before it becomes a Duration (a day;
// the backoff caps it at the retry wait maximum anyway).
const maxRetryAfterSeconds = 24 * 60 * 60

// retryAfter parses a Retry-After header: delay-seconds or an HTTP date.
func retryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs < 0 {
			return 0, false
		}
		// Clamp before multiplying: a huge value would overflow to a negative wait
		// that slips under the cap and turns the retries into a tight loop.
		if secs > maxRetryAfterSeconds {
			secs = maxRetryAfterSeconds
		}
		return time.Duration(secs) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		d := t.Sub(now)
		if d < 0 {
			d = 0
		}
		return d, true
	}
	return 0, false
}
