package stages

import (
	"context"
	"io"
	"log/slog"
	"time"

	"github.com/sourcegraph/conc"
	"github.com/sourcegraph/conc/pool"

	"github.com/hacktivity-fetch/hacktivity-fetch/checkpoint"
	"github.com/hacktivity-fetch/hacktivity-fetch/internal/ghclient"
)

// Config is everything a run needs; main fills it from flags, environment and file.
type Config struct {
	Client    *ghclient.Client
	Window    Window
	Author    string // login or e-mail; "@me" is the token's owner
	Branch    string // "" for each repository's default branch
	ChunkDays int    // the longest window a dense window is split into; 0 for no bound
	PerPage   int
	Workers   int
	Op        *checkpoint.Operation // nil without --checkpoint
	Replay    bool                  // re-emit what the checkpoint holds instead of asking again
	SkipStale bool                  // skip repositories the input says were last pushed before the window

	// Cache, when set, keeps every answer with its ETag under TokenFP, so that asking
	// again sends If-None-Match and a 304, which costs no quota, re-emits the stored page.
	Cache    *checkpoint.Store
	TokenFP  string
	Logger   *slog.Logger
	OnInput  func(*InputError)
	Progress *Progress // counts for a display; nil when nobody watches
}

// Run reads repository names from args or stdin and writes every commit of the window to
// stdout as NDJSON. Work starts on the first name, before stdin ends. Repositories that
// fail are in the summary; the error is for what ended the whole run (an interrupt, a
// rejected token, a closed stdout).
func Run(ctx context.Context, cfg Config, stdin io.Reader, args []string, stdout io.Writer) (Summary, error) {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	opID := ""
	if cfg.Op != nil {
		opID = cfg.Op.ID()
	}

	prog := cfg.Progress
	if prog == nil {
		prog = &Progress{}
	}
	prog.begin(time.Now())
	rep := &Report{log: log, prog: prog}
	sched := newScheduler(prog)
	emit := NewEmitter(stdout, prog)
	f := &fetcher{
		client:  cfg.Client,
		emit:    emit,
		journal: journal{op: cfg.Op},
		sched:   sched,
		log:     log,
		perPage: cfg.PerPage,
		branch:  cfg.Branch,
		fatal:   cancel,
		prog:    prog,
		cache:   answerCache{store: cfg.Cache, fp: cfg.TokenFP, log: log},
	}
	f.author = f.whoami(cfg.Author)
	p := &planner{f: f, cfg: cfg, rep: rep, op: opID}

	// The emitter and the reader each run in a goroutine of their own, joined below.
	var bg conc.WaitGroup
	emitCtx, stopEmit := context.WithCancel(context.WithoutCancel(ctx))
	var emitErr error
	bg.Go(func() { emitErr = emit.Run(emitCtx) })
	names := make(chan Repo)
	reader := &Reader{Logger: log, OnError: cfg.OnInput}
	readDone := make(chan error, 1)
	go func() { readDone <- reader.Read(ctx, stdin, args, names) }()

	// Dispatch: new repositories go to the back of the queue, the work they reveal to the
	// front; the pool runs at most Workers tasks at once.
	workers := pool.New().WithMaxGoroutines(max(cfg.Workers, 1))
	for in := names; in != nil || !sched.idle(); {
		if ctx.Err() != nil {
			break
		}
		if t, ok := sched.pop(); ok {
			workers.Go(func() {
				defer sched.done()
				defer prog.working(t.activity())()
				f.do(ctx, t)
			})
			continue
		}
		select {
		case r, ok := <-in:
			if !ok {
				in = nil
				prog.inputDone.Store(true)
				continue
			}
			p.start(ctx, r)
		case <-sched.wake:
		case <-ctx.Done():
		}
	}
	workers.Wait()

	// Everything written has been handed over; now the writer can stop.
	cause := context.Cause(ctx)
	cancel(nil)
	stopEmit()
	bg.Wait()

	// The reader has ended unless the run was stopped while it waited for stdin (a
	// terminal, or a pipe that stays open). A blocked read cannot be interrupted, and
	// waiting for it would leave Ctrl-C unanswered, so then it is left behind: the
	// process is about to exit.
	var readErr error
	if cause == nil {
		readErr = <-readDone
	} else {
		select {
		case <-readDone:
		default:
		}
	}

	s := rep.summary()
	s.Commits = prog.commits.Load()
	s.Requests = prog.requests.Load()
	_, _, s.BadInput = reader.Stats()
	s.Operation = opID
	s.Resumed = cfg.Op != nil && cfg.Op.Resumed()

	switch {
	case cause != nil:
		return s, cause // an interrupt (context.Canceled) or what ended the run
	case emitErr != nil:
		return s, emitErr
	}
	return s, readErr
}

// windowLimit turns --chunk-days into a duration, 0 meaning no bound.
func windowLimit(days int) time.Duration {
	return time.Duration(days) * 24 * time.Hour
}
