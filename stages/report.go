package stages

import (
	"log/slog"
	"sync"
)

// Failure is one repository that could not be fetched completely.
type Failure struct {
	Repo   string
	Line   int
	Status int // HTTP status when GitHub answered, 0 otherwise
	Reason string
}

// Report collects each repository's outcome as it finishes and logs failures at once;
// the counts live in Progress, where the display reads them too. Safe for concurrent use.
type Report struct {
	log  *slog.Logger
	prog *Progress

	mu       sync.Mutex
	failures []Failure
}

func (r *Report) repoStarted() {
	r.prog.reposRead.Add(1)
}

func (r *Report) repoDone(rr *repoRun) {
	rr.mu.Lock()
	err, empty := rr.err, rr.empty && rr.commits == 0
	rr.mu.Unlock()

	defer r.prog.reposDone.Add(1)
	switch {
	case err != nil:
		f := failureOf(rr.repo, err)
		r.mu.Lock()
		r.failures = append(r.failures, f)
		r.mu.Unlock()
		r.prog.reposFailed.Add(1)
		r.log.Error("repository failed", "repo", f.Repo, "window", rr.span, "op", rr.op,
			"line", f.Line, "status", f.Status, "error", f.Reason)
	case empty:
		r.prog.reposEmpty.Add(1)
	}
}

// Summary is the outcome of a run.
type Summary struct {
	Repos     int // repositories read (after duplicates)
	Complete  int // every commit written (empty ones included)
	Empty     int
	Failures  []Failure
	Commits   int64
	Requests  int64
	BadInput  int
	Resumed   bool
	Operation string
}

func (r *Report) summary() Summary {
	r.mu.Lock()
	failures := append([]Failure(nil), r.failures...)
	r.mu.Unlock()
	return Summary{
		Repos:    int(r.prog.reposRead.Load()),
		Complete: int(r.prog.reposDone.Load() - r.prog.reposFailed.Load()),
		Empty:    int(r.prog.reposEmpty.Load()),
		Failures: failures,
	}
}
