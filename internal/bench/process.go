package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"slices"
	"strings"
	"time"
)

// stderrKeep is how much of a process's stderr is kept to explain a failure.
const stderrKeep = 4 << 10

// process is one finished subprocess.
type process struct {
	wall   time.Duration // from start to exit, as the launcher timed it
	rssKiB int64         // peak resident set
	err    error         // how it failed, with the end of its stderr; nil on success
}

// runProcess runs path with args and env through a launcher, feeds it stdin, and hands
// its stdout to read, which must consume it to the end. The wall time covers start to
// exit, reading included, as a user piping the output somewhere would see it.
func runProcess(ctx context.Context, path string, args, env []string, stdin []byte,
	read func(io.Reader) error) process {
	self, err := os.Executable()
	if err != nil {
		return process{err: fmt.Errorf("find the launcher: %w", err)}
	}
	cmd := exec.CommandContext(ctx, self, append([]string{path}, args...)...)
	cmd.Env = append(slices.Clone(env), launcherEnv+"=1")
	cmd.Stdin = bytes.NewReader(stdin)
	stderr := &tailBuffer{max: stderrKeep}
	cmd.Stderr = stderr
	killGroupOnCancel(cmd) // the launcher's child must not outlive a cancelled run
	out, err := cmd.StdoutPipe()
	if err != nil {
		return process{err: fmt.Errorf("stdout pipe: %w", err)}
	}
	reportR, reportW, err := os.Pipe()
	if err != nil {
		return process{err: fmt.Errorf("report pipe: %w", err)}
	}
	defer reportR.Close()
	cmd.ExtraFiles = []*os.File{reportW}

	// Start, read the output as it comes, wait, then collect the launcher's figures.
	err = cmd.Start()
	reportW.Close() // the launcher holds its own copy
	if err != nil {
		return process{err: fmt.Errorf("start %s: %w", path, err)}
	}
	readErr := read(out)
	_, _ = io.Copy(io.Discard, out) // a reader that stopped early must not block the child
	waitErr := cmd.Wait()
	var p process
	p.wall, p.rssKiB, p.err = readLaunchReport(reportR)

	switch {
	case waitErr != nil && stderr.lastLine() != "":
		p.err = fmt.Errorf("%s: %w: %s", path, waitErr, stderr.lastLine())
	case waitErr != nil:
		p.err = fmt.Errorf("%s: %w", path, waitErr)
	case readErr != nil:
		p.err = fmt.Errorf("read output: %w", readErr)
	}
	return p
}

// tailBuffer keeps the last max bytes written to it.
type tailBuffer struct {
	max int
	b   []byte
}

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.b = append(t.b, p...)
	if len(t.b) > t.max {
		t.b = t.b[len(t.b)-t.max:]
	}
	return len(p), nil
}

// lastLine is the last non-empty line written, where programs put the reason they
// stopped.
func (t *tailBuffer) lastLine() string {
	lines := strings.Split(strings.TrimSpace(string(t.b)), "\n")
	return strings.TrimSpace(lines[len(lines)-1])
}
