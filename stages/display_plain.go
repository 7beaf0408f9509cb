package stages

import (
	"context"
	"log/slog"
	"time"
)

// plainRenderer logs one progress line every interval through the run's logger, with no
// escape codes: for logs kept in files and terminals that cannot redraw.
type plainRenderer struct {
	log  *slog.Logger
	pace pacer
}

func (r *plainRenderer) tick(f frame) {
	if !r.pace.due(f) {
		return
	}
	msg := "progress"
	var attrs []slog.Attr
	if p, ok := f.pause(); ok {
		msg = pauseMessage(p.Pause)
		attrs = append(attrs,
			slog.Time("until", p.PausedUntil.Round(time.Second)),
			slog.String("left", short(p.PausedUntil.Sub(f.now))))
	}
	r.log.LogAttrs(context.Background(), slog.LevelInfo, msg, append(attrs, progressAttrs(f)...)...)
}

// final logs nothing: the summary that follows says it all.
func (r *plainRenderer) final(frame) {}

// pauseMessage says in a log message why requests wait.
func pauseMessage(p Pause) string {
	switch p {
	case PauseSecondary:
		return "paused by GitHub (secondary limit)"
	case PauseCircuit:
		return "holding requests back: GitHub keeps failing"
	}
	return "waiting for the rate limit"
}

// progressAttrs are the counts of a progress line.
func progressAttrs(f frame) []slog.Attr {
	s := f.snap
	attrs := []slog.Attr{
		slog.Int64("repos_done", s.ReposDone),
		slog.Int64("repos", s.ReposRead),
		slog.Bool("input_done", s.InputDone),
		slog.Int64("failed", s.ReposFailed),
		slog.Int64("empty", s.ReposEmpty),
		slog.Int64("work_done", s.TasksDone),
		slog.Int64("work", s.TasksTotal),
		slog.Int64("commits", s.Commits),
		slog.Int64("requests", s.Requests),
		slog.Int("busy", len(s.Active)),
		slog.Duration("elapsed", f.elapsed().Round(time.Second)),
	}
	if left, ok := f.eta(); ok {
		attrs = append(attrs, slog.Duration("eta", left.Round(time.Second)))
	}
	if rs, ok := f.rate(); ok {
		attrs = append(attrs,
			slog.Int("rate_remaining", rs.Remaining),
			slog.Int("rate_limit", rs.Limit),
			slog.Time("rate_reset", rs.Reset))
	}
	return attrs
}
