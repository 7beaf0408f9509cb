package stages

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hacktivity-fetch/hacktivity-fetch/checkpoint"
	"github.com/hacktivity-fetch/hacktivity-fetch/internal/ghclient"
)

const (
	// densePages is how many pages a window's first page must announce before the window
	// is split: below it, its pages are fetched in parallel as they are, which costs the
	// fewest requests; above it, deep pages get slow on GitHub's side.
	densePages = 40

	// splitPages is how many pages a split window is sized to hold.
	splitPages = 20

	// pinPages is how many pages a recorded window must have before its later pages are
	// pinned to the branch's head, at the cost of one request (5% at most). A smaller
	// window that is resumed is fetched again whole instead, without writing again what
	// it had written.
	pinPages = 20

	// minSplit is the shortest window worth splitting further.
	minSplit = 2 * time.Minute
)

// repoRun is the state of one input repository during a run. Safe for concurrent use.
type repoRun struct {
	repo  Repo
	span  string // the whole window, for logs
	chunk time.Duration
	op    string
	rep   *Report

	mu      sync.Mutex
	seen    map[string]struct{} // SHAs written, so a page that shifted writes no line twice
	windows int                 // windows not yet finished
	commits int
	empty   bool
	err     error
}

func (r *repoRun) window(win Window, sha string) *windowRun {
	return &windowRun{
		repo: r,
		win:  win,
		sha:  sha,
		key: checkpoint.ItemKey{
			Repo: recordName(r.repo.Name), Since: stamp(win.Since), Until: stamp(win.Until),
		},
	}
}

func (r *repoRun) addWindows(n int) {
	r.mu.Lock()
	r.windows += n
	r.mu.Unlock()
}

func (r *repoRun) addCommits(n int) {
	r.mu.Lock()
	r.commits += n
	r.mu.Unlock()
}

// unseen returns the lines whose commits were not written for this repository before.
func (r *repoRun) unseen(lines []Line) []Line {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.seen == nil {
		r.seen = make(map[string]struct{}, len(lines))
	}
	out := lines[:0:0]
	for _, l := range lines {
		if _, dup := r.seen[l.SHA]; dup {
			continue
		}
		r.seen[l.SHA] = struct{}{}
		out = append(out, l)
	}
	return out
}

// windowDone counts a finished window; the last one reports the repository.
func (r *repoRun) windowDone(err error) {
	r.mu.Lock()
	if err != nil && r.err == nil {
		r.err = err
	}
	r.windows--
	last := r.windows == 0
	if last {
		r.seen = nil
	}
	r.mu.Unlock()
	if last {
		r.rep.repoDone(r)
	}
}

// windowRun is one (repository, window) work item. Safe for concurrent use.
type windowRun struct {
	repo      *repoRun
	win       Window
	sha       string // the commit the window is pinned to, "" for the branch itself
	key       checkpoint.ItemKey
	pagesLeft atomic.Int32

	mu  sync.Mutex
	err error
}

// ref is what the window lists commits from.
func (w *windowRun) ref(branch string) string {
	if w.sha != "" {
		return w.sha
	}
	return branch
}

func (w *windowRun) log(l *slog.Logger) *slog.Logger {
	return l.With("repo", w.repo.repo.Name, "window", w.win.String(), "op", w.repo.op)
}

// pageDone counts one of the window's parallel pages; the last one finishes the window.
func (w *windowRun) pageDone(ctx context.Context, f *fetcher, err error) {
	if err != nil {
		w.mu.Lock()
		if w.err == nil {
			w.err = err
		}
		w.mu.Unlock()
	}
	if w.pagesLeft.Add(-1) > 0 {
		return
	}
	w.mu.Lock()
	err = w.err
	w.mu.Unlock()
	w.finish(ctx, f, err)
}

// finish records the window's outcome. An interrupted window is left as it is in the
// checkpoint, to be resumed.
func (w *windowRun) finish(ctx context.Context, f *fetcher, err error) {
	var apiErr *ghclient.APIError
	if errors.As(err, &apiErr) && apiErr.Status == 401 {
		f.unauthorized()
	}
	switch {
	case ctx.Err() != nil:
		return
	case errors.Is(err, errEmpty):
		w.repo.mu.Lock()
		w.repo.empty = true
		w.repo.mu.Unlock()
		err = nil
	}

	if err == nil {
		err = f.journal.done(w.key)
	} else if jerr := f.journal.failed(w.key, err.Error()); jerr != nil {
		w.log(f.log).Warn("record failure", "error", jerr)
	}
	w.repo.windowDone(err)
}

// recordName is a repository's name in the checkpoint: GitHub's names are
// case-insensitive, so a resume whose input writes one in another case finds its records.
func recordName(name string) string { return strings.ToLower(name) }
