package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/creack/pty"

	"github.com/hacktivity-fetch/hacktivity-fetch/internal/fakegithub"
)

// paceWorld is three repositories of 250 commits in the window, three pages each, and
// one repository for each way of failing. Its names come with a line that names none.
func paceWorld() (*fakegithub.World, []string, string) {
	rng := rand.New(rand.NewPCG(5, 5))
	w := &fakegithub.World{}
	for _, name := range []string{"alpha", "beta", "gamma"} {
		w.Repos = append(w.Repos, fakegithub.GenRepo(rng, "fake-org", name, 250,
			windowSince, windowUntil.Add(-time.Second)))
	}
	for name, status := range map[string]int{"missing": 404, "blocked": 451, "sso-protected": 403} {
		w.Repos = append(w.Repos, &fakegithub.Repo{Owner: "fake-org", Name: name, Status: status})
	}
	var names []string
	for _, r := range w.Repos {
		names = append(names, r.FullName())
	}
	return w, names, strings.Join(names, "\n") + "\nnot a repository\n"
}

// ptyRun is one run of the binary with stderr on a terminal.
type ptyRun struct {
	code    int
	stdout  []byte
	stderr  string        // everything the terminal received
	elapsed time.Duration // at least as long as the run, as the test saw it
}

// runOnTerminal runs the binary with stderr on a 160-column pseudo-terminal and stdout
// and stdin on pipes.
func (wd *world) runOnTerminal(stdin string, args ...string) ptyRun {
	wd.t.Helper()
	ptmx, tty, err := pty.Open()
	if err != nil {
		wd.t.Skipf("no pseudo-terminal: %v", err)
	}
	defer ptmx.Close()
	if err := pty.Setsize(ptmx, &pty.Winsize{Rows: 50, Cols: 160}); err != nil {
		wd.t.Fatal(err)
	}
	cmd := exec.Command(binary, args...)
	cmd.Env = append(wd.env, "TERM=xterm")
	cmd.Stdin = strings.NewReader(stdin)
	// stdout goes to a file, as with > commits.ndjson: with a pipe, which may lead to the
	// same screen, the display is plain lines.
	out, err := os.CreateTemp(wd.t.TempDir(), "stdout")
	if err != nil {
		wd.t.Fatal(err)
	}
	defer out.Close()
	cmd.Stdout, cmd.Stderr = out, tty

	// The terminal is read all along, or a full one would block the program.
	screen := make(chan []byte)
	go func() {
		b, _ := io.ReadAll(ptmx) // ends with EIO once the program has closed it
		screen <- b
	}()
	began := time.Now()
	err = cmd.Start()
	tty.Close()
	if err != nil {
		wd.t.Fatal(err)
	}
	err = cmd.Wait()
	elapsed := time.Since(began)
	stdout, rerr := os.ReadFile(out.Name())
	if rerr != nil {
		wd.t.Fatal(rerr)
	}
	res := ptyRun{stdout: stdout, stderr: string(<-screen), elapsed: elapsed}
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		res.code = exit.ExitCode()
	} else if err != nil {
		wd.t.Fatal(err)
	}
	return res
}

// escapeRE is the escape sequences the live display may write: cursor up, erase below.
var escapeRE = regexp.MustCompile(`\x1b\[(\d*)([A-Za-z])`)

// finalScreen replays out as a terminal shows it and returns its lines at the end.
// It fails on an escape sequence other than cursor up and erase below.
func finalScreen(t *testing.T, out string) []string {
	t.Helper()
	rows := []string{""}
	row := 0
	for out != "" {
		if loc := escapeRE.FindStringSubmatchIndex(out); loc != nil && loc[0] == 0 {
			n, _ := strconv.Atoi(out[loc[2]:loc[3]])
			switch out[loc[4]:loc[5]] {
			case "A":
				row = max(row-max(n, 1), 0)
			case "J":
				rows = rows[:row+1]
				rows[row] = ""
			default:
				t.Fatalf("unexpected escape sequence %q", out[:loc[1]])
			}
			out = out[loc[1]:]
			continue
		}
		switch c := out[0]; c {
		case '\n':
			row++
			if row == len(rows) {
				rows = append(rows, "")
			}
		case '\r':
		default:
			rows[row] += out[:1]
		}
		out = out[1:]
	}
	return rows[:row]
}

