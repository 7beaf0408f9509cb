package limiter_test

import (
	"context"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/hacktivity-fetch/hacktivity-fetch/limiter"
)

// quotaServer enforces a primary rate limit the way GitHub does: a window
// opens with the first request after the last one ended, and a request that
// arrives with nothing left is refused and counted as a violation. Its clock
// may be skewed from the local one by skew, as a real server's may be.
type quotaServer struct {
	limit  int
	window time.Duration
	skew   time.Duration

	mu           sync.Mutex
	remaining    int
	windowEnd    time.Time
	windows      int
	violations   int
	minRemaining int
}

func newQuotaServer(limit int, window, skew time.Duration) *quotaServer {
	return &quotaServer{limit: limit, window: window, skew: skew, minRemaining: limit}
}

func (q *quotaServer) handle(w http.ResponseWriter, _ *http.Request, _ int) {
	q.mu.Lock()
	now := time.Now()
	if !now.Before(q.windowEnd) {
		q.remaining, q.windowEnd = q.limit, now.Add(q.window)
		q.windows++
	}
	status := http.StatusOK
	if q.remaining == 0 {
		q.violations++
		status = http.StatusForbidden
	} else {
		q.remaining--
		q.minRemaining = min(q.minRemaining, q.remaining)
	}

	// Whole seconds, rounded down, as GitHub sends them.
	setQuota(w, q.limit, q.remaining, q.windowEnd.Add(q.skew))
	w.Header().Set("Date", now.Add(q.skew).UTC().Format(http.TimeFormat))
	q.mu.Unlock()

	w.WriteHeader(status)
	if status == http.StatusForbidden {
		w.Write([]byte(`{"message":"API rate limit exceeded for user ID 1."}`))
		return
	}
	w.Write([]byte(`{}`))
}

func (q *quotaServer) counts() (windows, violations, minRemaining int) {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.windows, q.violations, q.minRemaining
}

func TestBufferIsNeverSpent(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name            string
		limit, buffer   int
		requests        int
		workers, flight int
		skew            time.Duration
	}{
		{name: "three windows of work", limit: 40, buffer: 5, requests: 100, workers: 8,
			flight: 4},
		{name: "server clock an hour behind", limit: 20, buffer: 10, requests: 15,
			workers: 4, flight: 4, skew: -time.Hour},
		{name: "server clock an hour ahead", limit: 20, buffer: 10, requests: 15,
			workers: 4, flight: 4, skew: time.Hour},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			qs := newQuotaServer(tt.limit, time.Second, tt.skew)
			srv := newServer(t, qs.handle)
			var lg logs
			l := newLimiter(t, limiter.Options{
				Buffer: tt.buffer, MaxInFlight: tt.flight, Logger: lg.logger(),
			})

			ok, err := runAll(testContext(t, 20*time.Second), l, srv.URL+"/user", tt.workers,
				tt.requests)
			if err != nil {
				t.Fatalf("run: %v", err)
			}
			if ok != tt.requests {
				t.Errorf("got %d answers 200, want %d", ok, tt.requests)
			}
			windows, violations, minRemaining := qs.counts()
			if violations != 0 {
				t.Errorf("got %d requests sent on an exhausted quota, want 0", violations)
			}
			if minRemaining < tt.buffer {
				t.Errorf("got remaining down to %d, want at least the buffer %d",
					minRemaining, tt.buffer)
			}

			// One wait per exhausted window, logged once however many workers wait.
			starts := lg.lines(t, "waiting for rate limit")
			ends := lg.lines(t, "rate limit wait over")
			if len(starts) == 0 || len(starts) > windows-1 {
				t.Errorf("got %d waits logged over %d windows, want 1 to %d",
					len(starts), windows, windows-1)
			}
			if len(ends) != len(starts) {
				t.Errorf("got %d wait ends logged, want %d like the starts",
					len(ends), len(starts))
			}
		})
	}
}

