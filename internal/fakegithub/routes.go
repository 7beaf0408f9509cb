package fakegithub

import (
	"net/http"
	"strconv"
	"strings"
)

// route dispatches a request to its endpoint. Paths are those of
// api.github.com, the apiPrefix already removed.
func (s *Server) route(c *call) *reply {
	if c.r.Method != http.MethodGet && c.r.Method != http.MethodHead {
		return notFound()
	}
	segs := strings.Split(strings.Trim(c.path, "/"), "/")
	switch {
	case len(segs) == 1 && segs[0] == "user":
		return s.user(c)
	case len(segs) == 1 && segs[0] == "rate_limit":
		return s.rateLimit()
	case len(segs) >= 2 && segs[0] == "repositories":
		return s.repoEndpoint(c, segs[2:], func() *Repo {
			id, err := strconv.ParseInt(segs[1], 10, 64)
			if err != nil {
				return nil
			}
			return s.world.RepoByID(id)
		})
	case len(segs) >= 3 && segs[0] == "repos":
		return s.repoEndpoint(c, segs[3:], func() *Repo {
			return s.world.Repo(segs[1] + "/" + segs[2])
		})
	}
	return notFound()
}

// repoEndpoint answers the endpoints under one repository; rest is the
// path after it.
func (s *Server) repoEndpoint(c *call, rest []string, find func() *Repo) *reply {
	r := find()
	if r == nil {
		return notFound()
	}
	if rep := s.repoStatus(c, r, rest); rep != nil {
		return rep
	}
	switch {
	case len(rest) == 0:
		return s.repo(c, r)
	case len(rest) == 1 && rest[0] == "commits":
		return s.listCommits(c, r)
	case len(rest) == 2 && rest[0] == "commits":
		return s.getCommit(c, r, rest[1])
	}
	return notFound()
}

// repoStatus returns the answer for a renamed, missing, blocked or
// SSO-protected repository, or nil for one that answers normally.
func (s *Server) repoStatus(c *call, r *Repo, rest []string) *reply {
	if r.RenamedTo != "" {
		to := s.world.Repo(r.RenamedTo)
		if to == nil {
			return notFound()
		}
		loc := c.apiBase() + "/repositories/" + strconv.FormatInt(to.ID, 10)
		if len(rest) > 0 {
			loc += "/" + strings.Join(rest, "/")
		}
		if c.r.URL.RawQuery != "" {
			loc += "?" + c.r.URL.RawQuery
		}
		rep := newReply(http.StatusMovedPermanently, marshal(errorJSON{
			Message: "Moved Permanently", URL: loc, DocumentationURL: docsRedirect,
			Status: "301",
		}))
		rep.header.Set("Location", loc)
		return rep
	}

	switch r.Status {
	case http.StatusNotFound:
		return notFound()
	case http.StatusUnavailableForLegalReasons:
		return errorReply(r.Status, "Repository access blocked", docsRoot)
	case http.StatusForbidden:
		rep := errorReply(r.Status, "Resource protected by organization SAML enforcement. "+
			"You must grant your Personal Access token access to this organization.", docsSAML)
		rep.header.Set("X-GitHub-SSO", "required")
		return rep
	}
	return nil
}

// emptyRepo is GitHub's answer for commits of a repository without any.
func emptyRepo(r *Repo) *reply {
	if r.Status == http.StatusConflict || len(r.Commits) == 0 {
		return errorReply(http.StatusConflict, "Git Repository is empty.", docsListCommits)
	}
	return nil
}
