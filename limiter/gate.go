package limiter

import (
	"context"
	"time"
)

// ticket is a request admitted by the gate. It holds a place in its host's
// concurrency and, until answered, in its resource's unanswered count.
type ticket struct {
	key  resourceKey
	host *host
	res  *resource // nil for free requests
}

// acquire waits until a request with key may be sent and admits it.
func (l *Limiter) acquire(ctx context.Context, key resourceKey) (*ticket, error) {
	waited := false
	for {
		l.mu.Lock()
		now := l.o.Clock.Now()
		t, until := l.decide(key, now)
		changed := l.changed
		l.mu.Unlock()

		if t != nil {
			if waited {
				l.stats.waits.Add(1)
			}
			return t, nil
		}
		waited = true
		var timer <-chan time.Time
		if !until.IsZero() {
			timer = l.o.Clock.After(until.Sub(now))
		}
		if err := l.sleep(ctx, changed, timer); err != nil {
			return nil, err
		}
	}
}

// decide admits a request with key if every limit allows it at now.
// Otherwise it returns when to look again; a zero time means "when something
// changes". l.mu must be held.
func (l *Limiter) decide(key resourceKey, now time.Time) (*ticket, time.Time) {
	h := l.hostFor(key.host)
	if h.paused(now) {
		return nil, h.pauseUntil
	}
	l.endPause(h, now)
	if h.active >= h.allowed {
		return nil, time.Time{}
	}

	// Free requests only count against concurrency.
	t := &ticket{key: key, host: h}
	if key.name != "" {
		r := l.resourceFor(key)
		ok, until := r.admits(now, l.o.Buffer)
		if !ok {
			l.startWait(r, now, until)
			return nil, until
		}
		l.endWait(r, now)
		r.unanswered++
		r.active++
		t.res = r
	}
	h.active++
	return t, time.Time{}
}

// endPause logs the end of a host's secondary-limit pause that is over,
// once. l.mu must be held.
func (l *Limiter) endPause(h *host, now time.Time) {
	if h.pauseUntil.IsZero() || h.paused(now) {
		return
	}
	l.o.Logger.Info("secondary rate limit pause over",
		"host", h.name, "waited", now.Sub(h.pauseSince).Round(time.Millisecond))
	h.pauseSince, h.pauseUntil = time.Time{}, time.Time{}
}

// startWait logs the start of a wait for a budget's reset, once per wait
// however many requests take part in it. l.mu must be held.
func (l *Limiter) startWait(r *resource, now, until time.Time) {
	if until.IsZero() {
		return
	}
	if r.waitUntil.IsZero() {
		reason := "buffer reached"
		if r.remaining == 0 {
			reason = "quota exhausted"
		}
		r.waitSince = now
		l.o.Logger.Info("waiting for rate limit",
			"host", r.key.host, "resource", r.key.name, "reason", reason,
			"remaining", r.remaining, "until", until,
			"duration", until.Sub(now).Round(time.Millisecond))
	}
	r.waitUntil = until
}

// endWait logs the end of a wait for a budget's reset, if one was going on.
// l.mu must be held.
func (l *Limiter) endWait(r *resource, now time.Time) {
	if r.waitUntil.IsZero() {
		return
	}
	l.o.Logger.Info("rate limit wait over",
		"host", r.key.host, "resource", r.key.name,
		"waited", now.Sub(r.waitSince).Round(time.Millisecond))
	r.waitSince, r.waitUntil = time.Time{}, time.Time{}
}

// release frees t's place in its host's concurrency once its response body
// is closed or its attempt is over.
func (l *Limiter) release(t *ticket) {
	l.mu.Lock()
	defer l.mu.Unlock()
	t.host.active--
	if t.res != nil {
		t.res.active--
	}
	l.notify()
}

// sleep waits for a change, the timer, the end of ctx or Close. A nil
// channel never fires.
func (l *Limiter) sleep(ctx context.Context, changed <-chan struct{},
	timer <-chan time.Time) error {
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-l.closed:
		return ErrClosed
	case <-changed:
	case <-timer:
	}
	return nil
}
