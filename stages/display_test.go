package stages

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/creack/pty"
	"go.uber.org/goleak"
)

// t0 is 13:53 on the test's clock, so that a wait until 14:05 is 12 minutes long.
var t0 = time.Date(2026, 12, 3, 13, 53, 0, 0, time.UTC)

// fakeClock is a Clock whose ticks the test sends, each carrying the time it says.
type fakeClock struct {
	mu    sync.Mutex
	now   time.Time
	ticks chan time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{now: t0, ticks: make(chan time.Time)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Ticker(time.Duration) (<-chan time.Time, func()) {
	return c.ticks, func() {}
}

// advance moves the clock by d and ticks; it returns once the display took the tick.
func (c *fakeClock) advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	now := c.now
	c.mu.Unlock()
	c.ticks <- now
}

// lockedBuffer is a bytes.Buffer safe for concurrent use.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// progressAt returns counts as a run started at t0 would have them.
func progressAt(read, done int64, inputDone bool, active ...Activity) *Progress {
	p := &Progress{}
	p.begin(t0)
	p.reposRead.Store(read)
	p.reposDone.Store(done)
	p.inputDone.Store(inputDone)
	p.tasksTotal.Store(read)
	p.tasksDone.Store(done)
	for _, a := range active {
		p.working(a)
	}
	return p
}

func TestOverallLine(t *testing.T) {
	tests := []struct {
		name  string
		snap  Snapshot
		after time.Duration
		final bool
		want  string
	}{{
		name: "input still being read",
		snap: Snapshot{ReposRead: 40, ReposDone: 35, TasksTotal: 59, TasksDone: 54,
			Commits: 2971},
		after: 3 * time.Second,
		want: "repositories 35/40 so far (reading input) · work items 54/59 · " +
			"2,971 commits · 3s elapsed",
	}, {
		name: "half done after a minute: a minute left",
		snap: Snapshot{ReposRead: 50, InputDone: true, ReposDone: 25, ReposFailed: 1,
			ReposEmpty: 2, TasksTotal: 100, TasksDone: 50, Commits: 1234567},
		after: time.Minute,
		want: "repositories 25/50 · 1 failed · 2 empty · work items 50/100 · " +
			"1,234,567 commits · 60s elapsed · about 60s left",
	}, {
		name: "work items found late weigh more than repositories done",
		snap: Snapshot{ReposRead: 4, InputDone: true, ReposDone: 3, TasksTotal: 40,
			TasksDone: 10},
		after: time.Minute,
		want: "repositories 3/4 · work items 10/40 · 0 commits · 60s elapsed · " +
			"about 3m00s left",
	}, {
		name: "too early to estimate",
		snap: Snapshot{ReposRead: 50, InputDone: true, ReposDone: 25, TasksTotal: 100,
			TasksDone: 50},
		after: 2 * time.Second,
		want:  "repositories 25/50 · work items 50/100 · 0 commits · 2s elapsed",
	}, {
		name: "final state has no estimate",
		snap: Snapshot{ReposRead: 50, InputDone: true, ReposDone: 50, TasksTotal: 75,
			TasksDone: 75},
		after: 90*time.Second + 700*time.Millisecond,
		final: true,
		want:  "repositories 50/50 · work items 75/75 · 0 commits · 90s elapsed",
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.snap.Started = t0
			f := frame{now: t0.Add(tt.after), snap: tt.snap}
			if got := f.overallLine(tt.final); got != tt.want {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestRateLine(t *testing.T) {
	at := func(hh, mm, ss int) time.Time { return time.Date(2026, 12, 3, hh, mm, ss, 0, time.UTC) }
	core := RateStatus{Resource: "core", Limit: 5000, Remaining: 4916, Reset: at(14, 52, 0),
		AllowedInFlight: 4}
	tests := []struct {
		name  string
		rates []RateStatus
		want  string
	}{
		{"nothing known yet", nil, "rate limit not known yet"},
		{"no limit on the host", []RateStatus{{Resource: "core"}}, "rate limit not known yet"},
		{"what is left", []RateStatus{core}, "rate limit 4,916/5,000 left · resets 14:52 (59m)"},
		{"the budget with the least share left", []RateStatus{core, {
			Resource: "search", Limit: 30, Remaining: 3, Reset: at(13, 53, 40)}},
			"rate limit 3/30 left · resets 13:53:40 (40s)"},
		{"waiting for the reset", []RateStatus{{Resource: "core", Limit: 5000, Remaining: 100,
			Pause: PauseRateLimit, PausedUntil: at(14, 5, 0)}},
			"waiting for the rate limit until 14:05 (12m)"},
		{"a short wait shows seconds", []RateStatus{{Resource: "core", Limit: 60, Remaining: 50,
			Pause: PauseRateLimit, PausedUntil: at(13, 53, 57)}},
			"waiting for the rate limit until 13:53:57 (57s)"},
		{"secondary limit", []RateStatus{core, {Resource: "search", Pause: PauseSecondary,
			PausedUntil: at(13, 54, 0)}},
			"paused by GitHub (secondary limit) for 60s"},
		{"circuit open", []RateStatus{{Resource: "core", Pause: PauseCircuit,
			PausedUntil: at(13, 53, 30)}},
			"GitHub keeps failing: trying again at 13:53:30 (30s)"},
		{"a pause that is over", []RateStatus{{Resource: "core", Limit: 5000, Remaining: 4916,
			Reset: at(14, 52, 0), Pause: PauseRateLimit, PausedUntil: at(13, 52, 0)}},
			"rate limit 4,916/5,000 left · resets 14:52 (59m)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := frame{now: t0, rates: tt.rates}
			if got := f.rateLine(); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestWorkerLines(t *testing.T) {
	rates := []RateStatus{{InFlight: 1, AllowedInFlight: 2}}
	f := frame{now: t0, workers: 3, rates: rates, snap: Snapshot{
		Active: []Activity{{
			Repo: "fake-org/monorepo", Window: "2026-10-01T00:00:00Z..2026-10-15T23:59:59Z",
			Page: 7, Since: t0.Add(-3500 * time.Millisecond),
		}, {
			Repo: "fake-org/alpha", Window: "2026-10-01T00:00:00Z..2026-10-01T11:59:59Z",
			Page: 1, Since: t0,
		}},
	}}
	got := barLines(f, 6)[1:5]
	want := []string{
		"workers 2/3 busy · 1 request in flight, the limiter allows 2",
		"  fake-org/monorepo 2026-10-01..2026-10-15 page 7 · 3s",
		"  fake-org/alpha 2026-10-01T00:00:00Z..2026-10-01T11:59:59Z page 1 · 0s",
		"  idle",
	}
	if !slices.Equal(got, want) {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestShort(t *testing.T) {
	tests := []struct {
		d    time.Duration
		want string
	}{
		{0, "0s"},
		{300 * time.Millisecond, "1s"}, // a wait still going never reads 0s
		{60 * time.Second, "60s"},
		{185 * time.Second, "3m05s"},
		{12 * time.Minute, "12m"},
		{2*time.Hour + 5*time.Minute, "2h05m"},
	}
	for _, tt := range tests {
		if got := short(tt.d); got != tt.want {
			t.Errorf("short(%s): got %q, want %q", tt.d, got, tt.want)
		}
	}
}

// record is one JSON log record or progress event, decoded.
type record map[string]any

func parseRecords(t *testing.T, out string) []record {
	t.Helper()
	var recs []record
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		var r record
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("line %q is not JSON: %v", sc.Text(), err)
		}
		recs = append(recs, r)
	}
	return recs
}

// TestPlainLinesArePaced: a plain line every interval, and while requests wait, a line
// at once and then at least every minute, saying until when.
func TestPlainLinesArePaced(t *testing.T) {
	waitEnd := t0.Add(10 * time.Minute)
	tests := []struct {
		name     string
		interval time.Duration
		paused   bool
		ticks    int // one a second
		wantAt   []int
	}{
		{"every interval", 10 * time.Second, false, 35, []int{10, 20, 30}},
		{"long interval, nothing waits", 10 * time.Minute, false, 300, nil},
		{"long interval while waiting", 10 * time.Minute, true, 300, []int{1, 61, 121, 181, 241}},
		{"short interval while waiting", 10 * time.Second, true, 25, []int{1, 11, 21}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
			clock := newFakeClock()
			var out lockedBuffer
			var rates []RateStatus
			if tt.paused {
				rates = []RateStatus{{Resource: "core", Limit: 5000, Pause: PauseRateLimit,
					PausedUntil: waitEnd}}
			}
			d := NewDisplay(DisplayOptions{
				Mode: ModePlain, Out: &out, Progress: progressAt(3, 1, true),
				Limits: func() []RateStatus { return rates }, Interval: tt.interval, Clock: clock,
			})
			d.Start(slog.New(slog.NewJSONHandler(d.Writer(), nil)))
			for range tt.ticks {
				clock.advance(time.Second)
			}
			d.Stop()

			var gotAt []int
			for _, r := range parseRecords(t, out.String()) {
				gotAt = append(gotAt, int(r["elapsed"].(float64)/1e9))
				wantMsg := "progress"
				if tt.paused {
					wantMsg = "waiting for the rate limit"
					if got, want := r["until"], waitEnd.Format(time.RFC3339); got != want {
						t.Errorf("until: got %v, want %v", got, want)
					}
				}
				if r["msg"] != wantMsg {
					t.Errorf("message: got %q, want %q", r["msg"], wantMsg)
				}
				if r["repos"] != 3.0 || r["repos_done"] != 1.0 {
					t.Errorf("counts: got %v of %v repositories, want 1 of 3",
						r["repos_done"], r["repos"])
				}
			}
			if !slices.Equal(gotAt, tt.wantAt) {
				t.Errorf("lines at seconds %v, want %v", gotAt, tt.wantAt)
			}
		})
	}
}

func TestJSONEvents(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	clock := newFakeClock()
	var out lockedBuffer
	prog := progressAt(5, 2, false, Activity{Repo: "fake-org/a",
		Window: "2026-10-01T00:00:00Z..2026-10-31T23:59:59Z", Page: 2, Since: t0})
	rates := []RateStatus{{Resource: "core", Limit: 60, Remaining: 50, AllowedInFlight: 4,
		Pause: PauseSecondary, PausedUntil: t0.Add(90 * time.Second)}}
	d := NewDisplay(DisplayOptions{
		Mode: ModeJSON, Out: &out, Progress: prog,
		Limits: func() []RateStatus { return rates }, Interval: 30 * time.Second, Clock: clock,
	})
	d.Start(nil)
	for range 60 {
		clock.advance(time.Second)
	}
	d.Stop()

	recs := parseRecords(t, out.String())
	var kinds []string
	for _, r := range recs {
		kinds = append(kinds, r["event"].(string))
	}
	// At once when the pause is seen, after the interval, and the last one.
	if want := []string{"progress", "progress", "done"}; !slices.Equal(kinds, want) {
		t.Fatalf("events %v, want %v", kinds, want)
	}
	first := recs[0]
	if w := first["waiting"].(map[string]any); w["reason"] != "paused by GitHub (secondary limit)" {
		t.Errorf("waiting: got %v, want the secondary limit", w)
	}
	workers := first["workers"].([]any)
	if len(workers) != 1 || workers[0].(map[string]any)["repo"] != "fake-org/a" {
		t.Errorf("workers: got %v, want fake-org/a", workers)
	}
	if first["repos_read"] != 5.0 || first["input_done"] != false {
		t.Errorf("repositories: got %v read, input done %v; want 5, false",
			first["repos_read"], first["input_done"])
	}
}

// screen replays what a terminal shows for the live display's output: text, newlines,
// and the two escape sequences mpb writes, cursor up (ESC [ n A) and erase below
// (ESC [ J). It fails on any other escape sequence.
func screen(t *testing.T, out string) []string {
	t.Helper()
	rows := []string{""}
	row := 0
	for i := 0; i < len(out); i++ {
		switch c := out[i]; c {
		case '\x1b':
			j := i + 2
			for j < len(out) && out[j] >= '0' && out[j] <= '9' {
				j++
			}
			if !strings.HasPrefix(out[i:], "\x1b[") || j >= len(out) {
				t.Fatalf("cut escape sequence at byte %d: %q", i, out[i:])
			}
			n, _ := strconv.Atoi(out[i+2 : j])
			switch out[j] {
			case 'A':
				row = max(row-n, 0)
			case 'J':
				rows = rows[:row+1]
				rows[row] = ""
			default:
				t.Fatalf("unexpected escape sequence %q", out[i:j+1])
			}
			i = j
		case '\n':
			row++
			if row == len(rows) {
				rows = append(rows, "")
			}
		case '\r':
		default:
			rows[row] += out[i : i+1]
		}
	}
	return rows[:row] // the cursor rests on an empty line after the last one
}

// TestBarKeepsLogsAboveAndEndsClean: log lines written while the live display is drawn,
// from many goroutines at once, all end up above it, whole and once each; the display
// ends with the run's and the quota's lines, without the workers' or the wait that the
// run no longer waits for.
func TestBarKeepsLogsAboveAndEndsClean(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	clock := newFakeClock()
	var out lockedBuffer
	prog := progressAt(2, 1, true, Activity{Repo: "fake-org/a",
		Window: "2026-10-01T00:00:00Z..2026-10-31T23:59:59Z", Page: 1, Since: t0})
	rates := []RateStatus{{Resource: "core", Limit: 5000, Remaining: 4900,
		Reset: t0.Add(time.Hour), AllowedInFlight: 2,
		Pause: PauseRateLimit, PausedUntil: t0.Add(time.Minute)}}
	d := NewDisplay(DisplayOptions{
		Mode: ModeBar, Out: &out, Progress: prog, Workers: 2,
		Limits: func() []RateStatus { return rates }, Clock: clock,
	})
	log := slog.New(slog.NewTextHandler(d.Writer(), &slog.HandlerOptions{
		ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
			if a.Key == slog.TimeKey {
				return slog.Attr{}
			}
			return a
		},
	}))
	d.Start(log)

	// Writers and redraws at the same time.
	const writers, each = 8, 50
	var wg sync.WaitGroup
	for w := range writers {
		wg.Go(func() {
			for i := range each {
				log.Info("working", "writer", w, "line", i)
			}
		})
	}
	for range 20 {
		clock.advance(100 * time.Millisecond)
	}
	wg.Wait()
	clock.advance(100 * time.Millisecond)
	d.Stop()
	log.Info("after the display")

	if !strings.Contains(out.String(), "\x1b[") {
		t.Fatalf("no escape codes: the display was not redrawn in place\n%s", out.String())
	}
	if !strings.Contains(out.String(), "waiting for the rate limit until 13:54:00") {
		t.Errorf("the live display never showed the wait:\n%s", out.String())
	}
	rows := screen(t, out.String())
	if len(rows) != writers*each+3 {
		t.Fatalf("got %d rows on screen, want %d\n%s", len(rows), writers*each+3,
			strings.Join(rows, "\n"))
	}
	seen := map[string]int{}
	for _, r := range rows[:writers*each] {
		seen[r]++
	}
	for w := range writers {
		for i := range each {
			line := fmt.Sprintf("level=INFO msg=working writer=%d line=%d", w, i)
			if seen[line] != 1 {
				t.Errorf("log line %q on screen %d times, want once", line, seen[line])
			}
		}
	}
	want := []string{
		"repositories 1/2 · work items 1/2 · 0 commits · 2s elapsed",
		"rate limit 4,900/5,000 left · resets 14:53 (59m)",
		"level=INFO msg=\"after the display\"",
	}
	if got := rows[writers*each:]; !slices.Equal(got, want) {
		t.Errorf("the screen ends with\n%s\nwant\n%s", strings.Join(got, "\n"),
			strings.Join(want, "\n"))
	}
}

func TestNoneShowsNothing(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	var out lockedBuffer
	d := NewDisplay(DisplayOptions{Mode: ModeNone, Out: &out, Progress: progressAt(1, 1, true)})
	d.Start(slog.New(slog.NewTextHandler(d.Writer(), nil)))
	d.Stop()
	d.Stop()
	if out.String() != "" {
		t.Errorf("got %q, want nothing", out.String())
	}
	fmt.Fprint(d.Writer(), "log\n")
	if out.String() != "log\n" {
		t.Errorf("logs after: got %q, want them written through", out.String())
	}
}

func TestAutoMode(t *testing.T) {
	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Skipf("no pseudo-terminal: %v", err)
	}
	defer ptmx.Close()
	defer tty.Close()
	file, err := os.CreateTemp(t.TempDir(), "stderr")
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()

	tests := []struct {
		name string
		mode string
		out  io.Writer
		want string
	}{
		{"auto on a terminal", ModeAuto, tty, ModeBar},
		{"default on a terminal", "", tty, ModeBar},
		{"auto on a file", ModeAuto, file, ModePlain},
		{"auto on a buffer", ModeAuto, &bytes.Buffer{}, ModePlain},
		{"plain asked for on a terminal", ModePlain, tty, ModePlain},
		{"bar asked for on a file", ModeBar, file, ModeBar},
		{"json", ModeJSON, tty, ModeJSON},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := NewDisplay(DisplayOptions{Mode: tt.mode, Out: tt.out})
			if got := d.Mode(); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}
