package fakegithub

import (
	"fmt"
	"math/rand/v2"
	"time"
)

// WorldSpec describes a World for GenWorld. The presets FiftyRepos, OneHuge
// and ManyQuiet return the ones tests and benchmarks share.
type WorldSpec struct {
	// Owner owns every repository; "fake-org" when empty.
	Owner string

	// Repos is how many repositories to make, named repo-000, repo-001, ...
	Repos int

	// MinCommits and MaxCommits bound the commits each repository has in
	// [Since, Until]. Skewed makes most repositories small and a few large,
	// as in real organisations, instead of a uniform spread.
	MinCommits, MaxCommits int
	Skewed                 bool
	Since, Until           time.Time

	// Before and After bound the extra commits outside the window, older
	// than Since and newer than Until, so that since/until filtering matters.
	// A repository gets at least one older commit when Before > 0.
	Before, After int

	// StalePercent of the repositories have no commit in or after the
	// window: their history ends, and they were last pushed, before Since.
	StalePercent int

	// Branches adds a "develop" branch two commits ahead of the default
	// branch to every repository with history.
	Branches bool

	// Problems adds repositories answering 404 (missing), 409 (empty),
	// 451 (blocked), 403 (sso-protected) and a renamed one (old-name, now
	// repo-000), after the generated ones.
	Problems bool
}

// FiftyRepos is 50 repositories with 0–4,000 commits each in the window,
// most of them small, with history around it and a develop branch.
func FiftyRepos(since, until time.Time) WorldSpec {
	return WorldSpec{
		Repos: 50, MinCommits: 0, MaxCommits: 4000, Skewed: true,
		Since: since, Until: until, Before: 50, After: 10, Branches: true,
	}
}

// OneHuge is one repository with n commits in the window (benchmarks use
// 60,000) and a little history around it.
func OneHuge(n int, since, until time.Time) WorldSpec {
	return WorldSpec{
		Repos: 1, MinCommits: n, MaxCommits: n,
		Since: since, Until: until, Before: 100, After: 5,
	}
}

// ManyQuiet is 200 repositories with 0–3 commits each in the window, a
// third of which were last pushed long before it.
func ManyQuiet(since, until time.Time) WorldSpec {
	return WorldSpec{
		Repos: 200, MinCommits: 0, MaxCommits: 3,
		Since: since, Until: until, Before: 20, After: 2, StalePercent: 33,
	}
}

// GenWorld returns the world spec describes; the same seed gives the same
// world. Repository IDs are 100001, 100002, ... in order.
func GenWorld(seed int64, spec WorldSpec) *World {
	rng := rand.New(rand.NewPCG(uint64(seed), 0x6661_6b65_6769_7468))
	owner := spec.Owner
	if owner == "" {
		owner = "fake-org"
	}
	w := &World{}
	for i := range spec.Repos {
		r := genSpecRepo(rng, spec, owner, fmt.Sprintf("repo-%03d", i))
		r.ID = int64(100001 + i)
		w.Repos = append(w.Repos, r)
	}
	if spec.Problems {
		w.Repos = append(w.Repos, problemRepos(owner, spec.Repos > 0)...)
	}
	w.assignIDs()
	return w
}

// genSpecRepo makes one repository of a WorldSpec: history older than the
// window, the commits in it, and the newer ones, chained together.
func genSpecRepo(rng *rand.Rand, spec WorldSpec, owner, name string) *Repo {
	since, until := spec.Since.UTC(), spec.Until.UTC()
	span := until.Sub(since)
	if span <= 0 {
		span = 30 * 24 * time.Hour
	}
	stale := spec.StalePercent > 0 && rng.IntN(100) < spec.StalePercent

	// Decide the counts, then generate newest first and append older parts.
	in, after, before := 0, 0, 0
	if !stale {
		in = spec.MinCommits + spread(rng, spec.MaxCommits-spec.MinCommits, spec.Skewed)
		after = rng.IntN(spec.After + 1)
	}
	if spec.Before > 0 {
		before = 1 + rng.IntN(spec.Before)
	}
	oldEnd := since.Add(-time.Second)
	if stale {
		oldEnd = since.Add(-span - time.Duration(rng.IntN(365))*24*time.Hour)
	}
	cs := genCommits(rng, after, until.Add(time.Second), until.Add(span/4+time.Second), 0)
	cs = append(cs, genCommits(rng, in, since, until, after)...)
	cs = append(cs, genCommits(rng, before, oldEnd.Add(-2*span), oldEnd, after+in)...)
	chain(cs)

	r := &Repo{Owner: owner, Name: name, Commits: cs}
	if len(cs) > 0 {
		r.PushedAt = cs[0].CommitDate
	}
	if spec.Branches && len(cs) > 0 {
		r.Branches = map[string][]Commit{"develop": developBranch(rng, cs)}
		r.PushedAt = r.Branches["develop"][0].CommitDate
	}
	return r
}

// spread draws a count in [0, n], mostly small when skewed.
func spread(rng *rand.Rand, n int, skewed bool) int {
	if n <= 0 {
		return 0
	}
	if !skewed {
		return rng.IntN(n + 1)
	}
	u := rng.Float64()
	return int(float64(n) * u * u * u)
}

// developBranch returns two new commits on top of main's history.
func developBranch(rng *rand.Rand, main []Commit) []Commit {
	head := main[0].CommitDate
	top := genCommits(rng, 2, head.Add(time.Hour), head.Add(2*time.Hour), len(main)+1)
	top[0].Parents = []string{top[1].SHA}
	top[1].Parents = []string{main[0].SHA}
	return append(top, main...)
}

// problemRepos returns one repository for each error a fetcher must handle.
func problemRepos(owner string, haveTarget bool) []*Repo {
	rs := []*Repo{
		{Owner: owner, Name: "missing", Status: 404},
		{Owner: owner, Name: "empty", Status: 409},
		{Owner: owner, Name: "blocked", Status: 451},
		{Owner: owner, Name: "sso-protected", Status: 403},
	}
	if haveTarget {
		rs = append(rs, &Repo{Owner: owner, Name: "old-name", RenamedTo: owner + "/repo-000"})
	}
	return rs
}
