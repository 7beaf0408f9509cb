package stages

import "time"

// Pause says why requests are held back, as a Display shows it.
type Pause int

// Reasons for a pause. They mirror the limiter's, which stages does not import.
const (
	NotPaused      Pause = iota
	PauseRateLimit       // the quota is down to the buffer until the window resets
	PauseSecondary       // GitHub asked for a pause: its secondary rate limit
	PauseCircuit         // an endpoint keeps failing; requests wait before trying it again
)

// RateStatus is what a Display shows of one rate-limit budget.
type RateStatus struct {
	Resource        string    // core, search, graphql, ...
	Limit           int       // 0 until an answer tells it, or when the host has no limit
	Remaining       int       // requests left in the window
	Reset           time.Time // when the window resets
	InFlight        int       // requests sent whose answer is not read yet
	AllowedInFlight int       // requests the limiter lets out at once right now
	Pause           Pause
	PausedUntil     time.Time // zero when nothing waits
}

// paused reports whether rs holds requests back at now.
func (rs RateStatus) paused(now time.Time) bool {
	return rs.Pause != NotPaused && rs.PausedUntil.After(now)
}
