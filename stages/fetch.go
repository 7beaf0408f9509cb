package stages

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"sync"
	"sync/atomic"

	"github.com/tidwall/gjson"

	"github.com/hacktivity-fetch/hacktivity-fetch/checkpoint"
	"github.com/hacktivity-fetch/hacktivity-fetch/internal/ghclient"
)

// Errors that end the whole run.
var (
	// ErrUnauthorized: no other repository can succeed with this token.
	ErrUnauthorized = errors.New("GitHub rejected the token (HTTP 401)")

	// ErrUnreachable: the host never answered, so no repository can succeed.
	ErrUnreachable = errors.New("cannot reach GitHub")
)

// errEmpty is GitHub's 409 for a repository without commits: zero commits, not a failure.
var errEmpty = errors.New("repository is empty")

// fetcher does the work of one task: fetch a page, write its lines, record it. It is
// shared by all workers.
type fetcher struct {
	client  *ghclient.Client
	emit    *Emitter
	journal journal
	sched   *scheduler
	log     *slog.Logger
	perPage int
	branch  string
	author  func(context.Context) (string, error)
	fatal   context.CancelCauseFunc
	prog    *Progress
	cache   answerCache
	reached atomic.Bool // some request got an answer
}

// do runs one task; errors end up on the window, never in the caller.
func (f *fetcher) do(ctx context.Context, t task) {
	if ctx.Err() != nil {
		return
	}
	if t.page == 0 {
		f.probe(ctx, t.w)
		return
	}
	if t.page < 0 {
		t.w.finish(ctx, f, nil) // a resumed window with nothing left to fetch
		return
	}
	t.w.pageDone(ctx, f, f.fetchPage(ctx, t.w, t.url, t.tmpl))
}

// probe fetches the first page of a window and decides from it how the rest is fetched:
// nothing more (one page), the other pages in parallel, or smaller windows when dense.
func (f *fetcher) probe(ctx context.Context, w *windowRun) {
	first, err := f.firstURL(ctx, w)
	if err != nil {
		w.finish(ctx, f, err)
		return
	}
	pg, err := f.get(ctx, w, first)
	if err != nil {
		w.finish(ctx, f, err)
		return
	}

	last := pageOf(pg.links["last"])
	if last > densePages && w.win.Duration() >= minSplit {
		f.split(ctx, w, last)
		return
	}
	next := pg.links["next"]
	if next != "" && last < 2 {
		f.walk(ctx, w, pg)
		return
	}
	lastURL := pg.links["last"]
	if last >= pinPages && w.sha == "" && f.journal.enabled() {
		// A recorded window may be resumed hours later: its later pages are pinned to the
		// commit the branch points at now, so that a push in between cannot shift them.
		sha, err := f.head(ctx, w)
		if err != nil {
			w.finish(ctx, f, err)
			return
		}
		w.sha = sha
		lastURL = withParam(lastURL, "sha", sha)
	}
	if err := f.keep(ctx, w, pg, lastURL); err != nil {
		w.finish(ctx, f, err)
		return
	}
	if next == "" {
		w.finish(ctx, f, nil)
		return
	}
	f.queuePages(w, lastURL, 2, last)
}

// walk follows next links one page after another, for an answer that has no last link to
// tell how many pages there are. GitHub sends one on every list of commits, so this is a
// fallback: its pages are recorded with walkMark, and a resume starts such a window again.
func (f *fetcher) walk(ctx context.Context, w *windowRun, pg page) {
	for {
		if err := f.keep(ctx, w, pg, walkMark); err != nil {
			w.finish(ctx, f, err)
			return
		}
		next := pg.links["next"]
		if next == "" {
			w.finish(ctx, f, nil)
			return
		}
		var err error
		if pg, err = f.get(ctx, w, next); err != nil {
			w.finish(ctx, f, err)
			return
		}
	}
}

// walkMark stands for the last-page address in the pages that walk records.
const walkMark = "walk"

// queuePages hands pages from..to of a window to the workers; the address of the last
// page is the template for the others.
func (f *fetcher) queuePages(w *windowRun, lastURL string, from, to int) {
	w.pagesLeft.Store(int32(to - from + 1))
	tasks := make([]task, 0, to-from+1)
	for p := from; p <= to; p++ {
		tasks = append(tasks, task{w: w, page: p, url: withPage(lastURL, p), tmpl: lastURL})
	}
	f.sched.push(tasks...)
}

// fetchPage fetches one page of a window that is being walked in parallel.
func (f *fetcher) fetchPage(ctx context.Context, w *windowRun, u, tmpl string) error {
	pg, err := f.get(ctx, w, u)
	if err != nil {
		return err
	}
	return f.keep(ctx, w, pg, tmpl)
}

