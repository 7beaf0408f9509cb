// Package limiter keeps hacktivity-fetch within GitHub's rate limits. Its
// Limiter is the http.RoundTripper under the go-gh REST client that every
// worker shares, so every request the program makes passes through one gate:
// it learns each budget from the X-RateLimit-* headers and never spends the
// last Buffer requests, pauses the host on secondary rate limits, retries
// transient faults with backoff, and holds back requests to an endpoint whose
// circuit breaker is open. Callers see only the final answer.
package limiter

import (
	"net/http"
	"sync"
)

// Limiter is an http.RoundTripper that paces requests to GitHub. It is safe
// for concurrent use; one Limiter must be shared by all workers, since its
// limits count every request. Make it with New and Close it when done.
type Limiter struct {
	next   http.RoundTripper
	o      Options
	closed chan struct{} // closed by Close
	once   sync.Once
	stats  counters

	mu        sync.Mutex
	changed   chan struct{} // closed and replaced whenever a wait may be over
	hosts     map[string]*host
	resources map[resourceKey]*resource
	aliases   map[resourceKey]string // guessed resource => the one GitHub named
	breakers  map[string]*breaker    // by endpoint
}

// New returns a Limiter that sends requests through next, which should add
// authentication. Options left zero take their defaults.
func New(next http.RoundTripper, o Options) *Limiter {
	return &Limiter{
		next:      next,
		o:         o.withDefaults(),
		closed:    make(chan struct{}),
		changed:   make(chan struct{}),
		hosts:     make(map[string]*host),
		resources: make(map[resourceKey]*resource),
		aliases:   make(map[resourceKey]string),
		breakers:  make(map[string]*breaker),
	}
}

// RoundTrip sends req once the limits allow it and returns the first answer
// that is not a rate limit or a transient fault, or the last one when
// RetryAttempts are used up. Waits end early with the error of req's
// context, or ErrClosed.
func (l *Limiter) RoundTrip(req *http.Request) (*http.Response, error) {
	if l.isClosed() {
		closeBody(req)
		return nil, ErrClosed
	}
	c := &call{
		l:   l,
		req: req,
		key: resourceOf(req),
		br:  l.breakerFor(req),
	}
	return c.do()
}

// Stats returns the counts of what the Limiter did so far.
func (l *Limiter) Stats() Stats {
	return l.stats.snapshot()
}

// Close ends every wait in progress with ErrClosed and refuses new requests.
// Answers already returned stay readable. The Limiter owns no goroutine, so
// nothing else needs stopping; Close may be called more than once.
func (l *Limiter) Close() {
	l.once.Do(func() { close(l.closed) })
}

func (l *Limiter) isClosed() bool {
	select {
	case <-l.closed:
		return true
	default:
		return false
	}
}

// notify wakes every waiter so it looks at the limits again. l.mu must be
// held.
func (l *Limiter) notify() {
	close(l.changed)
	l.changed = make(chan struct{})
}

// hostFor returns the state of a host, made on first use. l.mu must be held.
func (l *Limiter) hostFor(name string) *host {
	h, ok := l.hosts[name]
	if !ok {
		h = &host{name: name, allowed: l.o.MaxInFlight}
		l.hosts[name] = h
	}
	return h
}

// resourceFor returns the budget a request with key is charged to, made on
// first use. l.mu must be held.
func (l *Limiter) resourceFor(key resourceKey) *resource {
	if name, ok := l.aliases[key]; ok {
		key.name = name
	}
	r, ok := l.resources[key]
	if !ok {
		r = &resource{key: key}
		l.resources[key] = r
	}
	return r
}

func closeBody(req *http.Request) {
	if req.Body != nil {
		req.Body.Close()
	}
}
