package main

// End-to-end tests of --checkpoint (issue 4): the built binary is killed with SIGKILL at
// chosen moments, run again on the same directory, and what both runs wrote, what the
// checkpoint recorded and what the fake GitHub was asked are compared.

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"math/rand/v2"
	"net"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/hacktivity-fetch/hacktivity-fetch/checkpoint"
	"github.com/hacktivity-fetch/hacktivity-fetch/internal/fakegithub"
)

// Every run here uses four workers; a kill can leave at most one page per worker written
// to stdout but not recorded, so that bounds the duplicates a resume may write.
const killWorkers = 4

// problemFailures are the repositories GenWorld adds with Problems that answer 404, 451
// and 403, and so stay failed after a complete run; its empty and renamed ones succeed.
var problemFailures = []string{"fake-org/missing", "fake-org/blocked", "fake-org/sso-protected"}

// killWorld is a dozen repositories, the problem ones, and one repository dense enough at
// 20 commits a page to be split, in the October window of e2e_test.go.
func killWorld(seed int64) (*fakegithub.World, []string) {
	w := fakegithub.GenWorld(seed, fakegithub.WorldSpec{
		Repos: 12, MaxCommits: 400, Skewed: true,
		Since: windowSince, Until: windowUntil, Before: 5, After: 2, Problems: true,
	})
	rng := rand.New(rand.NewPCG(uint64(seed), 1))
	w.Repos = append(w.Repos, fakegithub.GenRepo(rng, "fake-org", "busy", 1_000,
		windowSince, windowUntil.Add(-time.Second)))
	return w, repoNames(w)
}

func repoNames(w *fakegithub.World) []string {
	var names []string
	for _, r := range w.Repos {
		names = append(names, r.FullName())
	}
	return names
}

// windowArgs is the command of every run here: October, four workers.
func windowArgs() []string {
	return []string{"--since", "2026-10-01", "--until", "2026-11-01",
		"-j", strconv.Itoa(killWorkers)}
}

// checkpointArgs is that command keeping its progress in dir.
func checkpointArgs(dir string, extra ...string) []string {
	return append(append(windowArgs(), "--checkpoint", dir), extra...)
}

// noLeaks checks, after the test and its cleanups, that no goroutine it started is left.
// Call it first so that its cleanup runs last, after the fake server is closed.
func noLeaks(t *testing.T) {
	t.Helper()
	ignore := goleak.IgnoreCurrent()
	t.Cleanup(func() { goleak.VerifyNone(t, ignore) })
}

// proc is a run of the binary that a test watches and may kill.
type proc struct {
	t     *testing.T
	cmd   *exec.Cmd
	stdin io.WriteCloser
	read  sync.WaitGroup
	moved chan struct{} // gets a token whenever output arrives or a stream ends

	// holdAt, when set before any output, stops reading stdout once that many lines have
	// arrived, as a stalled consumer would, until release is closed by kill.
	holdAt  int
	release chan struct{}

	mu     sync.Mutex
	stdout []byte
	stderr []byte
	lines  int
	ended  int // streams at EOF
}

// start runs the binary with names on stdin. With keepStdin the input stays open, so the
// run cannot finish and record its operation finished before the test kills it.
func (wd *world) start(names []string, keepStdin bool, args ...string) *proc {
	wd.t.Helper()
	return wd.startHolding(names, keepStdin, 0, args...)
}

// startHolding is start with a consumer that stops reading after holdAt lines.
func (wd *world) startHolding(names []string, keepStdin bool, holdAt int, args ...string) *proc {
	wd.t.Helper()
	p := &proc{t: wd.t, cmd: exec.Command(binary, args...), moved: make(chan struct{}, 1),
		release: make(chan struct{})}
	p.cmd.Env = wd.env
	stdin, err1 := p.cmd.StdinPipe()
	stdout, err2 := p.cmd.StdoutPipe()
	stderr, err3 := p.cmd.StderrPipe()
	if err := errors.Join(err1, err2, err3); err != nil {
		wd.t.Fatal(err)
	}
	if err := p.cmd.Start(); err != nil {
		wd.t.Fatal(err)
	}
	p.stdin = stdin
	p.holdAt = holdAt
	p.read.Add(2)
	go p.collect(stdout, &p.stdout, true)
	go p.collect(stderr, &p.stderr, false)

	if _, err := io.WriteString(stdin, strings.Join(names, "\n")+"\n"); err != nil {
		wd.t.Fatal(err)
	}
	if !keepStdin {
		stdin.Close()
	}
	return p
}

func (p *proc) collect(r io.Reader, into *[]byte, count bool) {
	defer p.read.Done()
	buf := make([]byte, 32<<10)
	for {
		n, err := r.Read(buf)
		p.mu.Lock()
		*into = append(*into, buf[:n]...)
		if count {
			p.lines += bytes.Count(buf[:n], []byte("\n"))
		}
		if err != nil {
			p.ended++
		}
		hold := count && p.holdAt > 0 && p.lines >= p.holdAt
		p.mu.Unlock()
		select {
		case p.moved <- struct{}{}:
		default:
		}
		if err != nil {
			return
		}
		if hold {
			<-p.release
		}
	}
}

// waitFor blocks until cond holds for the lines and stderr seen so far. It fails the
// test if the run ends first, or if nothing satisfies cond for a minute.
func (p *proc) waitFor(what string, cond func(lines int, stderr string) bool) {
	p.t.Helper()
	deadline := time.NewTimer(time.Minute)
	defer deadline.Stop()
	for {
		p.mu.Lock()
		ok, ended := cond(p.lines, string(p.stderr)), p.ended == 2
		lines, stderr := p.lines, string(p.stderr)
		p.mu.Unlock()
		switch {
		case ok:
			return
		case ended:
			p.t.Fatalf("the run ended before %s (%d lines)\nstderr:\n%s", what, lines, stderr)
		}
		select {
		case <-p.moved:
		case <-deadline.C:
			p.t.Fatalf("no %s after a minute (%d lines)\nstderr:\n%s", what, lines, stderr)
		}
	}
}

// waitLines waits until the run has written n lines.
func (p *proc) waitLines(n int) {
	p.t.Helper()
	p.waitFor(fmt.Sprintf("%d lines", n), func(lines int, _ string) bool { return lines >= n })
}

// kill sends SIGKILL and returns what the run wrote. It fails the test if the run had
// already ended by itself, since the kill would then test nothing.
func (p *proc) kill() result {
	p.t.Helper()
	if err := p.cmd.Process.Kill(); err != nil && !errors.Is(err, os.ErrProcessDone) {
		p.t.Fatal(err)
	}
	res := p.wait()
	ws, _ := p.cmd.ProcessState.Sys().(syscall.WaitStatus)
	if !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
		p.t.Fatalf("the run ended by itself (exit code %d) before the kill\nstderr:\n%s",
			res.code, res.stderr)
	}
	return res
}

// wait closes stdin, reads stdout to its end, and returns the run's outcome once it
// exits; code is -1 for a run killed by a signal.
func (p *proc) wait() result {
	p.t.Helper()
	close(p.release)
	p.stdin.Close()
	p.read.Wait()
	err := p.cmd.Wait()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		p.t.Fatal(err)
	}
	return result{code: p.cmd.ProcessState.ExitCode(), stdout: p.stdout, stderr: string(p.stderr)}
}

