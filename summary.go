package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/hacktivity-fetch/hacktivity-fetch/limiter"
	"github.com/hacktivity-fetch/hacktivity-fetch/stages"
)

// runSummary is what the end of a run reports: the pipeline's outcome, what the limiter
// sent, the quota left and the input lines that named no repository.
type runSummary struct {
	stages.Summary
	Elapsed  time.Duration
	Sent     limiter.Stats
	Quota    []stages.RateStatus
	Input    []stages.InputError
	ExitCode int
}

// write writes the summary where it was asked for: for people on stderr when text is
// set, and to the --summary-json and --errors files when their paths are not empty.
// Only the files' errors are returned: with stderr gone there is nobody to tell.
func (s runSummary) write(stderr io.Writer, text bool, jsonPath, errorsPath string) error {
	if text {
		s.writeText(stderr) //nolint:errcheck // see above
	}
	var errs []error
	if jsonPath != "" {
		errs = append(errs, s.writeJSONFile(jsonPath))
	}
	if errorsPath != "" {
		errs = append(errs, s.writeErrorsFile(errorsPath))
	}
	return errors.Join(errs...)
}

// writeText writes the summary for people: counts, each failure with its reason, the
// requests and the quota left.
func (s runSummary) writeText(w io.Writer) error {
	var b strings.Builder
	row := func(label, format string, args ...any) {
		fmt.Fprintf(&b, "%-14s%s\n", label, fmt.Sprintf(format, args...))
	}
	repos := fmt.Sprintf("%d: %d complete", s.Repos, s.Complete)
	if s.Empty > 0 {
		repos += fmt.Sprintf(" (%d empty)", s.Empty)
	}
	row("repositories", "%s, %d failed", repos, len(s.Failures))
	for _, f := range s.Failures {
		row("", "%s: %s", f.Repo, f.Reason)
	}
	if len(s.Input) > 0 {
		row("bad input", "%d %s", len(s.Input), plural(len(s.Input), "line", "lines"))
		for _, e := range s.Input {
			row("", "%s", e.Error())
		}
	}
	row("commits", "%s", thousands(s.Commits))
	row("requests", "%s sent, %s cost quota", thousands(s.Sent.Sent), thousands(s.Sent.Counted))
	row("elapsed", "%s", s.Elapsed.Round(elapsedPrecision(s.Elapsed)))
	row("quota left", "%s", s.quotaText())
	_, err := io.WriteString(w, b.String())
	return err
}

