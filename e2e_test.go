package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/hacktivity-fetch/hacktivity-fetch/internal/fakegithub"
)

// binary is the built hacktivity-fetch that the end-to-end tests run as a subprocess.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "hf-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "hacktivity-fetch")
	build := exec.Command("go", "build", "-o", binary, ".")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "build:", err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

var (
	windowSince = time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
	windowUntil = time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
)

const testToken = "ghp_e2eTestToken0123456789"

// world is a fake GitHub serving w, with the environment a gh user of that Enterprise
// Server would have: GH_HOST with the port, GH_ENTERPRISE_TOKEN, SSL_CERT_FILE.
type world struct {
	t   *testing.T
	w   *fakegithub.World
	srv *fakegithub.Server
	env []string
	dir string
}

func startWorld(t *testing.T, w *fakegithub.World, o fakegithub.Options) *world {
	t.Helper()
	if o.Token == "" {
		o.Token = testToken
	}
	srv := fakegithub.Start(w, o)
	t.Cleanup(srv.Close)
	dir := t.TempDir()
	cert, err := srv.WriteCert(dir)
	if err != nil {
		t.Fatal(err)
	}
	home := filepath.Join(dir, "home")
	if err := os.MkdirAll(home, 0o755); err != nil {
		t.Fatal(err)
	}
	env := []string{
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + home,
		"GH_CONFIG_DIR=" + filepath.Join(dir, "gh"),
		"GH_PATH=/nonexistent/gh", // never ask a real gh for a token
		"GH_HOST=" + srv.Host(),
		"GH_ENTERPRISE_TOKEN=" + o.Token,
		"SSL_CERT_FILE=" + cert,
	}
	return &world{t: t, w: w, srv: srv, env: env, dir: dir}
}

// result is one finished run of the binary.
type result struct {
	code   int
	stdout []byte
	stderr string
}

func (wd *world) run(stdin string, args ...string) result {
	wd.t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Env = wd.env
	cmd.Stdin = strings.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		code = exit.ExitCode()
	} else if err != nil {
		wd.t.Fatal(err)
	}
	return result{code: code, stdout: out.Bytes(), stderr: errb.String()}
}

// outputLine is the schema README.md documents.
type outputLine struct {
	Repo      string   `json:"repo"`
	SHA       string   `json:"sha"`
	Author    *person  `json:"author"`
	Committer *person  `json:"committer"`
	Message   *string  `json:"message"`
	URL       string   `json:"url"`
	Parents   []string `json:"parents"`
}

type person struct {
	Name  string  `json:"name"`
	Email string  `json:"email"`
	Login *string `json:"login"`
	Date  string  `json:"date"`
}