// splitTorn cuts output after its last newline. A kill can land inside a write, leaving
// the start of a line that no record claims; that commit is fetched again on resume.
func splitTorn(out []byte) (complete, torn []byte) {
	i := bytes.LastIndexByte(out, '\n')
	return out[:i+1], out[i+1:]
}

// commitKey names a commit of an input repository the way parseOutput compares them.
func commitKey(repo, sha string) string { return strings.ToLower(repo) + " " + sha }

// keysOf returns the commit keys of a parsed output.
func keysOf(out map[string][]string) map[string]bool {
	keys := map[string]bool{}
	for repo, shas := range out {
		for _, sha := range shas {
			keys[commitKey(repo, sha)] = true
		}
	}
	return keys
}

// statusOp is one operation as `hacktivity-fetch status --json` documents it.
type statusOp struct {
	ID     string `json:"id"`
	Params struct {
		Host      string `json:"host"`
		Since     string `json:"since"`
		Until     string `json:"until"`
		ChunkDays int    `json:"chunk_days"`
	} `json:"params"`
	Finished time.Time `json:"finished"`
	Done     []string  `json:"done"`
	Failed   []string  `json:"failed"`
	Pending  []string  `json:"pending"`
	Commits  int       `json:"commits"`
}

// status runs `status --checkpoint dir --json` and returns its operations.
func (wd *world) status(dir string) []statusOp {
	wd.t.Helper()
	res := wd.run("", "status", "--checkpoint", dir, "--json")
	if res.code != exitOK {
		wd.t.Fatalf("status: exit code %d, want 0\nstderr:\n%s", res.code, res.stderr)
	}
	var ops []statusOp
	dec := json.NewDecoder(bytes.NewReader(res.stdout))
	for dec.More() {
		var op statusOp
		if err := dec.Decode(&op); err != nil {
			wd.t.Fatalf("status --json: %v\n%s", err, res.stdout)
		}
		ops = append(ops, op)
	}
	return ops
}

// onlyOp returns the single operation status lists.
func (wd *world) onlyOp(dir string) statusOp {
	wd.t.Helper()
	ops := wd.status(dir)
	if len(ops) != 1 {
		wd.t.Fatalf("status lists %d operations, want 1: %+v", len(ops), ops)
	}
	return ops[0]
}

// record is what a checkpoint directory holds for its one interrupted operation, read
// in this process with the checkpoint package once the binary is gone.
type record struct {
	items map[checkpoint.ItemKey]checkpoint.Item
	pages map[checkpoint.ItemKey]map[int]bool // page numbers saved per item
	saved map[string]bool                     // commit keys of every saved line
}

