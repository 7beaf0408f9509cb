package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"slices"
	"strings"
	"time"
)

// launcherEnv set in the environment makes this binary a launcher instead of the bench.
//
// Every measured process is started through a launcher, a fresh small copy of this
// binary, because Linux starts a child's peak RSS (ru_maxrss) at the peak of the process
// it was forked from: os/exec forks with a shared address space, so each child started
// directly by the bench, which holds the world, its oracle and the fake, would report
// at least the bench's own size. A launcher is small, so the figure it hands back is
// the child's own.
const launcherEnv = "HF_BENCH_LAUNCHER"

// launchReport is what the launcher writes on file descriptor 3 once its child ended:
// wall time in nanoseconds and peak RSS in KiB.
const launchReport = "%d %d\n"

// launch is the launcher's main: it runs args[0] with args[1:] on the launcher's own
// streams, writes the launchReport and exits as the child did.
func launch(args []string) int {
	if len(args) == 0 {
		fmt.Fprintln(os.Stderr, "launcher: no command")
		return 127
	}
	keepFromChildren(3)
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	cmd.Env = slices.DeleteFunc(os.Environ(), func(kv string) bool {
		return strings.HasPrefix(kv, launcherEnv+"=")
	})
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	if cmd.ProcessState == nil {
		fmt.Fprintf(os.Stderr, "launcher: %v\n", err)
		return 127
	}
	report := os.NewFile(3, "launch-report")
	fmt.Fprintf(report, launchReport, wall.Nanoseconds(), peakRSSKiB(cmd.ProcessState))
	if code := cmd.ProcessState.ExitCode(); code >= 0 {
		return code
	}
	fmt.Fprintf(os.Stderr, "launcher: child %v\n", cmd.ProcessState)
	return 1
}

// readLaunchReport reads what a launcher wrote on its report pipe.
func readLaunchReport(r io.Reader) (wall time.Duration, rssKiB int64, err error) {
	var ns int64
	if _, err := fmt.Fscanf(r, launchReport, &ns, &rssKiB); err != nil {
		return 0, 0, errors.New("launcher gave no report: the child did not run")
	}
	return time.Duration(ns), rssKiB, nil
}
