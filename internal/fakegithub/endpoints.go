package fakegithub

import (
	"net/http"
	"strconv"
	"time"
)

// user answers GET /user with the authenticated user, always ID 1.
func (s *Server) user(c *call) *reply {
	rd := renderer{api: c.apiBase(), html: c.origin}
	u := rd.user(s.opts.Login, "User")
	u.ID = 1
	u.NodeID = nodeID("04:User1")
	u.AvatarURL = "https://avatars.githubusercontent.com/u/1?v=4"
	rep := newReply(http.StatusOK, marshal(struct {
		*userJSON
		Name      string `json:"name"`
		CreatedAt string `json:"created_at"`
	}{u, "Fake User", "2008-01-14T04:33:35Z"}))
	rep.cached = true
	return rep
}

// rateLimitJSON is one resource of GET /rate_limit.
type rateLimitJSON struct {
	Limit     int    `json:"limit"`
	Used      int    `json:"used"`
	Remaining int    `json:"remaining"`
	Reset     int64  `json:"reset"`
	Resource  string `json:"resource"`
}

// rateLimit answers GET /rate_limit, which GitHub does not charge.
func (s *Server) rateLimit() *reply {
	if s.opts.NoRateHeaders {
		return errorReply(http.StatusNotFound, "Rate limiting is not enabled.", docsRoot)
	}
	s.mu.Lock()
	s.quota.refresh(time.Now())
	q := s.quota
	s.mu.Unlock()

	core := rateLimitJSON{
		Limit: q.limit, Used: q.limit - q.remaining, Remaining: q.remaining,
		Reset: q.resetUnix(), Resource: "core",
	}
	other := func(name string, limit int) rateLimitJSON {
		return rateLimitJSON{Limit: limit, Remaining: limit, Reset: q.resetUnix(), Resource: name}
	}
	var body struct {
		Resources map[string]rateLimitJSON `json:"resources"`
		Rate      rateLimitJSON            `json:"rate"`
	}
	body.Resources = map[string]rateLimitJSON{
		"core": core, "search": other("search", 30), "graphql": other("graphql", 5000),
	}
	body.Rate = core
	rep := newReply(http.StatusOK, marshal(body))
	rep.free = true
	return rep
}

// repoJSON is the part of GitHub's repository object a fetcher looks at.
type repoJSON struct {
	ID            int64     `json:"id"`
	NodeID        string    `json:"node_id"`
	Name          string    `json:"name"`
	FullName      string    `json:"full_name"`
	Private       bool      `json:"private"`
	Owner         *userJSON `json:"owner"`
	HTMLURL       string    `json:"html_url"`
	Description   *string   `json:"description"`
	Fork          bool      `json:"fork"`
	URL           string    `json:"url"`
	CommitsURL    string    `json:"commits_url"`
	CreatedAt     string    `json:"created_at"`
	UpdatedAt     string    `json:"updated_at"`
	PushedAt      *string   `json:"pushed_at"`
	Size          int       `json:"size"`
	Archived      bool      `json:"archived"`
	Disabled      bool      `json:"disabled"`
	Visibility    string    `json:"visibility"`
	DefaultBranch string    `json:"default_branch"`
}

// repo answers GET /repos/{o}/{r} and GET /repositories/{id}.
func (s *Server) repo(c *call, r *Repo) *reply {
	rd := renderer{api: c.apiBase(), html: c.origin, repo: r}
	url := c.apiBase() + "/repos/" + r.FullName()
	out := repoJSON{
		ID:            r.ID,
		NodeID:        nodeID("010:Repository" + strconv.FormatInt(r.ID, 10)),
		Name:          r.Name,
		FullName:      r.FullName(),
		Owner:         rd.user(r.Owner, "Organization"),
		HTMLURL:       c.origin + "/" + r.FullName(),
		URL:           url,
		CommitsURL:    url + "/commits{/sha}",
		CreatedAt:     "2011-01-26T19:01:12Z",
		UpdatedAt:     "2011-01-26T19:01:12Z",
		Size:          len(r.Commits),
		Visibility:    "public",
		DefaultBranch: r.defaultBranch(),
	}
	if !r.PushedAt.IsZero() {
		p := gitDate(r.PushedAt)
		out.PushedAt, out.UpdatedAt = &p, p
	}
	rep := newReply(http.StatusOK, marshal(out))
	rep.cached = true
	return rep
}
