package limiter

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"time"

	"github.com/sony/gobreaker/v2"
)

// breaker is the circuit breaker of one endpoint.
type breaker struct {
	host string
	cb   *gobreaker.TwoStepCircuitBreaker[struct{}]

	// openUntil is when an open circuit lets a request try, on the real
	// clock that gobreaker uses. Guarded by Limiter.mu.
	openUntil time.Time
}

// breakerFor returns the breaker of req's endpoint, made on first use.
func (l *Limiter) breakerFor(req *http.Request) *breaker {
	name := endpointOf(req)
	l.mu.Lock()
	defer l.mu.Unlock()
	if b, ok := l.breakers[name]; ok {
		return b
	}
	b := &breaker{host: req.URL.Host}
	b.cb = gobreaker.NewTwoStepCircuitBreaker[struct{}](gobreaker.Settings{
		Name:        name,
		MaxRequests: 1,
		Timeout:     l.o.BreakerCooldown,
		ReadyToTrip: func(c gobreaker.Counts) bool {
			return int(c.ConsecutiveFailures) >= l.o.BreakerThreshold
		},
		IsExcluded: func(err error) bool { return errors.Is(err, errSkip) },
		OnStateChange: func(name string, from, to gobreaker.State) {
			l.breakerChanged(b, name, from, to)
		},
	})
	l.breakers[name] = b
	return b
}

// breakerChanged records and logs a state change. gobreaker calls it with
// its own lock held, so the Limiter never calls gobreaker with l.mu held.
func (l *Limiter) breakerChanged(b *breaker, name string, from, to gobreaker.State) {
	l.mu.Lock()
	b.openUntil = time.Time{}
	if to == gobreaker.StateOpen {
		b.openUntil = time.Now().Add(l.o.BreakerCooldown)
	}
	l.notify()
	l.mu.Unlock()

	level := slog.LevelInfo
	if to == gobreaker.StateOpen {
		level = slog.LevelWarn
	}
	l.o.Logger.Log(context.Background(), level, "circuit breaker",
		"endpoint", name, "from", from.String(), "to", to.String())
}

// pass waits until b lets a request through and returns the function that
// reports its outcome: nil, errFault or errSkip.
func (l *Limiter) pass(ctx context.Context, b *breaker) (func(error), error) {
	waited := false
	for {
		l.mu.Lock()
		changed, until := l.changed, b.openUntil
		l.mu.Unlock()

		done, err := b.cb.Allow()
		if err == nil {
			if waited {
				l.stats.waits.Add(1)
			}
			return l.reporter(done), nil
		}

		// Open: wait out the cooldown. Half-open: wait for the probe's outcome.
		waited = true
		var timer <-chan time.Time
		if errors.Is(err, gobreaker.ErrOpenState) {
			timer = time.After(max(time.Until(until), time.Millisecond))
		}
		if err := l.sleep(ctx, changed, timer); err != nil {
			return nil, err
		}
	}
}

// reporter wraps a breaker's outcome callback so that requests waiting for a
// half-open probe look again once it is reported.
func (l *Limiter) reporter(done func(error)) func(error) {
	return func(err error) {
		done(err)
		l.mu.Lock()
		l.notify()
		l.mu.Unlock()
	}
}

// openCircuit returns until when a circuit of host stays open, if any is.
// l.mu must be held.
func (l *Limiter) openCircuit(host string) time.Time {
	var until time.Time
	now := time.Now()
	for _, b := range l.breakers {
		if b.host == host && now.Before(b.openUntil) {
			until = later(until, b.openUntil)
		}
	}
	return until
}