// TestLiveDisplayOnATerminal: on a terminal the run shows a live display, redrawn at
// most ten times a second, that ends in a clean final state above the summary.
func TestLiveDisplayOnATerminal(t *testing.T) {
	w, names, stdin := paceWorld()
	wd := startWorld(t, w, fakegithub.Options{Latency: 150 * time.Millisecond})

	res := wd.runOnTerminal(stdin, "--since", "2026-10-01", "--until", "2026-11-01",
		"-j", "2", "--per-page", "100")

	if res.code != exitPartial {
		t.Errorf("exit code %d, want %d\n%s", res.code, exitPartial, res.stderr)
	}
	sameSets(t, parseOutput(t, res.stdout), wd.expected(names, ""))

	// Live: frames redrawn in place, with the workers' lines.
	redraws := strings.Count(res.stderr, "\x1b[J")
	if redraws < 3 {
		t.Errorf("redrawn %d times, want a live display\n%q", redraws, res.stderr)
	}
	if limit := int(res.elapsed.Seconds()*10) + 5; redraws > limit {
		t.Errorf("redrawn %d times in %s, want at most ten a second", redraws, res.elapsed)
	}
	for _, want := range []string{"workers ", " page ", "rate limit "} {
		if !strings.Contains(res.stderr, want) {
			t.Errorf("the live display never showed %q\n%q", want, res.stderr)
		}
	}

	// Final: the run's line and the rate limit's once each, no worker, then the rest.
	rows := finalScreen(t, res.stderr)
	text := strings.Join(rows, "\n")
	final := slices.IndexFunc(rows, func(r string) bool {
		return strings.HasPrefix(r, "repositories 6/6 · 3 failed")
	})
	if final < 0 || strings.Count(text, "repositories 6/6") != 1 {
		t.Fatalf("the final screen has not the run's line once:\n%s", text)
	}
	if !strings.HasPrefix(rows[final+1], "rate limit ") {
		t.Errorf("the run's line is followed by %q, want the rate limit's", rows[final+1])
	}
	for _, r := range rows {
		if strings.Contains(r, " page ") || strings.Contains(r, "idle") ||
			strings.HasPrefix(r, "workers ") {
			t.Errorf("a worker's line is left on the final screen: %q\n%s", r, text)
		}
	}
	if !strings.HasPrefix(rows[len(rows)-1], "quota left") {
		t.Errorf("the screen does not end with the summary:\n%s", text)
	}
}

// TestProgressToAFile: with stderr to a file the progress is plain log lines, with no
// escape codes.
func TestProgressToAFile(t *testing.T) {
	w, names, stdin := paceWorld()
	// One worker and 200ms a request: the run lasts more than 2.4s, so progress lines
	// one second apart must show.
	wd := startWorld(t, w, fakegithub.Options{Latency: 200 * time.Millisecond})

	res := wd.run(stdin, "--since", "2026-10-01", "--until", "2026-11-01", "-j", "1",
		"--progress-interval", "1")

	sameSets(t, parseOutput(t, res.stdout), wd.expected(names, ""))
	if i := strings.Index(res.stderr, "\x1b"); i >= 0 {
		t.Errorf("escape code in stderr at %d:\n%q", i, res.stderr)
	}
	if n := strings.Count(res.stderr, "level=INFO msg=progress "); n < 1 {
		t.Errorf("got %d progress lines, want at least one\n%s", n, res.stderr)
	}
	if !strings.Contains(res.stderr, "\nquota left ") {
		t.Errorf("no summary:\n%s", res.stderr)
	}
}

// TestJSONLogs: with --log-format json and --progress json every line on stderr is a
// JSON object; every record about a repository names it, its window and the operation,
// and the progress events end with one of kind "done".
func TestJSONLogs(t *testing.T) {
	w, _, stdin := paceWorld()
	wd := startWorld(t, w, fakegithub.Options{})

	res := wd.run(stdin, "--since", "2026-10-01", "--until", "2026-11-01",
		"--checkpoint", filepath.Join(wd.dir, "ckpt"), "--log-format", "json",
		"--progress", "json")

	var op string
	var events []any
	failed := map[string]bool{}
	sc := bufio.NewScanner(strings.NewReader(res.stderr))
	for sc.Scan() {
		var rec map[string]any
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			t.Fatalf("stderr line is not JSON: %v\n%s", err, sc.Text())
		}
		switch rec["msg"] {
		case "operation":
			op, _ = rec["op"].(string)
		case "repository failed":
			failed[rec["repo"].(string)] = true
		}
		if _, about := rec["repo"]; about && (op == "" || rec["op"] != op || rec["window"] == nil) {
			t.Errorf("record about a repository has op %v and window %v, want %q and one: %s",
				rec["op"], rec["window"], op, sc.Text())
		}
		if ev, ok := rec["event"]; ok {
			events = append(events, ev)
		}
		if rec["msg"] == "finished" && rec["op"] != op {
			t.Errorf("finished record has op %v, want %q", rec["op"], op)
		}
	}
	if len(events) == 0 || events[len(events)-1] != "done" {
		t.Errorf("progress events %v, want them to end with done", events)
	}
	if len(failed) != 3 {
		t.Errorf("got failure records for %v, want the 3 repositories that fail", failed)
	}
}