// readRecord opens dir and reads the items and pages of its interrupted operation.
// Begin on an interrupted operation keeps every record, as a resume does.
func readRecord(t *testing.T, dir string) record {
	t.Helper()
	store, err := checkpoint.Open(dir, checkpoint.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	ops, err := store.Operations()
	if err != nil {
		t.Fatal(err)
	}
	if len(ops) != 1 || !ops[0].Finished.IsZero() {
		t.Fatalf("got operations %+v, want one interrupted", ops)
	}
	op, err := store.Begin(ops[0].Params, time.Now())
	if err != nil {
		t.Fatal(err)
	}

	rec := record{
		items: map[checkpoint.ItemKey]checkpoint.Item{},
		pages: map[checkpoint.ItemKey]map[int]bool{},
		saved: map[string]bool{},
	}
	repos, err := op.Repos()
	if err != nil {
		t.Fatal(err)
	}
	for _, repo := range repos {
		items, err := op.Items(repo)
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range items {
			rec.items[it.Key] = it
			rec.pages[it.Key] = map[int]bool{}
			err := op.Pages(it.Key, func(pg checkpoint.Page) error {
				rec.pages[it.Key][pageNumber(pg.URL)] = true
				for _, raw := range pg.Lines {
					var l outputLine
					if err := json.Unmarshal(raw, &l); err != nil {
						return err
					}
					rec.saved[commitKey(l.Repo, l.SHA)] = true
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
		}
	}
	return rec
}

// pageNumber is the page an address asks for, 1 when it does not say.
func pageNumber(raw string) int {
	u, err := url.Parse(raw)
	if err != nil {
		return 0
	}
	if n, err := strconv.Atoi(u.Query().Get("page")); err == nil {
		return n
	}
	return 1
}

// doneCovers reports whether a done item of repo covers the window since..until.
func (rec record) doneCovers(repo, since, until string) bool {
	s, err1 := time.Parse(time.RFC3339, since)
	u, err2 := time.Parse(time.RFC3339, until)
	if err1 != nil || err2 != nil {
		return false
	}
	for k, it := range rec.items {
		if k.Repo != repo || it.State != checkpoint.Done {
			continue
		}
		ks, _ := time.Parse(time.RFC3339, k.Since)
		ku, _ := time.Parse(time.RFC3339, k.Until)
		if !s.Before(ks) && !u.After(ku) {
			return true
		}
	}
	return false
}

// doneAt reports whether the item of repo holding a commit dated at is recorded done.
func (rec record) doneAt(repo string, at time.Time) bool {
	stamp := at.UTC().Truncate(time.Second).Format(time.RFC3339)
	return rec.doneCovers(repo, stamp, stamp)
}

// apiRequest is one request the fake logged, with the input names it may serve: a
// renamed repository's later pages go to /repositories/ID, which its new name shares.
type apiRequest struct {
	fakegithub.Request
	repos        []string
	list         bool // a list of commits, with since, until and page
	since, until string
	page         int
	sha          string
}

// requests returns the fake's log with each request tied to its input names.
func (wd *world) requests(names []string) []apiRequest {
	var out []apiRequest
	for _, r := range wd.srv.Log() {
		segs := strings.Split(strings.Trim(strings.TrimPrefix(r.Path, "/api/v3"), "/"), "/")
		var target *fakegithub.Repo
		rest := segs
		switch {
		case len(segs) >= 3 && segs[0] == "repos":
			target, rest = wd.w.Repo(segs[1]+"/"+segs[2]), segs[3:]
		case len(segs) >= 2 && segs[0] == "repositories":
			id, _ := strconv.ParseInt(segs[1], 10, 64)
			target, rest = wd.w.RepoByID(id), segs[2:]
		}
		req := apiRequest{Request: r}
		for _, name := range names {
			if target != nil && resolves(wd.w, name, target, segs[0] == "repositories") {
				req.repos = append(req.repos, name)
			}
		}
		q, _ := url.ParseQuery(r.RawQuery)
		if len(rest) == 1 && rest[0] == "commits" {
			req.list, req.since, req.until = true, q.Get("since"), q.Get("until")
			req.sha, req.page = q.Get("sha"), pageNumber("?"+r.RawQuery)
		}
		out = append(out, req)
	}
	return out
}

// resolves reports whether input name reaches target: by its own name, or, through an
// ID address, by the rename it follows.
func resolves(w *fakegithub.World, name string, target *fakegithub.Repo, byID bool) bool {
	r := w.Repo(name)
	if r == target {
		return true
	}
	return byID && r != nil && r.RenamedTo != "" && w.Repo(r.RenamedTo) == target
}

// askedAgain returns the resumed run's requests for what the first run recorded: any
// request about a repository status listed done, a list of commits inside a done window,
// or a saved page of a window pinned to a commit (a window too small to be pinned is
// fetched again whole, its saved commits not written again).
func askedAgain(reqs []apiRequest, rec record, doneRepos []string) []string {
	var bad []string
	for _, r := range reqs {
		if len(r.repos) == 0 {
			continue
		}
		covered := true
		for _, repo := range r.repos {
			item := checkpoint.ItemKey{Repo: repo, Since: r.since, Until: r.until}
			switch {
			case slices.Contains(doneRepos, repo):
			case r.list && rec.doneCovers(repo, r.since, r.until):
			case r.list && rec.pages[item][r.page] && rec.items[item].PinnedSHA != "":
				// A saved page of a pinned window; an unpinned one is fetched again whole.
			default:
				covered = false
			}
		}
		if covered {
			bad = append(bad, fmt.Sprintf("%s?%s", r.Path, r.RawQuery))
		}
	}
	return bad
}

// someErrors reports what went wrong with the first few of many items, if any.
func someErrors(t *testing.T, what string, items []string) {
	t.Helper()
	if len(items) > 0 {
		t.Errorf("got %d %s, want none; the first: %q", len(items), what,
			items[:min(len(items), 3)])
	}
}

// commitDates maps every SHA of the world to its commit date.
func commitDates(w *fakegithub.World) map[string]time.Time {
	dates := map[string]time.Time{}
	for _, r := range w.Repos {
		for _, c := range r.Commits {
			dates[c.SHA] = c.CommitDate
		}
	}
	return dates
}

// afterKill checks what a killed run left: every line the checkpoint saved is on its
// stdout, and every repository status lists done has all its commits there.
func (wd *world) afterKill(dir string, names []string, killed map[string]bool) (record, statusOp) {
	wd.t.Helper()
	op := wd.onlyOp(dir)
	if !op.Finished.IsZero() {
		wd.t.Fatalf("status says the killed operation finished at %v", op.Finished)
	}
	rec := readRecord(wd.t, dir)
	var lost []string
	for key := range rec.saved {
		if !killed[key] {
			lost = append(lost, key)
		}
	}
	someErrors(wd.t, "commits recorded in the checkpoint but not on stdout", lost)
	want := wd.expected(names, "")
	var missing []string
	for _, repo := range op.Done {
		for _, sha := range want[repo] {
			if !killed[commitKey(repo, sha)] {
				missing = append(missing, commitKey(repo, sha))
			}
		}
	}
	someErrors(wd.t, "commits of repositories status lists done that are not on stdout",
		missing)
	for _, repo := range op.Failed {
		if !slices.Contains(problemFailures, repo) {
			wd.t.Errorf("status lists %s failed, want only %v failed", repo, problemFailures)
		}
	}
	return rec, op
}

// checkUnion checks that two runs' outputs hold exactly the window's commits, and that a
// commit written by both comes from a page the first run had not recorded, in a window
// not recorded done, at most one page per worker.
func (wd *world) checkUnion(names []string, first, second map[string][]string, rec record,
	perPage int) (dupCount int) {
	wd.t.Helper()
	union := map[string][]string{}
	seen := map[string]bool{}
	var dups []string
	for _, out := range []map[string][]string{first, second} {
		for repo, shas := range out {
			for _, sha := range shas {
				if seen[commitKey(repo, sha)] {
					dups = append(dups, commitKey(repo, sha))
					continue
				}
				seen[commitKey(repo, sha)] = true
				union[repo] = append(union[repo], sha)
			}
		}
	}
	sameSets(wd.t, union, wd.expected(names, ""))

	dates := commitDates(wd.w)
	var fromSaved, fromDone []string
	for _, key := range dups {
		repo, sha, _ := strings.Cut(key, " ")
		if rec.saved[key] {
			fromSaved = append(fromSaved, key)
		}
		if rec.doneAt(repo, dates[sha]) {
			fromDone = append(fromDone, key)
		}
	}
	someErrors(wd.t, "commits written again though the checkpoint saved their page", fromSaved)
	someErrors(wd.t, "commits written again though their window was recorded done", fromDone)
	if max := killWorkers * perPage; len(dups) > max {
		wd.t.Errorf("got %d commits written twice, want at most %d (a page per worker)",
			len(dups), max)
	}
	return len(dups)
}

// checkFinished checks status after a complete run: finished, every repository done but
// the problem ones, and as many commits as the window holds.
func (wd *world) checkFinished(dir string, names []string) {
	wd.t.Helper()
	op := wd.onlyOp(dir)
	if op.Finished.IsZero() {
		wd.t.Errorf("status: operation %s not finished after a complete run", op.ID)
	}
	var wantDone, wantFailed []string
	for _, name := range names {
		if slices.Contains(problemFailures, name) {
			wantFailed = append(wantFailed, name)
		} else {
			wantDone = append(wantDone, name)
		}
	}
	for _, c := range []struct {
		what      string
		got, want []string
	}{
		{"done", op.Done, wantDone},
		{"failed", op.Failed, wantFailed},
		{"pending", op.Pending, nil},
	} {
		if !slices.Equal(sorted(c.got), sorted(c.want)) {
			wd.t.Errorf("status %s: got %v, want %v", c.what, c.got, c.want)
		}
	}
	total := 0
	for _, shas := range wd.expected(names, "") {
		total += len(shas)
	}
	if op.Commits != total {
		wd.t.Errorf("status commits: got %d, want %d", op.Commits, total)
	}
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}

// killPoint is a moment to kill a run at, and the fake that makes that moment happen.
type killPoint struct {
	name      string
	opts      fakegithub.Options
	perPage   int
	extra     []string // more flags, the same for both runs
	holdAt    int      // stdout is not read after this many lines
	keepStdin bool     // the run cannot finish, so it can be killed near its end
	prepare   func(wd *world)
	wait      func(t *testing.T, wd *world, p *proc, total int)
}

func TestKillAndResumeLosesNothing(t *testing.T) {
	slow := fakegithub.Options{Latency: 2 * time.Millisecond}
	points := []killPoint{{
		name: "before the first line", perPage: 20,
		// The first list of commits hangs until the kill, and the limiter sends no other
		// before it has the answer that tells the quota.
		prepare: func(wd *world) {
			wd.srv.Inject(fakegithub.Fault{Path: "/commits", Stall: time.Minute})
		},
		wait: func(t *testing.T, wd *world, _ *proc, _ int) { waitInFlight(t, wd.srv) },
	}, {
		name: "mid-stream", opts: slow, perPage: 20,
		wait: func(t *testing.T, _ *world, p *proc, total int) { p.waitLines(total / 2) },
	}, {
		name: "while stdout is not read", opts: slow, perPage: 20, holdAt: 600,
		wait: func(t *testing.T, wd *world, _ *proc, _ int) { waitQuiet(t, wd.srv) },
	}, {
		name: "near the end", opts: slow, perPage: 20, keepStdin: true,
		wait: func(t *testing.T, _ *world, p *proc, total int) { p.waitLines(total - 40) },
	}, {
		name: "in a rate-limit wait",
		opts: fakegithub.Options{RateLimit: 75, ResetEvery: 2 * time.Second},
		// With 100 commits a page the run needs a few dozen requests: more than the 25
		// the buffer leaves, so it waits, and not so many that the resume waits long.
		perPage: 100, extra: []string{"--rate-limit-buffer", "50"},
		wait: func(t *testing.T, _ *world, p *proc, _ int) {
			p.waitFor("a rate-limit wait", func(_ int, stderr string) bool {
				return strings.Contains(stderr, "waiting for rate limit")
			})
		},
	}}
	for i, kp := range points {
		t.Run(kp.name, func(t *testing.T) {
			noLeaks(t)
			w, names := killWorld(int64(40 + i))
			wd := startWorld(t, w, kp.opts)
			dir := filepath.Join(t.TempDir(), "ck")
			args := checkpointArgs(dir, append([]string{"--per-page", strconv.Itoa(kp.perPage)},
				kp.extra...)...)
			total := 0
			for _, shas := range wd.expected(names, "") {
				total += len(shas)
			}

			// The first run, killed at the chosen moment.
			if kp.prepare != nil {
				kp.prepare(wd)
			}
			p := wd.startHolding(names, kp.keepStdin, kp.holdAt, args...)
			kp.wait(t, wd, p, total)
			first := p.kill()
			complete, torn := splitTorn(first.stdout)
			firstOut := parseOutput(t, complete)
			rec, killedOp := wd.afterKill(dir, names, keysOf(firstOut))

			// The same command again, to its end.
			wd.srv.ResetStats()
			second := wd.run(strings.Join(names, "\n")+"\n", args...)
			if second.code != exitPartial {
				t.Errorf("resume: exit code %d, want %d\nstderr:\n%s",
					second.code, exitPartial, second.stderr)
			}
			if !strings.Contains(second.stderr, "resumed=true") {
				t.Errorf("resume: the log does not say the operation was resumed:\n%s",
					second.stderr)
			}
			secondOut := parseOutput(t, second.stdout)
			dups := wd.checkUnion(names, firstOut, secondOut, rec, kp.perPage)
			someErrors(t, "requests of the resume for what was recorded",
				askedAgain(wd.requests(names), rec, killedOp.Done))
			wd.checkFinished(dir, names)
			t.Logf("%d commits; killed after %d lines (%d torn bytes); resumed with %d lines, "+
				"%d written twice, %d requests", total, bytes.Count(complete, []byte("\n")),
				len(torn), bytes.Count(second.stdout, []byte("\n")), dups,
				wd.srv.Stats().Requests)
		})
	}
}

// waitQuiet waits until the fake has seen no new request for a while: a run whose stdout
// is not read ends up with every worker waiting to write. Waiting too little only makes
// the kill land earlier, which the checks after it accept as well.
func waitQuiet(t *testing.T, srv *fakegithub.Server) {
	t.Helper()
	last, still := -1, 0
	for deadline := time.Now().Add(time.Minute); still < 5; {
		if time.Now().After(deadline) {
			t.Fatal("the run kept sending requests for a minute with stdout not read")
		}
		time.Sleep(50 * time.Millisecond)
		n := srv.Stats().Requests
		if n == last {
			still++
		} else {
			last, still = n, 0
		}
	}
}

// waitInFlight waits until the fake has a request in flight.
func waitInFlight(t *testing.T, srv *fakegithub.Server) {
	t.Helper()
	for deadline := time.Now().Add(time.Minute); srv.Stats().MaxInFlight == 0; {
		if time.Now().After(deadline) {
			t.Fatal("no request reached the fake in a minute")
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestBigRepositoryResumesPageByPage(t *testing.T) {
	noLeaks(t)
	rng := rand.New(rand.NewPCG(12, 12))
	w := &fakegithub.World{Repos: []*fakegithub.Repo{fakegithub.GenRepo(rng, "fake-org", "monorepo",
		12_000, windowSince, windowUntil.Add(-time.Second))}}
	names := []string{"fake-org/monorepo"}
	wd := startWorld(t, w, fakegithub.Options{Latency: 5 * time.Millisecond})
	dir := filepath.Join(t.TempDir(), "ck")
	args := checkpointArgs(dir)
	const perPage = 100

	// Killed a quarter of the way: the split windows are being fetched, four at once.
	p := wd.start(names, false, args...)
	p.waitLines(3000)
	first := p.kill()
	complete, _ := splitTorn(first.stdout)
	firstOut := parseOutput(t, complete)
	rec, killedOp := wd.afterKill(dir, names, keysOf(firstOut))
	parts, saved := 0, 0
	for k, it := range rec.items {
		if it.State != checkpoint.Split {
			parts++
			saved += len(rec.pages[k])
		}
	}
	if parts < 2 || saved == 0 {
		t.Fatalf("the kill found %d windows and %d pages saved, want a split window with "+
			"pages saved: the test proves nothing", parts, saved)
	}

	// What the resume must fetch: every page of a window not done, but those saved.
	want := map[string]bool{}
	for k, it := range rec.items {
		if it.State == checkpoint.Split || it.State == checkpoint.Done {
			continue
		}
		since, _ := time.Parse(time.RFC3339, k.Since)
		until, _ := time.Parse(time.RFC3339, k.Until)
		n := len(w.Expected(k.Repo, since, until, ""))
		for page := 1; page <= max(1, (n+perPage-1)/perPage); page++ {
			if !rec.pages[k][page] {
				want[fmt.Sprintf("%s..%s page %d", k.Since, k.Until, page)] = true
			}
		}
	}

	wd.srv.ResetStats()
	second := wd.run(names[0]+"\n", args...)
	if second.code != exitOK {
		t.Fatalf("resume: exit code %d, want 0\nstderr:\n%s", second.code, second.stderr)
	}
	wd.checkUnion(names, firstOut, parseOutput(t, second.stdout), rec, perPage)
	reqs := wd.requests(names)
	someErrors(t, "requests of the resume for what was recorded",
		askedAgain(reqs, rec, killedOp.Done))

	// Every request of the resume is a page it lacked, asked once, from the pinned commit.
	got := map[string]bool{}
	var others, twice, unpinned []string
	for _, r := range reqs {
		if !r.list {
			others = append(others, r.Path)
			continue
		}
		key := fmt.Sprintf("%s..%s page %d", r.since, r.until, r.page)
		if got[key] {
			twice = append(twice, key)
		}
		got[key] = true
		item := rec.items[checkpoint.ItemKey{Repo: names[0], Since: r.since, Until: r.until}]
		if r.sha == "" || r.sha != item.PinnedSHA {
			unpinned = append(unpinned, fmt.Sprintf("%s from sha %q, not %q", key, r.sha,
				item.PinnedSHA))
		}
	}
	someErrors(t, "requests of the resume but lists of commits (the branch is pinned)", others)
	someErrors(t, "pages the resume asked for twice", twice)
	someErrors(t, "pages the resume asked for from another commit than the pinned one",
		unpinned)
	var extra, missing []string
	for key := range got {
		if !want[key] {
			extra = append(extra, key)
		}
	}
	for key := range want {
		if !got[key] {
			missing = append(missing, key)
		}
	}
	someErrors(t, "pages asked for that were saved or do not exist", sorted(extra))
	someErrors(t, "pages not saved that the resume did not ask for", sorted(missing))
	wd.checkFinished(dir, names)
	t.Logf("%d windows, %d pages saved at the kill; the resume asked for %d pages",
		parts, saved, len(got))
}

// quietWorld is a world whose every repository succeeds, an empty and a renamed one
// among them, so that a finished operation holds no failed item.
func quietWorld(seed int64) (*fakegithub.World, []string) {
	w := fakegithub.GenWorld(seed, fakegithub.WorldSpec{
		Repos: 10, MaxCommits: 300, Skewed: true,
		Since: windowSince, Until: windowUntil, Before: 5, After: 2,
	})
	w.Repos = append(w.Repos,
		&fakegithub.Repo{Owner: "fake-org", Name: "empty", Status: 409},
		&fakegithub.Repo{Owner: "fake-org", Name: "old-name", RenamedTo: "fake-org/repo-000"})
	return w, repoNames(w)
}

func TestReplay(t *testing.T) {
	t.Run("after a finished run asks nothing", func(t *testing.T) {
		noLeaks(t)
		w, names := quietWorld(51)
		wd := startWorld(t, w, fakegithub.Options{})
		input := strings.Join(names, "\n") + "\n"
		dir := filepath.Join(t.TempDir(), "ck")
		clean := wd.run(input, windowArgs()...)
		if clean.code != exitOK {
			t.Fatalf("clean run: exit code %d, want 0\nstderr:\n%s", clean.code, clean.stderr)
		}
		if res := wd.run(input, checkpointArgs(dir)...); res.code != exitOK {
			t.Fatalf("run: exit code %d, want 0\nstderr:\n%s", res.code, res.stderr)
		}

		wd.srv.ResetStats()
		replay := wd.run(input, checkpointArgs(dir, "--replay")...)
		if replay.code != exitOK {
			t.Errorf("replay: exit code %d, want 0\nstderr:\n%s", replay.code, replay.stderr)
		}
		sameSets(t, parseOutput(t, replay.stdout), parseOutput(t, clean.stdout))
		if n := wd.srv.Stats().Requests; n != 0 {
			t.Errorf("replay of a finished operation sent %d requests, want 0: %v", n,
				wd.srv.Log())
		}
	})

	t.Run("after a finished run asks only for the failures", func(t *testing.T) {
		noLeaks(t)
		w, names := killWorld(52)
		wd := startWorld(t, w, fakegithub.Options{})
		input := strings.Join(names, "\n") + "\n"
		dir := filepath.Join(t.TempDir(), "ck")
		if res := wd.run(input, checkpointArgs(dir)...); res.code != exitPartial {
			t.Fatalf("run: exit code %d, want %d\nstderr:\n%s", res.code, exitPartial, res.stderr)
		}

		wd.srv.ResetStats()
		replay := wd.run(input, checkpointArgs(dir, "--replay")...)
		if replay.code != exitPartial {
			t.Errorf("replay: exit code %d, want %d", replay.code, exitPartial)
		}
		sameSets(t, parseOutput(t, replay.stdout), wd.expected(names, ""))
		for _, r := range wd.requests(names) {
			if len(r.repos) != 1 || !slices.Contains(problemFailures, r.repos[0]) {
				t.Errorf("replay asked for %s, want only the failed %v", r.Path, problemFailures)
			}
		}
	})

	t.Run("after a kill writes the whole set", func(t *testing.T) {
		noLeaks(t)
		w, names := killWorld(53)
		wd := startWorld(t, w, fakegithub.Options{Latency: 2 * time.Millisecond})
		dir := filepath.Join(t.TempDir(), "ck")
		args := checkpointArgs(dir, "--per-page", "20")
		p := wd.start(names, false, args...)
		p.waitLines(400)
		first := p.kill()
		complete, _ := splitTorn(first.stdout)
		rec, killedOp := wd.afterKill(dir, names, keysOf(parseOutput(t, complete)))

		wd.srv.ResetStats()
		replay := wd.run(strings.Join(names, "\n")+"\n", append(args, "--replay")...)
		if replay.code != exitPartial {
			t.Errorf("replay: exit code %d, want %d\nstderr:\n%s", replay.code, exitPartial,
				replay.stderr)
		}
		sameSets(t, parseOutput(t, replay.stdout), wd.expected(names, ""))
		someErrors(t, "requests of the replay for what was recorded",
			askedAgain(wd.requests(names), rec, killedOp.Done))
		wd.checkFinished(dir, names)
	})
}

func TestFinishedOperationRunsAgainInFull(t *testing.T) {
	noLeaks(t)
	w, names := quietWorld(54)
	wd := startWorld(t, w, fakegithub.Options{})
	input := strings.Join(names, "\n") + "\n"
	dir := filepath.Join(t.TempDir(), "ck")
	if res := wd.run(input, checkpointArgs(dir)...); res.code != exitOK {
		t.Fatalf("run: exit code %d, want 0\nstderr:\n%s", res.code, res.stderr)
	}
	id := wd.onlyOp(dir).ID

	wd.srv.ResetStats()
	again := wd.run(input, checkpointArgs(dir)...)
	if again.code != exitOK {
		t.Errorf("second run: exit code %d, want 0\nstderr:\n%s", again.code, again.stderr)
	}
	sameSets(t, parseOutput(t, again.stdout), wd.expected(names, ""))
	if !strings.Contains(again.stderr, "op="+id) ||
		!strings.Contains(again.stderr, "resumed=false") {
		t.Errorf("the log does not say operation %s starts afresh:\n%s", id, again.stderr)
	}
	asked := map[string]bool{}
	for _, r := range wd.requests(names) {
		if r.list {
			for _, repo := range r.repos {
				asked[repo] = true
			}
		}
	}
	for _, name := range names {
		if !asked[name] {
			t.Errorf("the second run did not ask for the commits of %s", name)
		}
	}
	wd.checkFinished(dir, names)
}

func TestSecondProcessOnOneDirectoryIsRefused(t *testing.T) {
	noLeaks(t)
	w, names := quietWorld(55)
	wd := startWorld(t, w, fakegithub.Options{Latency: 2 * time.Millisecond})
	dir := filepath.Join(t.TempDir(), "ck")
	args := checkpointArgs(dir)

	// The first process holds the directory while its stdin stays open.
	holder := wd.start(names, true, args...)
	holder.waitFor("the operation", func(_ int, stderr string) bool {
		return strings.Contains(stderr, "msg=operation")
	})
	for _, c := range []struct {
		name string
		args []string
	}{
		{"fetch", args},
		{"status", []string{"status", "--checkpoint", dir, "--json"}},
		{"prune", []string{"prune", "--checkpoint", dir}},
	} {
		res := wd.run(names[0]+"\n", c.args...)
		if res.code != exitFatal {
			t.Errorf("%s while the directory is held: exit code %d, want %d",
				c.name, res.code, exitFatal)
		}
		if !strings.Contains(res.stderr, dir) || !strings.Contains(res.stderr, "in use") {
			t.Errorf("%s while the directory is held: stderr does not say %s is in use:\n%s",
				c.name, dir, res.stderr)
		}
		if len(res.stdout) > 0 {
			t.Errorf("%s while the directory is held wrote to stdout: %q", c.name, res.stdout)
		}
	}

	// The kernel drops the lock with the process: a kill -9 leaves nothing to clean up.
	first := holder.kill()
	complete, _ := splitTorn(first.stdout)
	res := wd.run(strings.Join(names, "\n")+"\n", args...)
	if res.code != exitOK {
		t.Fatalf("run after the holder was killed: exit code %d, want 0\nstderr:\n%s",
			res.code, res.stderr)
	}
	union := parseOutput(t, complete)
	for repo, shas := range parseOutput(t, res.stdout) {
		union[repo] = append(union[repo], shas...)
	}
	for repo, shas := range union {
		union[repo] = slices.Compact(sorted(shas))
	}
	sameSets(t, union, wd.expected(names, ""))
}

// nobody is the user and group ID of the account "nobody".
const nobody = 65534

// unprivileged returns a way to run the binary as a user that permissions stop: nobody
// when the tests run as root, for whom they do not apply, else ourselves. The binary is
// copied, and HOME set, under base, which that user can reach.
func unprivileged(t *testing.T, wd *world) (run func(args ...string) result, base string) {
	t.Helper()
	base = t.TempDir()
	for _, d := range []string{filepath.Dir(base), base} {
		if err := os.Chmod(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	bin := filepath.Join(base, "hacktivity-fetch")
	data, err := os.ReadFile(binary)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bin, data, 0o755); err != nil {
		t.Fatal(err)
	}
	env := slices.Clone(wd.env)
	for i, e := range env {
		switch {
		case strings.HasPrefix(e, "HOME="):
			env[i] = "HOME=" + base
		case strings.HasPrefix(e, "GH_CONFIG_DIR="):
			env[i] = "GH_CONFIG_DIR=" + filepath.Join(base, "gh")
		}
	}
	return func(args ...string) result {
		t.Helper()
		cmd := exec.Command(bin, args...)
		cmd.Env = env
		if os.Geteuid() == 0 {
			cmd.SysProcAttr = &syscall.SysProcAttr{
				Credential: &syscall.Credential{Uid: nobody, Gid: nobody},
			}
		}
		var out, errb bytes.Buffer
		cmd.Stdin, cmd.Stdout, cmd.Stderr = strings.NewReader("fake-org/repo-000\n"), &out, &errb
		err := cmd.Run()
		var exit *exec.ExitError
		if err != nil && !errors.As(err, &exit) {
			t.Fatal(err)
		}
		return result{code: cmd.ProcessState.ExitCode(), stdout: out.Bytes(), stderr: errb.String()}
	}, base
}

// snapshot returns the content of every file under dir, and "dir" for each directory,
// but the lock file, which any opener rewrites with its pid.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		switch {
		case err != nil:
			return err
		case d.IsDir():
			files[path] = "dir"
		case d.Name() != "hacktivity-fetch.lock":
			b, err := os.ReadFile(path)
			files[path] = string(b)
			return err
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// copyTree copies the files of from into to.
func copyTree(t *testing.T, from, to string) {
	t.Helper()
	files := snapshot(t, from)
	for _, path := range sorted(slices.Collect(maps.Keys(files))) { // a directory first
		content := files[path]
		rel, _ := filepath.Rel(from, path)
		var err error
		if content == "dir" {
			err = os.MkdirAll(filepath.Join(to, rel), 0o755)
		} else {
			err = os.WriteFile(filepath.Join(to, rel), []byte(content), 0o644)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
}

func TestUnusableCheckpointIsAnErrorNamingIt(t *testing.T) {
	noLeaks(t)
	w, names := quietWorld(56)
	wd := startWorld(t, w, fakegithub.Options{})
	runAs, base := unprivileged(t, wd)

	// A finished checkpoint to spoil in several ways.
	good := filepath.Join(t.TempDir(), "good")
	if res := wd.run(strings.Join(names, "\n")+"\n", checkpointArgs(good)...); res.code != exitOK {
		t.Fatalf("run: exit code %d, want 0\nstderr:\n%s", res.code, res.stderr)
	}

	cases := []struct {
		name    string
		setup   func(t *testing.T, dir string) error
		deny    string      // "dir" or "parent": its permissions are changed to mode,
		mode    os.FileMode // and the run goes as another user, nobody when we are root
		message string      // what stderr must say besides the directory
	}{{
		name: "a file",
		setup: func(_ *testing.T, dir string) error {
			return os.WriteFile(dir, []byte("my notes\n"), 0o644)
		},
		message: "not a directory",
	}, {
		name: "a directory of other files",
		setup: func(_ *testing.T, dir string) error {
			return errors.Join(os.Mkdir(dir, 0o755),
				os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("my notes\n"), 0o644))
		},
		message: "other files",
	}, {
		name: "a checkpoint with a garbled manifest",
		setup: func(t *testing.T, dir string) error {
			copyTree(t, good, dir)
			return os.WriteFile(filepath.Join(dir, "MANIFEST"), []byte("garbage"), 0o644)
		},
		message: "corrupt",
	}, {
		name: "a checkpoint without its manifest",
		setup: func(t *testing.T, dir string) error {
			copyTree(t, good, dir)
			return os.Remove(filepath.Join(dir, "MANIFEST"))
		},
		message: "corrupt",
	}, {
		name:  "a directory without write permission",
		setup: func(_ *testing.T, dir string) error { return os.Mkdir(dir, 0o755) },
		deny:  "dir", mode: 0o555,
		message: "permission denied",
	}, {
		name:  "a checkpoint the user cannot read",
		setup: func(t *testing.T, dir string) error { copyTree(t, good, dir); return nil },
		deny:  "dir", mode: 0o700,
		message: "permission denied",
	}, {
		name:  "a missing directory in a parent without write permission",
		setup: func(*testing.T, string) error { return nil },
		deny:  "parent", mode: 0o555,
		message: "permission denied",
	}}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			parent := filepath.Join(base, fmt.Sprintf("case%d", i))
			dir := filepath.Join(parent, "ck")
			if err := errors.Join(os.Mkdir(parent, 0o755), c.setup(t, dir)); err != nil {
				t.Fatal(err)
			}
			before := snapshot(t, parent)
			denied := map[string]string{"dir": dir, "parent": parent}[c.deny]
			if denied != "" {
				mode := c.mode
				if os.Geteuid() != 0 && mode == 0o700 {
					mode = 0 // the run goes as ourselves, the owner
				}
				if err := os.Chmod(denied, mode); err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { os.Chmod(denied, 0o755) })
			}
			wd.srv.ResetStats()

			var res result
			if c.deny != "" {
				res = runAs(checkpointArgs(dir)...)
			} else {
				res = wd.run(names[0]+"\n", checkpointArgs(dir)...)
			}
			if res.code != exitFatal {
				t.Errorf("exit code %d, want %d\nstderr:\n%s", res.code, exitFatal, res.stderr)
			}
			if !strings.Contains(res.stderr, dir) ||
				!strings.Contains(res.stderr, c.message) {
				t.Errorf("stderr does not name %s and say %q:\n%s", dir, c.message, res.stderr)
			}
			if len(res.stdout) > 0 || wd.srv.Stats().Requests > 0 {
				t.Errorf("got %d bytes on stdout and %d requests, want none before the "+
					"checkpoint opens", len(res.stdout), wd.srv.Stats().Requests)
			}
			if after := snapshot(t, parent); !maps.Equal(after, before) {
				t.Errorf("the run changed what it could not use:\nbefore %v\nafter  %v",
					sorted(slices.Collect(maps.Keys(before))),
					sorted(slices.Collect(maps.Keys(after))))
			}
		})
	}
}

func TestStatusListsEachOperation(t *testing.T) {
	noLeaks(t)
	w, names := killWorld(57)
	wd := startWorld(t, w, fakegithub.Options{Latency: 2 * time.Millisecond})
	dir := filepath.Join(t.TempDir(), "ck")
	october := checkpointArgs(dir, "--per-page", "20")
	lateOctober := append([]string{"--since", "2026-10-15"}, october[2:]...) // not the 1st

	// October, killed a third of the way; then the second half of October, to its end.
	p := wd.start(names, false, october...)
	p.waitLines(800)
	complete, _ := splitTorn(p.kill().stdout)
	written := keysOf(parseOutput(t, complete))
	res := wd.run(strings.Join(names, "\n")+"\n", lateOctober...)
	if res.code != exitPartial || !strings.Contains(res.stderr, "resumed=false") {
		t.Fatalf("other parameters: exit code %d, want %d, and a fresh operation\nstderr:\n%s",
			res.code, exitPartial, res.stderr)
	}

	ops := wd.status(dir)
	if len(ops) != 2 {
		t.Fatalf("status lists %d operations, want 2: %+v", len(ops), ops)
	}
	killed, late := ops[0], ops[1]
	if killed.Params.Since != "2026-10-01T00:00:00Z" ||
		late.Params.Since != "2026-10-15T00:00:00Z" {
		t.Fatalf("status lists since %s and %s, want October 1 then 15 (oldest first)",
			killed.Params.Since, late.Params.Since)
	}
	if !killed.Finished.IsZero() || late.Finished.IsZero() {
		t.Errorf("got finished %v and %v, want the killed one unfinished, the other finished",
			killed.Finished, late.Finished)
	}
	want := wd.expected(names, "")
	listed := map[string]string{}
	for state, repos := range map[string][]string{
		"done": killed.Done, "failed": killed.Failed, "pending": killed.Pending} {
		for _, repo := range repos {
			if listed[repo] != "" || !slices.Contains(names, repo) {
				t.Errorf("status lists %s as %s (and %q), want each input once", repo, state,
					listed[repo])
			}
			listed[repo] = state
		}
	}
	var missing []string
	for _, repo := range killed.Done {
		for _, sha := range want[repo] {
			if !written[commitKey(repo, sha)] {
				missing = append(missing, commitKey(repo, sha))
			}
		}
	}
	someErrors(t, "commits of repositories status lists done that are not on stdout", missing)
	for _, repo := range killed.Failed {
		if !slices.Contains(problemFailures, repo) {
			t.Errorf("status lists %s failed, want only %v", repo, problemFailures)
		}
	}
	if len(killed.Pending) == 0 {
		t.Errorf("status lists no pending repository after a kill a third of the way")
	}
	if !slices.Equal(sorted(late.Failed), sorted(problemFailures)) || len(late.Pending) > 0 ||
		len(late.Done) != len(names)-len(problemFailures) {
		t.Errorf("finished operation: got done %v, failed %v, pending %v; want all done but %v",
			late.Done, late.Failed, late.Pending, problemFailures)
	}

	// The table names both, and the October command resumes its own operation.
	table := wd.run("", "status", "--checkpoint", dir)
	for _, s := range []string{killed.ID, late.ID, "interrupted", "finished"} {
		if !strings.Contains(string(table.stdout), s) {
			t.Errorf("status table lacks %q:\n%s", s, table.stdout)
		}
	}
	res = wd.run(strings.Join(names, "\n")+"\n", october...)
	if !strings.Contains(res.stderr, "op="+killed.ID) ||
		!strings.Contains(res.stderr, "resumed=true") ||
		!strings.Contains(res.stderr, "repos_done=") {
		t.Errorf("the October command again does not say it resumes %s:\n%s", killed.ID,
			res.stderr)
	}
}

func TestAppendAfterATornLineLosesNothing(t *testing.T) {
	noLeaks(t)
	w, names := killWorld(58)
	wd := startWorld(t, w, fakegithub.Options{Latency: 2 * time.Millisecond})
	dir := filepath.Join(t.TempDir(), "ck")
	args := checkpointArgs(dir, "--per-page", "20")

	// Killed while stdout is not read, as behind a slow consumer: the run is stopped in
	// the middle of a write, and the output ends inside a line.
	p := wd.startHolding(names, false, 600, args...)
	waitQuiet(t, wd.srv)
	complete, torn := splitTorn(p.kill().stdout)
	written := keysOf(parseOutput(t, complete))

	// Should the kill have fallen between two lines, make the start of one as it would
	// have: the start of the line of a commit the run had not written yet.
	if len(torn) == 0 {
		for repo, shas := range wd.expected(names, "") {
			if sha := shas[0]; !written[commitKey(repo, sha)] {
				torn = fmt.Appendf(nil, `{"repo":%q,"sha":"%s","author":{"na`, repo, sha)
				break
			}
		}
	}

	// The same command again, appending to the file as >> does.
	out := filepath.Join(t.TempDir(), "commits.ndjson")
	if err := os.WriteFile(out, append(slices.Clone(complete), torn...), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(out, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(binary, args...)
	cmd.Env, cmd.Stdout = wd.env, f
	cmd.Stdin = strings.NewReader(strings.Join(names, "\n") + "\n")
	err = cmd.Run()
	f.Close()
	if code := cmd.ProcessState.ExitCode(); code != exitPartial {
		t.Fatalf("resume: got %v, want exit code %d", err, exitPartial)
	}

	// Only the torn start may fail to parse, alone on its line; every commit is there.
	all, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var good []byte
	for i, line := range bytes.Split(all, []byte("\n")) {
		switch {
		case len(line) == 0:
		case json.Valid(line):
			good = append(append(good, line...), '\n')
		case !bytes.Equal(line, torn):
			t.Errorf("line %d is not JSON, and not the torn line alone:\n%.300s", i+1, line)
		}
	}
	seen := map[string][]string{}
	for _, l := range bytes.Split(bytes.TrimSpace(good), []byte("\n")) {
		var c outputLine
		if json.Unmarshal(l, &c) == nil && !slices.Contains(seen[c.Repo], c.SHA) {
			seen[c.Repo] = append(seen[c.Repo], c.SHA)
		}
	}
	sameSets(t, seen, wd.expected(names, ""))
}

// relay forwards TCP connections from one loopback address to whichever fake is current,
// so that what GitHub holds can change between two runs (a push) while both runs see the
// same host, and so resume the same operation. Every fake serves the same test
// certificate, so SSL_CERT_FILE stays valid. Close stops it and waits for its goroutines.
type relay struct {
	ln   net.Listener
	wg   sync.WaitGroup
	mu   sync.Mutex
	to   string
	open map[net.Conn]bool
}

func startRelay(t *testing.T, to string) *relay {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	r := &relay{ln: ln, to: to, open: map[net.Conn]bool{}}
	r.wg.Add(1)
	go r.accept()
	t.Cleanup(r.close)
	return r
}

func (r *relay) accept() {
	defer r.wg.Done()
	for {
		c, err := r.ln.Accept()
		if err != nil {
			return
		}
		r.mu.Lock()
		to := r.to
		r.mu.Unlock()
		up, err := net.Dial("tcp", to)
		if err != nil {
			c.Close()
			continue
		}
		r.track(c, up)
		r.wg.Add(2)
		go r.pipe(c, up)
		go r.pipe(up, c)
	}
}

func (r *relay) track(conns ...net.Conn) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, c := range conns {
		r.open[c] = true
	}
}

// pipe copies one direction, and closes both ends when it ends.
func (r *relay) pipe(dst, src net.Conn) {
	defer r.wg.Done()
	io.Copy(dst, src)
	dst.Close()
	src.Close()
}

// point sends the next connections to another fake.
func (r *relay) point(to string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.to = to
}

func (r *relay) close() {
	r.ln.Close()
	r.mu.Lock()
	for c := range r.open {
		c.Close()
	}
	r.mu.Unlock()
	r.wg.Wait()
}

// merged returns repo after a branch with n commits dated inside the window is merged.
// The fake's history is a list, pages follow its order, and a commit's ancestors are the
// commits after it: the merged commits go on top, older than the head they now precede,
// so the pages of the branch shift while the pages of the old head do not.
func merged(repo *fakegithub.Repo, n int) *fakegithub.Repo {
	rng := rand.New(rand.NewPCG(99, 99))
	extra := fakegithub.GenRepo(rng, repo.Owner, repo.Name, n,
		windowSince.Add(10*24*time.Hour), windowSince.Add(20*24*time.Hour))
	out := *repo
	out.Commits = append(extra.Commits, repo.Commits...)
	return &out
}

func TestResumeAfterAPushLosesNothing(t *testing.T) {
	noLeaks(t)
	rng := rand.New(rand.NewPCG(59, 59))
	before := &fakegithub.World{Repos: []*fakegithub.Repo{fakegithub.GenRepo(rng, "fake-org",
		"active", 150, windowSince, windowUntil.Add(-time.Second))}}
	names := []string{"fake-org/active"}
	opts := fakegithub.Options{Latency: 50 * time.Millisecond}
	wd := startWorld(t, before, opts)
	r := startRelay(t, wd.srv.Host())
	for i, e := range wd.env {
		if strings.HasPrefix(e, "GH_HOST=") {
			wd.env[i] = "GH_HOST=" + r.ln.Addr().String()
		}
	}
	dir := filepath.Join(t.TempDir(), "ck")
	args := checkpointArgs(dir, "--per-page", "20", "-j", "1")

	// Killed with some of the window's eight pages saved.
	p := wd.start(names, false, args...)
	p.waitLines(60)
	complete, _ := splitTorn(p.kill().stdout)
	firstOut := parseOutput(t, complete)
	wantBefore := wd.expected(names, "")
	rec := readRecord(t, dir)
	if len(rec.items) != 1 || len(rec.saved) == 0 || len(rec.saved) == len(wantBefore[names[0]]) {
		t.Fatalf("got %d items with %d commits saved, want one window part saved",
			len(rec.items), len(rec.saved))
	}

	// A branch with 25 commits of the window is merged; the same command again.
	after := &fakegithub.World{Repos: []*fakegithub.Repo{merged(before.Repos[0], 25)}}
	srv := fakegithub.Start(after, fakegithub.Options{Token: testToken, Latency: opts.Latency})
	t.Cleanup(srv.Close)
	r.point(srv.Host())
	res := wd.run(names[0]+"\n", args...)
	if res.code != exitOK {
		t.Fatalf("resume: exit code %d, want 0\nstderr:\n%s", res.code, res.stderr)
	}

	// Every commit the branch held when the run began is written; none that it never held.
	union := keysOf(firstOut)
	maps.Copy(union, keysOf(parseOutput(t, res.stdout)))
	var lost []string
	for _, sha := range wantBefore[names[0]] {
		if !union[commitKey(names[0], sha)] {
			lost = append(lost, sha)
		}
	}
	someErrors(t, "commits of the branch as the run began that neither run wrote", lost)
	wd.w = after
	wantAfter := keysOf(wd.expected(names, ""))
	for key := range union {
		if !wantAfter[key] {
			t.Errorf("commit %s written, but the branch never held it", key)
		}
	}
}

func TestKilledTwiceThenFinished(t *testing.T) {
	noLeaks(t)
	w, names := killWorld(60)
	wd := startWorld(t, w, fakegithub.Options{Latency: 2 * time.Millisecond})
	dir := filepath.Join(t.TempDir(), "ck")
	args := checkpointArgs(dir, "--per-page", "20")
	want := wd.expected(names, "")
	total := 0
	for _, shas := range want {
		total += len(shas)
	}

	// Two runs killed, the second one while it resumes the first; a third to the end.
	var outs []map[string][]string
	for _, at := range []int{total / 3, total / 3} {
		p := wd.start(names, false, args...)
		p.waitLines(at)
		complete, _ := splitTorn(p.kill().stdout)
		outs = append(outs, parseOutput(t, complete))
		written := map[string]bool{}
		for _, out := range outs {
			maps.Copy(written, keysOf(out))
		}
		wd.afterKill(dir, names, written)
	}
	rec := readRecord(t, dir)
	last := wd.run(strings.Join(names, "\n")+"\n", args...)
	if last.code != exitPartial {
		t.Errorf("third run: exit code %d, want %d\nstderr:\n%s", last.code, exitPartial,
			last.stderr)
	}
	outs = append(outs, parseOutput(t, last.stdout))

	// Together they hold every commit; the third repeats nothing the second kill found saved.
	union := map[string][]string{}
	for _, out := range outs {
		for repo, shas := range out {
			union[repo] = append(union[repo], shas...)
		}
	}
	for repo, shas := range union {
		union[repo] = slices.Compact(sorted(shas))
	}
	sameSets(t, union, want)
	var again []string
	for key := range keysOf(outs[2]) {
		if rec.saved[key] {
			again = append(again, key)
		}
	}
	someErrors(t, "commits the third run wrote again though the checkpoint saved them", again)
	wd.checkFinished(dir, names)
}

func TestInterruptedRunResumesWithoutRepeats(t *testing.T) {
	noLeaks(t)
	w, names := killWorld(61)
	wd := startWorld(t, w, fakegithub.Options{Latency: 2 * time.Millisecond})
	dir := filepath.Join(t.TempDir(), "ck")
	args := checkpointArgs(dir, "--per-page", "20")

	// Ctrl-C half-way: the pages being written are finished and recorded.
	p := wd.start(names, false, args...)
	p.waitLines(600)
	if err := p.cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	first := p.wait()
	if first.code != exitInterrupted {
		t.Fatalf("interrupted run: exit code %d, want %d\nstderr:\n%s", first.code,
			exitInterrupted, first.stderr)
	}
	if _, torn := splitTorn(first.stdout); len(torn) > 0 {
		t.Errorf("the interrupted run's output ends inside a line: %q", torn)
	}
	firstOut := parseOutput(t, first.stdout)
	rec, op := wd.afterKill(dir, names, keysOf(firstOut))

	wd.srv.ResetStats()
	second := wd.run(strings.Join(names, "\n")+"\n", args...)
	if second.code != exitPartial {
		t.Errorf("resume: exit code %d, want %d", second.code, exitPartial)
	}
	if dups := wd.checkUnion(names, firstOut, parseOutput(t, second.stdout), rec, 20); dups > 0 {
		t.Errorf("got %d commits written by both runs, want none after an interrupt", dups)
	}
	someErrors(t, "requests of the resume for what was recorded",
		askedAgain(wd.requests(names), rec, op.Done))
}
