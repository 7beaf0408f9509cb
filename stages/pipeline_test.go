package stages

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tidwall/gjson"
	"go.uber.org/goleak"

	"github.com/hacktivity-fetch/hacktivity-fetch/checkpoint"
	"github.com/hacktivity-fetch/hacktivity-fetch/internal/fakegithub"
	"github.com/hacktivity-fetch/hacktivity-fetch/internal/ghclient"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

var (
	testSince = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	testUntil = time.Date(2026, 12, 31, 23, 59, 59, 0, time.UTC)
)

// testWorld is a small organisation with one dense repository, which the fetcher must
// split, and the repositories that answer errors.
func testWorld(dense int) (*fakegithub.World, []string) {
	spec := fakegithub.WorldSpec{
		Repos: 12, MinCommits: 0, MaxCommits: 450, Skewed: true,
		Since: testSince, Until: testUntil, Before: 20, After: 5, Problems: true,
	}
	w := fakegithub.GenWorld(3, spec)
	rng := rand.New(rand.NewPCG(3, 3))
	w.Repos = append(w.Repos, fakegithub.GenRepo(rng, "fake-org", "dense", dense, testSince, testUntil))
	var names []string
	for _, r := range w.Repos {
		names = append(names, r.FullName())
	}
	return w, names
}