// TestSummaryMatchesTheServer: the summary's counts, on stderr and in --summary-json,
// are what the fake server saw, and --errors names every failure and bad input line.
func TestSummaryMatchesTheServer(t *testing.T) {
	w, names, stdin := paceWorld()
	wd := startWorld(t, w, fakegithub.Options{})
	summaryPath := filepath.Join(wd.dir, "summary.json")
	errorsPath := filepath.Join(wd.dir, "errors.ndjson")

	res := wd.run(stdin, "--since", "2026-10-01", "--until", "2026-11-01",
		"--summary-json", summaryPath, "--errors", errorsPath)

	commits := len(bytes.Split(bytes.TrimSpace(res.stdout), []byte("\n")))
	sameSets(t, parseOutput(t, res.stdout), wd.expected(names, ""))
	st := wd.srv.Stats()
	data, err := os.ReadFile(summaryPath)
	if err != nil {
		t.Fatal(err)
	}
	var sum summaryJSON
	if err := json.Unmarshal(data, &sum); err != nil {
		t.Fatalf("summary is not JSON: %v\n%s", err, data)
	}
	checks := []struct {
		name      string
		got, want int
	}{
		{"requests sent", int(sum.Requests.Sent), st.Requests},
		{"requests that cost quota", int(sum.Requests.Counted), st.Counted},
		{"commits", int(sum.Commits), commits},
		{"repositories", sum.Repos, len(names)},
		{"complete", sum.Complete, 3},
		{"failed", sum.Failed, 3},
		{"bad input", sum.BadInput, 1},
		{"exit code", sum.ExitCode, res.code},
		{"quota left", sum.Quota[0].Remaining, st.MinRemaining},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s: got %d, want %d", c.name, c.got, c.want)
		}
	}
	wantText := "requests      " + strconv.Itoa(st.Requests) + " sent, " +
		strconv.Itoa(st.Counted) + " cost quota\n"
	if !strings.Contains(res.stderr, wantText) {
		t.Errorf("stderr summary does not say %q:\n%s", wantText, res.stderr)
	}

	// The errors file: each failing repository with the status GitHub sent, the bad line.
	data, err = os.ReadFile(errorsPath)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	for l := range strings.Lines(string(data)) {
		var e errorLine
		if err := json.Unmarshal([]byte(l), &e); err != nil {
			t.Fatalf("errors line is not JSON: %v\n%s", err, l)
		}
		got[e.Kind+" "+e.Repo+e.Text] = e.Status
	}
	want := map[string]int{"input not a repository": 0}
	for _, r := range w.Repos {
		if r.Status != 0 {
			want["repository "+r.FullName()] = r.Status
		}
	}
	if len(got) != len(want) {
		t.Errorf("errors file has %v, want %v", got, want)
	}
	for k, status := range want {
		if s, ok := got[k]; !ok || s != status {
			t.Errorf("errors file: %s has status %d (present %v), want %d", k, s, ok, status)
		}
	}
}

// TestQuietLeavesOnlyErrors: -q shows neither progress nor summary, only errors.
func TestQuietLeavesOnlyErrors(t *testing.T) {
	w, _, stdin := paceWorld()
	wd := startWorld(t, w, fakegithub.Options{})
	res := wd.runOnTerminal(stdin, "--since", "2026-10-01", "--until", "2026-11-01", "-q")

	lines := strings.Split(strings.TrimSpace(res.stderr), "\n")
	if len(lines) != 4 { // three repositories and one input line
		t.Errorf("got %d lines, want 4\n%s", len(lines), res.stderr)
	}
	for _, l := range lines {
		if !strings.Contains(l, "level=ERROR") {
			t.Errorf("not an error under -q: %q", l)
		}
	}
}

// TestRateLimitWaitIsShown: while requests wait for the quota to reset, the live display
// says so and until when, and it still ends clean.
func TestRateLimitWaitIsShown(t *testing.T) {
	w, _, stdin := paceWorld()
	// Ten requests a window above the buffer of 50: the run's twelve requests wait once,
	// for most of a three-second window.
	wd := startWorld(t, w, fakegithub.Options{RateLimit: 60, ResetEvery: 3 * time.Second})

	res := wd.runOnTerminal(stdin, "--since", "2026-10-01", "--until", "2026-11-01",
		"--rate-limit-buffer", "50")

	if !strings.Contains(res.stderr, "waiting for the rate limit until ") {
		t.Errorf("the display never said it waits for the rate limit:\n%q", res.stderr)
	}
	if st := wd.srv.Stats(); st.RateLimited > 0 || st.MinRemaining < 50 {
		t.Errorf("got %d rate-limited answers and %d left at least, want none and 50",
			st.RateLimited, st.MinRemaining)
	}
	rows := finalScreen(t, res.stderr)
	for _, r := range rows {
		if strings.Contains(r, "waiting for the rate limit until") {
			t.Errorf("the final screen still says it waits: %q", r)
		}
	}
}
