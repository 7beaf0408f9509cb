package fakegithub_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hacktivity-fetch/hacktivity-fetch/internal/fakegithub"
)

func TestFaultStatus(t *testing.T) {
	w := smallWorld()
	s := start(t, w, fakegithub.Options{})
	s.Inject(fakegithub.Fault{
		Path: "/commits", Times: 2, Status: http.StatusBadGateway,
		Header: http.Header{"X-Fault": {"yes"}},
	})
	commits := "/repos/" + w.Repos[0].FullName() + "/commits"

	// Requests elsewhere are untouched; matching ones fail Times times.
	want := []struct {
		path   string
		status int
	}{
		{"/user", 200}, {commits, 502}, {commits, 502}, {commits, 200},
	}
	for i, tt := range want {
		resp, _ := get(t, s, tt.path)
		if resp.StatusCode != tt.status {
			t.Errorf("request %d to %s: got status %d, want %d",
				i+1, tt.path, resp.StatusCode, tt.status)
		}
		if got := resp.Header.Get("X-Fault") == "yes"; got != (tt.status == 502) {
			t.Errorf("request %d: got X-Fault %v, want it only on the fault", i+1, got)
		}
	}
	if got := s.Stats().Counted; got != 2 {
		t.Errorf("got %d counted, want 2 (faults cost nothing)", got)
	}
}

func TestFaultBodyAndForever(t *testing.T) {
	s := start(t, smallWorld(), fakegithub.Options{})
	s.Inject(fakegithub.Fault{Times: -1, Status: http.StatusInternalServerError, Body: "oops"})
	for i := range 3 {
		resp, body := get(t, s, "/user")
		if resp.StatusCode != 500 || string(body) != "oops" {
			t.Errorf("request %d: got %d %q, want 500 oops", i+1, resp.StatusCode, body)
		}
	}
}

func TestFaultCloseConn(t *testing.T) {
	s := start(t, smallWorld(), fakegithub.Options{})
	s.Inject(fakegithub.Fault{Path: "/user", CloseConn: true})

	req, _ := http.NewRequest(http.MethodGet, s.URL()+"/user", nil)
	req.Header.Set("Authorization", "token "+token)
	resp, err := s.Client().Do(req)
	if err == nil {
		resp.Body.Close()
		t.Fatalf("got status %d, want a broken connection", resp.StatusCode)
	}
	if resp, _ := get(t, s, "/user"); resp.StatusCode != http.StatusOK {
		t.Errorf("after the fault: got status %d, want 200", resp.StatusCode)
	}
	if got := s.Stats().ByStatus[0]; got != 1 {
		t.Errorf("got %d unanswered requests, want 1", got)
	}
}

func TestFaultStallHonoursCancel(t *testing.T) {
	s := start(t, smallWorld(), fakegithub.Options{})
	s.Inject(fakegithub.Fault{Path: "/user", Stall: time.Hour, Status: 500})

	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, s.URL()+"/user", nil)
	req.Header.Set("Authorization", "token "+token)
	_, err := s.Client().Do(req)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("got error %v, want the client's deadline", err)
	}
	// Close must not wait the hour: the server notices the client left.
}

func TestFaultStallThenAnswer(t *testing.T) {
	s := start(t, smallWorld(), fakegithub.Options{})
	s.Inject(fakegithub.Fault{Path: "/user", Stall: 30 * time.Millisecond})
	began := time.Now()
	resp, _ := get(t, s, "/user")
	if resp.StatusCode != http.StatusOK {
		t.Errorf("got status %d, want 200 after the stall", resp.StatusCode)
	}
	if took := time.Since(began); took < 30*time.Millisecond {
		t.Errorf("answered after %v, want not before the 30ms stall", took)
	}
}

