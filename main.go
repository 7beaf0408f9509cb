// Command hacktivity-fetch reads GitHub repository names on stdin (or as arguments) and
// writes every commit of a time window to stdout, one JSON object per line, fetching with
// the gh CLI's login, as fast as GitHub's rate limits allow.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"syscall"
	"time"

	"github.com/alecthomas/kong"

	"github.com/hacktivity-fetch/hacktivity-fetch/checkpoint"
	"github.com/hacktivity-fetch/hacktivity-fetch/internal/ghclient"
	"github.com/hacktivity-fetch/hacktivity-fetch/limiter"
	"github.com/hacktivity-fetch/hacktivity-fetch/stages"
)

// version is set at build time with -ldflags "-X main.version=...", else read from the
// module's build information.
var version = ""

func versionString() string {
	if version != "" {
		return version
	}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown"
	}
	if v := info.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	rev, dirty := "", false
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value[:min(12, len(s.Value))]
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	if rev == "" {
		return "devel"
	}
	if dirty {
		rev += "+modified"
	}
	return "devel " + rev
}

// memoryLimit is the soft limit of the Go heap unless GOMEMLIMIT says otherwise. The
// program streams pages and keeps little; left alone, the garbage collector lets the heap
// grow to twice what is live, which with Badger's mapped files took a 100,000-commit run
// with --checkpoint to 71 MiB. The limit is soft: a heap that needs more gets it.
const memoryLimit = 32 << 20

func main() {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(memoryLimit)
	}
	ctx, stop := signal.NotifyContext(context.Background(),
		os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	// A write to a closed stdout then fails with EPIPE, which run turns into a quiet stop,
	// instead of the runtime killing the process mid-checkpoint.
	signal.Notify(make(chan os.Signal, 1), syscall.SIGPIPE)
	go func() {
		<-ctx.Done()
		stop() // a second Ctrl-C kills at once
	}()
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// kongExit carries kong's exit code (after --help, --version or a usage error) out of
// kong's parser, which would otherwise exit the process.
type kongExit int

// run is the whole program with its streams passed in, so tests can run it in-process.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	c, k, conf, code := parse(args, stdout, stderr)
	if k == nil {
		return code
	}
	switch k.Command() {
	case "status":
		return c.Status.run(stdout, stderr)
	case "prune":
		return c.Prune.run(stderr)
	}
	return c.Fetch.run(ctx, k, conf, stdin, stdout, stderr)
}

// parse reads the command line, the environment and the settings file. It returns a nil
// context, and the exit code, when the program should stop: after --help or an error.
func parse(args []string, stdout, stderr io.Writer) (c *cli, k *kong.Context, conf *configFile, code int) {
	path, named := configPath(args, os.Getenv)
	conf, err := loadConfig(path, named)
	if err != nil {
		fmt.Fprintf(stderr, "hacktivity-fetch: %v\n", err)
		return nil, nil, nil, exitFatal
	}

	c = &cli{}
	parser, err := kong.New(c,
		kong.Name("hacktivity-fetch"),
		kong.Description("Write every commit of a time window in the named GitHub repositories "+
			"to stdout as NDJSON. Repositories come from the arguments or stdin. "+
			"'hacktivity-fetch fetch --help' lists the flags of the main job."),
		kong.Writers(stdout, stderr),
		kong.Exit(func(code int) { panic(kongExit(code)) }),
		kong.Vars{"version": versionString()},
		kong.Resolvers(conf),
		kong.UsageOnError(),
	)
	if err != nil {
		fmt.Fprintf(stderr, "hacktivity-fetch: %v\n", err)
		return nil, nil, nil, exitFatal
	}
	defer func() {
		if r := recover(); r != nil {
			exit, ok := r.(kongExit)
			if !ok {
				panic(r)
			}
			k, code = nil, exitOK
			if exit != 0 {
				code = exitUsage
			}
		}
	}()
	k, err = parser.Parse(args)
	if err != nil {
		parser.Errorf("%v", err)
		return nil, nil, nil, exitUsage
	}

	// Paths: ~ from HOME as a shell would; an empty one means none.
	for _, p := range []*string{&c.Fetch.Checkpoint, &c.Fetch.SummaryJSON, &c.Fetch.Errors,
		&c.Status.Checkpoint, &c.Prune.Checkpoint} {
		*p = expandHome(*p)
	}
	return c, k, conf, exitOK
}

