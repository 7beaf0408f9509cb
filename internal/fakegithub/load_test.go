package fakegithub_test

import (
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/hacktivity-fetch/hacktivity-fetch/internal/fakegithub"
)

// TestConcurrentWalks lists several repositories with several filters at
// once, sharing the quota and the cache, and checks every walk and the
// quota bookkeeping.
func TestConcurrentWalks(t *testing.T) {
	w := fakegithub.GenWorld(5, fakegithub.WorldSpec{
		Repos: 4, MinCommits: 100, MaxCommits: 300, Since: since, Until: until, Before: 20,
	})
	s := start(t, w, fakegithub.Options{})
	mid := time.Date(2023, 6, 1, 0, 0, 0, 0, time.UTC)

	// Parallel subtests of one group all finish before the group returns.
	var mu sync.Mutex
	pages := 0
	t.Run("walks", func(t *testing.T) {
		for _, r := range w.Repos {
			for _, from := range []time.Time{since, mid} {
				q := fmt.Sprintf("?per_page=25&since=%s", from.Format(time.RFC3339))
				t.Run(r.FullName()+q, func(t *testing.T) {
					t.Parallel()
					got, n := walk(t, s, "/repos/"+r.FullName()+"/commits"+q)
					want := shasOf(w.Expected(r.FullName(), from, time.Time{}, ""))
					if !slices.Equal(got, want) {
						t.Errorf("got %d SHAs, want %d", len(got), len(want))
					}
					mu.Lock()
					pages += n
					mu.Unlock()
				})
			}
		}
	})
	st := s.Stats()
	if st.Counted != pages || st.MinRemaining != 5000-pages {
		t.Errorf("got counted %d, min remaining %d; want %d and %d",
			st.Counted, st.MinRemaining, pages, 5000-pages)
	}
}

func TestLatencyIsAdded(t *testing.T) {
	s := start(t, smallWorld(), fakegithub.Options{Latency: 20 * time.Millisecond})
	began := time.Now()
	get(t, s, "/user")
	if took := time.Since(began); took < 20*time.Millisecond {
		t.Errorf("answered after %v, want not before the 20ms latency", took)
	}
	if log := s.Log(); len(log) != 1 || log[0].Time.Before(began) {
		t.Errorf("got log %+v, want one request arriving after %v", log, began)
	}
}

func TestExpectedFollowsRename(t *testing.T) {
	w := smallWorld()
	got := shasOf(w.Expected("fake-org/old-name", since, until, ""))
	want := shasOf(w.Expected("fake-org/repo-000", since, until, ""))
	if len(want) == 0 || !slices.Equal(got, want) {
		t.Errorf("got %d commits for the old name, want the %d of the new one", len(got), len(want))
	}
}

// BenchmarkHugePage fetches a deep page of a filtered 60,000-commit list.
func BenchmarkHugePage(b *testing.B) {
	w := fakegithub.GenWorld(1, fakegithub.OneHuge(60000, since, until))
	s := fakegithub.Start(w, fakegithub.Options{RateLimit: 1 << 30})
	defer s.Close()
	path := "/repos/fake-org/repo-000/commits?per_page=100&page=500&since=" +
		since.Format(time.RFC3339)
	for b.Loop() {
		get(b, s, path)
	}
}