// elapsedPrecision is what to round a run's duration to: tenths of a second for a
// short run, whole seconds for a long one.
func elapsedPrecision(d time.Duration) time.Duration {
	if d < time.Minute {
		return 100 * time.Millisecond
	}
	return time.Second
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// quotaText says what is left of each budget whose limit is known.
func (s runSummary) quotaText() string {
	var parts []string
	for _, q := range s.Quota {
		if q.Limit <= 0 {
			continue
		}
		part := fmt.Sprintf("%s of %s (%s)", thousands(int64(q.Remaining)),
			thousands(int64(q.Limit)), q.Resource)
		if !q.Reset.IsZero() {
			part += ", resets " + q.Reset.Local().Format(time.TimeOnly)
		}
		parts = append(parts, part)
	}
	if len(parts) == 0 {
		return "unknown (GitHub sent no rate-limit headers)"
	}
	return strings.Join(parts, "; ")
}

// logAttrs are the summary's counts for the run's last log record.
func (s runSummary) logAttrs() []any {
	attrs := []any{
		"op", s.Operation, "repos", s.Repos, "complete", s.Complete, "empty", s.Empty,
		"failed", len(s.Failures), "bad_input", s.BadInput, "commits", s.Commits,
		"requests", s.Sent.Sent, "counted", s.Sent.Counted,
		"elapsed", s.Elapsed.Round(time.Millisecond),
	}
	for _, q := range s.Quota {
		if q.Resource == "core" && q.Limit > 0 {
			attrs = append(attrs, "quota_remaining", q.Remaining, "quota_limit", q.Limit)
		}
	}
	return attrs
}

// summaryJSON is the --summary-json file: the summary as one JSON object.
type summaryJSON struct {
	Operation      string        `json:"operation,omitempty"`
	Resumed        bool          `json:"resumed"`
	ExitCode       int           `json:"exit_code"`
	Repos          int           `json:"repos"`
	Complete       int           `json:"complete"`
	Empty          int           `json:"empty"`
	Failed         int           `json:"failed"`
	Failures       []failureJSON `json:"failures"`
	BadInput       int           `json:"bad_input"`
	Commits        int64         `json:"commits"`
	Requests       requestsJSON  `json:"requests"`
	ElapsedSeconds float64       `json:"elapsed_seconds"`
	Quota          []quotaJSON   `json:"quota"`
}

type failureJSON struct {
	Repo   string `json:"repo"`
	Line   int    `json:"line,omitempty"`
	Status int    `json:"status,omitempty"`
	Reason string `json:"reason"`
}

type requestsJSON struct {
	Sent        int64 `json:"sent"`         // retries included
	Counted     int64 `json:"counted"`      // those that cost quota
	NotModified int64 `json:"not_modified"` // 304s, free
	Retries     int64 `json:"retries"`
	Waits       int64 `json:"waits"`
}

type quotaJSON struct {
	Resource  string     `json:"resource"`
	Limit     int        `json:"limit"`
	Remaining int        `json:"remaining"`
	Reset     *time.Time `json:"reset,omitempty"`
}

func (s runSummary) json() summaryJSON {
	out := summaryJSON{
		Operation: s.Operation, Resumed: s.Resumed, ExitCode: s.ExitCode,
		Repos: s.Repos, Complete: s.Complete, Empty: s.Empty, Failed: len(s.Failures),
		Failures: []failureJSON{}, BadInput: s.BadInput, Commits: s.Commits,
		Requests: requestsJSON{
			Sent: s.Sent.Sent, Counted: s.Sent.Counted, NotModified: s.Sent.NotModified,
			Retries: s.Sent.Retries, Waits: s.Sent.Waits,
		},
		ElapsedSeconds: s.Elapsed.Seconds(),
		Quota:          []quotaJSON{},
	}
	for _, f := range s.Failures {
		out.Failures = append(out.Failures, failureJSON(f))
	}
	for _, q := range s.Quota {
		qj := quotaJSON{Resource: q.Resource, Limit: q.Limit, Remaining: q.Remaining}
		if !q.Reset.IsZero() {
			qj.Reset = &q.Reset
		}
		out.Quota = append(out.Quota, qj)
	}
	return out
}

// writeJSONFile writes the summary to path as one JSON object.
func (s runSummary) writeJSONFile(path string) error {
	b, err := json.Marshal(s.json())
	if err != nil {
		return fmt.Errorf("encode summary: %w", err)
	}
	if err := os.WriteFile(path, append(b, '\n'), 0o644); err != nil {
		return fmt.Errorf("write summary: %w", err)
	}
	return nil
}

// errorLine is one line of the --errors file: a repository that failed or an input line
// that named none, with what to do about it. `jq -r 'select(.kind=="repository").repo'`
// on the file lists the repositories to run again.
type errorLine struct {
	Kind   string `json:"kind"`             // "repository" or "input"
	Repo   string `json:"repo,omitempty"`   // the repository, as the input named it
	Source string `json:"source,omitempty"` // for input: stdin or argument
	Line   int    `json:"line,omitempty"`   // the input line, or argument number
	Text   string `json:"text,omitempty"`   // for input: the text that names no repository
	Status int    `json:"status,omitempty"` // GitHub's HTTP status, when it answered
	Error  string `json:"error"`            // what went wrong
	Action string `json:"action"`           // what to do about it
}

// errorLines returns the failures, then the bad input lines.
func (s runSummary) errorLines() []errorLine {
	var out []errorLine
	for _, f := range s.Failures {
		out = append(out, errorLine{
			Kind: "repository", Repo: f.Repo, Line: f.Line, Status: f.Status,
			Error: f.Reason, Action: failureAction(f),
		})
	}
	for _, e := range s.Input {
		out = append(out, errorLine{
			Kind: "input", Source: e.Source, Line: e.Line, Text: e.Text, Error: e.Reason,
			Action: "correct the line to name a repository as owner/name, or remove it",
		})
	}
	return out
}

// writeErrorsFile writes one NDJSON line per failed repository or bad input line to path;
// an empty file when there were none.
func (s runSummary) writeErrorsFile(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("write errors: %w", err)
	}
	w := bufio.NewWriter(f)
	enc := json.NewEncoder(w)
	for _, l := range s.errorLines() {
		if err := enc.Encode(l); err != nil {
			f.Close()
			return fmt.Errorf("write errors %s: %w", path, err)
		}
	}
	if err := errors.Join(w.Flush(), f.Close()); err != nil {
		return fmt.Errorf("write errors %s: %w", path, err)
	}
	return nil
}

