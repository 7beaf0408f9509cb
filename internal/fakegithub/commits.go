package fakegithub

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// maxPerPage is GitHub's largest page.
const maxPerPage = 100

// listCommits answers GET /repos/{o}/{r}/commits and its /repositories/{id}
// twin.
func (s *Server) listCommits(c *call, r *Repo) *reply {
	if rep := emptyRepo(r); rep != nil {
		return rep
	}
	q := c.r.URL.Query()
	f, rep := parseFilter(q)
	if rep != nil {
		return rep
	}
	h, ok := s.cache.resolve(r, q.Get("sha"))
	if !ok {
		return errorReply(http.StatusNotFound, "No commit found for SHA: "+q.Get("sha"),
			docsListCommits)
	}

	// Cut the page out of the cached filtered view.
	idx, all := s.cache.view(r, h, f)
	total := len(idx)
	if all {
		total = len(h.commits)
	}
	perPage := intParam(q, "per_page", s.opts.DefaultPerPage)
	perPage = min(perPage, maxPerPage)
	page := intParam(q, "page", 1)
	pages := (total + perPage - 1) / perPage
	lo := min((page-1)*perPage, total)
	hi := min(lo+perPage, total)

	// Render it.
	rd := renderer{api: c.apiBase(), html: c.origin, repo: r}
	out := make([]commitJSON, 0, hi-lo)
	for i := lo; i < hi; i++ {
		at := i
		if !all {
			at = int(idx[i])
		}
		out = append(out, rd.commit(&h.commits[at]))
	}
	rep = newReply(http.StatusOK, marshal(out))
	rep.cached = true
	if link := linkHeader(c, r.ID, page, pages); link != "" {
		rep.header.Set("Link", link)
	}
	if len(out) > 0 {
		// Like GitHub, the page is as new as its newest commit.
		newest, _ := time.Parse(time.RFC3339, out[0].Commit.Committer.Date)
		rep.header.Set("Last-Modified", newest.Format(http.TimeFormat))
	}
	return rep
}

// parseFilter reads since, until and author, or returns GitHub's answer to
// a malformed time.
func parseFilter(q url.Values) (filter, *reply) {
	f := filter{author: q.Get("author")}
	for _, p := range []struct {
		name string
		to   *time.Time
	}{{"since", &f.since}, {"until", &f.until}} {
		v := q.Get(p.name)
		if v == "" {
			continue
		}
		t, err := time.Parse(time.RFC3339, v)
		if err != nil {
			return f, errorReply(http.StatusUnprocessableEntity,
				"Invalid value for parameter '"+p.name+"': "+v, docsListCommits)
		}
		*p.to = t
	}
	return f, nil
}

// intParam reads a positive integer parameter, def when absent or invalid.
func intParam(q url.Values, name string, def int) int {
	n, err := strconv.Atoi(q.Get(name))
	if err != nil || n < 1 {
		return def
	}
	return n
}

// linkHeader builds GitHub's Link header: next and last while there are more
// pages, first and prev after the first. Every link points at the
// /repositories/{id} form with the request's query kept and page replaced.
func linkHeader(c *call, repoID int64, page, pages int) string {
	base := c.apiBase() + "/repositories/" + strconv.FormatInt(repoID, 10) + "/commits?"
	var kept []string
	for _, kv := range strings.Split(c.r.URL.RawQuery, "&") {
		k, _, _ := strings.Cut(kv, "=")
		if kv != "" && k != "page" {
			kept = append(kept, kv)
		}
	}
	kept = append(kept, "page=")
	prefix := base + strings.Join(kept, "&")

	var links []string
	add := func(n int, rel string) {
		links = append(links, "<"+prefix+strconv.Itoa(n)+`>; rel="`+rel+`"`)
	}
	if page < pages {
		add(page+1, "next")
		add(pages, "last")
	}
	if page > 1 {
		add(1, "first")
		add(page-1, "prev")
	}
	return strings.Join(links, ", ")
}

// getCommit answers GET /repos/{o}/{r}/commits/{ref}: the commit JSON, or
// only its SHA as text for Accept: application/vnd.github.sha.
func (s *Server) getCommit(c *call, r *Repo, ref string) *reply {
	if rep := emptyRepo(r); rep != nil {
		return rep
	}
	h, ok := s.cache.resolve(r, ref)
	if !ok || len(h.commits) == 0 {
		return errorReply(http.StatusUnprocessableEntity, "No commit found for SHA: "+ref,
			docsGetCommit)
	}
	head := &h.commits[0]

	var rep *reply
	if strings.Contains(c.r.Header.Get("Accept"), "application/vnd.github.sha") {
		rep = newReply(http.StatusOK, []byte(head.SHA))
		rep.header.Set("Content-Type", "text/plain; charset=utf-8")
	} else {
		rd := renderer{api: c.apiBase(), html: c.origin, repo: r}
		full := fullCommitJSON{commitJSON: rd.commit(head), Files: []struct{}{}}
		rep = newReply(http.StatusOK, marshal(full))
	}
	rep.cached = true
	rep.header.Set("Last-Modified", head.CommitDate.UTC().Format(http.TimeFormat))
	return rep
}
