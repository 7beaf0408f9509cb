package fakegithub_test

import (
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/hacktivity-fetch/hacktivity-fetch/internal/fakegithub"
)

var sha40 = regexp.MustCompile(`^[0-9a-f]{40}$`)

func TestGenRepo(t *testing.T) {
	const n = 5000
	r := fakegithub.GenRepo(newRand(1), "o", "r", n, since, until)
	if len(r.Commits) != n {
		t.Fatalf("got %d commits, want %d", len(r.Commits), n)
	}

	seen := map[string]bool{}
	var nullAuthors, octocat, multiLine, nonASCII int
	for i, c := range r.Commits {
		if !sha40.MatchString(c.SHA) || seen[c.SHA] {
			t.Fatalf("commit %d: SHA %q is not a new 40-hex SHA", i, c.SHA)
		}
		seen[c.SHA] = true
		if c.CommitDate.Before(since) || c.CommitDate.After(until) ||
			c.CommitDate.Nanosecond() != 0 {
			t.Errorf("commit %d: date %v outside the window or not whole seconds", i, c.CommitDate)
		}
		if i > 0 && c.CommitDate.After(r.Commits[i-1].CommitDate) {
			t.Errorf("commit %d is newer than the one before it", i)
		}
		if i+1 < n && !slices.Equal(c.Parents, []string{r.Commits[i+1].SHA}) {
			t.Errorf("commit %d: got parents %v, want the next commit", i, c.Parents)
		}
		if c.AuthorLogin == "" {
			nullAuthors++
		}
		if c.AuthorLogin == "octocat" {
			octocat++
		}
		if strings.Contains(c.Message, "\n") {
			multiLine++
		}
		if utf8.RuneCountInString(c.Message) != len(c.Message) {
			nonASCII++
		}
	}
	if nullAuthors < n/10 || nullAuthors > n*3/10 {
		t.Errorf("got %d null authors in %d, want about one in five", nullAuthors, n)
	}
	if octocat == 0 || multiLine == 0 || nonASCII == 0 {
		t.Errorf("got %d by octocat, %d multi-line, %d non-ASCII; want some of each",
			octocat, multiLine, nonASCII)
	}
}

func TestGenWorldIsDeterministic(t *testing.T) {
	a := fakegithub.GenWorld(42, fakegithub.FiftyRepos(since, until))
	b := fakegithub.GenWorld(42, fakegithub.FiftyRepos(since, until))
	c := fakegithub.GenWorld(43, fakegithub.FiftyRepos(since, until))
	if len(a.Repos) != 50 {
		t.Fatalf("got %d repositories, want 50", len(a.Repos))
	}
	same, differ := true, false
	for i := range a.Repos {
		same = same && slices.Equal(shasOf(a.Repos[i].Commits), shasOf(b.Repos[i].Commits))
		differ = differ || !slices.Equal(shasOf(a.Repos[i].Commits), shasOf(c.Repos[i].Commits))
	}
	if !same || !differ {
		t.Errorf("got same seed equal: %v, other seed different: %v; want both", same, differ)
	}
}

func TestPresets(t *testing.T) {
	tests := []struct {
		name        string
		spec        fakegithub.WorldSpec
		repos       int
		minIn       int
		maxIn       int
		wantQuiet   bool // some repositories pushed before the window
		wantOutside bool
	}{
		{"FiftyRepos", fakegithub.FiftyRepos(since, until), 50, 0, 4000, false, true},
		{"OneHuge", fakegithub.OneHuge(60000, since, until), 1, 60000, 60000, false, true},
		{"ManyQuiet", fakegithub.ManyQuiet(since, until), 200, 0, 3, true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := fakegithub.GenWorld(1, tt.spec)
			if len(w.Repos) != tt.repos {
				t.Fatalf("got %d repositories, want %d", len(w.Repos), tt.repos)
			}
			quiet, outside := false, false
			for _, r := range w.Repos {
				in := len(w.Expected(r.FullName(), since, until, ""))
				if in < tt.minIn || in > tt.maxIn {
					t.Errorf("%s: got %d commits in the window, want %d–%d",
						r.FullName(), in, tt.minIn, tt.maxIn)
				}
				outside = outside || len(r.Commits) > in
				quiet = quiet || r.PushedAt.Before(since.Add(-24*time.Hour))
			}
			if quiet != tt.wantQuiet || outside != tt.wantOutside {
				t.Errorf("got stale repositories %v, commits outside %v; want %v, %v",
					quiet, outside, tt.wantQuiet, tt.wantOutside)
			}
		})
	}
}

func BenchmarkGenRepo60000(b *testing.B) {
	for b.Loop() {
		fakegithub.GenRepo(newRand(1), "o", "r", 60000, since, until)
	}
}
