package stages

import (
	"encoding/json"
	"io"
	"time"
)

// jsonRenderer writes one NDJSON progress event every interval, for other programs to
// read, and a last one of kind "done" at the end.
type jsonRenderer struct {
	w    io.Writer
	pace pacer
}

// progressEvent is one NDJSON progress event.
type progressEvent struct {
	Time           time.Time     `json:"time"`
	Event          string        `json:"event"` // "progress", or "done" for the last one
	ReposRead      int64         `json:"repos_read"`
	InputDone      bool          `json:"input_done"`
	ReposDone      int64         `json:"repos_done"`
	ReposFailed    int64         `json:"repos_failed"`
	ReposEmpty     int64         `json:"repos_empty"`
	WorkItems      int64         `json:"work_items"`
	WorkItemsDone  int64         `json:"work_items_done"`
	Commits        int64         `json:"commits"`
	Requests       int64         `json:"requests"`
	ElapsedSeconds float64       `json:"elapsed_seconds"`
	ETASeconds     *float64      `json:"eta_seconds,omitempty"`
	Workers        []workerEvent `json:"workers"`
	RateLimits     []rateEvent   `json:"rate_limits"`
	Waiting        *waitEvent    `json:"waiting,omitempty"`
}

type workerEvent struct {
	Repo   string `json:"repo"`
	Window string `json:"window"`
	Page   int    `json:"page"`
}

type rateEvent struct {
	Resource        string    `json:"resource"`
	Limit           int       `json:"limit"`
	Remaining       int       `json:"remaining"`
	Reset           time.Time `json:"reset"`
	InFlight        int       `json:"in_flight"`
	AllowedInFlight int       `json:"allowed_in_flight"`
}

type waitEvent struct {
	Reason string    `json:"reason"` // as the plain line's message says it
	Until  time.Time `json:"until"`
}

func (r *jsonRenderer) tick(f frame) {
	if r.pace.due(f) {
		r.write("progress", f)
	}
}

func (r *jsonRenderer) final(f frame) { r.write("done", f) }

func (r *jsonRenderer) write(kind string, f frame) {
	b, err := json.Marshal(eventOf(kind, f))
	if err != nil {
		return // every field marshals; nothing to report
	}
	r.w.Write(append(b, '\n')) //nolint:errcheck // stderr gone: nobody to tell
}

func eventOf(kind string, f frame) progressEvent {
	s := f.snap
	ev := progressEvent{
		Time: f.now, Event: kind,
		ReposRead: s.ReposRead, InputDone: s.InputDone, ReposDone: s.ReposDone,
		ReposFailed: s.ReposFailed, ReposEmpty: s.ReposEmpty,
		WorkItems: s.TasksTotal, WorkItemsDone: s.TasksDone,
		Commits: s.Commits, Requests: s.Requests,
		ElapsedSeconds: f.elapsed().Seconds(),
		Workers:        []workerEvent{},
		RateLimits:     []rateEvent{},
	}
	if left, ok := f.eta(); ok && kind != "done" {
		secs := left.Round(time.Second).Seconds()
		ev.ETASeconds = &secs
	}
	for _, a := range s.Active {
		ev.Workers = append(ev.Workers, workerEvent{Repo: a.Repo, Window: a.Window, Page: a.Page})
	}
	for _, rs := range f.rates {
		ev.RateLimits = append(ev.RateLimits, rateEvent{
			Resource: rs.Resource, Limit: rs.Limit, Remaining: rs.Remaining, Reset: rs.Reset,
			InFlight: rs.InFlight, AllowedInFlight: rs.AllowedInFlight,
		})
	}
	if p, ok := f.pause(); ok {
		ev.Waiting = &waitEvent{Reason: pauseMessage(p.Pause), Until: p.PausedUntil}
	}
	return ev
}
