// Command bench measures hacktivity-fetch the way issue 6 asks: it builds the binary,
// serves a generated world from the fake GitHub on loopback TLS with a latency added to
// every request, runs the binary against it in several configurations (and, as the peer,
// one `gh api --paginate` per repository in sequence), checks every run wrote exactly the
// commits of the window, and prints one line of figures per configuration:
//
//	go run ./internal/bench -world all -out /tmp/bench.md
//
// Figures are wall time, requests sent, requests that cost quota, 304s, commits, peak RSS
// and the least requests the world needs; then speed-ups against --no-parallel and
// against the peer from the same run, and which of the targets hold.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// Exit codes.
const (
	exitOK     = 0
	exitFailed = 1 // a run failed or wrote other commits than the window holds
	exitUsage  = 2
)

func main() {
	if os.Getenv(launcherEnv) != "" {
		os.Exit(launch(os.Args[1:]))
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run is the whole program with its streams passed in, so the test can run it
// in-process. The report goes to stdout, progress and failures to stderr.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	opts, err := parseFlags(args, stderr)
	if err != nil {
		return exitUsage
	}
	dir, err := os.MkdirTemp("", "hf-bench-")
	if err != nil {
		fmt.Fprintf(stderr, "bench: %v\n", err)
		return exitFailed
	}
	defer os.RemoveAll(dir)

	b, err := newBench(ctx, opts, dir, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "bench: %v\n", err)
		return exitFailed
	}
	rep := b.runAll(ctx, args)
	rep.print(stdout)
	if opts.out != "" {
		if err := rep.writeMarkdown(opts.out); err != nil {
			fmt.Fprintf(stderr, "bench: %v\n", err)
			return exitFailed
		}
	}
	if ctx.Err() != nil || !rep.allChecked() {
		return exitFailed
	}
	return exitOK
}
