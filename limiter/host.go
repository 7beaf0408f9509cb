package limiter

import "time"

// raiseAfter is the run of successes after which a host that met a secondary
// rate limit may have one more request in flight.
const raiseAfter = 20

// maxPauseDoublings caps the growth of repeated secondary-limit pauses.
const maxPauseDoublings = 5

// host is what the Limiter knows of one server: its concurrency and any
// secondary-limit pause, which stops every request to it. It is guarded by
// Limiter.mu.
type host struct {
	name       string
	active     int // requests sent whose body is not yet closed
	allowed    int // current ceiling of active, lowered after secondary limits
	successes  int // answers since the last raise of allowed
	strikes    int // secondary limits met in a row, for the pause growth
	pauseSince time.Time
	pauseUntil time.Time
}

// paused reports whether a pause is in force at now.
func (h *host) paused(now time.Time) bool {
	return now.Before(h.pauseUntil)
}

// succeeded counts an answer that was not a rate limit. After a run of them
// the ceiling climbs back one step, and once it is back at max the strikes
// are forgiven.
func (h *host) succeeded(max int) {
	h.successes++
	if h.successes < raiseAfter {
		return
	}
	h.successes = 0
	if h.allowed < max {
		h.allowed++
		return
	}
	h.strikes = 0
}

// limited records a secondary rate limit met at now. Several requests in
// flight may meet the same limit; only the first one lowers the ceiling.
func (h *host) limited(now time.Time) {
	h.successes = 0
	if h.paused(now) {
		return
	}
	h.allowed = max(1, h.allowed/2)
	h.strikes++
}

// backoffPause is the pause after a secondary limit that gave no hint.
func (h *host) backoffPause(min time.Duration) time.Duration {
	return min << clamp(h.strikes-1, 0, maxPauseDoublings)
}

func clamp(v, lo, hi int) int {
	return max(lo, min(v, hi))
}