func TestSecondaryLimit(t *testing.T) {
	tests := []struct {
		name           string
		status         int
		withHeader     bool
		wantRetryAfter string
	}{
		{"403 with Retry-After", http.StatusForbidden, true, "60"},
		{"429 without header", http.StatusTooManyRequests, false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := start(t, smallWorld(), fakegithub.Options{})
			get(t, s, "/user")
			s.SecondaryLimit(tt.status, time.Minute, tt.withHeader)

			for i := range 3 {
				resp, body := get(t, s, "/user")
				if resp.StatusCode != tt.status {
					t.Errorf("request %d: got status %d, want %d", i+1, resp.StatusCode, tt.status)
				}
				if got := resp.Header.Get("Retry-After"); got != tt.wantRetryAfter && i == 0 {
					t.Errorf("got Retry-After %q, want %q", got, tt.wantRetryAfter)
				}
				msg := decode[struct{ Message string }](t, body).Message
				if !strings.HasPrefix(msg, "You have exceeded a secondary rate limit.") {
					t.Errorf("request %d: got message %q, want the secondary-limit one", i+1, msg)
				}
				// Clients tell it from the primary limit by remaining > 0.
				if got := resp.Header.Get("X-RateLimit-Remaining"); got != "4999" {
					t.Errorf("request %d: got remaining %q, want 4999", i+1, got)
				}
			}
			st := s.Stats()
			if st.Violations != 2 || st.Counted != 1 {
				t.Errorf("got %d violations, %d counted; want 2 (inside the pause) and 1",
					st.Violations, st.Counted)
			}
		})
	}
}

func TestSecondaryLimitPauseEnds(t *testing.T) {
	s := start(t, smallWorld(), fakegithub.Options{})
	s.SecondaryLimit(http.StatusTooManyRequests, 50*time.Millisecond, true)
	if resp, _ := get(t, s, "/user"); resp.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("got status %d, want 429", resp.StatusCode)
	}
	time.Sleep(60 * time.Millisecond)
	if resp, _ := get(t, s, "/user"); resp.StatusCode != http.StatusOK {
		t.Errorf("after the pause: got status %d, want 200", resp.StatusCode)
	}
	if got := s.Stats().Violations; got != 0 {
		t.Errorf("got %d violations, want 0 for a client that waited", got)
	}
}

func TestMaxConcurrent(t *testing.T) {
	s := start(t, smallWorld(), fakegithub.Options{MaxConcurrent: 2})
	// Hold requests in flight until the test lets them go.
	s.Inject(fakegithub.Fault{Path: "/user", Times: -1, Stall: time.Hour})

	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	for range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			req, _ := http.NewRequestWithContext(ctx, http.MethodGet, s.URL()+"/user", nil)
			req.Header.Set("Authorization", "token "+token)
			if resp, err := s.Client().Do(req); err == nil {
				resp.Body.Close()
			}
		}()
	}
	for deadline := time.Now().Add(10 * time.Second); s.Stats().MaxInFlight < 3; {
		if time.Now().After(deadline) {
			t.Fatalf("got %d requests in flight, want 3", s.Stats().MaxInFlight)
		}
		time.Sleep(5 * time.Millisecond)
	}
	cancel()
	wg.Wait()

	// The server notices cancelled clients on its own time; wait for all.
	for deadline := time.Now().Add(10 * time.Second); s.Stats().Requests < 3; {
		if time.Now().After(deadline) {
			t.Fatalf("got %d finished requests, want 3", s.Stats().Requests)
		}
		time.Sleep(5 * time.Millisecond)
	}
	if st := s.Stats(); st.Violations != 1 || st.MaxInFlight != 3 {
		t.Errorf("got %d violations, max in flight %d; want 1 and 3", st.Violations, st.MaxInFlight)
	}
	for _, r := range s.Log() {
		if r.Violation != (r.InFlightAtArrival >= 2) {
			t.Errorf("got violation %v for a request arriving with %d in flight",
				r.Violation, r.InFlightAtArrival)
		}
	}
}
