package main

import (
	"cmp"
	"slices"
	"time"

	"github.com/hacktivity-fetch/hacktivity-fetch/internal/fakegithub"
)

// measurement is what one run of one configuration did.
type measurement struct {
	wall    time.Duration
	stats   fakegithub.Stats // what the fake saw during the run
	commits int              // lines written
	check   string           // the tally's verdict, or why the run failed
	rssKiB  int64            // peak resident set of the process, the largest of several
	failed  bool             // the process failed or was stopped; check says how
	capped  bool             // stopped by -peer-timeout, as asked: no fault of anyone's
}

// ok reports whether the run finished and wrote exactly the window's commits.
func (m measurement) ok() bool { return !m.failed && m.check == "OK" }

// failedRun is a run that could not start.
func failedRun(err error) measurement {
	return measurement{failed: true, check: "FAILED: " + err.Error()}
}

// median returns the run with the median wall time (the lower one of the middle two
// for an even count), so every figure of a row comes from one real run. A failed run
// is returned instead when there is one, so that no failure hides behind the others.
func median(ms []measurement) measurement {
	for _, m := range ms {
		if m.failed {
			return m
		}
	}
	sorted := slices.Clone(ms)
	slices.SortStableFunc(sorted, func(a, b measurement) int {
		return cmp.Compare(a.wall, b.wall)
	})
	return sorted[(len(sorted)-1)/2]
}
