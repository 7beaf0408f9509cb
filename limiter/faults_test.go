package limiter_test

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/hacktivity-fetch/hacktivity-fetch/limiter"
)

// fault is how the test server answers one request.
type fault int

const (
	fine  fault = iota
	stall       // hang until the client gives up
	reset       // drop the connection without an answer
)

// faultyHandler answers the n-th request with plan[n] when it is an HTTP
// status or a fault, and normally once the plan runs out.
func faultyHandler(plan ...int) func(http.ResponseWriter, *http.Request, int) {
	return func(w http.ResponseWriter, r *http.Request, n int) {
		step := int(fine)
		if n < len(plan) {
			step = plan[n]
		}
		switch fault(step) {
		case fine:
			setQuota(w, 5000, 4000, time.Now().Add(time.Hour))
			w.Write([]byte(`[{"sha":"abc"}]`))
		case stall:
			<-r.Context().Done()
		case reset:
			conn, _, err := http.NewResponseController(w).Hijack()
			if err == nil {
				conn.Close()
			}
		default:
			w.WriteHeader(step)
			fmt.Fprintf(w, `{"message":"%s"}`, http.StatusText(step))
		}
	}
}

// transitions returns the circuit breaker state changes logged, as
// "from>to".
func transitions(t *testing.T, lg *logs) []string {
	var out []string
	for _, rec := range lg.lines(t, "circuit breaker") {
		out = append(out, fmt.Sprintf("%v>%v", rec["from"], rec["to"]))
	}
	return out
}

func TestTransientFaults(t *testing.T) {
	t.Parallel()
	const cooldown = 300 * time.Millisecond
	tests := []struct {
		name        string
		plan        []int
		attempts    int
		threshold   int
		wantStatus  int
		wantSends   int
		transitions string
		cooledDown  []int // arrivals that must come a cooldown after the one before
	}{{
		name:       "5xx burst and a stall open and close the breaker",
		plan:       []int{502, 503, 504, int(stall)},
		attempts:   6,
		threshold:  3,
		wantStatus: 200,
		wantSends:  5,
		transitions: "closed>open open>half-open half-open>open " +
			"open>half-open half-open>closed",
		cooledDown: []int{3, 4},
	}, {
		name:       "connection resets are retried",
		plan:       []int{int(reset), int(reset)},
		attempts:   5,
		threshold:  5,
		wantStatus: 200,
		wantSends:  3,
	}, {
		name:       "the last 503 is returned once attempts run out",
		plan:       []int{503, 503, 503, 503},
		attempts:   3,
		threshold:  10,
		wantStatus: 503,
		wantSends:  3,
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := newServer(t, faultyHandler(tt.plan...))
			var lg logs
			l := newLimiter(t, limiter.Options{
				RetryAttempts: tt.attempts, RetryDelay: 10 * time.Millisecond,
				Timeout: cooldown, BreakerThreshold: tt.threshold, BreakerCooldown: cooldown,
				Logger: lg.logger(),
			})

			status, body, err := get(testContext(t, 10*time.Second), l,
				srv.URL+"/repos/octo/cat/commits?page=2")
			if err != nil {
				t.Fatalf("get: %v", err)
			}
			wantBody := `[{"sha":"abc"}]`
			if tt.wantStatus != 200 {
				wantBody = fmt.Sprintf(`{"message":"%s"}`, http.StatusText(tt.wantStatus))
			}
			if status != tt.wantStatus || body != wantBody {
				t.Errorf("got %d %q, want %d %q", status, body, tt.wantStatus, wantBody)
			}
			seen := srv.seen()
			if len(seen) != tt.wantSends {
				t.Errorf("got %d requests at the server, want %d", len(seen), tt.wantSends)
			}
			if got := strings.Join(transitions(t, &lg), " "); got != tt.transitions {
				t.Errorf("got breaker transitions %q, want %q", got, tt.transitions)
			}
			for _, i := range tt.cooledDown {
				if i < len(seen) && seen[i].At.Sub(seen[i-1].At) < cooldown {
					t.Errorf("request %d came %v after the one before, want at least %v",
						i, seen[i].At.Sub(seen[i-1].At), cooldown)
				}
			}
			// Every resend after a fault is logged.
			if got, want := len(lg.lines(t, "retrying request")), int(l.Stats().Retries); got != want {
				t.Errorf("got %d retries logged, want %d", got, want)
			}
			for _, rec := range lg.lines(t, "circuit breaker") {
				want := srv.Listener.Addr().String() + " GET /repos/*/*/commits"
				if rec["endpoint"] != want {
					t.Errorf("got endpoint %q logged, want %q", rec["endpoint"], want)
				}
			}
		})
	}
}

