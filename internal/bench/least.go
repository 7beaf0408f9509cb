package main

import (
	"time"

	"github.com/hacktivity-fetch/hacktivity-fetch/internal/fakegithub"
)

// pageSize is GitHub's largest page of commits.
const pageSize = 100

// leastRequests is the fewest requests that list every commit of [since, until] in w:
// a repository with n commits in the window needs ceil(n/100) pages, one without any
// still needs one request to learn that, and when the input says when each repository
// was last pushed (pushedKnown), one last pushed before since needs none.
func leastRequests(w *fakegithub.World, since, until time.Time, pushedKnown bool) int {
	total := 0
	for _, r := range w.Repos {
		if pushedKnown && isStale(r, since) {
			continue
		}
		n := len(w.Expected(r.FullName(), since, until, ""))
		total += max(1, (n+pageSize-1)/pageSize)
	}
	return total
}

// isStale reports whether r was last pushed before since, so that it cannot hold a
// commit of the window.
func isStale(r *fakegithub.Repo, since time.Time) bool {
	return !r.PushedAt.IsZero() && r.PushedAt.Before(since)
}
