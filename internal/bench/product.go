package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/tidwall/gjson"
)

// modulePath is the main package of hacktivity-fetch, built from the module the bench
// runs in so that every run measures the tree as it is now.
const modulePath = "github.com/hacktivity-fetch/hacktivity-fetch"

// product is the built hacktivity-fetch binary.
type product struct {
	bin      string
	revision string // git commit of the tree it was built from
}

// buildProduct builds the binary into dir with go build.
func buildProduct(ctx context.Context, dir string, stderr io.Writer) (product, error) {
	bin := filepath.Join(dir, "hacktivity-fetch")
	cmd := exec.CommandContext(ctx, "go", "build", "-o", bin, modulePath)
	cmd.Stdout, cmd.Stderr = stderr, stderr
	if err := cmd.Run(); err != nil {
		return product{}, fmt.Errorf("build %s: %w", modulePath, err)
	}
	return product{bin: bin, revision: revision(ctx)}, nil
}

// revision names the tree the binary was built from: the commit, and "+uncommitted"
// when files differ from it. It asks git without optional locks, so that it never
// writes the index under someone working in the same tree.
func revision(ctx context.Context) string {
	head, err := exec.CommandContext(ctx, "git", "rev-parse", "--short=12", "HEAD").Output()
	if err != nil {
		return "unknown revision"
	}
	rev := strings.TrimSpace(string(head))
	changes, err := exec.CommandContext(ctx, "git", "--no-optional-locks", "status",
		"--porcelain").Output()
	if err == nil && len(changes) > 0 {
		rev += "+uncommitted"
	}
	return rev
}

// fetchArgs are the flags every run shares: the bench window, and nothing on stderr
// but errors.
func fetchArgs(extra ...string) []string {
	args := []string{
		"--since", windowSince.Format(time.RFC3339),
		"--until", windowUntil.Format(time.RFC3339),
		"--quiet", "--progress", "none",
	}
	return append(args, extra...)
}

// run runs the binary once against f and tallies its output against o.
func (p product) run(ctx context.Context, f *fake, args []string, stdin []byte,
	o *oracle) measurement {
	t := o.newTally()
	proc := runProcess(ctx, p.bin, args, f.env, stdin, func(r io.Reader) error {
		return scanLines(r, t)
	})
	return finishMeasurement(proc, t)
}

// scanLines tallies each NDJSON line by its repo and sha.
func scanLines(r io.Reader, t *tally) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), 8<<20)
	for sc.Scan() {
		v := gjson.GetManyBytes(sc.Bytes(), "repo", "sha")
		t.add(v[0].Str, v[1].Str)
	}
	return sc.Err()
}

// finishMeasurement turns a finished process and its tally into a measurement; the
// caller adds the fake's Stats once the server has answered everything.
func finishMeasurement(proc process, t *tally) measurement {
	m := measurement{wall: proc.wall, commits: t.lines, rssKiB: proc.rssKiB, check: t.verdict()}
	if proc.err != nil {
		m.failed = true
		m.check = "FAILED: " + proc.err.Error()
	}
	return m
}
