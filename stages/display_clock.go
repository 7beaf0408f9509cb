package stages

import "time"

// Clock is the time a Display reads and ticks on. Tests supply their own;
// implementations must be safe for concurrent use.
type Clock interface {
	// Now returns the current time.
	Now() time.Time

	// Ticker returns a channel that receives every d, and the func that stops it.
	Ticker(d time.Duration) (ticks <-chan time.Time, stop func())
}

// realClock is the Clock of package time.
type realClock struct{}

func (realClock) Now() time.Time { return time.Now() }

func (realClock) Ticker(d time.Duration) (<-chan time.Time, func()) {
	t := time.NewTicker(d)
	return t.C, t.Stop
}
