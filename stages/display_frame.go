package stages

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// etaAfter is how long a run must have gone before its time left is estimated: earlier
// estimates swing too much to help.
const etaAfter = 5 * time.Second

// frame is everything one drawing of the display shows, taken at one moment.
type frame struct {
	now     time.Time
	snap    Snapshot
	rates   []RateStatus
	workers int
}

func (f frame) elapsed() time.Duration {
	if f.snap.Started.IsZero() {
		return 0
	}
	return max(f.now.Sub(f.snap.Started), 0)
}

// eta estimates the time left from the share of work done so far. It takes the lesser
// of the share of repositories and of work items done, since windows that turn out dense
// add work items late. There is no estimate while the input is still being read.
func (f frame) eta() (time.Duration, bool) {
	s := f.snap
	el := f.elapsed()
	if !s.InputDone || el < etaAfter || s.ReposRead == 0 || s.TasksTotal == 0 {
		return 0, false
	}
	done := min(float64(s.ReposDone)/float64(s.ReposRead),
		float64(s.TasksDone)/float64(s.TasksTotal))
	if done <= 0 {
		return 0, false
	}
	left := time.Duration(float64(el) * (1 - done) / done)

	// A wait in progress lasts at least until it ends.
	if p, ok := f.pause(); ok {
		left = max(left, p.PausedUntil.Sub(f.now))
	}
	return left, true
}

// pause returns the pause in progress that ends last, if any.
func (f frame) pause() (RateStatus, bool) {
	var out RateStatus
	found := false
	for _, rs := range f.rates {
		if rs.paused(f.now) && (!found || rs.PausedUntil.After(out.PausedUntil)) {
			out, found = rs, true
		}
	}
	return out, found
}

// rate returns the budget to show: the one with the least share left among those whose
// limit is known.
func (f frame) rate() (RateStatus, bool) {
	var out RateStatus
	found := false
	for _, rs := range f.rates {
		if rs.Limit <= 0 {
			continue
		}
		if !found || rs.Remaining*out.Limit < out.Remaining*rs.Limit {
			out, found = rs, true
		}
	}
	return out, found
}

// inFlight returns how many requests are out now, and how many the limiter lets out at
// once, 0 when unknown.
func (f frame) inFlight() (out, allowed int) {
	for _, rs := range f.rates {
		out += rs.InFlight
		allowed = max(allowed, rs.AllowedInFlight)
	}
	return out, allowed
}

// overallLine is the first line of the live display.
func (f frame) overallLine(final bool) string {
	s := f.snap
	var b strings.Builder
	fmt.Fprintf(&b, "repositories %d/%d", s.ReposDone, s.ReposRead)
	if !s.InputDone {
		b.WriteString(" so far (reading input)")
	}
	if s.ReposFailed > 0 {
		fmt.Fprintf(&b, " · %d failed", s.ReposFailed)
	}
	if s.ReposEmpty > 0 {
		fmt.Fprintf(&b, " · %d empty", s.ReposEmpty)
	}
	fmt.Fprintf(&b, " · work items %d/%d · %s commits · %s elapsed",
		s.TasksDone, s.TasksTotal, thousands(s.Commits), ago(f.elapsed()))
	if left, ok := f.eta(); ok && !final {
		fmt.Fprintf(&b, " · about %s left", short(left))
	}
	return b.String()
}

// workersLine heads the lines of the workers.
func (f frame) workersLine() string {
	line := fmt.Sprintf("workers %d/%d busy", len(f.snap.Active), f.workers)
	if out, allowed := f.inFlight(); allowed > 0 {
		line += fmt.Sprintf(" · %d %s in flight, the limiter allows %d", out,
			plural(out, "request", "requests"), allowed)
	}
	return line
}

// workerLine is what one worker is doing.
func (f frame) workerLine(a Activity) string {
	return fmt.Sprintf("  %s %s page %d · %s", a.Repo, shortWindow(a.Window), a.Page,
		ago(f.now.Sub(a.Since)))
}

// rateLine is the state of the rate limit: a wait in progress, or what is left.
func (f frame) rateLine() string {
	if p, ok := f.pause(); ok {
		return f.waitText(p)
	}
	return f.quotaLine()
}

// quotaLine is what is left of the rate limit. The final drawing shows it even when a
// wait was going on: an interrupted run waits no more.
func (f frame) quotaLine() string {
	rs, ok := f.rate()
	if !ok {
		return "rate limit not known yet"
	}
	line := fmt.Sprintf("rate limit %s/%s left", thousands(int64(rs.Remaining)),
		thousands(int64(rs.Limit)))
	if !rs.Reset.IsZero() {
		line += " · resets " + f.until(rs.Reset)
	}
	return line
}

// waitText says why requests wait and until when.
func (f frame) waitText(p RateStatus) string {
	switch p.Pause {
	case PauseSecondary:
		return "paused by GitHub (secondary limit) for " + short(p.PausedUntil.Sub(f.now))
	case PauseCircuit:
		return "GitHub keeps failing: trying again at " + f.until(p.PausedUntil)
	}
	return "waiting for the rate limit until " + f.until(p.PausedUntil)
}

// until renders a moment ahead as a clock time in now's zone and the time left:
// "14:05 (12m)", with seconds when it is less than ten minutes away.
func (f frame) until(t time.Time) string {
	left := t.Sub(f.now)
	layout := "15:04"
	if left < 10*time.Minute {
		layout = "15:04:05"
	}
	at := t.In(f.now.Location()).Format(layout)
	if left <= 0 {
		return at
	}
	return fmt.Sprintf("%s (%s)", at, short(left))
}

// short renders d for people: "45s", "3m05s", "12m", "2h05m". Seconds are rounded up, so
// that a wait still going never reads "0s".
func short(d time.Duration) string {
	secs := int64((d + time.Second - 1) / time.Second)
	switch {
	case secs < 120:
		return fmt.Sprintf("%ds", secs)
	case secs < 600:
		return fmt.Sprintf("%dm%02ds", secs/60, secs%60)
	case secs < 3600:
		return fmt.Sprintf("%dm", secs/60)
	}
	return fmt.Sprintf("%dh%02dm", secs/3600, secs%3600/60)
}

// ago renders a time gone by like short, but rounded down: a run 1.4s old is 1s old.
func ago(d time.Duration) string {
	return short(max(d, 0).Truncate(time.Second))
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// thousands renders n with commas between groups of three digits.
func thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	if neg {
		s = "-" + s
	}
	return s
}

// shortWindow drops the time of day from a window's ends when it covers whole days.
func shortWindow(w string) string {
	since, until, ok := strings.Cut(w, "..")
	if !ok || !strings.HasSuffix(since, "T00:00:00Z") || !strings.HasSuffix(until, "T23:59:59Z") {
		return w
	}
	return since[:10] + ".." + until[:10]
}
