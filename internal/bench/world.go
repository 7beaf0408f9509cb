package main

import (
	"bytes"
	"fmt"
	"time"

	"github.com/hacktivity-fetch/hacktivity-fetch/internal/fakegithub"
)

// The window every world is generated for and every run asks about: a closed quarter,
// so that a second run may be answered from what the first one stored.
var (
	windowSince = time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)
	windowUntil = time.Date(2026, 9, 30, 23, 59, 59, 0, time.UTC)
)

// worldSpecs are the worlds -world can name. The first three are the issue's; 100k is
// the memory row's; tiny keeps the test quick.
var worldSpecs = map[string]func(since, until time.Time) fakegithub.WorldSpec{
	"fifty": fakegithub.FiftyRepos,
	"huge": func(since, until time.Time) fakegithub.WorldSpec {
		return fakegithub.OneHuge(60000, since, until)
	},
	"quiet": fakegithub.ManyQuiet,
	"100k": func(since, until time.Time) fakegithub.WorldSpec {
		return fakegithub.OneHuge(100000, since, until)
	},
	"tiny": func(since, until time.Time) fakegithub.WorldSpec {
		return fakegithub.WorldSpec{
			Repos: 4, MinCommits: 0, MaxCommits: 250, Since: since, Until: until,
			Before: 5, After: 2, StalePercent: 25,
		}
	},
}

// defaultConfigs are the configurations a world runs when -configs is not given. Only
// a world with stale repositories gets the pushedAt input, and the 100,000-commit world
// is there for its memory.
var defaultConfigs = map[string][]string{
	"fifty": {cfgNoParallel, cfgJ4, cfgJ10, cfgPeer, cfgCheckpoint},
	"huge":  {cfgNoParallel, cfgJ4, cfgJ10, cfgPeer, cfgCheckpoint},
	"quiet": {cfgNoParallel, cfgJ4, cfgJ10, cfgPeer, cfgPushed, cfgCheckpoint},
	"100k":  {cfgCheckpoint},
	"tiny":  {cfgNoParallel, cfgJ4, cfgPushed, cfgCheckpoint},
}

// world is one generated world with what every run of it is checked against.
type world struct {
	name   string
	w      *fakegithub.World
	oracle *oracle
	repos  []string // "owner/name" in world order

	// least and leastPushed are the fewest requests for the window from plain names
	// and from input that says when each repository was last pushed.
	least, leastPushed int
}

func newWorld(name string, seed int64) *world {
	gw := fakegithub.GenWorld(seed, worldSpecs[name](windowSince, windowUntil))
	wd := &world{
		name:        name,
		w:           gw,
		oracle:      newOracle(gw, windowSince, windowUntil),
		least:       leastRequests(gw, windowSince, windowUntil, false),
		leastPushed: leastRequests(gw, windowSince, windowUntil, true),
	}
	for _, r := range gw.Repos {
		wd.repos = append(wd.repos, r.FullName())
	}
	return wd
}

// names is the input as plain owner/name lines.
func (wd *world) names() []byte {
	var b bytes.Buffer
	for _, r := range wd.repos {
		b.WriteString(r + "\n")
	}
	return b.Bytes()
}

// ghRepoList is the input as `gh repo list` prints it: name, description, visibility
// and when the repository was last pushed, tab-separated.
func (wd *world) ghRepoList() []byte {
	var b bytes.Buffer
	for _, r := range wd.w.Repos {
		fmt.Fprintf(&b, "%s\t%s\tpublic\t%s\n", r.FullName(), "a generated repository",
			r.PushedAt.UTC().Format(time.RFC3339))
	}
	return b.Bytes()
}

// stale counts the repositories last pushed before the window.
func (wd *world) stale() int {
	n := 0
	for _, r := range wd.w.Repos {
		if isStale(r, windowSince) {
			n++
		}
	}
	return n
}
