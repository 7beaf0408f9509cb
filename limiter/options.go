package limiter

import (
	"io"
	"log/slog"
	"time"
)

// Options configures a Limiter. A zero field takes the default given in its
// comment, so Options{} is a valid configuration for api.github.com.
type Options struct {
	// Buffer is how many requests of each resource's budget are never spent,
	// left for the user's other tools (default 100; negative means none).
	Buffer int

	// MaxInFlight is the ceiling of concurrent requests per host, normally the
	// number of workers (default 4).
	MaxInFlight int

	// RetryAttempts is how many times one request is tried when it meets
	// transient faults (5xx, resets, timeouts), the first try included
	// (default 5). Waits for rate limits and open circuits do not use attempts.
	RetryAttempts int

	// RetryDelay is the first backoff delay after a transient fault; later
	// delays double, with jitter (default 1s).
	RetryDelay time.Duration

	// Timeout bounds each attempt, from sending the request to the end of the
	// response body (default 30s).
	Timeout time.Duration

	// BreakerThreshold is the number of consecutive failures that open an
	// endpoint's circuit (default 5).
	BreakerThreshold int

	// BreakerCooldown is how long an open circuit stays open before it lets
	// one request try (default 60s).
	BreakerCooldown time.Duration

	// MinSecondaryPause is the pause after a secondary rate limit that came
	// without Retry-After; it doubles on repeats (default 60s).
	MinSecondaryPause time.Duration

	// Logger receives one line per wait start and end and per circuit state
	// change (default: discard).
	Logger *slog.Logger

	// Clock tells the time for rate-limit waits and backoff (default: the
	// real clock). Circuit breaker cooldowns always run on the real clock.
	Clock Clock
}

// withDefaults returns o with every zero field replaced by its default.
func (o Options) withDefaults() Options {
	switch {
	case o.Buffer == 0:
		o.Buffer = 100
	case o.Buffer < 0:
		o.Buffer = 0
	}
	o.MaxInFlight = orInt(o.MaxInFlight, 4)
	o.RetryAttempts = orInt(o.RetryAttempts, 5)
	o.RetryDelay = orDuration(o.RetryDelay, time.Second)
	o.Timeout = orDuration(o.Timeout, 30*time.Second)
	o.BreakerThreshold = orInt(o.BreakerThreshold, 5)
	o.BreakerCooldown = orDuration(o.BreakerCooldown, 60*time.Second)
	o.MinSecondaryPause = orDuration(o.MinSecondaryPause, 60*time.Second)
	if o.Logger == nil {
		o.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if o.Clock == nil {
		o.Clock = realClock{}
	}
	return o
}

func orInt(v, def int) int {
	if v <= 0 {
		return def
	}
	return v
}

func orDuration(v, def time.Duration) time.Duration {
	if v <= 0 {
		return def
	}
	return v
}