// parseOutput checks every line against the schema and returns repo -> SHAs, failing on
// a line seen twice.
func parseOutput(t *testing.T, out []byte) map[string][]string {
	t.Helper()
	got := map[string][]string{}
	seen := map[string]bool{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(nil, 8<<20)
	for n := 1; sc.Scan(); n++ {
		var l outputLine
		dec := json.NewDecoder(bytes.NewReader(sc.Bytes()))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&l); err != nil {
			t.Fatalf("stdout line %d is not the documented schema: %v\n%s", n, err, sc.Text())
		}
		if l.Repo == "" || len(l.SHA) != 40 || l.Author == nil || l.Committer == nil ||
			l.Message == nil || l.URL == "" || l.Parents == nil || l.Author.Date == "" {
			t.Fatalf("stdout line %d lacks a field: %s", n, sc.Text())
		}
		key := strings.ToLower(l.Repo) + " " + l.SHA
		if seen[key] {
			t.Fatalf("commit %s of %s written twice", l.SHA, l.Repo)
		}
		seen[key] = true
		got[l.Repo] = append(got[l.Repo], l.SHA)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return got
}

// expected is what GitHub holds for the window, per input name.
func (wd *world) expected(names []string, author string) map[string][]string {
	want := map[string][]string{}
	for _, name := range names {
		r := wd.w.Repo(name)
		for r != nil && r.RenamedTo != "" {
			r = wd.w.Repo(r.RenamedTo)
		}
		if r == nil || r.Status != 0 {
			continue
		}
		for _, c := range wd.w.Expected(r.FullName(), windowSince, windowUntil.Add(-time.Second), author) {
			want[name] = append(want[name], c.SHA)
		}
	}
	return want
}

func sameSets(t *testing.T, got, want map[string][]string) {
	t.Helper()
	total := 0
	for repo, shas := range want {
		total += len(shas)
		g := slices.Clone(got[repo])
		w := slices.Clone(shas)
		slices.Sort(g)
		slices.Sort(w)
		if !slices.Equal(g, w) {
			t.Errorf("%s: got %d commits, want %d", repo, len(g), len(w))
		}
	}
	for repo, shas := range got {
		if _, ok := want[repo]; !ok {
			t.Errorf("%s: got %d commits, want none", repo, len(shas))
		}
	}
	if total == 0 {
		t.Fatal("the world holds no commit in the window: the test proves nothing")
	}
}

// bigWorld is the world of the "done when": 50 repositories, some empty, missing,
// renamed, and one with more than 10,000 commits in the window.
func bigWorld() (*fakegithub.World, []string) {
	spec := fakegithub.FiftyRepos(windowSince, windowUntil)
	spec.Problems = true
	w := fakegithub.GenWorld(7, spec)
	rng := rand.New(rand.NewPCG(7, 7))
	w.Repos = append(w.Repos, fakegithub.GenRepo(rng, "fake-org", "monorepo", 12_000,
		windowSince, windowUntil.Add(-time.Second)))
	var names []string
	for _, r := range w.Repos {
		names = append(names, r.FullName())
	}
	return w, names
}

func TestFiftyRepositoriesEveryCommitOnce(t *testing.T) {
	w, names := bigWorld()
	wd := startWorld(t, w, fakegithub.Options{})

	res := wd.run(strings.Join(names, "\n")+"\n",
		"--since", "2026-10-01", "--until", "2026-11-01", "-j", "8")

	sameSets(t, parseOutput(t, res.stdout), wd.expected(names, ""))
	if res.code != exitPartial {
		t.Errorf("exit code %d, want %d (a repository is missing)\nstderr:\n%s",
			res.code, exitPartial, res.stderr)
	}
	for _, want := range []string{"fake-org/missing", "fake-org/blocked", "fake-org/sso-protected"} {
		if !strings.Contains(res.stderr, want) {
			t.Errorf("stderr does not name %s:\n%s", want, res.stderr)
		}
	}
	st := wd.srv.Stats()
	if st.Unauthenticated > 0 {
		t.Errorf("%d requests went out without the token", st.Unauthenticated)
	}
	if st.Violations > 0 {
		t.Errorf("the fake counted %d rate-limit violations", st.Violations)
	}
}

func TestTokenFromHostsYml(t *testing.T) {
	w, names := bigWorld()
	names = names[:5]
	wd := startWorld(t, w, fakegithub.Options{})
	ghDir := filepath.Join(wd.dir, "gh")
	if err := os.MkdirAll(ghDir, 0o700); err != nil {
		t.Fatal(err)
	}
	hosts := fmt.Sprintf("%s:\n    oauth_token: %s\n    user: octocat\n    git_protocol: https\n",
		wd.srv.Host(), testToken)
	if err := os.WriteFile(filepath.Join(ghDir, "hosts.yml"), []byte(hosts), 0o600); err != nil {
		t.Fatal(err)
	}
	wd.env = slices.DeleteFunc(wd.env, func(e string) bool {
		return strings.HasPrefix(e, "GH_ENTERPRISE_TOKEN=")
	})

	res := wd.run(strings.Join(names, "\n"), "--since", "2026-10-01", "--until", "2026-11-01")
	if res.code != exitOK {
		t.Fatalf("exit code %d, want 0\nstderr:\n%s", res.code, res.stderr)
	}
	sameSets(t, parseOutput(t, res.stdout), wd.expected(names, ""))
	if st := wd.srv.Stats(); st.Unauthenticated > 0 {
		t.Errorf("%d requests went out without the token from hosts.yml", st.Unauthenticated)
	}
}

func TestNoTokenIsReportedBeforeAnyRequest(t *testing.T) {
	w, names := bigWorld()
	wd := startWorld(t, w, fakegithub.Options{})
	wd.env = slices.DeleteFunc(wd.env, func(e string) bool {
		return strings.HasPrefix(e, "GH_ENTERPRISE_TOKEN=")
	})
	res := wd.run(names[0])
	if res.code != exitFatal {
		t.Errorf("exit code %d, want %d", res.code, exitFatal)
	}
	if !strings.Contains(res.stderr, "gh auth login") {
		t.Errorf("stderr does not say what to do:\n%s", res.stderr)
	}
	if n := wd.srv.Stats().Requests; n != 0 {
		t.Errorf("%d requests sent without a token, want 0", n)
	}
}

func TestRejectedTokenEndsTheRun(t *testing.T) {
	w, names := bigWorld()
	wd := startWorld(t, w, fakegithub.Options{})
	for i, e := range wd.env {
		if strings.HasPrefix(e, "GH_ENTERPRISE_TOKEN=") {
			wd.env[i] = "GH_ENTERPRISE_TOKEN=wrong"
		}
	}
	res := wd.run(strings.Join(names, "\n"), "-j", "2")
	if res.code != exitFatal {
		t.Errorf("exit code %d, want %d", res.code, exitFatal)
	}
	if !strings.Contains(res.stderr, "gh auth login") {
		t.Errorf("stderr does not say what to do:\n%s", res.stderr)
	}
	if n := wd.srv.Stats().Requests; n > 4 {
		t.Errorf("%d requests after the token was rejected, want the run to stop", n)
	}
	if len(res.stdout) != 0 {
		t.Errorf("stdout has output: %q", res.stdout)
	}
}

func TestStreamsBeforeStdinEnds(t *testing.T) {
	w, names := bigWorld()
	wd := startWorld(t, w, fakegithub.Options{})
	cmd := exec.Command(binary, "--since", "2026-10-01", "--until", "2026-11-01")
	cmd.Env = wd.env
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	r := bufio.NewReader(stdout)
	defer func() {
		stdin.Close()
		io.Copy(io.Discard, r)
		cmd.Wait()
	}()

	// Name one repository that has commits and keep stdin open: a line must arrive.
	for _, name := range names {
		if len(wd.expected([]string{name}, "")[name]) > 0 {
			fmt.Fprintln(stdin, name)
			break
		}
	}
	line, err := r.ReadString('\n')
	if err != nil {
		t.Fatalf("no line while stdin is open: %v", err)
	}
	if !json.Valid([]byte(line)) {
		t.Errorf("not JSON: %q", line)
	}
}

func TestClosedStdoutEndsQuietly(t *testing.T) {
	w, names := bigWorld()
	wd := startWorld(t, w, fakegithub.Options{})
	cmd := exec.Command(binary, "--since", "2026-10-01", "--until", "2026-11-01")
	cmd.Env = wd.env
	cmd.Stdin = strings.NewReader(strings.Join(names, "\n"))
	var errb bytes.Buffer
	cmd.Stderr = &errb
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	if _, err := bufio.NewReader(stdout).ReadString('\n'); err != nil {
		t.Fatal(err)
	}
	stdout.Close() // like head -1
	err = cmd.Wait()

	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != exitPipe {
		t.Errorf("got %v, want exit code %d", err, exitPipe)
	}
	for _, noise := range []string{"panic", "goroutine ", "broken pipe", "level=ERROR"} {
		if strings.Contains(errb.String(), noise) {
			t.Errorf("stderr has %q:\n%s", noise, errb.String())
		}
	}
}

func TestInterruptExits130(t *testing.T) {
	w, names := bigWorld()
	wd := startWorld(t, w, fakegithub.Options{Latency: 20 * time.Millisecond})
	cmd := exec.Command(binary, "--since", "2026-10-01", "--until", "2026-11-01", "-j", "2")
	cmd.Env = wd.env
	cmd.Stdin = strings.NewReader(strings.Join(names, "\n"))
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	r := bufio.NewReader(stdout)
	if _, err := r.ReadString('\n'); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	rest, _ := io.ReadAll(r)
	err = cmd.Wait()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != exitInterrupted {
		t.Errorf("got %v, want exit code %d", err, exitInterrupted)
	}
	if len(rest) > 0 && rest[len(rest)-1] != '\n' {
		t.Errorf("output ends inside a line: %q", rest[max(0, len(rest)-80):])
	}
}

func TestSecondRunIsAnsweredNotModified(t *testing.T) {
	w, names := bigWorld()
	wd := startWorld(t, w, fakegithub.Options{})
	dir := filepath.Join(wd.dir, "cp")
	args := []string{"--since", "2026-10-01", "--until", "2026-11-01", "--checkpoint", dir}
	input := strings.Join(names, "\n")

	first := wd.run(input, args...)
	if first.code != exitPartial {
		t.Fatalf("first run: exit code %d, want %d\n%s", first.code, exitPartial, first.stderr)
	}
	wd.srv.ResetStats()
	second := wd.run(input, args...)
	if second.code != exitPartial {
		t.Fatalf("second run: exit code %d, want %d\n%s", second.code, exitPartial, second.stderr)
	}

	sameSets(t, parseOutput(t, second.stdout), wd.expected(names, ""))
	st := wd.srv.Stats()
	// The repositories that answer an error or a redirect have no ETag to send; every other
	// request must be answered 304, which costs no quota.
	errorAnswers := st.ByStatus[404] + st.ByStatus[403] + st.ByStatus[451] + st.ByStatus[409] +
		st.ByStatus[301] // the renamed repository's redirect
	if st.Counted != errorAnswers {
		t.Errorf("second run cost %d counted requests, want only the %d error answers "+
			"(%d answered 304)", st.Counted, errorAnswers, st.NotModified)
	}
	if st.NotModified == 0 {
		t.Error("no 304 in the second run")
	}

	// With --author @me the login is asked for too, and answered 304 the second time.
	mine := append(args, "--author", "@me")
	wd.run(input, mine...)
	wd.srv.ResetStats()
	third := wd.run(input, mine...)
	sameSets(t, parseOutput(t, third.stdout), wd.expected(names, "octocat"))
	st = wd.srv.Stats()
	errorAnswers = st.ByStatus[404] + st.ByStatus[403] + st.ByStatus[451] + st.ByStatus[409] +
		st.ByStatus[301]
	if st.Counted != errorAnswers {
		t.Errorf("second run with --author @me cost %d counted requests, want %d",
			st.Counted, errorAnswers)
	}
}

func TestStaleRepositoriesCostNoRequest(t *testing.T) {
	w, names := bigWorld()
	wd := startWorld(t, w, fakegithub.Options{})
	// gh repo list's piped form: NAME, DESCRIPTION, INFO, last pushed.
	var in strings.Builder
	for _, n := range names[:10] {
		fmt.Fprintf(&in, "%s\tdesc\tpublic\t2026-09-01T00:00:00Z\n", n)
	}
	res := wd.run(in.String(), "--since", "2026-10-01", "--until", "2026-11-01")
	if res.code != exitOK {
		t.Fatalf("exit code %d, want 0\n%s", res.code, res.stderr)
	}
	if n := wd.srv.Stats().Requests; n != 0 {
		t.Errorf("%d requests for repositories last pushed before --since, want 0", n)
	}

	res = wd.run(in.String(), "--since", "2026-10-01", "--until", "2026-11-01", "--no-skip-stale")
	if n := wd.srv.Stats().Requests; n < 10 {
		t.Errorf("--no-skip-stale: %d requests for 10 repositories, want at least 10", n)
	}
}

// TestQuotaThreeTimesOver runs a job that needs three times the quota: the run must wait
// for each reset rather than spend the buffer, and the fake must count no request sent
// while the quota was spent.
func TestQuotaThreeTimesOver(t *testing.T) {
	spec := fakegithub.FiftyRepos(windowSince, windowUntil)
	spec.Repos, spec.MaxCommits, spec.Skewed = 30, 2500, false
	w := fakegithub.GenWorld(11, spec)
	var names []string
	need := 0
	for _, r := range w.Repos {
		names = append(names, r.FullName())
		need += max(1, (len(w.Expected(r.FullName(), windowSince, windowUntil, ""))+99)/100)
	}
	quota := need / 3
	wd := startWorld(t, w, fakegithub.Options{RateLimit: quota, ResetEvery: 3 * time.Second})

	res := wd.run(strings.Join(names, "\n"), "--since", "2026-10-01", "--until", "2026-11-01",
		"-j", "8", "--rate-limit-buffer", "50")
	if res.code != exitOK {
		t.Fatalf("exit code %d, want 0\n%s", res.code, res.stderr)
	}
	sameSets(t, parseOutput(t, res.stdout), wd.expected(names, ""))
	st := wd.srv.Stats()
	t.Logf("needed %d requests, quota %d per 3s: %+v", need, quota, st)
	if st.Violations != 0 || st.RateLimited != 0 {
		t.Errorf("fake counted %d violations, %d rate-limited answers, want 0",
			st.Violations, st.RateLimited)
	}
	if st.MinRemaining < 50 {
		t.Errorf("remaining went down to %d, below the buffer of 50", st.MinRemaining)
	}
	if !strings.Contains(res.stderr, "rate limit") {
		t.Errorf("stderr never says it waits for the rate limit:\n%s", res.stderr)
	}
}

// TestSecondaryLimitPausesEveryone hits a secondary rate limit mid-run: no request may
// arrive inside the pause, and the run still completes.
func TestSecondaryLimitPausesEveryone(t *testing.T) {
	w, names := bigWorld()
	names = names[:20]
	wd := startWorld(t, w, fakegithub.Options{Latency: 5 * time.Millisecond})
	wd.srv.Inject(fakegithub.Fault{Path: "/commits", Times: 1, Stall: 50 * time.Millisecond})
	for _, status := range []int{403, 429} {
		wd.srv.SecondaryLimit(status, 2*time.Second, true)
		res := wd.run(strings.Join(names, "\n"), "--since", "2026-10-01", "--until", "2026-11-01", "-j", "6")
		if res.code != exitOK {
			t.Fatalf("%d: exit code %d, want 0\n%s", status, res.code, res.stderr)
		}
		sameSets(t, parseOutput(t, res.stdout), wd.expected(names, ""))
		if v := wd.srv.Stats().Violations; v != 0 {
			t.Errorf("%d: %d requests arrived inside the pause", status, v)
		}
		wd.srv.ResetStats()
	}
}

// TestInterruptWithStdinOpen presses Ctrl-C while stdin is still open and silent, as when
// names are typed at a terminal: the run must end, not wait for stdin.
func TestInterruptWithStdinOpen(t *testing.T) {
	w, names := bigWorld()
	wd := startWorld(t, w, fakegithub.Options{})
	cmd := exec.Command(binary, "--since", "2026-10-01", "--until", "2026-11-01")
	cmd.Env = wd.env
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	defer stdin.Close()
	cmd.Stdout = io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	fmt.Fprintln(stdin, names[0])
	time.Sleep(200 * time.Millisecond) // let it start on the name; the outcome does not depend on it
	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}

	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err = <-done:
	case <-time.After(20 * time.Second):
		cmd.Process.Kill()
		<-done
		t.Fatal("still running 20s after SIGINT: it waits for stdin")
	}
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != exitInterrupted {
		t.Errorf("got %v, want exit code %d", err, exitInterrupted)
	}
}

