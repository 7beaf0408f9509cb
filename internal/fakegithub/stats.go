package fakegithub

import (
	"maps"
	"time"
)

// Stats counts what a Server saw since it started or since ResetStats.
type Stats struct {
	// Requests is every request that finished, whatever its answer.
	Requests int `json:"requests"`

	// Counted is the requests that cost primary quota.
	Counted int `json:"counted"`

	// NotModified is the 304 answers, which cost nothing.
	NotModified int `json:"not_modified"`

	// RateLimited is the requests answered 403 because the quota was spent.
	RateLimited int `json:"rate_limited"`

	// Violations is the requests that arrived while the quota was spent,
	// inside a secondary-limit pause, or over Options.MaxConcurrent.
	Violations int `json:"violations"`

	// MinRemaining is the lowest X-RateLimit-Remaining ever sent (the
	// remaining quota at start or reset if none was sent).
	MinRemaining int `json:"min_remaining"`

	// Unauthenticated is the requests without an Authorization header.
	Unauthenticated int `json:"unauthenticated"`

	// ByStatus counts answers by HTTP status; 0 is a request that got no
	// answer (client gone, or a fault closed the connection).
	ByStatus map[int]int `json:"by_status"`

	// MaxInFlight is the most requests ever in flight at once.
	MaxInFlight int `json:"max_in_flight"`
}

func (st Stats) clone() Stats {
	st.ByStatus = maps.Clone(st.ByStatus)
	return st
}

// Request is one request as the server recorded it.
type Request struct {
	// Time is when the request arrived, before Options.Latency.
	Time     time.Time
	Method   string
	Path     string
	RawQuery string

	// Status is the answer sent, 0 if none.
	Status int

	// Authorized is true when the request carried credentials the server
	// accepted (any, when Options.Token is empty).
	Authorized  bool
	IfNoneMatch string

	// InFlightAtArrival is how many other requests were in flight when this
	// one arrived.
	InFlightAtArrival int

	// Remaining is the X-RateLimit-Remaining sent, -1 if none.
	Remaining int

	// Violation is true when this request counted in Stats.Violations.
	Violation bool
}
