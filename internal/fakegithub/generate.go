package fakegithub

import (
	"crypto/sha1"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"slices"
	"time"
)

// person is one author the generators pick from.
type person struct{ name, email, login string }

// octocat authors a few commits so that tests can filter on a known login.
var octocat = person{"Mona Lisa Octocat", "octocat@github.com", "octocat"}

var people = []person{
	{"Zoë Kowalski", "zoe@example.com", "zoek"},
	{"José Álvarez", "jose@example.org", "jalvarez"},
	{"Wei Zhang", "wei.zhang@example.net", "weizhang"},
	{"Priya Natarajan", "priya@example.com", "priyan"},
	{"Ola Nordmann", "ola@example.no", "olanord"},
	{"Sam Taylor", "sam@example.com", "samt"},
}

// webFlow is who GitHub records as committer for merges made in the web UI.
var webFlow = person{"GitHub", "noreply@github.com", "web-flow"}

// messages hold one %d each; some are multi-line, non-ASCII or full of
// characters that JSON encoders like to escape.
var messages = []string{
	"Update dependency %d",
	"Fix naïve café ✓ (%d)\n\nBody line explaining the fix.",
	"Refactor module %d for clarity",
	"Merge pull request #%d from fork/feature\n\nImprove the docs",
	"文档: 更新说明 %d",
	"Handle <html> & \"quotes\" in input %d",
	"Bump version to 1.%d.0\n\n\nSigned-off-by: Sam Taylor <sam@example.com>",
}

// GenRepo returns a repository named owner/name whose default branch holds
// n commits with CommitDate spread over [since, until] (whole seconds),
// newest first, with unique 40-hex SHAs and parents chaining them. About one
// commit in five has a null author (AuthorLogin ""), a few are authored by
// "octocat", and messages mix multi-line and non-ASCII text. The same rng
// state gives the same repository.
func GenRepo(rng *rand.Rand, owner, name string, n int, since, until time.Time) *Repo {
	r := &Repo{Owner: owner, Name: name}
	r.Commits = genCommits(rng, n, since, until, 0)
	chain(r.Commits)
	if len(r.Commits) > 0 {
		r.PushedAt = r.Commits[0].CommitDate
	}
	return r
}

// genCommits makes n commits dated in [from, to], newest first, without
// parents. first numbers the commits so that SHAs differ across calls.
func genCommits(rng *rand.Rand, n int, from, to time.Time, first int) []Commit {
	if n <= 0 {
		return nil
	}
	from, to = from.UTC().Truncate(time.Second), to.UTC().Truncate(time.Second)
	span := max(int64(to.Sub(from)/time.Second), 0)

	// Draw the dates first so that sorting them gives the history order.
	secs := make([]int64, n)
	for i := range secs {
		secs[i] = rng.Int64N(span + 1)
	}
	slices.Sort(secs)
	slices.Reverse(secs)

	salt := rng.Uint64()
	out := make([]Commit, n)
	for i := range out {
		out[i] = genCommit(rng, salt, first+i, from.Add(time.Duration(secs[i])*time.Second))
	}
	return out
}

// genCommit makes commit number i of a history, committed at date.
func genCommit(rng *rand.Rand, salt uint64, i int, date time.Time) Commit {
	var seed [16]byte
	binary.LittleEndian.PutUint64(seed[:8], salt)
	binary.LittleEndian.PutUint64(seed[8:], uint64(i))
	sum := sha1.Sum(seed[:])

	author := people[rng.IntN(len(people))]
	if rng.IntN(20) == 0 {
		author = octocat
	}
	login := author.login
	if rng.IntN(5) == 0 {
		login = "" // e-mail linked to no account: "author": null
	}
	c := Commit{
		SHA:         hex.EncodeToString(sum[:]),
		Message:     fmt.Sprintf(messages[rng.IntN(len(messages))], i),
		AuthorName:  author.name,
		AuthorEmail: author.email,
		AuthorLogin: login,
		AuthorDate:  date,
		CommitDate:  date,
	}
	if rng.IntN(4) == 0 {
		c.AuthorDate = date.Add(-time.Duration(rng.IntN(72*3600)) * time.Second)
	}
	c.CommitterName, c.CommitterEmail, c.CommitterLogin = author.name, author.email, login
	if rng.IntN(6) == 0 {
		c.CommitterName, c.CommitterEmail, c.CommitterLogin =
			webFlow.name, webFlow.email, webFlow.login
	}
	return c
}

// chain makes every commit the child of the next (older) one.
func chain(cs []Commit) {
	for i := range cs {
		cs[i].Parents = nil
		if i+1 < len(cs) {
			cs[i].Parents = []string{cs[i+1].SHA}
		}
	}
}
