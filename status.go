package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"text/tabwriter"
	"time"

	"github.com/hacktivity-fetch/hacktivity-fetch/checkpoint"
	"github.com/hacktivity-fetch/hacktivity-fetch/stages"
)

// operationWindow returns the window an operation covers. A resumed operation keeps the
// window it started with, even when --since or --until is an age ("7d"), so that a resume
// an hour later asks for the same commits.
func operationWindow(op *checkpoint.Operation, fresh stages.Window) (stages.Window, error) {
	if since, until, ok := op.Window(); ok && op.Resumed() {
		s, err1 := time.Parse(time.RFC3339, since)
		u, err2 := time.Parse(time.RFC3339, until)
		if err1 == nil && err2 == nil {
			return stages.Window{Since: s, Until: u}, nil
		}
	}
	if err := op.SetWindow(stamp(fresh.Since), stamp(fresh.Until)); err != nil {
		return fresh, fmt.Errorf("record window: %w", err)
	}
	return fresh, nil
}

// openExisting opens the checkpoint in dir for status and prune, which must not create
// one where a typo points.
func openExisting(dir string, log *slog.Logger) (*checkpoint.Store, error) {
	if dir == "" {
		return nil, errors.New("--checkpoint DIR is empty")
	}
	if _, err := os.Stat(dir); err != nil {
		return nil, fmt.Errorf("no checkpoint in %s: %w", dir, err)
	}
	return checkpoint.Open(dir, checkpoint.Options{Logger: log})
}

func (s *statusCmd) run(stdout, stderr io.Writer) int {
	store, err := openExisting(s.Checkpoint,
		slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn})))
	if err != nil {
		fmt.Fprintf(stderr, "hacktivity-fetch: %v\n", err)
		return exitFatal
	}
	defer store.Close()
	ops, err := store.Operations()
	if err != nil {
		fmt.Fprintf(stderr, "hacktivity-fetch: %v\n", err)
		return exitFatal
	}

	if s.JSON {
		enc := json.NewEncoder(stdout)
		for _, op := range ops {
			if err := enc.Encode(op); err != nil {
				return exitFatal
			}
		}
		return exitOK
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "OPERATION\tSTATE\tSINCE\tUNTIL\tAUTHOR\tDONE\tFAILED\tPENDING\tCOMMITS\tUPDATED")
	for _, op := range ops {
		state := "interrupted"
		if !op.Finished.IsZero() {
			state = "finished"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%d\t%d\t%d\t%d\t%s\n", op.ID, state,
			op.Params.Since, op.Params.Until, op.Params.Author, len(op.Done), len(op.Failed),
			len(op.Pending), op.Commits, op.Updated.Format(time.DateTime))
	}
	tw.Flush()
	return exitOK
}

func (p *pruneCmd) run(stderr io.Writer) int {
	age, err := normalizeTime("older-than", p.OlderThan, false)
	if err != nil || !ageRE.MatchString(age) {
		fmt.Fprintf(stderr, "hacktivity-fetch: --older-than %q: want an age such as 30d or 12h\n",
			p.OlderThan)
		return exitUsage
	}
	now := time.Now()
	older := now.Sub(resolveTime(age, now))

	store, err := openExisting(p.Checkpoint, nil)
	if err != nil {
		fmt.Fprintf(stderr, "hacktivity-fetch: %v\n", err)
		return exitFatal
	}
	defer store.Close()
	n, err := store.Prune(older, now)
	if err != nil {
		fmt.Fprintf(stderr, "hacktivity-fetch: %v\n", err)
		return exitFatal
	}
	fmt.Fprintf(stderr, "hacktivity-fetch: removed %d operations from %s\n", n, p.Checkpoint)
	return exitOK
}

// logOperation says which operation this run is, and for a resume what it holds already.
func logOperation(log *slog.Logger, store *checkpoint.Store, op *checkpoint.Operation, dir string) {
	if !op.Resumed() {
		log.Info("operation", "op", op.ID(), "resumed", false, "dir", dir)
		return
	}
	ops, err := store.Operations()
	if err != nil {
		log.Warn("read checkpoint", "dir", dir, "error", err)
	}
	for _, o := range ops {
		if o.ID == op.ID() {
			log.Info("operation", "op", op.ID(), "resumed", true, "dir", dir,
				"repos_done", len(o.Done), "repos_failed", len(o.Failed),
				"repos_pending", len(o.Pending), "commits_saved", o.Commits)
			return
		}
	}
	log.Info("operation", "op", op.ID(), "resumed", true, "dir", dir)
}
