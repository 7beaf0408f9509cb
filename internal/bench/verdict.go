package main

import (
	"fmt"
	"math"
)

// Targets of issue 6 that depend on the figures alone.
const (
	requestSlack = 1.05     // requests may exceed the least possible by 5%
	rssLimitKiB  = 64 << 10 // peak RSS for 100,000 commits, Badger included
)

// verdict is one target of issue 6 and what this run measured for it.
type verdict struct {
	target   string
	measured string
	holds    bool
}

func formatVerdicts(vs []verdict) []string {
	out := make([]string, 0, len(vs))
	for _, v := range vs {
		state := "MISSED"
		if v.holds {
			state = "HOLDS "
		}
		out = append(out, fmt.Sprintf("%s %s: %s", state, v.target, v.measured))
	}
	return out
}

// targets are the verdicts on every target the worlds of this run can show.
func (r *report) targets() []verdict {
	var vs []verdict
	for _, w := range r.worlds {
		vs = append(vs, w.targets()...)
	}
	return vs
}

func (w worldRows) targets() []verdict {
	var vs []verdict
	switch w.wd.name {
	case "fifty":
		vs = w.appendSpeedup(vs, cfgJ4, cfgNoParallel, 3.5)
		vs = w.appendSpeedup(vs, cfgJ10, cfgNoParallel, 7)
		vs = w.appendSpeedup(vs, cfgJ4, cfgPeer, 4)
		vs = w.appendSpeedup(vs, cfgJ10, cfgPeer, 4)
	case "huge":
		vs = w.appendSpeedup(vs, cfgJ4, cfgNoParallel, 3)
	}
	if v, ok := w.requestTarget(); ok {
		vs = append(vs, v)
	}
	if v, ok := w.staleTarget(); ok {
		vs = append(vs, v)
	}
	if v, ok := w.rerunTarget(); ok {
		vs = append(vs, v)
	}
	if v, ok := w.memoryTarget(); ok && w.wd.name == "100k" {
		vs = append(vs, v)
	}
	return vs
}

// appendSpeedup adds "config at least want times faster than ref" when both ran.
func (w worldRows) appendSpeedup(vs []verdict, config, ref string, want float64) []verdict {
	r, base := findRow(w.rows, config), findRow(w.rows, ref)
	if r == nil || base == nil {
		return vs
	}
	v := verdict{target: fmt.Sprintf("%s: %s at least %.1fx faster than %s",
		w.wd.name, r.label, want, base.label)}
	x := speedup(base, *r)
	if x == 0 {
		v.measured = "no figure: a run failed or was capped"
		return append(vs, v)
	}
	v.measured = fmt.Sprintf("%.2fx (%.2fs against %.2fs)", x, r.m.wall.Seconds(),
		base.m.wall.Seconds())
	v.holds = x >= want
	return append(vs, v)
}

// plainNameConfigs are the configurations of hacktivity-fetch fed plain names.
var plainNameConfigs = map[string]bool{
	cfgNoParallel: true, cfgJ4: true, cfgJ10: true, cfgCheckpoint: true,
}

// requestTarget checks the plain-name runs against the least possible requests and
// reports the worst of them.
func (w worldRows) requestTarget() (verdict, bool) {
	var worst *row
	for i, r := range w.rows {
		if !plainNameConfigs[r.config] || r.second {
			continue
		}
		if worst == nil || over(r) > over(*worst) {
			worst = &w.rows[i]
		}
	}
	if worst == nil {
		return verdict{}, false
	}
	target := w.wd.name + ": requests within 5% of the least possible"
	if w.wd.name == "quiet" {
		target += " (a quiet repository costs one request)"
	}
	return verdict{
		target: target,
		measured: fmt.Sprintf("worst %s, %d requests for least %d (%s)", worst.label,
			worst.m.stats.Requests, worst.least, ratio(worst.m.stats.Requests, worst.least)),
		holds: !worst.m.failed && withinSlack(worst.m.stats.Requests, worst.least),
	}, true
}

// over is how far a row's requests are above its least, failed runs first.
func over(r row) float64 {
	if r.m.failed || r.least == 0 {
		return math.Inf(1)
	}
	return float64(r.m.stats.Requests) / float64(r.least)
}

func withinSlack(requests, least int) bool {
	return float64(requests) <= requestSlack*float64(least)
}

// staleTarget checks that input with pushedAt skips the stale repositories.
func (w worldRows) staleTarget() (verdict, bool) {
	r, plain := findRow(w.rows, cfgPushed), findRow(w.rows, cfgJ4)
	if r == nil {
		return verdict{}, false
	}
	measured := fmt.Sprintf("%d requests for least %d (%s)", r.m.stats.Requests, r.least,
		ratio(r.m.stats.Requests, r.least))
	if plain != nil {
		measured += fmt.Sprintf("; %d with plain names", plain.m.stats.Requests)
	}
	return verdict{
		target: fmt.Sprintf("%s: with pushedAt in the input, repositories last pushed "+
			"before --since (%d here) cost no request", w.wd.name, w.wd.stale()),
		measured: measured,
		holds:    r.m.ok() && withinSlack(r.m.stats.Requests, r.least),
	}, true
}

// rerunTarget checks that a second identical run writes everything again for free.
func (w worldRows) rerunTarget() (verdict, bool) {
	var r *row
	for i := range w.rows {
		if w.rows[i].second {
			r = &w.rows[i]
		}
	}
	if r == nil {
		return verdict{}, false
	}
	st := r.m.stats
	return verdict{
		target: w.wd.name + ": a second identical run with --checkpoint writes every " +
			"commit again and costs zero counted requests",
		measured: fmt.Sprintf("%d counted, %d answered 304, %d requests; %d commits "+
			"written, %s", st.Counted, st.NotModified, st.Requests, r.m.commits, r.m.check),
		holds: r.m.ok() && st.Counted == 0,
	}, true
}

// memoryTarget checks the peak RSS of both checkpoint runs.
func (w worldRows) memoryTarget() (verdict, bool) {
	var measured string
	runs, holds := 0, true
	for _, r := range w.rows {
		if r.config != cfgCheckpoint {
			continue
		}
		runs++
		measured += fmt.Sprintf("%s%s %.1f MiB", sep(measured), r.label,
			float64(r.m.rssKiB)/1024)
		holds = holds && !r.m.failed && r.m.rssKiB > 0 && r.m.rssKiB < rssLimitKiB
	}
	if runs == 0 {
		return verdict{}, false
	}
	return verdict{
		target: fmt.Sprintf("%s: peak RSS under 64 MiB for %d commits, Badger included",
			w.wd.name, len(w.wd.oracle.want)),
		measured: measured,
		holds:    holds,
	}, true
}

func sep(s string) string {
	if s == "" {
		return ""
	}
	return "; "
}
