package limiter

import (
	"cmp"
	"net/http"
	"time"
)

// answer is the outcome of one attempt as the gate takes it in.
type answer struct {
	resp *http.Response // nil when the attempt failed without one
	rf   refusal        // why a 403 or 429 refused the request, if it did
	v    verdict
	now  time.Time
}

// answered takes in the outcome of t's attempt, all under one lock so that
// no waiter slips through between the answer and the pause it calls for: the
// request stops counting as unanswered, its headers tell the budget, and a
// rate limit holds back what follows.
func (l *Limiter) answered(t *ticket, a answer) {
	l.mu.Lock()
	defer l.mu.Unlock()
	defer l.notify()
	if t.res != nil {
		t.res.unanswered--
	}
	if a.resp == nil {
		return
	}
	l.learn(t, a)
	switch {
	case a.rf.kind == primaryLimit:
		l.exhaust(t, a)
	case a.rf.kind == secondaryLimit:
		l.pause(t, a)
	case a.v == final:
		t.host.succeeded(l.o.MaxInFlight)
	}
}

// learn takes in the budget an answer's headers report, under the resource
// the server names, which may not be the one guessed. l.mu must be held.
func (l *Limiter) learn(t *ticket, a answer) {
	q, ok := parseQuota(a.resp.Header, a.now)
	if !ok {
		if t.res != nil && a.resp.StatusCode < 300 {
			t.res.unmetered = true
		}
		return
	}
	if q.resource == "" {
		if t.res == nil {
			return
		}
		q.resource = t.res.key.name
	}
	if t.key.name != "" && q.resource != t.key.name {
		l.aliases[t.key] = q.resource
	}
	l.resourceFor(resourceKey{host: t.key.host, name: q.resource}).learn(q)
}

// exhaust records a refusal for a spent budget: nothing more is charged to
// it before its window ends. l.mu must be held.
func (l *Limiter) exhaust(t *ticket, a answer) {
	q, _ := parseQuota(a.resp.Header, a.now)
	name := cmp.Or(q.resource, t.key.name, "core")
	fallback := a.now.Add(l.o.MinSecondaryPause)
	l.resourceFor(resourceKey{host: t.key.host, name: name}).exhaust(q, fallback)
}

// pause stops every request to t's host after a secondary rate limit: for
// Retry-After when given, until the reset when the budget is spent, and
// otherwise for a pause that grows with each limit met in a row. l.mu must
// be held.
func (l *Limiter) pause(t *ticket, a answer) {
	h := t.host
	l.endPause(h, a.now)
	h.limited(a.now)
	until, why := a.now.Add(h.backoffPause(l.o.MinSecondaryPause)), "no retry-after"
	q, ok := parseQuota(a.resp.Header, a.now)
	if ok && a.rf.exhausted && !q.deadline.IsZero() {
		until, why = q.deadline, "quota exhausted"
	}
	if a.rf.retryAfter > 0 {
		until, why = a.now.Add(a.rf.retryAfter), "retry-after"
	}
	if !until.After(h.pauseUntil) {
		return
	}
	if h.pauseUntil.IsZero() {
		h.pauseSince = a.now
	}
	h.pauseUntil = until
	l.o.Logger.Warn("paused by secondary rate limit",
		"host", h.name, "reason", why, "until", until,
		"duration", until.Sub(a.now).Round(time.Millisecond),
		"allowed_in_flight", h.allowed)
}
