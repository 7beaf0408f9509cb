package limiter

import "time"

// resourceKey names one rate-limit budget: a resource (core, search, ...)
// on a host. An empty name marks requests that cost nothing (GET /rate_limit).
type resourceKey struct {
	host, name string
}

// resource is what the Limiter knows of one budget. It is guarded by
// Limiter.mu.
type resource struct {
	key        resourceKey
	known      bool // a response has told the budget
	unmetered  bool // the last success carried no rate-limit headers
	limit      int
	remaining  int
	used       int
	reset      time.Time // server clock, as sent
	deadline   time.Time // local clock: when the current window is over
	unanswered int       // sent, no response headers yet: may still cost quota
	active     int       // sent, response body not yet closed

	// waitSince and waitUntil describe the wait for the reset in progress,
	// if any, so that it is logged once however many requests wait.
	waitSince, waitUntil time.Time
}

// admits reports whether one more request may be sent now, keeping buffer
// requests unspent even if every request in flight is charged. When the
// budget is down to the buffer it also says until when to wait.
func (r *resource) admits(now time.Time, buffer int) (bool, time.Time) {
	switch {
	case r.unmetered:
		return true, time.Time{}
	case !r.known || !now.Before(r.deadline):
		// The budget is unknown, or its window is over: one request at a time
		// until an answer tells the new budget.
		return r.unanswered == 0, time.Time{}
	case r.remaining-r.unanswered > buffer:
		return true, time.Time{}
	case r.remaining > buffer:
		// Answers still to come may leave room: wait for them, not the reset.
		return false, time.Time{}
	}
	return false, r.deadline
}

// learn takes in the budget a response reported. Answers can arrive out of
// order, so within one window the lowest remaining wins, and an answer from
// an older window is ignored.
func (r *resource) learn(q quota) {
	switch {
	case !r.known || q.reset.After(r.reset):
		r.limit, r.remaining, r.used = q.limit, q.remaining, q.used
		r.reset, r.deadline = q.reset, q.deadline
	case q.reset.Equal(r.reset):
		r.limit = q.limit
		r.remaining = min(r.remaining, q.remaining)
		r.used = max(r.used, q.used)
		r.deadline = later(r.deadline, q.deadline)
	default:
		return
	}
	r.known, r.unmetered = true, false
}

// exhaust records a refusal for an exhausted budget: nothing more is sent
// before the window ends, even if other answers said otherwise.
func (r *resource) exhaust(q quota, fallback time.Time) {
	r.known, r.unmetered = true, false
	r.remaining = 0
	r.limit = max(r.limit, q.limit)
	r.reset = later(r.reset, q.reset)
	r.deadline = later(r.deadline, q.deadline)
	if q.deadline.IsZero() {
		r.deadline = later(r.deadline, fallback)
	}
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}