// failureAction says what to do about a repository that failed, from GitHub's answer.
func failureAction(f stages.Failure) string {
	switch {
	case f.Status == 0:
		return "run again: no answer came from GitHub (network or timeout)"
	case f.Status == http.StatusUnauthorized:
		return "run 'gh auth login' or set GH_TOKEN, then run again"
	case f.Status == http.StatusForbidden && strings.Contains(f.Reason, "single sign-on"):
		return "authorise the token for the organisation's SSO (gh auth refresh), then run again"
	case f.Status == http.StatusForbidden:
		return "use a token allowed to read the repository, or leave it out"
	case f.Status == http.StatusNotFound:
		return "check the name, or use a token that can see it ('repo' scope for private ones)"
	case f.Status == http.StatusUnavailableForLegalReasons:
		return "leave it out: GitHub blocks access to it"
	case f.Status == http.StatusUnprocessableEntity:
		return "check --branch and --author"
	}
	return "run again later"
}

// thousands renders n with commas between groups of three digits.
func thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	sign := ""
	if n < 0 {
		sign, s = "-", s[1:]
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return sign + s
}

// rateStatuses returns the limiter's budgets as the display shows them; nil before the
// limiter exists.
func rateStatuses(lim *limiter.Limiter) []stages.RateStatus {
	if lim == nil {
		return nil
	}
	var out []stages.RateStatus
	for _, s := range lim.Status() {
		out = append(out, stages.RateStatus{
			Resource: s.Resource, Limit: s.Limit, Remaining: s.Remaining, Reset: s.Reset,
			InFlight: s.InFlight, AllowedInFlight: s.AllowedInFlight,
			Pause: pauseOf(s.PauseReason), PausedUntil: s.PausedUntil,
		})
	}
	return out
}

func pauseOf(reason string) stages.Pause {
	switch reason {
	case limiter.PauseRateLimit:
		return stages.PauseRateLimit
	case limiter.PauseSecondary:
		return stages.PauseSecondary
	case limiter.PauseCircuitOpen:
		return stages.PauseCircuit
	}
	return stages.NotPaused
}

// badInput collects the input lines that named no repository, for the summary, and
// logs each. Safe for concurrent use.
type badInput struct {
	log  *slog.Logger
	mu   sync.Mutex
	errs []stages.InputError
}

func (b *badInput) add(e *stages.InputError) {
	b.log.Error("bad input", "source", e.Source, "line", e.Line, "text", e.Text,
		"error", e.Reason)
	b.mu.Lock()
	b.errs = append(b.errs, *e)
	b.mu.Unlock()
}

func (b *badInput) list() []stages.InputError {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]stages.InputError(nil), b.errs...)
}

// progressDisplay makes the progress display the flags ask for: none under -q.
func (f *fetchCmd) progressDisplay(stderr, stdout io.Writer, prog *stages.Progress, workers int,
	limits func() []stages.RateStatus) *stages.Display {
	mode := f.Progress
	switch {
	case f.Quiet:
		mode = stages.ModeNone
	case mode == stages.ModeAuto && mayReachScreen(stdout):
		// The commits may be printed on the same screen (| jq), where a live display
		// would redraw over them: plain lines never touch what is above them.
		mode = stages.ModePlain
	}
	return stages.NewDisplay(stages.DisplayOptions{
		Mode:     mode,
		Out:      stderr,
		Progress: prog,
		Limits:   limits,
		Workers:  workers,
		Interval: time.Duration(f.ProgressInterval) * time.Second,
	})
}
