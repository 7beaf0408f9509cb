// Command fakegithub serves a generated fake GitHub API until interrupted,
// for trying hacktivity-fetch by hand:
//
//	go run ./internal/fakegithub/cmd/fakegithub -world fifty -latency 50ms
//
// It prints GH_HOST, SSL_CERT_FILE and GH_ENTERPRISE_TOKEN lines on stdout,
// ready for export or env, and the server's Stats as JSON on stderr when it
// ends on SIGINT or SIGTERM.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/hacktivity-fetch/hacktivity-fetch/internal/fakegithub"
)

// Exit codes.
const (
	exitOK    = 0
	exitError = 1
	exitUsage = 2
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// config is what the flags say.
type config struct {
	world, replay string
	commits       int
	seed          int64
	since, until  string
	problems      bool
	opts          fakegithub.Options
}

func parseFlags(args []string, stderr io.Writer) (config, error) {
	var c config
	fs := flag.NewFlagSet("fakegithub", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.world, "world", "fifty", "generated world: fifty, huge or quiet")
	fs.IntVar(&c.commits, "commits", 60000, "commits in the window for -world huge")
	fs.Int64Var(&c.seed, "seed", 1, "seed of the generated world")
	fs.StringVar(&c.since, "since", "", "window start, RFC 3339 (default a year before -until)")
	fs.StringVar(&c.until, "until", "", "window end, RFC 3339 (default today 00:00 UTC)")
	fs.BoolVar(&c.problems, "problems", false, "add missing, empty, blocked, SSO and renamed repos")
	fs.StringVar(&c.replay, "replay", "", "serve the recorded exchanges in this directory instead")
	fs.StringVar(&c.opts.Token, "token", "fake-token", "token clients must send")
	fs.DurationVar(&c.opts.Latency, "latency", 0, "added to every request")
	fs.IntVar(&c.opts.RateLimit, "rate-limit", 5000, "requests per window")
	fs.DurationVar(&c.opts.ResetEvery, "reset", time.Hour, "rate-limit window")
	fs.IntVar(&c.opts.MaxConcurrent, "max-concurrent", 0, "requests in flight before violations")
	fs.BoolVar(&c.opts.NoRateHeaders, "no-rate-headers", false, "no rate limiting, like some GHES")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if fs.NArg() > 0 {
		return c, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	return c, nil
}

// buildWorld generates the world the flags ask for.
func (c config) buildWorld() (*fakegithub.World, error) {
	until := time.Now().UTC().Truncate(24 * time.Hour)
	if c.until != "" {
		t, err := time.Parse(time.RFC3339, c.until)
		if err != nil {
			return nil, fmt.Errorf("parse -until: %w", err)
		}
		until = t
	}
	since := until.AddDate(-1, 0, 0)
	if c.since != "" {
		t, err := time.Parse(time.RFC3339, c.since)
		if err != nil {
			return nil, fmt.Errorf("parse -since: %w", err)
		}
		since = t
	}

	var spec fakegithub.WorldSpec
	switch c.world {
	case "fifty":
		spec = fakegithub.FiftyRepos(since, until)
	case "huge":
		spec = fakegithub.OneHuge(c.commits, since, until)
	case "quiet":
		spec = fakegithub.ManyQuiet(since, until)
	default:
		return nil, fmt.Errorf("unknown world %q: want fifty, huge or quiet", c.world)
	}
	spec.Problems = c.problems
	return fakegithub.GenWorld(c.seed, spec), nil
}

// run serves until ctx ends and returns the exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	c, err := parseFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	if err != nil {
		fmt.Fprintln(stderr, "fakegithub:", err)
		return exitUsage
	}

	// Build and start the server.
	var s *fakegithub.Server
	if c.replay != "" {
		s = fakegithub.StartReplay(c.replay)
	} else {
		w, err := c.buildWorld()
		if err != nil {
			fmt.Fprintln(stderr, "fakegithub:", err)
			return exitUsage
		}
		s = fakegithub.Start(w, c.opts)
	}
	defer s.Close()

	// Tell the user how to reach it.
	dir, err := os.MkdirTemp("", "fakegithub-")
	if err != nil {
		fmt.Fprintln(stderr, "fakegithub: create certificate directory:", err)
		return exitError
	}
	defer os.RemoveAll(dir)
	cert, err := s.WriteCert(dir)
	if err != nil {
		fmt.Fprintln(stderr, "fakegithub:", err)
		return exitError
	}
	fmt.Fprintf(stdout, "GH_HOST=%s\nSSL_CERT_FILE=%s\nGH_ENTERPRISE_TOKEN=%s\n",
		s.Host(), cert, c.opts.Token)

	// Serve until interrupted, then report.
	<-ctx.Done()
	s.Close()
	out, _ := json.MarshalIndent(s.Stats(), "", "  ")
	fmt.Fprintln(stderr, string(out))
	return exitOK
}