// run is the main job: settings checked, client and checkpoint opened, pipeline run.
func (f *fetchCmd) run(ctx context.Context, k *kong.Context, conf *configFile,
	stdin io.Reader, stdout, stderr io.Writer) int {
	began := time.Now()
	workers := f.MaxWorkers
	if !f.Parallel {
		workers = 1
	}
	lim := (*limiter.Limiter)(nil)
	prog := &stages.Progress{}
	disp := f.progressDisplay(stderr, stdout, prog, workers,
		func() []stages.RateStatus { return rateStatuses(lim) })
	log := newLogger(disp.Writer(), f.logFlags)
	fail := func(code int, err error) int {
		log.Error(err.Error())
		return code
	}

	// Settings, then the client: no token is reported before any request.
	since, until, err := f.settings(k, conf)
	if err != nil {
		return fail(exitUsage, err)
	}
	host := ghclient.ResolveHost(f.Hostname)
	token, _, err := ghclient.ResolveToken(host)
	if err != nil {
		return fail(exitFatal, err)
	}
	client, err := ghclient.New(ghclient.Options{
		Host:  host,
		Token: token,
		Wrap: func(next http.RoundTripper) http.RoundTripper {
			lim = f.limiter(next, workers, log)
			return lim
		},
	})
	if err != nil {
		return fail(exitFatal, err)
	}
	defer lim.Close()

	// The window, and the operation when progress is kept.
	now := time.Now()
	win := stages.Window{Since: resolveTime(since, now), Until: resolveTime(until, now)}
	if !win.Since.Before(win.Until) {
		return fail(exitUsage, fmt.Errorf("--since %s is not before --until %s", f.Since, f.Until))
	}
	var op *checkpoint.Operation
	var store *checkpoint.Store
	replay := f.Replay
	if f.Checkpoint != "" {
		params := checkpoint.Params{
			Host: host, Since: since, Until: until,
			Author: f.Author, Branch: f.Branch, ChunkDays: f.ChunkDays,
		}
		if store, op, win, err = f.operation(params, win, now, log); err != nil {
			return fail(exitFatal, err)
		}
		defer store.Close()

		// Resumed into an empty file (the same command with > instead of >>): what the
		// interrupted run wrote is gone, so write it again from the checkpoint.
		if op.Resumed() && !replay && emptyFile(stdout) {
			log.Info("stdout is an empty file: writing again what the interrupted run " +
				"wrote, as --replay does (use >> to append instead)")
			replay = true
		}
	}

	// The pipeline, with the display around it.
	bad := &badInput{log: log}
	disp.Start(log)
	f.greet(log, op, host, win, workers, stdin, stdout)
	sum, err := stages.Run(ctx, stages.Config{
		Client:    client,
		Window:    win,
		Author:    f.Author,
		Branch:    f.Branch,
		ChunkDays: f.ChunkDays,
		PerPage:   f.PerPage,
		Workers:   workers,
		Op:        op,
		Replay:    replay,
		SkipStale: f.SkipStale,
		Cache:     store,
		TokenFP:   checkpoint.TokenFingerprint(token),
		Logger:    log,
		OnInput:   bad.add,
		Progress:  prog,
	}, stdin, f.Repos, stdout)
	disp.Stop()
	if op != nil && err == nil {
		if ferr := op.Finish(time.Now()); ferr != nil {
			log.Warn("record finish", "error", ferr)
		}
	}
	return finish(log, stderr, f, runSummary{
		Summary: sum, Elapsed: time.Since(began), Sent: lim.Stats(),
		Quota: rateStatuses(lim), Input: bad.list(),
	}, err)
}

// settings checks every value against its range and normalises the window's ends.
func (f *fetchCmd) settings(k *kong.Context, conf *configFile) (since, until string, err error) {
	err = conf.checkBounds(k, []bound{
		{"max-workers", f.MaxWorkers, 1, 10},
		{"rate-limit-buffer", f.RateLimitBuffer, 50, 500},
		{"chunk-days", f.ChunkDays, 1, 366},
		{"per-page", f.PerPage, 1, 100},
		{"timeout", f.Timeout, 1, 600},
		{"retry-attempts", f.RetryAttempts, 1, 20},
		{"progress-interval", f.ProgressInterval, 1, 3600},
	})
	if err != nil {
		return "", "", err
	}
	if since, err = normalizeTime("since", f.Since, false); err != nil {
		return "", "", err
	}
	if until, err = normalizeTime("until", f.Until, true); err != nil {
		return "", "", err
	}
	if f.Replay && f.Checkpoint == "" {
		return "", "", errors.New("--replay needs --checkpoint DIR")
	}
	// "-" names stdin, as for cat and jq.
	if len(f.Repos) == 1 && f.Repos[0] == "-" {
		f.Repos = nil
	}

	// A login is written without @ (but @me is the token's owner), and without spaces.
	f.Author = strings.TrimSpace(f.Author)
	if f.Author != "@me" {
		f.Author = strings.TrimPrefix(f.Author, "@")
	}
	if strings.ContainsAny(f.Hostname, "/ ") {
		return "", "", fmt.Errorf("--hostname %q: want a host name, with its port if it has one "+
			"(ghe.example.com:8443), not a URL", f.Hostname)
	}
	return since, until, nil
}

