package main

import (
	"fmt"
	"strings"
	"time"

	"github.com/hacktivity-fetch/hacktivity-fetch/internal/fakegithub"
)

// oracle is the set of commits a run over a world must write: World.Expected for the
// window, for every repository. It is read-only once built, so tallies may share it.
type oracle struct {
	want map[string]struct{} // commitKey of each commit
}

func newOracle(w *fakegithub.World, since, until time.Time) *oracle {
	o := &oracle{want: map[string]struct{}{}}
	for _, r := range w.Repos {
		for _, c := range w.Expected(r.FullName(), since, until, "") {
			o.want[commitKey(r.FullName(), c.SHA)] = struct{}{}
		}
	}
	return o
}

// commitKey names one commit of one repository; GitHub names ignore case.
func commitKey(repo, sha string) string {
	return strings.ToLower(repo) + " " + sha
}

// tally counts the commits one run wrote against an oracle. It is not safe for
// concurrent use.
type tally struct {
	o                                  *oracle
	seen                               map[string]struct{}
	lines, unexpected, duplicates, bad int
}

func (o *oracle) newTally() *tally {
	return &tally{o: o, seen: map[string]struct{}{}}
}

// add counts one written commit; an empty repo or sha is a line that named none.
func (t *tally) add(repo, sha string) {
	t.lines++
	if repo == "" || sha == "" {
		t.bad++
		return
	}
	k := commitKey(repo, sha)
	if _, ok := t.seen[k]; ok {
		t.duplicates++
		return
	}
	t.seen[k] = struct{}{}
	if _, ok := t.o.want[k]; !ok {
		t.unexpected++
	}
}

// verdict is "OK" when every commit of the window was written once and nothing else
// was, and says what differs otherwise.
func (t *tally) verdict() string {
	missing := len(t.o.want) - (len(t.seen) - t.unexpected)
	if missing == 0 && t.unexpected == 0 && t.duplicates == 0 && t.bad == 0 {
		return "OK"
	}
	return fmt.Sprintf("MISMATCH (%d missing, %d unexpected, %d twice, %d bad lines)",
		missing, t.unexpected, t.duplicates, t.bad)
}
