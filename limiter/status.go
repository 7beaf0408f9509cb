package limiter

import (
	"cmp"
	"slices"
	"time"
)

// Reasons for a pause, as ResourceStatus.PauseReason gives them.
const (
	PauseRateLimit   = "rate limit"           // the budget is down to the buffer
	PauseSecondary   = "secondary rate limit" // GitHub asked the host to slow down
	PauseCircuitOpen = "circuit open"         // an endpoint of the host keeps failing
)

// ResourceStatus is the state of one rate-limit budget, for display.
type ResourceStatus struct {
	Host            string
	Resource        string // core, search, graphql, ...
	Limit           int    // 0 until an answer tells it, or if the host has none
	Remaining       int
	Used            int
	Reset           time.Time // when the window resets, on the server's clock
	InFlight        int       // requests sent whose answer is not read yet
	AllowedInFlight int       // the host's current ceiling of requests in flight
	PausedUntil     time.Time // local clock; zero when nothing waits
	PauseReason     string    // one of the Pause constants, or ""
}

// Status returns the state of every budget the Limiter has met, sorted by
// host and resource.
func (l *Limiter) Status() []ResourceStatus {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.o.Clock.Now()
	var out []ResourceStatus
	for key, r := range l.resources {
		if _, aliased := l.aliases[key]; aliased && r.active == 0 {
			continue
		}
		h := l.hostFor(key.host)
		s := ResourceStatus{
			Host:            key.host,
			Resource:        key.name,
			Limit:           r.limit,
			Remaining:       r.remaining,
			Used:            r.used,
			Reset:           r.reset,
			InFlight:        r.active,
			AllowedInFlight: h.allowed,
		}
		switch open := l.openCircuit(key.host); {
		case h.paused(now):
			s.PausedUntil, s.PauseReason = h.pauseUntil, PauseSecondary
		case !r.waitUntil.IsZero():
			s.PausedUntil, s.PauseReason = r.waitUntil, PauseRateLimit
		case !open.IsZero():
			s.PausedUntil, s.PauseReason = open, PauseCircuitOpen
		}
		out = append(out, s)
	}
	slices.SortFunc(out, func(a, b ResourceStatus) int {
		return cmp.Or(cmp.Compare(a.Host, b.Host), cmp.Compare(a.Resource, b.Resource))
	})
	return out
}
