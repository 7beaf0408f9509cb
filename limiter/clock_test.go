package limiter_test

import (
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/hacktivity-fetch/hacktivity-fetch/limiter"
)

// jumpClock is a Clock whose timers fire at once, moving its time forward
// by what was asked, so that long waits take no real time and can be read
// back.
type jumpClock struct {
	mu     sync.Mutex
	now    time.Time
	waited time.Duration
}

func (c *jumpClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *jumpClock) After(d time.Duration) <-chan time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	c.waited += d
	ch := make(chan time.Time, 1)
	ch <- c.now
	return ch
}

func (c *jumpClock) total() time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.waited
}

// TestInjectedClock: waits run on the injected clock, and the wait for a
// reset is measured from the server's Date header even when the local clock
// is years off.
func TestInjectedClock(t *testing.T) {
	t.Parallel()
	const resetIn = 30 * time.Second
	tests := []struct {
		name        string
		first       func(w http.ResponseWriter)
		opts        limiter.Options
		wantAtLeast time.Duration
		wantAtMost  time.Duration
	}{{
		name: "quota spent until a reset half a minute away",
		first: func(w http.ResponseWriter) {
			now := time.Now()
			setQuota(w, 60, 0, now.Truncate(time.Second).Add(resetIn))
			w.Header().Set("Date", now.UTC().Format(http.TimeFormat))
			w.WriteHeader(http.StatusForbidden)
			w.Write([]byte(`{"message":"API rate limit exceeded for 127.0.0.1."}`))
		},
		wantAtLeast: resetIn,
		wantAtMost:  resetIn + 2*time.Second,
	}, {
		name: "an hour of backoff after a 503",
		first: func(w http.ResponseWriter) {
			w.WriteHeader(http.StatusServiceUnavailable)
		},
		opts:        limiter.Options{RetryDelay: time.Hour},
		wantAtLeast: 30 * time.Minute,
		wantAtMost:  90 * time.Minute,
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := newServer(t, func(w http.ResponseWriter, _ *http.Request, n int) {
				if n == 0 {
					tt.first(w)
					return
				}
				setQuota(w, 60, 59, time.Now().Add(time.Hour))
				w.Write([]byte(`{}`))
			})
			clock := &jumpClock{now: time.Date(2001, 1, 1, 0, 0, 0, 0, time.UTC)}
			o := tt.opts
			o.Clock = clock
			l := newLimiter(t, o)

			got, _, err := get(testContext(t, 5*time.Second), l, srv.URL+"/user")
			if err != nil || got != http.StatusOK {
				t.Fatalf("got %d, %v; want 200", got, err)
			}
			if n := len(srv.seen()); n != 2 {
				t.Errorf("got %d requests at the server, want 2", n)
			}
			if w := clock.total(); w < tt.wantAtLeast || w > tt.wantAtMost {
				t.Errorf("got %v waited on the clock, want %v to %v",
					w, tt.wantAtLeast, tt.wantAtMost)
			}
		})
	}
}
