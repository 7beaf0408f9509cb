package limiter_test

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/hacktivity-fetch/hacktivity-fetch/limiter"
)

// secondaryServer answers its first hits requests with a secondary rate
// limit and records when each pause it asked for ends.
type secondaryServer struct {
	status     int
	retryAfter int  // seconds; 0 sends no Retry-After
	exhausted  bool // the refusal also says the quota is spent until a reset
	hits       int
	minPause   time.Duration // what the client is told to use without a hint

	mu        sync.Mutex
	pauseEnds []time.Time
}

func (s *secondaryServer) handle(w http.ResponseWriter, _ *http.Request, n int) {
	now := time.Now()
	if n >= s.hits {
		setQuota(w, 5000, 4000, now.Add(time.Hour))
		w.Write([]byte(`{}`))
		return
	}

	// Without a hint the client must pause at least minPause, doubling.
	end := now.Add(s.minPause << n)
	switch {
	case s.retryAfter > 0:
		w.Header().Set("Retry-After", strconv.Itoa(s.retryAfter))
		end = now.Add(time.Duration(s.retryAfter) * time.Second)
	case s.exhausted:
		reset := now.Add(2 * time.Second).Truncate(time.Second)
		setQuota(w, 5000, 0, reset)
		end = reset
	}
	s.mu.Lock()
	s.pauseEnds = append(s.pauseEnds, end)
	s.mu.Unlock()
	w.WriteHeader(s.status)
	w.Write([]byte(secondaryBody))
}

func TestSecondaryRateLimit(t *testing.T) {
	t.Parallel()
	const minPause = 300 * time.Millisecond
	tests := []struct {
		name string
		srv  *secondaryServer
	}{
		{name: "403 with Retry-After",
			srv: &secondaryServer{status: 403, retryAfter: 1, hits: 1}},
		{name: "403 without Retry-After",
			srv: &secondaryServer{status: 403, hits: 1}},
		{name: "403 twice in a row doubles the pause",
			srv: &secondaryServer{status: 403, hits: 2}},
		{name: "403 with the quota spent waits for the reset",
			srv: &secondaryServer{status: 403, exhausted: true, hits: 1}},
		{name: "429 with Retry-After",
			srv: &secondaryServer{status: 429, retryAfter: 1, hits: 1}},
		{name: "429 without Retry-After",
			srv: &secondaryServer{status: 429, hits: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ss := tt.srv
			ss.minPause = minPause
			srv := newServer(t, ss.handle)
			var lg logs
			l := newLimiter(t, limiter.Options{
				MinSecondaryPause: minPause, Logger: lg.logger(),
			})

			ok, err := runAll(testContext(t, 15*time.Second), l, srv.URL+"/repos/o/r/commits",
				4, 12)
			if err != nil || ok != 12 {
				t.Fatalf("got %d answers 200 and %v, want 12 and no error", ok, err)
			}

			// After the k-th refusal, nothing may arrive before its pause ends.
			seen := srv.seen()
			if len(seen) != 12+ss.hits {
				t.Errorf("got %d requests at the server, want %d", len(seen), 12+ss.hits)
			}
			for k, end := range ss.pauseEnds {
				for i, a := range seen[k+1:] {
					if a.At.Before(end) {
						t.Errorf("request %d arrived %v before pause %d ended",
							k+1+i, end.Sub(a.At), k)
					}
				}
			}
			starts := lg.lines(t, "paused by secondary rate limit")
			ends := lg.lines(t, "secondary rate limit pause over")
			if len(starts) != ss.hits || len(ends) != ss.hits {
				t.Errorf("got %d pause starts and %d ends logged, want %d of each",
					len(starts), len(ends), ss.hits)
			}
		})
	}
}

// TestSecondaryLimitLowersConcurrency: after a secondary limit the host gets
// fewer requests in flight, and gets them back after a run of successes.
func TestSecondaryLimitLowersConcurrency(t *testing.T) {
	t.Parallel()
	const flight, raiseAfter = 4, 20
	ss := &secondaryServer{status: 403, retryAfter: 1, hits: 1}
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		time.Sleep(2 * time.Millisecond) // let requests overlap
		ss.handle(w, r, n)
	})
	l := newLimiter(t, limiter.Options{MaxInFlight: flight})

	n := 4 * raiseAfter
	ok, err := runAll(testContext(t, 15*time.Second), l, srv.URL+"/user", 8, n)
	if err != nil || ok != n {
		t.Fatalf("got %d answers 200 and %v, want %d and no error", ok, err, n)
	}

	// Until raiseAfter answers came back, at most half as many were in flight.
	for i, a := range srv.seen()[:raiseAfter+1] {
		if a.InFlight > flight/2 {
			t.Errorf("request %d arrived with %d in flight, want at most %d",
				i, a.InFlight, flight/2)
		}
	}
	if got := srv.maxInFlight(); got > flight {
		t.Errorf("got %d requests in flight, want at most %d", got, flight)
	}
	if got := l.Status()[0].AllowedInFlight; got != flight {
		t.Errorf("got %d allowed in flight after %d successes, want %d back", got, n, flight)
	}
}

// TestWaitEndsWithContext: a request waiting out a pause returns as soon as
// its context ends, and Close ends the waits of the others.
func TestWaitEndsWithContext(t *testing.T) {
	t.Parallel()
	ss := &secondaryServer{status: 403, retryAfter: 3600, hits: 1}
	srv := newServer(t, ss.handle)
	l := newLimiter(t, limiter.Options{})

	ctx, cancel := context.WithCancel(context.Background())
	cancelled := make(chan error)
	go func() {
		_, _, err := get(ctx, l, srv.URL+"/user")
		cancelled <- err
	}()
	for len(l.Status()) == 0 || l.Status()[0].PauseReason != limiter.PauseSecondary {
		time.Sleep(time.Millisecond)
	}
	closed := make(chan error)
	go func() {
		_, _, err := get(context.Background(), l, srv.URL+"/user")
		closed <- err
	}()

	cancel()
	if err := <-cancelled; !errors.Is(err, context.Canceled) {
		t.Errorf("got %v from a cancelled wait, want context.Canceled", err)
	}
	l.Close()
	if err := <-closed; !errors.Is(err, limiter.ErrClosed) {
		t.Errorf("got %v from a wait ended by Close, want ErrClosed", err)
	}
	if n := len(srv.seen()); n != 1 {
		t.Errorf("got %d requests at the server, want only the refused one", n)
	}
}