// keep writes a page's new lines to stdout and then records the page, in that order, so
// that a page recorded in the checkpoint is always on stdout. lastURL is the window's
// last-page address, from which a resume knows which pages exist.
func (f *fetcher) keep(ctx context.Context, w *windowRun, pg page, lastURL string) error {
	fresh := w.repo.unseen(pg.lines)
	if err := f.emit.Write(ctx, fresh); err != nil {
		if ctx.Err() == nil {
			f.fatal(err) // stdout is gone: nothing more can be delivered
		}
		return err
	}
	w.repo.addCommits(len(fresh))

	raw := make([][]byte, len(pg.lines))
	for i, l := range pg.lines {
		raw[i] = l.JSON
	}
	err := f.journal.savePage(w.key, checkpoint.Page{
		URL: pg.url, ETag: pg.etag, NextURL: lastURL, PinnedSHA: w.sha, Lines: raw,
	})
	if err != nil {
		return fmt.Errorf("record page: %w", err)
	}
	return nil
}

// split replaces a dense window by smaller ones, pinned to the branch's current commit so
// that their pages cannot shift while they are fetched, or after a resume.
func (f *fetcher) split(ctx context.Context, w *windowRun, pages int) {
	if w.sha == "" {
		sha, err := f.head(ctx, w)
		if err != nil {
			w.finish(ctx, f, err)
			return
		}
		w.sha = sha
	}
	parts := w.win.Split((pages+splitPages-1)/splitPages, w.repo.chunk)
	w.log(f.log).Debug("dense window split", "pages", pages, "windows", len(parts))

	// Children are recorded before the parent is marked split, so a resume that finds a
	// split parent also finds every child.
	children := make([]*windowRun, len(parts))
	for i, part := range parts {
		children[i] = w.repo.window(part, w.sha)
		err := f.journal.put(checkpoint.Item{
			Key: children[i].key, State: checkpoint.Pending, PinnedSHA: w.sha,
		})
		if err != nil {
			w.finish(ctx, f, fmt.Errorf("record split: %w", err))
			return
		}
	}
	if err := f.journal.put(checkpoint.Item{Key: w.key, State: checkpoint.Split}); err != nil {
		w.finish(ctx, f, fmt.Errorf("record split: %w", err))
		return
	}
	w.repo.addWindows(len(children) - 1)
	tasks := make([]task, len(children))
	for i, c := range children {
		tasks[i] = task{w: c}
	}
	f.sched.push(tasks...)
}

// firstURL is the address of a window's first page.
func (f *fetcher) firstURL(ctx context.Context, w *windowRun) (string, error) {
	q := url.Values{}
	q.Set("per_page", fmt.Sprint(f.perPage))
	q.Set("since", stamp(w.win.Since))
	q.Set("until", stamp(w.win.Until))
	if sha := w.ref(f.branch); sha != "" {
		q.Set("sha", sha)
	}
	author, err := f.author(ctx)
	if err != nil {
		return "", err
	}
	if author != "" {
		q.Set("author", author)
	}
	return f.client.URL("repos/" + w.repo.repo.Name + "/commits?" + q.Encode()), nil
}

// head asks for the commit the branch points at now.
func (f *fetcher) head(ctx context.Context, w *windowRun) (string, error) {
	ref := f.branch
	if ref == "" {
		ref = "HEAD"
	}
	u := f.client.URL("repos/" + w.repo.repo.Name + "/commits/" + url.PathEscape(ref))
	a, err := f.send(ctx, w.repo.repo.Name, w.log(f.log), u,
		http.Header{"Accept": {"application/vnd.github.sha"}},
		func(body []byte) ([][]byte, error) { return [][]byte{body}, nil })
	if err != nil {
		return "", fmt.Errorf("resolve %s: %w", ref, err)
	}
	return string(a.Lines[0]), nil
}

// page is one fetched page of commits.
type page struct {
	url   string
	etag  string
	links map[string]string
	lines []Line
}

// get fetches and converts one page. A 409 is errEmpty; a 401 ends the run.
func (f *fetcher) get(ctx context.Context, w *windowRun, u string) (page, error) {
	a, err := f.send(ctx, w.repo.repo.Name, w.log(f.log), u, nil, func(body []byte) ([][]byte, error) {
		lines, err := ConvertPage(w.repo.repo.Name, body)
		raw := make([][]byte, len(lines))
		for i, l := range lines {
			raw[i] = l.JSON
		}
		return raw, err
	})
	if err != nil {
		return page{}, err
	}
	return page{url: u, etag: a.ETag, links: links(a.NextURL), lines: linesOf(a)}, nil
}

