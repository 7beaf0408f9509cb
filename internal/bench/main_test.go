package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	// The bench starts every measured process through a copy of its own binary,
	// which under go test is this one.
	if os.Getenv(launcherEnv) != "" {
		os.Exit(launch(os.Args[1:]))
	}
	goleak.VerifyTestMain(m)
}

// TestRunTinyWorld runs the whole benchmark, binary build included, on a world of four
// repositories, so that the command keeps working as the product changes. The gh peer
// joins when gh is installed; the test never installs it.
func TestRunTinyWorld(t *testing.T) {
	configs := "no-parallel,j4,pushed,checkpoint"
	wantLabels := []string{labelNoParallel, labelJ4, labelPushed, labelFirst, labelSecond}
	if _, err := exec.LookPath("gh"); err == nil {
		configs += ",gh"
		wantLabels = append(wantLabels, labelPeer)
	}
	md := filepath.Join(t.TempDir(), "bench.md")
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"-world", "tiny", "-configs", configs,
		"-latency", "1ms", "-install-gh=false", "-out", md}, &stdout, &stderr)
	if code != exitOK {
		t.Fatalf("got exit code %d, want %d\nstdout:\n%s\nstderr:\n%s",
			code, exitOK, stdout.String(), stderr.String())
	}

	// Every configuration has a row that wrote exactly the window's commits.
	want := strconv.Itoa(len(newWorld("tiny", 1).oracle.want))
	rows := markdownRows(t, md, "tiny")
	if len(rows) != len(wantLabels) {
		t.Fatalf("got %d rows, want %d:\n%s", len(rows), len(wantLabels), stdout.String())
	}
	for i, r := range rows {
		label, commits, check := r[1], r[6], r[7]
		if label != wantLabels[i] || commits != want || check != "OK" {
			t.Errorf("row %d: got %q with %s commits, %s; want %q with %s commits, OK",
				i, label, commits, check, wantLabels[i], want)
		}
	}
	if !strings.Contains(stdout.String(), "targets (issue 6):") {
		t.Errorf("got no targets section on stdout:\n%s", stdout.String())
	}
}

// markdownRows returns the cells of the table rows of world in the markdown file.
func markdownRows(t *testing.T, path, world string) [][]string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var rows [][]string
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "| "+world+" |") {
			cells := strings.Split(strings.Trim(line, "| "), " | ")
			rows = append(rows, cells)
		}
	}
	return rows
}

func TestRunRejectsBadFlags(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string // in stderr
	}{
		{"unknown world", []string{"-world", "mars"}, `unknown world "mars"`},
		{"unknown config", []string{"-configs", "j4,j99"}, `unknown configuration "j99"`},
		{"no runs", []string{"-runs", "0"}, "-runs must be at least 1"},
		{"stray argument", []string{"fifty"}, "unexpected arguments"},
		{"empty world list", []string{"-world", ","}, "-world names no world"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), tt.args, &stdout, &stderr)
			if code != exitUsage || !strings.Contains(stderr.String(), tt.want) {
				t.Errorf("got exit %d, stderr %q; want exit %d, stderr containing %q",
					code, stderr.String(), exitUsage, tt.want)
			}
			if stdout.Len() != 0 {
				t.Errorf("got stdout %q, want none", stdout.String())
			}
		})
	}
}
