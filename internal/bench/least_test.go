package main

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/hacktivity-fetch/hacktivity-fetch/internal/fakegithub"
)

func TestLeastRequests(t *testing.T) {
	since := time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)
	until := time.Date(2026, 7, 31, 23, 59, 59, 0, time.UTC)
	rng := rand.New(rand.NewPCG(1, 2))
	inWindow := func(name string, n int) *fakegithub.Repo {
		return fakegithub.GenRepo(rng, "o", name, n, since, until)
	}
	// Pushed in June: nothing in the window, and the input can say so.
	stale := fakegithub.GenRepo(rng, "o", "stale", 5, since.AddDate(0, -1, 0),
		since.Add(-time.Hour))
	// Pushed in August: nothing in the window, but not stale.
	later := fakegithub.GenRepo(rng, "o", "later", 3, until.Add(time.Hour),
		until.AddDate(0, 0, 10))

	tests := []struct {
		name        string
		repos       []*fakegithub.Repo
		pushedKnown bool
		want        int
	}{
		{"one page", []*fakegithub.Repo{inWindow("a", 1)}, false, 1},
		{"exactly one full page", []*fakegithub.Repo{inWindow("a", 100)}, false, 1},
		{"one commit over a page", []*fakegithub.Repo{inWindow("a", 101)}, false, 2},
		{"pages add up", []*fakegithub.Repo{inWindow("a", 250), inWindow("b", 30)}, false, 4},
		{"newer commits only", []*fakegithub.Repo{later}, false, 1},
		{"stale from plain names", []*fakegithub.Repo{stale, inWindow("a", 5)}, false, 2},
		{"stale skipped with pushedAt", []*fakegithub.Repo{stale, inWindow("a", 5)}, true, 1},
		{"pushedAt keeps newer", []*fakegithub.Repo{later}, true, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := &fakegithub.World{Repos: tt.repos}
			if got := leastRequests(w, since, until, tt.pushedKnown); got != tt.want {
				t.Errorf("got %d requests, want %d", got, tt.want)
			}
		})
	}
}