// limiter builds the one gate every request passes.
func (f *fetchCmd) limiter(next http.RoundTripper, workers int, log *slog.Logger) *limiter.Limiter {
	return limiter.New(next, limiter.Options{
		Buffer:        f.RateLimitBuffer,
		MaxInFlight:   workers,
		RetryAttempts: f.RetryAttempts,
		Timeout:       time.Duration(f.Timeout) * time.Second,
		Logger:        log,
	})
}

// operation opens the checkpoint and begins (or resumes) the operation; a resumed one
// keeps the window it started with.
func (f *fetchCmd) operation(p checkpoint.Params, win stages.Window, now time.Time,
	log *slog.Logger) (*checkpoint.Store, *checkpoint.Operation, stages.Window, error) {
	store, err := checkpoint.Open(f.Checkpoint, checkpoint.Options{Logger: log})
	if err != nil {
		return nil, nil, win, err
	}
	begin := store.Begin
	if f.Replay {
		begin = store.BeginReplay
	}
	op, err := begin(p, now)
	if err == nil {
		win, err = operationWindow(op, win)
	}
	if err != nil {
		store.Close()
		return nil, nil, win, err
	}
	logOperation(log, store, op, f.Checkpoint)
	return store, op, win, nil
}

// greet logs the start, and prepares the streams: a hint when names are to be typed, and
// a new line when stdout ends in a half-written one.
func (f *fetchCmd) greet(log *slog.Logger, op *checkpoint.Operation, host string,
	win stages.Window, workers int, stdin io.Reader, stdout io.Writer) {
	opID := ""
	if op != nil {
		opID = op.ID()
	}
	log.Info("start", "op", opID, "host", host, "window", win.String(), "workers", workers,
		"author", f.Author, "branch", f.Branch)
	if len(f.Repos) == 0 && isTerminal(stdin) {
		log.Info("reading repository names from standard input; end with Ctrl-D")
	}
	if endTornLine(stdout) {
		log.Warn("stdout ended inside a line, left by a run killed mid-write: " +
			"started a new line (skip the broken one with jq -R 'fromjson? // empty')")
	}
}

// finish logs the outcome, writes the summary where the flags ask, and turns the
// outcome into the exit code.
func finish(log *slog.Logger, stderr io.Writer, f *fetchCmd, rs runSummary, err error) int {
	code := exitOK
	switch {
	case errors.Is(err, syscall.EPIPE):
		code = exitPipe
	case errors.Is(err, context.Canceled):
		code = exitInterrupted
	case err != nil:
		log.Error(err.Error())
		code = exitFatal
	case len(rs.Failures) > 0 || rs.BadInput > 0:
		code = exitPartial
	}
	rs.ExitCode = code
	if err == nil && rs.Repos == 0 && rs.BadInput == 0 {
		log.Warn("no repository was named: give names as arguments or on stdin")
	}
	log.Info("finished", rs.logAttrs()...)

	// For people unless they asked for quiet or machine-readable logs, or left (| head).
	text := !f.Quiet && f.LogFormat != "json" && code != exitPipe
	if werr := rs.write(stderr, text, f.SummaryJSON, f.Errors); werr != nil {
		log.Error("write summary", "error", werr)
		if code == exitOK || code == exitPartial {
			code = exitFatal
		}
	}
	if code == exitInterrupted {
		log.Warn("interrupted: run the same command again to go on " +
			"(with --checkpoint nothing already written is fetched again)")
	}
	return code
}

func newLogger(w io.Writer, f logFlags) *slog.Logger {
	level := map[string]slog.Level{
		"debug": slog.LevelDebug, "info": slog.LevelInfo,
		"warn": slog.LevelWarn, "error": slog.LevelError,
	}[f.LogLevel]
	if f.Quiet {
		level = slog.LevelError
	}
	opts := &slog.HandlerOptions{Level: level}
	if f.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}
