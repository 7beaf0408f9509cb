package limiter

import "errors"

// Errors returned by Limiter.RoundTrip; check them with errors.Is.
var (
	// ErrClosed is returned for requests made after Close, and by waits that
	// Close interrupted.
	ErrClosed = errors.New("limiter closed")
)

// Outcomes reported to an endpoint's circuit breaker.
var (
	// errFault marks an attempt that failed with a transient fault.
	errFault = errors.New("transient fault")

	// errSkip marks an attempt that says nothing about the endpoint's health:
	// a rate limit, a cancelled caller, a certificate problem.
	errSkip = errors.New("not an endpoint failure")
)