// TestFaultsUnderLoad: many workers meet a burst of faults together; the
// breaker opens and closes again, and every request completes.
func TestFaultsUnderLoad(t *testing.T) {
	t.Parallel()
	// The burst starts once the budget is known and four requests may be in
	// flight at once.
	burst := []int{502, 503, 504, 502, 503, 504}
	srv := newServer(t, faultyHandler(append(make([]int, 10), burst...)...))
	var lg logs
	l := newLimiter(t, limiter.Options{
		MaxInFlight: 4, RetryAttempts: len(burst) + 2, RetryDelay: 10 * time.Millisecond,
		BreakerThreshold: 3, BreakerCooldown: 200 * time.Millisecond, Logger: lg.logger(),
	})

	const n = 40
	ok, err := runAll(testContext(t, 15*time.Second), l, srv.URL+"/repos/o/r/commits", 8, n)
	if err != nil || ok != n {
		t.Fatalf("got %d answers 200 and %v, want %d and no error", ok, err, n)
	}
	if got := len(srv.seen()); got != n+len(burst) {
		t.Errorf("got %d requests at the server, want %d", got, n+len(burst))
	}
	if got := l.Stats().Retries; got != int64(len(burst)) {
		t.Errorf("got %d retries, want %d", got, len(burst))
	}
	tr := transitions(t, &lg)
	if len(tr) < 3 || tr[0] != "closed>open" || tr[len(tr)-1] != "half-open>closed" {
		t.Errorf("got breaker transitions %v, want it opened and closed again", tr)
	}
}

// TestAnswersReturnedAsTheyAre: answers that are neither rate limits nor
// transient faults reach the caller untouched, after one request.
func TestAnswersReturnedAsTheyAre(t *testing.T) {
	t.Parallel()
	tests := []struct {
		status int
		header string
		body   string
	}{
		{status: 200, body: `[]`},
		{status: 301, header: "Location", body: ``},
		{status: 304, body: ``},
		{status: 401, body: `{"message":"Bad credentials"}`},
		{status: 403, header: "X-GitHub-SSO", body: `{"message":"Resource protected by ` +
			`organization SAML enforcement."}`},
		{status: 404, body: `{"message":"Not Found"}`},
		{status: 409, body: `{"message":"Git Repository is empty."}`},
		{status: 451, body: `{"message":"Repository access blocked"}`},
	}
	for _, tt := range tests {
		t.Run(http.StatusText(tt.status), func(t *testing.T) {
			t.Parallel()
			srv := newServer(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
				setQuota(w, 5000, 4000, time.Now().Add(time.Hour))
				if tt.header != "" {
					w.Header().Set(tt.header, "x")
				}
				w.WriteHeader(tt.status)
				w.Write([]byte(tt.body))
			})
			l := newLimiter(t, limiter.Options{BreakerThreshold: 1})

			// RoundTrip itself, so that the client follows no redirect.
			req, _ := http.NewRequest(http.MethodGet, srv.URL+"/repos/o/r/commits", nil)
			resp, err := l.RoundTrip(req)
			if err != nil {
				t.Fatalf("round trip: %v", err)
			}
			body := readAll(t, resp)
			if resp.StatusCode != tt.status || body != tt.body {
				t.Errorf("got %d %q, want %d %q", resp.StatusCode, body, tt.status, tt.body)
			}
			if tt.header != "" && resp.Header.Get(tt.header) != "x" {
				t.Errorf("got header %s %q, want %q", tt.header, resp.Header.Get(tt.header), "x")
			}
			if got := len(srv.seen()); got != 1 {
				t.Errorf("got %d requests at the server, want 1", got)
			}
			st := l.Stats()
			wantCounted, wantNotModified := int64(1), int64(0)
			if tt.status == 304 {
				wantCounted, wantNotModified = 0, 1
			}
			if st.Sent != 1 || st.Counted != wantCounted || st.NotModified != wantNotModified {
				t.Errorf("got stats %+v, want 1 sent, %d counted, %d not modified",
					st, wantCounted, wantNotModified)
			}
		})
	}
}

func readAll(t *testing.T, resp *http.Response) string {
	t.Helper()
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("read body: %v", err)
	}
	return string(b)
}
