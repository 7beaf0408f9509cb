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

// Report collects each repository's outcome as it finishes and logs failures at once.
// Safe for concurrent use.
type Report struct {
	log  *slog.Logger
	prog *Progress

	mu       sync.Mutex
	repos    int
	complete int
	empty    int
	failures []Failure
}

func (r *Report) repoStarted() {
	r.prog.reposRead.Add(1)
	r.mu.Lock()
	r.repos++
	r.mu.Unlock()
}

func (r *Report) repoDone(rr *repoRun) {
	rr.mu.Lock()
	err, empty := rr.err, rr.empty && rr.commits == 0
	rr.mu.Unlock()

	r.prog.reposDone.Add(1)
	r.mu.Lock()
	defer r.mu.Unlock()
	switch {
	case err != nil:
		r.prog.reposFailed.Add(1)
		f := failureOf(rr.repo, err)
		r.failures = append(r.failures, f)
		r.log.Error("repository failed", "repo", f.Repo, "window", rr.span, "op", rr.op,
			"line", f.Line, "status", f.Status, "error", f.Reason)
	case empty:
		r.prog.reposEmpty.Add(1)
		r.empty++
		r.complete++
	default:
		r.complete++
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
	defer r.mu.Unlock()
	return Summary{
		Repos:    r.repos,
		Complete: r.complete,
		Empty:    r.empty,
		Failures: append([]Failure(nil), r.failures...),
	}
}