// TestUnreachableHostEndsTheRun points the binary at a port where nothing listens: the run
// must end with one clear error, not wait on the circuit breaker repository by repository.
func TestUnreachableHostEndsTheRun(t *testing.T) {
	w, names := bigWorld()
	wd := startWorld(t, w, fakegithub.Options{})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	dead := ln.Addr().String()
	ln.Close() // nothing listens there now
	for i, e := range wd.env {
		if strings.HasPrefix(e, "GH_HOST=") {
			wd.env[i] = "GH_HOST=" + dead
		}
	}
	res := wd.run(strings.Join(names, "\n"), "--retry-attempts", "2")
	if res.code != exitFatal {
		t.Errorf("exit code %d, want %d\n%s", res.code, exitFatal, res.stderr)
	}
	if !strings.Contains(res.stderr, "cannot reach GitHub at "+dead) {
		t.Errorf("stderr does not say the host cannot be reached:\n%s", res.stderr)
	}

	res = wd.run(names[0], "--hostname", "https://"+wd.srv.Host())
	if res.code != exitUsage || !strings.Contains(res.stderr, "not a URL") {
		t.Errorf("--hostname with a URL: exit code %d, want %d with a message\n%s",
			res.code, exitUsage, res.stderr)
	}
}

// TestResumeIntoAnEmptyFileIsWhole interrupts a run writing with > and runs the same
// command again with > (so the file starts empty): the file must end up whole.
func TestResumeIntoAnEmptyFileIsWhole(t *testing.T) {
	w, names := bigWorld()
	wd := startWorld(t, w, fakegithub.Options{Latency: 10 * time.Millisecond})
	args := []string{"--since", "2026-10-01", "--until", "2026-11-01", "-j", "2",
		"--checkpoint", filepath.Join(wd.dir, "cp")}
	out := filepath.Join(wd.dir, "year.ndjson")
	runInto := func(interrupt bool) {
		f, err := os.Create(out) // what > does
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		cmd := exec.Command(binary, args...)
		cmd.Env, cmd.Stdout = wd.env, f
		cmd.Stdin = strings.NewReader(strings.Join(names, "\n"))
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		for interrupt {
			if st, _ := f.Stat(); st.Size() > 200_000 {
				cmd.Process.Signal(syscall.SIGINT)
				break
			}
			time.Sleep(10 * time.Millisecond)
		}
		cmd.Wait()
	}

	runInto(true)
	runInto(false)
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	sameSets(t, parseOutput(t, data), wd.expected(names, ""))
}

