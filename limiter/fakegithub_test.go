package limiter_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/hacktivity-fetch/hacktivity-fetch/internal/fakegithub"
	"github.com/hacktivity-fetch/hacktivity-fetch/limiter"
)

const fakeToken = "limiter-test-token"

// authTransport adds the token, as the program's own transport under the
// limiter does.
type authTransport struct{ next http.RoundTripper }

func (a authTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	req = req.Clone(req.Context())
	req.Header.Set("Authorization", "token "+fakeToken)
	return a.next.RoundTrip(req)
}

// startFake serves one repository of n commits with the given quota and
// returns the server, a limiter in front of it and the commits to expect.
func startFake(t *testing.T, n int, fo fakegithub.Options, lo limiter.Options) (
	*fakegithub.Server, *limiter.Limiter, []fakegithub.Commit) {
	t.Helper()
	until := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
	rng := rand.New(rand.NewPCG(7, uint64(n)))
	world := &fakegithub.World{Repos: []*fakegithub.Repo{
		fakegithub.GenRepo(rng, "octo", "big", n, until.AddDate(-1, 0, 0), until),
	}}
	fo.Token = fakeToken
	srv := fakegithub.Start(world, fo)
	t.Cleanup(srv.Close)

	tr := srv.Client().Transport.(*http.Transport).Clone()
	l := limiter.New(authTransport{tr}, lo)
	t.Cleanup(func() {
		l.Close()
		tr.CloseIdleConnections()
	})
	return srv, l, world.Expected("octo/big", time.Time{}, time.Time{}, "")
}

// fetchPages gets every page of the repository's commits from workers
// goroutines and returns the SHAs seen, or the first failure.
func fetchPages(ctx context.Context, l *limiter.Limiter, base string, pages, perPage,
	workers int) (map[string]bool, error) {
	var (
		mu    sync.Mutex
		shas  = make(map[string]bool)
		first error
		wg    sync.WaitGroup
		jobs  = make(chan int)
	)
	for range workers {
		wg.Go(func() {
			for page := range jobs {
				url := fmt.Sprintf("%s/repos/octo/big/commits?per_page=%d&page=%d",
					base, perPage, page)
				got, err := fetchPage(ctx, l, url)
				mu.Lock()
				if err != nil && first == nil {
					first = fmt.Errorf("page %d: %w", page, err)
				}
				for _, sha := range got {
					shas[sha] = true
				}
				mu.Unlock()
			}
		})
	}
	for page := 1; page <= pages; page++ {
		jobs <- page
	}
	close(jobs)
	wg.Wait()
	return shas, first
}

func fetchPage(ctx context.Context, l *limiter.Limiter, url string) ([]string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	resp, err := (&http.Client{Transport: l}).Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("got status %d, want 200", resp.StatusCode)
	}
	var commits []struct{ SHA string }
	if err := json.NewDecoder(resp.Body).Decode(&commits); err != nil {
		return nil, fmt.Errorf("decode commits: %w", err)
	}
	shas := make([]string, len(commits))
	for i, c := range commits {
		shas[i] = c.SHA
	}
	return shas, nil
}

// checkAll fails the test unless shas holds exactly the commits expected.
func checkAll(t *testing.T, shas map[string]bool, want []fakegithub.Commit) {
	t.Helper()
	if len(shas) != len(want) {
		t.Errorf("got %d commits, want %d", len(shas), len(want))
	}
	for _, c := range want {
		if !shas[c.SHA] {
			t.Errorf("commit %s missing", c.SHA)
			return
		}
	}
}

// TestFakeGitHubQuota runs a workload three times the quota against the
// shared fake, which enforces GitHub's primary limit on the real clock.
func TestFakeGitHubQuota(t *testing.T) {
	t.Parallel()
	const (
		quota, buffer     = 200, 20
		pages, perPage    = 3 * quota, 1
		workers, inFlight = 16, 4
		window            = 2 * time.Second
	)
	var lg logs
	srv, l, want := startFake(t, pages*perPage,
		fakegithub.Options{RateLimit: quota, ResetEvery: window},
		limiter.Options{Buffer: buffer, MaxInFlight: inFlight, Logger: lg.logger()})

	shas, err := fetchPages(testContext(t, 25*time.Second), l, srv.URL(), pages, perPage,
		workers)
	if err != nil {
		t.Fatalf("fetch: %v", err)
	}
	checkAll(t, shas, want)

	st := srv.Stats()
	t.Logf("fake counts: %+v; limiter: %+v", st, l.Stats())
	if st.Violations != 0 || st.RateLimited != 0 {
		t.Errorf("got %d violations and %d rate-limited answers, want 0",
			st.Violations, st.RateLimited)
	}
	if st.MinRemaining < buffer {
		t.Errorf("got remaining down to %d, want at least the buffer %d",
			st.MinRemaining, buffer)
	}
	if st.Counted != pages {
		t.Errorf("got %d requests counted, want one per page: %d", st.Counted, pages)
	}
	if st.MaxInFlight > inFlight {
		t.Errorf("got %d requests in flight, want at most %d", st.MaxInFlight, inFlight)
	}
	if len(lg.lines(t, "waiting for rate limit")) == 0 {
		t.Errorf("got no wait logged, want one per spent window")
	}
}

// TestFakeGitHubTrouble meets a secondary limit first, then transient faults
// while workers run; every commit still arrives and the fake sees no
// request inside the pause.
func TestFakeGitHubTrouble(t *testing.T) {
	t.Parallel()
	const pages, perPage = 60, 10
	var lg logs
	srv, l, want := startFake(t, pages*perPage, fakegithub.Options{},
		limiter.Options{
			MaxInFlight: 4, RetryAttempts: 8, RetryDelay: 10 * time.Millisecond,
			Timeout: 300 * time.Millisecond, BreakerThreshold: 3,
			BreakerCooldown: 200 * time.Millisecond, MinSecondaryPause: time.Second,
			Logger: lg.logger(),
		})

	// The secondary limit meets the first request, alone in flight until the
	// budget is known, so no other request can be on its way to the pause.
	srv.SecondaryLimit(http.StatusForbidden, time.Second, false)
	for _, status := range []int{502, 503, 504, 502, 503, 504} {
		srv.Inject(fakegithub.Fault{Path: "/commits", Status: status})
	}
	srv.Inject(fakegithub.Fault{Path: "/commits", Stall: time.Minute})
	srv.Inject(fakegithub.Fault{Path: "/commits", CloseConn: true})

	shas, err := fetchPages(testContext(t, 20*time.Second), l, srv.URL(), pages, perPage, 8)
	if err != nil {
		t.Fatalf("fetch: %v", err)
	}
	checkAll(t, shas, want)

	st := srv.Stats()
	t.Logf("fake counts: %+v; limiter: %+v", st, l.Stats())
	if st.Violations != 0 {
		t.Errorf("got %d violations, want 0", st.Violations)
	}
	for _, status := range []int{502, 503, 504} {
		if st.ByStatus[status] != 2 {
			t.Errorf("got %d answers %d, want the 2 injected", st.ByStatus[status], status)
		}
	}
	if got := len(lg.lines(t, "paused by secondary rate limit")); got != 1 {
		t.Errorf("got %d secondary pauses logged, want 1", got)
	}
}
