package fakegithub

import (
	"strings"
	"time"
)

// Commit is one commit of a fake repository.
type Commit struct {
	SHA     string
	Message string

	// AuthorLogin "" means the author e-mail is linked to no account, and the
	// top-level "author" of the commit object is null, as on GitHub.
	AuthorName, AuthorEmail, AuthorLogin          string
	CommitterName, CommitterEmail, CommitterLogin string

	// CommitDate is what since and until filter on. Both are rendered with
	// whole seconds, and filtering compares them truncated to the second.
	AuthorDate, CommitDate time.Time

	Parents []string
}

// Repo is one fake repository and the way it answers.
type Repo struct {
	Owner, Name string

	// ID is assigned by GenWorld or Start when zero.
	ID int64

	// DefaultBranch is "main" when empty.
	DefaultBranch string

	// Commits is the default branch history, newest CommitDate first.
	Commits []Commit

	// Branches holds optional other branches, ordered like Commits.
	Branches map[string][]Commit

	// Status is 0 for a normal repository, or the error every request about
	// it gets: 404 missing, 409 empty, 451 blocked, 403 SAML SSO enforcement.
	Status int

	// RenamedTo is "owner/name" of the repository this one was renamed to;
	// requests for the old name answer 301 to the new /repositories/ID URL.
	RenamedTo string

	PushedAt time.Time
}

// FullName returns "owner/name".
func (r *Repo) FullName() string { return r.Owner + "/" + r.Name }

func (r *Repo) defaultBranch() string {
	if r.DefaultBranch == "" {
		return "main"
	}
	return r.DefaultBranch
}

// World is the set of repositories a Server answers about. A Server only
// reads it: do not change a World while a Server started on it is running.
type World struct {
	Repos []*Repo
}

// Repo returns the repository named "owner/name", compared without case as
// GitHub does, or nil.
func (w *World) Repo(fullName string) *Repo {
	owner, name, ok := strings.Cut(fullName, "/")
	if !ok {
		return nil
	}
	for _, r := range w.Repos {
		if strings.EqualFold(r.Owner, owner) && strings.EqualFold(r.Name, name) {
			return r
		}
	}
	return nil
}

// RepoByID returns the repository with that ID, or nil.
func (w *World) RepoByID(id int64) *Repo {
	for _, r := range w.Repos {
		if r.ID == id {
			return r
		}
	}
	return nil
}

// Expected returns the commits GitHub would list for the default branch of
// repo ("owner/name") with these filters, newest first: since and until are
// inclusive bounds on CommitDate (zero means unbounded) and author is a login
// (without case) or the author e-mail ("" means any). A renamed repository
// lists its new one, as a client following the 301 sees. It returns nil for
// a repository that is unknown or answers with an error status.
func (w *World) Expected(repo string, since, until time.Time, author string) []Commit {
	r := w.Repo(repo)
	if r != nil && r.RenamedTo != "" {
		r = w.Repo(r.RenamedTo)
	}
	if r == nil || r.Status != 0 {
		return nil
	}
	f := filter{since: since, until: until, author: author}
	var out []Commit
	for i := range r.Commits {
		if f.match(&r.Commits[i]) {
			out = append(out, r.Commits[i])
		}
	}
	return out
}

// assignIDs gives every repository without an ID one that no other holds.
func (w *World) assignIDs() {
	next := int64(100000)
	for _, r := range w.Repos {
		next = max(next, r.ID+1)
	}
	for _, r := range w.Repos {
		if r.ID == 0 {
			r.ID = next
			next++
		}
	}
}

// filter is the since/until/author part of a list-commits query.
type filter struct {
	since, until time.Time
	author       string
}

func (f filter) isZero() bool {
	return f.since.IsZero() && f.until.IsZero() && f.author == ""
}

func (f filter) match(c *Commit) bool {
	d := c.CommitDate.Truncate(time.Second)
	if !f.since.IsZero() && d.Before(f.since) {
		return false
	}
	if !f.until.IsZero() && d.After(f.until) {
		return false
	}
	if f.author == "" {
		return true
	}

	// GitHub takes an e-mail address or a login in the same parameter.
	if strings.Contains(f.author, "@") {
		return strings.EqualFold(c.AuthorEmail, f.author)
	}
	return c.AuthorLogin != "" && strings.EqualFold(c.AuthorLogin, f.author)
}