// TestQuotaSpentElsewhere: another tool spent the quota, so the first answer
// is a refusal. It must be retried after the reset, not returned.
func TestQuotaSpentElsewhere(t *testing.T) {
	t.Parallel()
	for _, status := range []int{http.StatusForbidden, http.StatusTooManyRequests} {
		t.Run(http.StatusText(status), func(t *testing.T) {
			t.Parallel()
			var resetAt time.Time
			srv := newServer(t, func(w http.ResponseWriter, _ *http.Request, n int) {
				if n == 0 {
					// A reset in whole seconds, at least one second away.
					resetAt = time.Now().Add(2 * time.Second).Truncate(time.Second)
					setQuota(w, 60, 0, resetAt)
					w.WriteHeader(status)
					w.Write([]byte(`{"message":"API rate limit exceeded for 127.0.0.1."}`))
					return
				}
				setQuota(w, 60, 59, time.Now().Add(time.Hour))
				w.Write([]byte(`{"login":"octocat"}`))
			})
			var lg logs
			l := newLimiter(t, limiter.Options{Buffer: 10, Logger: lg.logger()})

			got, body, err := get(testContext(t, 10*time.Second), l, srv.URL+"/user")
			if err != nil {
				t.Fatalf("get: %v", err)
			}
			if got != http.StatusOK || body != `{"login":"octocat"}` {
				t.Errorf("got %d %q, want 200 with the user", got, body)
			}
			seen := srv.seen()
			if len(seen) != 2 {
				t.Fatalf("got %d requests at the server, want 2", len(seen))
			}
			if seen[1].At.Before(resetAt) {
				t.Errorf("retry arrived at %v, want not before the reset %v",
					seen[1].At, resetAt)
			}
			if starts := lg.lines(t, "waiting for rate limit"); len(starts) != 1 ||
				starts[0]["reason"] != "quota exhausted" {
				t.Errorf("got wait logs %v, want one with reason quota exhausted", starts)
			}
		})
	}
}

// TestStatusShowsTheWait looks at Status while requests wait for a reset.
func TestStatusShowsTheWait(t *testing.T) {
	t.Parallel()
	reset := time.Now().Add(time.Hour).Truncate(time.Second)
	srv := newServer(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
		setQuota(w, 5000, 100, reset)
		w.Write([]byte(`{}`))
	})
	l := newLimiter(t, limiter.Options{Buffer: 100})

	// The first request learns the budget is at the buffer; the second waits.
	if got, _, err := get(context.Background(), l, srv.URL+"/user"); err != nil ||
		got != http.StatusOK {
		t.Fatalf("got %d, %v; want 200", got, err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() {
		_, _, err := get(ctx, l, srv.URL+"/user")
		done <- err
	}()
	var st limiter.ResourceStatus
	for st.PauseReason == "" {
		time.Sleep(time.Millisecond)
		sts := l.Status()
		if len(sts) != 1 {
			t.Fatalf("got %d resources, want 1", len(sts))
		}
		st = sts[0]
	}
	cancel()
	if err := <-done; err == nil {
		t.Errorf("got no error from a cancelled wait, want one")
	}

	want := limiter.ResourceStatus{
		Host: srv.Listener.Addr().String(), Resource: "core", Limit: 5000, Remaining: 100,
		Used: 4900, Reset: reset, AllowedInFlight: 4, PauseReason: limiter.PauseRateLimit,
	}
	st.PausedUntil = time.Time{}
	if !st.Reset.Equal(want.Reset) {
		t.Errorf("got reset %v, want %v", st.Reset, want.Reset)
	}
	st.Reset = want.Reset
	if st != want {
		t.Errorf("got status %+v, want %+v", st, want)
	}
	if n := len(srv.seen()); n != 1 {
		t.Errorf("got %d requests at the server, want 1", n)
	}
}

// TestNoRateLimitHeaders: GitHub Enterprise Server with rate limiting off
// sends no headers, and nothing may wait on them.
func TestNoRateLimitHeaders(t *testing.T) {
	t.Parallel()
	srv := newServer(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
		w.Write([]byte(`{}`))
	})
	l := newLimiter(t, limiter.Options{Buffer: 100})

	ok, err := runAll(testContext(t, 10*time.Second), l, srv.URL+"/api/v3/user", 1, 150)
	if err != nil || ok != 150 {
		t.Fatalf("got %d answers 200 and %v, want 150 and no error", ok, err)
	}
	if got := l.Stats().Waits; got != 0 {
		t.Errorf("got %d waits, want 0", got)
	}
}