// TestCheckpointPaths: status on a mistyped directory creates nothing, an empty value is
// no checkpoint (not the current directory), and ~ is HOME.
func TestCheckpointPaths(t *testing.T) {
	w, names := bigWorld()
	wd := startWorld(t, w, fakegithub.Options{})
	typo := filepath.Join(wd.dir, "typo")
	if res := wd.run("", "status", "--checkpoint", typo); res.code != exitFatal ||
		!strings.Contains(res.stderr, "no checkpoint in "+typo) {
		t.Errorf("status of a missing directory: exit %d\n%s", res.code, res.stderr)
	}
	if _, err := os.Stat(typo); err == nil {
		t.Error("status created the mistyped directory")
	}

	cwd := t.TempDir()
	cmd := exec.Command(binary, "--since", "2026-10-01", "--until", "2026-11-01", names[0])
	cmd.Env, cmd.Dir = append(wd.env, "HACKTIVITY_CHECKPOINT="), cwd
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if entries, _ := os.ReadDir(cwd); len(entries) != 0 {
		t.Errorf("an empty HACKTIVITY_CHECKPOINT wrote %d files in the current directory", len(entries))
	}

	res := wd.run(names[0], "--since", "2026-10-01", "--until", "2026-11-01", "--checkpoint", "~/cp")
	if res.code != exitOK {
		t.Fatalf("exit %d\n%s", res.code, res.stderr)
	}
	if _, err := os.Stat(filepath.Join(wd.dir, "home", "cp")); err != nil {
		t.Errorf("--checkpoint ~/cp is not under HOME: %v", err)
	}
}

func TestAuthorWrittenWithAnAt(t *testing.T) {
	w, names := bigWorld()
	names = names[:10]
	wd := startWorld(t, w, fakegithub.Options{})
	res := wd.run(strings.Join(names, "\n"), "--since", "2026-10-01", "--until", "2026-11-01",
		"--author", " @octocat")
	if res.code != exitOK {
		t.Fatalf("exit %d\n%s", res.code, res.stderr)
	}
	sameSets(t, parseOutput(t, res.stdout), wd.expected(names, "octocat"))
}

func TestDashReadsStdin(t *testing.T) {
	w, names := bigWorld()
	names = names[:3]
	wd := startWorld(t, w, fakegithub.Options{})
	res := wd.run(strings.Join(names, "\n"), "--since", "2026-10-01", "--until", "2026-11-01", "-")
	if res.code != exitOK {
		t.Fatalf("exit %d\n%s", res.code, res.stderr)
	}
	sameSets(t, parseOutput(t, res.stdout), wd.expected(names, ""))
}
