package limiter_test

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/hacktivity-fetch/hacktivity-fetch/limiter"
)

// TestManyWorkers: many goroutines send at once. The server never sees more
// than MaxInFlight requests together, nor a second request before the first
// answer told the budget, and every request completes.
func TestManyWorkers(t *testing.T) {
	t.Parallel()
	const firstAnswer = 50 * time.Millisecond
	tests := []struct {
		workers, flight, requests int
	}{
		{workers: 32, flight: 4, requests: 320},
		{workers: 64, flight: 1, requests: 100},
		{workers: 3, flight: 8, requests: 60},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%d workers %d in flight", tt.workers, tt.flight), func(t *testing.T) {
			t.Parallel()
			srv := newServer(t, func(w http.ResponseWriter, _ *http.Request, n int) {
				if n == 0 {
					time.Sleep(firstAnswer)
				}
				time.Sleep(time.Millisecond) // let requests overlap
				setQuota(w, 5000, 4000-n, time.Now().Add(time.Hour))
				w.Write([]byte(`{}`))
			})
			l := newLimiter(t, limiter.Options{MaxInFlight: tt.flight})

			ok, err := runAll(testContext(t, 15*time.Second), l,
				srv.URL+"/repos/o/r/commits", tt.workers, tt.requests)
			if err != nil || ok != tt.requests {
				t.Fatalf("got %d answers 200 and %v, want %d and no error",
					ok, err, tt.requests)
			}
			if got := srv.maxInFlight(); got > tt.flight {
				t.Errorf("got %d requests in flight, want at most %d", got, tt.flight)
			}
			seen := srv.seen()
			if len(seen) != tt.requests {
				t.Fatalf("got %d requests at the server, want %d", len(seen), tt.requests)
			}
			if gap := seen[1].At.Sub(seen[0].At); gap < firstAnswer {
				t.Errorf("second request came %v after the first, want it after the "+
					"first answer (%v)", gap, firstAnswer)
			}
			st := l.Status()
			if len(st) != 1 || st[0].InFlight != 0 || st[0].Limit != 5000 ||
				st[0].Remaining != 4000-tt.requests+1 {
				t.Errorf("got status %+v, want core with %d of 5000 left, nothing in flight",
					st, 4000-tt.requests+1)
			}
			if sent := l.Stats().Sent; sent != int64(tt.requests) {
				t.Errorf("got %d sent, want %d", sent, tt.requests)
			}
		})
	}
}
