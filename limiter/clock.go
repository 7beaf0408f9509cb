package limiter

import "time"

// Clock is the source of time for rate-limit waits and retry backoff. Tests
// may supply their own; implementations must be safe for concurrent use.
type Clock interface {
	// Now returns the current local time.
	Now() time.Time

	// After returns a channel that receives once d has passed.
	After(d time.Duration) <-chan time.Time
}

// realClock is the Clock of package time.
type realClock struct{}

func (realClock) Now() time.Time                         { return time.Now() }
func (realClock) After(d time.Duration) <-chan time.Time { return time.After(d) }