// bodyAttempts is how many times a request is sent again when its answer's body breaks
// off (the limiter retries what fails before the headers; a stream that stalls or resets
// after them surfaces here).
const bodyAttempts = 3

// send GETs u, on behalf of repo as the input named it ("" for none), and returns the
// answer as the cache keeps it: ETag, Link header (in NextURL) and the body turned into
// lines by convert. When the cache holds an earlier answer, the request carries its ETag,
// and a 304 (free of quota) returns that answer.
func (f *fetcher) send(ctx context.Context, repo string, log *slog.Logger, u string,
	header http.Header, convert func([]byte) ([][]byte, error)) (a checkpoint.Page, err error) {
	for range bodyAttempts {
		var retry bool
		a, retry, err = f.sendOnce(ctx, repo, u, header, convert)
		if !retry || ctx.Err() != nil {
			break
		}
		log.Warn("answer broke off; asking again", "error", err)
	}
	return a, err
}

// sendOnce is one try of send; retry says whether the body broke off.
func (f *fetcher) sendOnce(ctx context.Context, repo, u string, header http.Header,
	convert func([]byte) ([][]byte, error)) (checkpoint.Page, bool, error) {
	prev, hit := f.cache.get(repo, u)
	if hit {
		header = header.Clone()
		if header == nil {
			header = http.Header{}
		}
		header.Set("If-None-Match", prev.ETag)
	}
	resp, err := f.client.Get(ctx, u, header)
	if err != nil {
		if !f.reached.Load() && ctx.Err() == nil {
			// Every try failed and no request ever got an answer: the host is down, or
			// not a GitHub host at all; waiting on it would only hold every worker.
			cause := err
			var urlErr *url.Error
			if errors.As(err, &urlErr) {
				cause = urlErr.Err // the address is in the message already
			}
			err = fmt.Errorf("%w at %s: %w", ErrUnreachable, f.client.Host(), cause)
			f.fatal(err)
		}
		return checkpoint.Page{}, false, err
	}
	f.reached.Store(true)
	f.prog.requests.Add(1)
	switch {
	case resp.StatusCode == http.StatusNotModified && hit:
		resp.Body.Close()
		return prev, false, nil
	case resp.StatusCode != http.StatusOK:
		return checkpoint.Page{}, false, f.apiError(resp)
	}
	defer resp.Body.Close()

	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return checkpoint.Page{}, true, fmt.Errorf("read answer: %w", err)
	}
	lines, err := convert(body)
	if err != nil {
		return checkpoint.Page{}, false, err
	}
	a := checkpoint.Page{
		URL:     u,
		ETag:    resp.Header.Get("ETag"),
		NextURL: resp.Header.Get("Link"),
		Lines:   lines,
	}
	f.cache.put(repo, a)
	return a, false, nil
}

func (f *fetcher) apiError(resp *http.Response) error {
	e := ghclient.ReadError(resp)
	switch e.Status {
	case http.StatusConflict:
		return errEmpty
	case http.StatusUnauthorized:
		return f.unauthorized()
	}
	return e
}

// unauthorized ends the run: the token was rejected.
func (f *fetcher) unauthorized() error {
	err := fmt.Errorf("%w: %s", ErrUnauthorized, ghclient.LoginAdvice(f.client.Host()))
	f.fatal(err)
	return err
}

// whoami resolves "@me" to the login of the token's owner, once, on first need, so that
// a run with nothing to fetch sends no request; through the cache, so that a re-run is
// answered 304.
func (f *fetcher) whoami(author string) func(context.Context) (string, error) {
	if author != "@me" {
		return func(context.Context) (string, error) { return author, nil }
	}
	var once sync.Once
	var login string
	var err error
	return func(ctx context.Context) (string, error) {
		once.Do(func() { login, err = f.login(ctx) })
		return login, err
	}
}

// login asks GitHub whose token this is (GET /user).
func (f *fetcher) login(ctx context.Context) (string, error) {
	a, err := f.send(ctx, "", f.log, f.client.URL("user"), nil,
		func(body []byte) ([][]byte, error) { return [][]byte{body}, nil })
	if err != nil {
		return "", fmt.Errorf("get authenticated user: %w", err)
	}
	login := gjson.GetBytes(a.Lines[0], "login").String()
	if login == "" {
		return "", errors.New("get authenticated user: no login in the answer")
	}
	return login, nil
}
