package stages

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/hacktivity-fetch/hacktivity-fetch/checkpoint"
)

// planner turns each repository into its first tasks: the whole window for a repository
// seen for the first time, or, on a resume, only what the checkpoint does not hold yet.
type planner struct {
	f   *fetcher
	cfg Config
	rep *Report
	op  string
}

func (p *planner) start(ctx context.Context, r Repo) {
	p.rep.repoStarted()
	rr := &repoRun{
		repo: r, span: p.cfg.Window.String(), chunk: windowLimit(p.cfg.ChunkDays),
		op: p.op, rep: p.rep, windows: 1,
	}
	root := rr.window(p.cfg.Window, "")

	if p.f.journal.enabled() {
		if err := p.f.journal.op.AddRepo(recordName(r.Name)); err != nil {
			root.finish(ctx, p.f, fmt.Errorf("record repository: %w", err))
			return
		}
	}

	// A repository last pushed before the window opened cannot hold a commit in it.
	if p.cfg.SkipStale && !r.PushedAt.IsZero() && r.PushedAt.Before(p.cfg.Window.Since) {
		root.log(p.f.log).Debug("skipped: last pushed before the window",
			"pushed_at", r.PushedAt)
		p.f.sched.add(task{w: root, page: -1})
		return
	}

	items, err := p.f.journal.items(recordName(r.Name))
	if err != nil {
		root.finish(ctx, p.f, fmt.Errorf("read checkpoint: %w", err))
		return
	}
	if len(items) == 0 {
		p.f.sched.add(task{w: root})
		return
	}
	p.resume(ctx, root, items)
}

// resume plans a window from what the checkpoint recorded for it.
func (p *planner) resume(ctx context.Context, w *windowRun, items []checkpoint.Item) {
	it, ok := find(items, w.key)
	if !ok || it.State == checkpoint.Pending {
		w.sha = pinnedOr(it, w.sha)
		p.f.sched.add(task{w: w})
		return
	}
	w.sha = pinnedOr(it, w.sha)

	switch it.State {
	case checkpoint.Done:
		if p.cfg.Replay {
			if err := p.replayPages(ctx, w); err != nil {
				w.finish(ctx, p.f, err)
				return
			}
		}
		p.f.sched.add(task{w: w, page: -1}) // nothing to fetch: finish in turn
	case checkpoint.Split:
		children := childrenOf(items, w)
		if children == nil {
			p.f.sched.add(task{w: w}) // the record is incomplete: start the window again
			return
		}
		w.repo.addWindows(len(children) - 1)
		for _, c := range children {
			p.resume(ctx, c, items)
		}
	default: // in progress, or failed with some pages saved
		p.resumePages(ctx, w, it)
	}
}

// resumePages queues the pages of a window that the checkpoint does not hold. The
// commits of the saved pages are marked written (for --replay, written now), so that no
// page fetched again writes one twice.
func (p *planner) resumePages(ctx context.Context, w *windowRun, it checkpoint.Item) {
	saved := map[int]bool{}
	err := p.f.journal.op.Pages(w.key, func(pg checkpoint.Page) error {
		saved[pageOf(pg.URL)] = true
		lines := w.repo.unseen(linesOf(pg))
		if p.cfg.Replay {
			return p.f.emit.Write(ctx, lines)
		}
		return nil
	})
	if err != nil {
		w.finish(ctx, p.f, fmt.Errorf("read checkpoint: %w", err))
		return
	}
	switch {
	case len(saved) == 0:
		p.f.sched.add(task{w: w}) // start the window again
		return
	case it.NextURL == "":
		p.f.sched.add(task{w: w, page: -1}) // its only page is saved
		return
	case w.sha == "" || it.NextURL == walkMark:
		p.refetch(ctx, w)
		return
	}
	last := pageOf(it.NextURL)

	var tasks []task
	for n := 1; n <= last; n++ {
		if !saved[n] {
			tasks = append(tasks, task{w: w, page: n, url: withPage(it.NextURL, n), tmpl: it.NextURL})
		}
	}
	if len(tasks) == 0 {
		p.f.sched.add(task{w: w, page: -1})
		return
	}
	w.pagesLeft.Store(int32(len(tasks)))
	for _, t := range tasks {
		p.f.sched.add(t)
	}
}

// refetch starts again a window whose later pages were not pinned, since a push may have
// shifted them. Its saved commits are already marked written, so fetching it whole writes
// none of them twice; its saved pages are forgotten, to be saved anew.
func (p *planner) refetch(ctx context.Context, w *windowRun) {
	if err := p.f.journal.op.ClearPages(w.key); err != nil {
		w.finish(ctx, p.f, fmt.Errorf("read checkpoint: %w", err))
		return
	}
	p.f.sched.add(task{w: w})
}

// replayPages writes a done window's stored lines again.
func (p *planner) replayPages(ctx context.Context, w *windowRun) error {
	return p.f.journal.op.Pages(w.key, func(pg checkpoint.Page) error {
		return p.f.emit.Write(ctx, w.repo.unseen(linesOf(pg)))
	})
}

func linesOf(pg checkpoint.Page) []Line {
	lines := make([]Line, len(pg.Lines))
	for i, raw := range pg.Lines {
		lines[i] = Line{SHA: shaOf(raw), JSON: raw}
	}
	return lines
}

func pinnedOr(it checkpoint.Item, sha string) string {
	if it.PinnedSHA != "" {
		return it.PinnedSHA
	}
	return sha
}

func find(items []checkpoint.Item, k checkpoint.ItemKey) (checkpoint.Item, bool) {
	for _, it := range items {
		if it.Key == k {
			return it, true
		}
	}
	return checkpoint.Item{}, false
}

// childrenOf returns the windows a split window was cut into: the largest recorded windows
// strictly inside it. It returns nil unless they cover it exactly, end to end.
func childrenOf(items []checkpoint.Item, parent *windowRun) []*windowRun {
	var inside []Window
	for _, it := range items {
		win, ok := windowOf(it.Key)
		if ok && it.Key != parent.key && parent.win.Contains(win) {
			inside = append(inside, win)
		}
	}

	// By start, and the longest first among those that start together, so that a child
	// comes before the windows it was split into.
	slices.SortFunc(inside, func(a, b Window) int {
		if c := a.Since.Compare(b.Since); c != 0 {
			return c
		}
		return b.Until.Compare(a.Until)
	})

	var out []*windowRun
	next := parent.win.Since
	for _, win := range inside {
		if !win.Since.Equal(next) {
			continue // nested deeper, or a stray record
		}
		out = append(out, parent.repo.window(win, parent.sha))
		next = win.Until.Add(time.Second)
	}
	if len(out) == 0 || !next.Equal(parent.win.Until.Add(time.Second)) {
		return nil
	}
	return out
}

func windowOf(k checkpoint.ItemKey) (Window, bool) {
	since, err1 := time.Parse(time.RFC3339, k.Since)
	until, err2 := time.Parse(time.RFC3339, k.Until)
	return Window{Since: since, Until: until}, err1 == nil && err2 == nil
}
