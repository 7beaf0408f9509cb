package fakegithub

import "time"

// Options configures a Server. The zero value is a github.com-like server
// that accepts any credentials or none.
type Options struct {
	// Token, if set, must be presented as "Authorization: token T" or
	// "Bearer T"; other requests get 401 Bad credentials.
	Token string

	// Login is what GET /user answers; "octocat" when empty.
	Login string

	// Latency is added before every request is handled.
	Latency time.Duration

	// RateLimit is the primary quota per window (5000 when zero), and
	// ResetEvery the window length (1h when zero). Remaining refills when a
	// window ends, on the real clock.
	RateLimit  int
	ResetEvery time.Duration

	// NoRateHeaders acts as GitHub Enterprise Server with rate limiting
	// disabled: no quota, no X-RateLimit-* headers, and /rate_limit is 404.
	NoRateHeaders bool

	// MaxConcurrent, if > 0, makes every request that arrives while this
	// many are already in flight a Violation (GitHub's secondary limit on
	// concurrency). Such requests are still answered normally.
	MaxConcurrent int

	// DefaultPerPage is the page size when per_page is absent: 30 like
	// GitHub when zero, at most 100.
	DefaultPerPage int
}

func (o Options) withDefaults() Options {
	if o.Login == "" {
		o.Login = "octocat"
	}
	if o.RateLimit <= 0 {
		o.RateLimit = 5000
	}
	if o.ResetEvery <= 0 {
		o.ResetEvery = time.Hour
	}
	if o.DefaultPerPage <= 0 {
		o.DefaultPerPage = 30
	}
	o.DefaultPerPage = min(o.DefaultPerPage, maxPerPage)
	return o
}
