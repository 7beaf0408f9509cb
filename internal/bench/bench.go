package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/hacktivity-fetch/hacktivity-fetch/internal/fakegithub"
)

// bench runs the configurations over the worlds. It is not safe for concurrent use.
type bench struct {
	opts    options
	dir     string    // temp space for certificates, homes and checkpoints
	log     io.Writer // progress and failures
	product product
	peer    peer
	notes   []string // what a reader of the figures must know, such as a skipped peer
}

// newBench builds the binary and, when some world runs it, finds the gh peer.
func newBench(ctx context.Context, opts options, dir string, log io.Writer) (*bench, error) {
	fmt.Fprintln(log, "bench: go build", modulePath)
	p, err := buildProduct(ctx, dir, log)
	if err != nil {
		return nil, err
	}
	b := &bench{opts: opts, dir: dir, log: log, product: p}
	if !b.needsPeer() {
		return b, nil
	}
	b.peer = findPeer(ctx, opts.installGh, log)
	if b.peer.gh != "" {
		probeDir, err := os.MkdirTemp(dir, "probe-")
		if err != nil {
			return nil, err
		}
		if note := b.peer.probeToken(ctx, probeDir); note != "" {
			b.notes = append(b.notes, note)
		}
	}
	if b.peer.skipped != "" {
		b.notes = append(b.notes, "gh peer skipped: "+b.peer.skipped)
		fmt.Fprintln(log, "bench: gh peer skipped:", b.peer.skipped)
	}
	return b, nil
}

func (b *bench) needsPeer() bool {
	for _, w := range b.opts.worlds {
		if slices.Contains(b.configsFor(w), cfgPeer) {
			return true
		}
	}
	return false
}

func (b *bench) configsFor(world string) []string {
	if len(b.opts.configs) > 0 {
		return b.opts.configs
	}
	return defaultConfigs[world]
}

// runAll runs every world and returns the report; args are the command's own, for
// the report to quote.
func (b *bench) runAll(ctx context.Context, args []string) *report {
	rep := newReport(b, args)
	for _, name := range b.opts.worlds {
		if ctx.Err() != nil {
			break
		}
		fmt.Fprintf(b.log, "bench: world %s: generating\n", name)
		wd := newWorld(name, b.opts.seed)
		var rows []row
		for _, c := range b.configsFor(name) {
			if ctx.Err() != nil {
				break
			}
			rows = append(rows, b.runConfig(ctx, wd, c)...)
		}
		rep.add(wd, rows)
	}
	if ctx.Err() != nil {
		rep.notes = append(rep.notes, "interrupted: the figures are partial")
	}
	return rep
}

// runConfig runs one configuration -runs times and returns its rows.
func (b *bench) runConfig(ctx context.Context, wd *world, c string) []row {
	switch c {
	case cfgPeer:
		if b.peer.gh == "" {
			return nil // the notes say why
		}
		m := b.repeat(wd, labelPeer, func(dir string) measurement {
			return b.runPeer(ctx, wd, dir)
		})
		return []row{{config: c, label: labelPeer, m: m, least: wd.least}}
	case cfgCheckpoint:
		return b.checkpointRows(ctx, wd)
	}
	pc := productConfigs[c]
	stdin, least := wd.names(), wd.least
	if pc.pushed {
		stdin, least = wd.ghRepoList(), wd.leastPushed
	}
	m := b.repeat(wd, pc.label, func(dir string) measurement {
		return b.runProduct(ctx, wd, dir, fetchArgs(pc.flags...), stdin)
	})
	return []row{{config: c, label: pc.label, m: m, least: least}}
}

// repeat calls one -runs times, each with a fresh directory, and returns the median.
func (b *bench) repeat(wd *world, label string, one func(dir string) measurement) measurement {
	var ms []measurement
	for i := range b.opts.runs {
		fmt.Fprintf(b.log, "bench: world %s: %s, run %d of %d\n", wd.name, label, i+1, b.opts.runs)
		ms = append(ms, b.inRunDir(one))
	}
	return median(ms)
}

// inRunDir calls one with a directory of its own, removed afterwards.
func (b *bench) inRunDir(one func(dir string) measurement) measurement {
	dir, err := os.MkdirTemp(b.dir, "run-")
	if err != nil {
		return failedRun(err)
	}
	defer os.RemoveAll(dir)
	return one(dir)
}

// runProduct runs the binary once on a fake of its own.
func (b *bench) runProduct(ctx context.Context, wd *world, dir string, args []string,
	stdin []byte) measurement {
	f, err := startFake(wd.w, b.opts.latency, benchToken, dir)
	if err != nil {
		return failedRun(err)
	}
	m := b.product.run(ctx, f, args, stdin, wd.oracle)
	f.Close()
	m.stats = f.srv.Stats()
	return m
}

// runPeer runs the gh peer once on a fake of its own.
func (b *bench) runPeer(ctx context.Context, wd *world, dir string) measurement {
	f, err := startFake(wd.w, b.opts.latency, b.peer.token, dir)
	if err != nil {
		return failedRun(err)
	}
	m := b.peer.run(ctx, f, wd, b.opts.peerTimeout)
	f.Close()
	m.stats = f.srv.Stats()
	return m
}

// checkpointRows runs -j 4 --checkpoint twice on one fake, so that the second run can
// send the ETags the first one stored, and returns a row for each run.
func (b *bench) checkpointRows(ctx context.Context, wd *world) []row {
	var firsts, seconds []measurement
	for i := range b.opts.runs {
		fmt.Fprintf(b.log, "bench: world %s: -j 4 --checkpoint twice, run %d of %d\n",
			wd.name, i+1, b.opts.runs)
		first, second := b.checkpointPair(ctx, wd)
		firsts, seconds = append(firsts, first), append(seconds, second)
	}
	return []row{
		{config: cfgCheckpoint, label: labelFirst, m: median(firsts), least: wd.least},
		{config: cfgCheckpoint, label: labelSecond, m: median(seconds), least: wd.least,
			second: true},
	}
}

// checkpointPair runs the same -j 4 --checkpoint command twice on one fake.
func (b *bench) checkpointPair(ctx context.Context, wd *world) (first, second measurement) {
	dir, err := os.MkdirTemp(b.dir, "run-")
	if err != nil {
		return failedRun(err), failedRun(err)
	}
	defer os.RemoveAll(dir)
	f, err := startFake(wd.w, b.opts.latency, benchToken, dir)
	if err != nil {
		return failedRun(err), failedRun(err)
	}
	args := fetchArgs("-j", "4", "--checkpoint", filepath.Join(dir, "checkpoint"))

	// First run, then the counters cleared once its last request is recorded.
	first = b.product.run(ctx, f, args, wd.names(), wd.oracle)
	first.stats = settledStats(f)
	f.srv.ResetStats()

	// Second run of the same command on the same fake.
	second = b.product.run(ctx, f, args, wd.names(), wd.oracle)
	f.Close()
	second.stats = f.srv.Stats()
	return first, second
}

// settledStats returns the fake's Stats once they stop changing. The server records a
// request just after answering it, so the last one may land a moment after the client
// exits; the fake cannot be closed here because the second run needs its port (the
// ETags cover bodies that name it).
func settledStats(f *fake) fakegithub.Stats {
	st := f.srv.Stats()
	for range 40 {
		time.Sleep(25 * time.Millisecond)
		next := f.srv.Stats()
		if next.Requests == st.Requests {
			return next
		}
		st = next
	}
	return st
}
