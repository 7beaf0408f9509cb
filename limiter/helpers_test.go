package limiter_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/hacktivity-fetch/hacktivity-fetch/limiter"
)

// arrival is one request as the test server saw it.
type arrival struct {
	At       time.Time
	Path     string
	InFlight int // requests being handled when it arrived, itself included
}

// server is a loopback GitHub stand-in that records what arrives. handle
// answers the n-th request (0-based).
type server struct {
	*httptest.Server
	handle func(w http.ResponseWriter, r *http.Request, n int)

	mu       sync.Mutex
	arrivals []arrival
	inFlight int
	maxSeen  int
	finished []int // arrival numbers in the order their handlers returned
}

func newServer(t *testing.T, handle func(http.ResponseWriter, *http.Request, int)) *server {
	t.Helper()
	s := &server{handle: handle}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

func (s *server) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	n := len(s.arrivals)
	s.inFlight++
	s.maxSeen = max(s.maxSeen, s.inFlight)
	s.arrivals = append(s.arrivals,
		arrival{At: time.Now(), Path: r.URL.Path, InFlight: s.inFlight})
	s.mu.Unlock()

	s.handle(w, r, n)

	s.mu.Lock()
	s.inFlight--
	s.finished = append(s.finished, n)
	s.mu.Unlock()
}

func (s *server) seen() []arrival {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]arrival(nil), s.arrivals...)
}

func (s *server) maxInFlight() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.maxSeen
}

// newLimiter returns a Limiter over a transport of its own, and closes both
// when the test ends so that no connection goroutine is left behind.
func newLimiter(t *testing.T, o limiter.Options) *limiter.Limiter {
	t.Helper()
	return newLimiterOver(t, &http.Transport{MaxIdleConnsPerHost: 64}, o)
}

// newLimiterOver is newLimiter over a given transport, which it owns.
func newLimiterOver(t *testing.T, tr *http.Transport, o limiter.Options) *limiter.Limiter {
	t.Helper()
	l := limiter.New(tr, o)
	t.Cleanup(func() {
		l.Close()
		tr.CloseIdleConnections()
	})
	return l
}

// get sends GET base+path through l and returns the status and body.
func get(ctx context.Context, l http.RoundTripper, url string) (int, string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return 0, "", err
	}
	resp, err := (&http.Client{Transport: l}).Do(req)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), err
}

// runAll makes n GET requests from workers goroutines and returns how many
// answered 200 and the first error met.
func runAll(ctx context.Context, l http.RoundTripper, url string, workers, n int) (int, error) {
	jobs := make(chan int)
	var (
		mu    sync.Mutex
		ok    int
		first error
		wg    sync.WaitGroup
	)
	for range workers {
		wg.Go(func() {
			for range jobs {
				status, _, err := get(ctx, l, url)
				mu.Lock()
				switch {
				case err != nil && first == nil:
					first = err
				case err == nil && status != http.StatusOK && first == nil:
					first = fmt.Errorf("got status %d, want 200", status)
				case err == nil && status == http.StatusOK:
					ok++
				}
				mu.Unlock()
			}
		})
	}
	for i := range n {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	return ok, first
}

// setQuota writes GitHub's rate-limit headers.
func setQuota(w http.ResponseWriter, limit, remaining int, reset time.Time) {
	h := w.Header()
	h.Set("X-RateLimit-Limit", strconv.Itoa(limit))
	h.Set("X-RateLimit-Remaining", strconv.Itoa(remaining))
	h.Set("X-RateLimit-Used", strconv.Itoa(limit-remaining))
	h.Set("X-RateLimit-Reset", strconv.FormatInt(reset.Unix(), 10))
	h.Set("X-RateLimit-Resource", "core")
}

// secondaryBody is GitHub's answer to a secondary rate limit.
const secondaryBody = `{"message":"You have exceeded a secondary rate limit. Please wait a ` +
	`few minutes before you try again.","documentation_url":"https://docs.github.com/` +
	`rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits"}`

// logs collects a Limiter's log lines as JSON, safe for concurrent use.
type logs struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (lg *logs) Write(p []byte) (int, error) {
	lg.mu.Lock()
	defer lg.mu.Unlock()
	return lg.buf.Write(p)
}

func (lg *logs) logger() *slog.Logger {
	return slog.New(slog.NewJSONHandler(lg, &slog.HandlerOptions{Level: slog.LevelInfo}))
}

// lines returns the records whose msg is msg.
func (lg *logs) lines(t *testing.T, msg string) []map[string]any {
	t.Helper()
	lg.mu.Lock()
	defer lg.mu.Unlock()
	var out []map[string]any
	dec := json.NewDecoder(bytes.NewReader(lg.buf.Bytes()))
	for dec.More() {
		var rec map[string]any
		if err := dec.Decode(&rec); err != nil {
			t.Fatalf("decode log: %v", err)
		}
		if rec["msg"] == msg {
			out = append(out, rec)
		}
	}
	return out
}

// testContext is a context that ends well before the test's deadline, so a
// limiter that waits too long fails with a message instead of a panic.
func testContext(t *testing.T, d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	t.Cleanup(cancel)
	return ctx
}