func newClient(t *testing.T, srv *fakegithub.Server) *ghclient.Client {
	t.Helper()
	base := srv.Client().Transport.(*http.Transport).Clone()
	t.Cleanup(base.CloseIdleConnections)
	c, err := ghclient.New(ghclient.Options{Host: srv.Host(), Token: "t", Base: base})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// want is the set of commits GitHub holds in the window, as "repo sha".
func want(w *fakegithub.World, names []string) map[string]bool {
	set := map[string]bool{}
	for _, name := range names {
		r := w.Repo(name)
		for r != nil && r.RenamedTo != "" {
			r = w.Repo(r.RenamedTo)
		}
		if r == nil || r.Status != 0 {
			continue
		}
		for _, c := range w.Expected(r.FullName(), testSince, testUntil, "") {
			set[name+" "+c.SHA] = true
		}
	}
	return set
}

// lines returns the output as "repo sha" in order.
func outputKeys(t *testing.T, out []byte) []string {
	t.Helper()
	var keys []string
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(nil, 8<<20)
	for sc.Scan() {
		r := gjson.ParseBytes(sc.Bytes())
		keys = append(keys, r.Get("repo").String()+" "+r.Get("sha").String())
	}
	return keys
}

func TestRunWritesEveryCommitOnce(t *testing.T) {
	w, names := testWorld(9000)
	srv := fakegithub.Start(w, fakegithub.Options{Token: "t"})
	defer srv.Close()

	var out bytes.Buffer
	sum, err := Run(context.Background(), Config{
		Client:    newClient(t, srv),
		Window:    Window{testSince, testUntil},
		PerPage:   100,
		Workers:   6,
		ChunkDays: 30,
	}, strings.NewReader(strings.Join(names, "\n")), nil, &out)
	if err != nil {
		t.Fatal(err)
	}

	got := outputKeys(t, out.Bytes())
	exp := want(w, names)
	seen := map[string]bool{}
	for _, k := range got {
		if seen[k] {
			t.Errorf("written twice: %s", k)
		}
		seen[k] = true
		if !exp[k] {
			t.Errorf("not in the window: %s", k)
		}
	}
	if len(seen) != len(exp) {
		t.Errorf("got %d commits, want %d", len(seen), len(exp))
	}
	if got, want := len(sum.Failures), 3; got != want {
		t.Errorf("got %d failed repositories, want %d (missing, blocked, SSO): %+v", got, want, sum.Failures)
	}

	// The dense repository was split into windows pinned to its head.
	pinned := 0
	for _, r := range srv.Log() {
		q, _ := url.ParseQuery(r.RawQuery)
		if strings.Contains(r.Path, "/dense/") && len(q.Get("sha")) == 40 {
			pinned++
		}
	}
	if pinned == 0 {
		t.Error("no request for the dense repository was pinned to a commit: it was not split")
	}
}

func TestRunCostsNearTheLeastRequests(t *testing.T) {
	w, names := testWorld(9000)
	names = slices.DeleteFunc(names, func(n string) bool {
		r := w.Repo(n)
		return r.Status != 0 || r.RenamedTo != ""
	})
	srv := fakegithub.Start(w, fakegithub.Options{Token: "t"})
	defer srv.Close()

	least := 0
	for _, n := range names {
		least += max(1, (len(w.Expected(n, testSince, testUntil, ""))+99)/100)
	}
	_, err := Run(context.Background(), Config{
		Client: newClient(t, srv), Window: Window{testSince, testUntil},
		PerPage: 100, Workers: 4, ChunkDays: 366,
	}, strings.NewReader(strings.Join(names, "\n")), nil, &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	// A split costs its discarded first page, the head lookup, and a partly
	// filled last page in each smaller window.
	if got := srv.Stats().Requests; float64(got) > float64(least)*1.05 {
		t.Errorf("sent %d requests, want at most 5%% over the least possible %d", got, least)
	}
}

// cancelAfter is stdout that interrupts the run once it has taken n lines.
type cancelAfter struct {
	mu     sync.Mutex
	buf    bytes.Buffer
	n      int
	cancel context.CancelFunc
}

func (c *cancelAfter) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.buf.Write(p)
	if bytes.Count(c.buf.Bytes(), []byte("\n")) >= c.n {
		c.cancel()
	}
	return len(p), nil
}

func TestRunResumesWhereItStopped(t *testing.T) {
	w, names := testWorld(6000)
	// The renamed repository's later pages share their /repositories/ID addresses with the
	// repository it now is, so the request log could not tell which one asked.
	names = slices.DeleteFunc(names, func(n string) bool { return w.Repo(n).RenamedTo != "" })
	srv := fakegithub.Start(w, fakegithub.Options{Token: "t"})
	defer srv.Close()
	store, err := checkpoint.Open(t.TempDir(), checkpoint.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	params := checkpoint.Params{Host: srv.Host(), Since: "a", Until: "b", ChunkDays: 30}
	input := strings.Join(names, "\n")
	cfg := Config{
		Client: newClient(t, srv), Window: Window{testSince, testUntil},
		PerPage: 100, Workers: 4, ChunkDays: 30,
	}

	// First run, interrupted after some thousands of lines.
	op, err := store.Begin(params, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	first := &cancelAfter{n: 3000, cancel: cancel}
	cfg.Op = op
	if _, err := Run(ctx, cfg, strings.NewReader(input), nil, first); err == nil {
		t.Fatal("first run: got no error, want it interrupted")
	}
	cancel()

	// What the first run recorded done must cost no request in the second.
	done := map[string]bool{}
	for _, name := range names {
		items, err := op.Items(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range items {
			if it.State == checkpoint.Done {
				done[strings.ToLower(name)+" "+it.Key.Since+" "+it.Key.Until] = true
			}
		}
	}
	if len(done) == 0 {
		t.Fatal("the first run recorded nothing done: interrupt it later")
	}

	// Second run of the same operation: it must resume, not start again.
	srv.ResetStats()
	op, err = store.Begin(params, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if !op.Resumed() {
		t.Fatal("second run did not resume the interrupted operation")
	}
	cfg.Op = op
	var second bytes.Buffer
	if _, err := Run(context.Background(), cfg, strings.NewReader(input), nil, &second); err != nil {
		t.Fatal(err)
	}

	exp := want(w, names)
	union := map[string]int{}
	for _, k := range append(outputKeys(t, first.buf.Bytes()), outputKeys(t, second.Bytes())...) {
		union[k]++
	}
	for k := range exp {
		if union[k] == 0 {
			t.Errorf("missing after resume: %s", k)
		}
	}
	dups := 0
	for k, n := range union {
		if !exp[k] {
			t.Errorf("not in the window: %s", k)
		}
		if n > 1 {
			dups++
		}
	}
	// Only pages in flight at the interrupt may be written twice: at most one
	// page per worker.
	if dups > cfg.Workers*cfg.PerPage {
		t.Errorf("%d commits written twice, want at most %d", dups, cfg.Workers*cfg.PerPage)
	}
	for _, r := range srv.Log() {
		if k := requestedWindow(w, r); done[k] {
			t.Errorf("resume asked again for %s, recorded done: %s?%s", k, r.Path, r.RawQuery)
		}
	}
}

// requestedWindow names the repository and window a request of the commits list asked
// for, as "owner/name since until".
func requestedWindow(w *fakegithub.World, r fakegithub.Request) string {
	q, _ := url.ParseQuery(r.RawQuery)
	parts := strings.Split(strings.Trim(strings.TrimPrefix(r.Path, "/api/v3"), "/"), "/")
	var repo string
	switch {
	case len(parts) == 4 && parts[0] == "repos" && parts[3] == "commits":
		repo = parts[1] + "/" + parts[2]
	case len(parts) == 3 && parts[0] == "repositories":
		var id int64
		fmt.Sscan(parts[1], &id)
		if rr := w.RepoByID(id); rr != nil {
			repo = rr.FullName()
		}
	}
	return strings.ToLower(repo) + " " + q.Get("since") + " " + q.Get("until")
}

func TestRunAsksAgainWhenAnAnswerBreaksOff(t *testing.T) {
	w, names := testWorld(900)
	srv := fakegithub.Start(w, fakegithub.Options{Token: "t"})
	defer srv.Close()
	srv.Inject(fakegithub.Fault{Path: "/commits", Times: 5, BreakBody: true})

	var out bytes.Buffer
	sum, err := Run(context.Background(), Config{
		Client: newClient(t, srv), Window: Window{testSince, testUntil},
		PerPage: 100, Workers: 3, ChunkDays: 30,
	}, strings.NewReader(strings.Join(names, "\n")), nil, &out)
	if err != nil {
		t.Fatal(err)
	}
	if got := srv.Stats().ByStatus[200]; got == 0 {
		t.Fatal("no page served")
	}
	keys := outputKeys(t, out.Bytes())
	exp := want(w, names)
	if len(keys) != len(exp) {
		t.Errorf("got %d commits, want %d", len(keys), len(exp))
	}
	if len(sum.Failures) != 3 {
		t.Errorf("got %d failed repositories, want the 3 that answer errors: %+v", len(sum.Failures), sum.Failures)
	}
}

func TestResumeFindsARepositoryNamedInAnotherCase(t *testing.T) {
	w, names := testWorld(300)
	srv := fakegithub.Start(w, fakegithub.Options{Token: "t"})
	defer srv.Close()
	store, err := checkpoint.Open(t.TempDir(), checkpoint.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	params := checkpoint.Params{Host: srv.Host(), Since: "a", Until: "b"}
	cfg := Config{Client: newClient(t, srv), Window: Window{testSince, testUntil}, PerPage: 100, Workers: 2}

	// The operation is left unfinished, as after a crash right at the end.
	op, err := store.Begin(params, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	cfg.Op = op
	if _, err := Run(context.Background(), cfg, strings.NewReader(names[0]), nil, io.Discard); err != nil {
		t.Fatal(err)
	}

	srv.ResetStats()
	if cfg.Op, err = store.Begin(params, time.Now()); err != nil {
		t.Fatal(err)
	}
	upper := strings.ToUpper(names[0])
	if _, err := Run(context.Background(), cfg, strings.NewReader(upper), nil, io.Discard); err != nil {
		t.Fatal(err)
	}
	if n := srv.Stats().Requests; n != 0 {
		t.Errorf("resume with %s sent %d requests, want 0: %s is done", upper, n, names[0])
	}
}
