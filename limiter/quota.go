package limiter

import (
	"net/http"
	"strconv"
	"time"
)

// resetMargin is added to every wait for a window's reset. GitHub gives the
// reset and the Date header in whole seconds, so a wait computed from them
// can be up to a second short.
const resetMargin = time.Second

// quota is what one response's X-RateLimit-* headers say about a budget.
type quota struct {
	resource               string
	limit, remaining, used int
	reset                  time.Time // server clock
	deadline               time.Time // local clock: when the window is over
}

// parseQuota reads the rate-limit headers of a response received at local
// time now. It reports false when the response carries none, as on GitHub
// Enterprise Server with rate limiting disabled.
func parseQuota(h http.Header, now time.Time) (quota, bool) {
	remaining, err := strconv.Atoi(h.Get("X-RateLimit-Remaining"))
	if err != nil {
		return quota{}, false
	}
	q := quota{resource: h.Get("X-RateLimit-Resource"), remaining: remaining}
	q.limit, _ = strconv.Atoi(h.Get("X-RateLimit-Limit"))
	q.used, _ = strconv.Atoi(h.Get("X-RateLimit-Used"))
	if sec, err := strconv.ParseInt(h.Get("X-RateLimit-Reset"), 10, 64); err == nil {
		q.reset = time.Unix(sec, 0)
		q.deadline = localDeadline(h, q.reset, now)
	}
	return q, true
}

// localDeadline turns a server time into local time. The distance is taken
// from the response's Date header, not from the local clock, which may be
// off by minutes; without a Date header the local clock is all there is.
func localDeadline(h http.Header, server time.Time, now time.Time) time.Time {
	serverNow := now
	if d, err := http.ParseTime(h.Get("Date")); err == nil {
		serverNow = d
	}
	return now.Add(max(server.Sub(serverNow), 0) + resetMargin)
}
