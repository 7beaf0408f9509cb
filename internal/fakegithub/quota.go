package fakegithub

import (
	"net/http"
	"strconv"
	"time"
)

// quota is the primary rate limit: limit requests per window, refilled
// when the window ends. The Server's mutex guards it.
type quota struct {
	limit     int
	remaining int
	every     time.Duration
	resetAt   time.Time
}

func newQuota(limit int, every time.Duration, now time.Time) quota {
	return quota{limit: limit, remaining: limit, every: every, resetAt: now.Add(every)}
}

// refresh refills the quota if its window ended before now.
func (q *quota) refresh(now time.Time) {
	if now.Before(q.resetAt) {
		return
	}
	q.remaining = q.limit
	windows := now.Sub(q.resetAt)/q.every + 1
	q.resetAt = q.resetAt.Add(windows * q.every)
}

// resetUnix is the X-RateLimit-Reset value: the first whole second at or
// after the window end, so a client sleeping until then finds it refilled.
func (q *quota) resetUnix() int64 {
	sec := q.resetAt.Unix()
	if q.resetAt.Nanosecond() > 0 {
		sec++
	}
	return sec
}

func (q *quota) setHeaders(h http.Header) {
	h.Set("X-RateLimit-Limit", strconv.Itoa(q.limit))
	h.Set("X-RateLimit-Remaining", strconv.Itoa(q.remaining))
	h.Set("X-RateLimit-Reset", strconv.FormatInt(q.resetUnix(), 10))
	h.Set("X-RateLimit-Used", strconv.Itoa(q.limit-q.remaining))
	h.Set("X-RateLimit-Resource", "core")
}
