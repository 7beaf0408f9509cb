package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"
)

// row is one line of the table: one configuration on one world.
type row struct {
	config string
	label  string
	m      measurement
	least  int  // fewest requests that can list the window for this row's input
	second bool // the second run of a checkpoint pair, which should cost no quota

	// vsSerial and vsPeer are how many times faster than --no-parallel and the gh
	// peer on the same world this row was; 0 when there is nothing to compare with.
	vsSerial, vsPeer float64
}

// worldRows is one world and its rows.
type worldRows struct {
	wd   *world
	rows []row
}

// report is a whole benchmark run: how and where it ran, the rows, and the targets.
type report struct {
	header []string
	notes  []string
	worlds []worldRows
}

func newReport(b *bench, args []string) *report {
	peer := b.peer.version
	if b.peer.gh == "" {
		peer = "none"
	}
	return &report{
		header: []string{
			"date: " + time.Now().UTC().Format(time.RFC3339),
			"command: go run ./internal/bench " + strings.Join(args, " "),
			"machine: " + describeMachine(),
			"binary: hacktivity-fetch " + b.product.revision,
			fmt.Sprintf("fake: loopback TLS, %s a request; window %s to %s (closed); "+
				"seed %d; median of %d run(s)", b.opts.latency,
				windowSince.Format(time.RFC3339), windowUntil.Format(time.RFC3339),
				b.opts.seed, b.opts.runs),
			"peer: " + peer,
		},
		notes: b.notes,
	}
}

// add records a world's rows and works out their speed-ups.
func (r *report) add(wd *world, rows []row) {
	serial, peer := findRow(rows, cfgNoParallel), findRow(rows, cfgPeer)
	for i := range rows {
		rows[i].vsSerial = speedup(serial, rows[i])
		rows[i].vsPeer = speedup(peer, rows[i])
	}
	r.worlds = append(r.worlds, worldRows{wd: wd, rows: rows})
}

func findRow(rows []row, config string) *row {
	for i := range rows {
		if rows[i].config == config {
			return &rows[i]
		}
	}
	return nil
}

// speedup is ref's wall time over r's, or 0 when either run did not finish.
func speedup(ref *row, r row) float64 {
	if ref == nil || ref.m.failed || r.m.failed || r.m.wall <= 0 {
		return 0
	}
	return ref.m.wall.Seconds() / r.m.wall.Seconds()
}

// allChecked reports whether every run finished and wrote exactly the window's
// commits; a peer stopped by -peer-timeout does not count against it.
func (r *report) allChecked() bool {
	for _, w := range r.worlds {
		for _, row := range w.rows {
			if !row.m.ok() && !row.m.capped {
				return false
			}
		}
	}
	return true
}

var tableHead = []string{"world", "config", "wall", "requests", "counted", "304",
	"commits", "check", "peak RSS", "least", "req/least", "vs --no-parallel", "vs gh"}

// cells is the table line of one row.
func (w worldRows) cells(r row) []string {
	m := r.m
	check, _, _ := strings.Cut(m.check, " ")
	check = strings.TrimSuffix(check, ":")
	return []string{
		w.wd.name, r.label,
		fmt.Sprintf("%.2fs", m.wall.Seconds()),
		fmt.Sprint(m.stats.Requests), fmt.Sprint(m.stats.Counted),
		fmt.Sprint(m.stats.NotModified), fmt.Sprint(m.commits), check,
		fmt.Sprintf("%.1f MiB", float64(m.rssKiB)/1024),
		fmt.Sprint(r.least), ratio(m.stats.Requests, r.least),
		times(r.vsSerial), times(r.vsPeer),
	}
}

func ratio(n, d int) string {
	if d == 0 {
		return "–"
	}
	return fmt.Sprintf("%.2f", float64(n)/float64(d))
}

func times(x float64) string {
	if x == 0 {
		return "–"
	}
	return fmt.Sprintf("%.2fx", x)
}

// summary describes a world in one line.
func (w worldRows) summary() string {
	wd := w.wd
	return fmt.Sprintf("%s: %d repositories (%d last pushed before the window), "+
		"%d commits in the window; least %d requests, %d when the input has pushedAt",
		wd.name, len(wd.repos), wd.stale(), len(wd.oracle.want), wd.least, wd.leastPushed)
}

// problems lists every row whose check is not a plain OK, with the whole reason.
func (r *report) problems() []string {
	var out []string
	for _, w := range r.worlds {
		for _, row := range w.rows {
			if row.m.check != "OK" {
				out = append(out, fmt.Sprintf("%s, %s: %s", w.wd.name, row.label, row.m.check))
			}
		}
	}
	return out
}

// print writes the report as aligned text.
func (r *report) print(out io.Writer) {
	for _, h := range r.header {
		fmt.Fprintln(out, h)
	}
	fmt.Fprintln(out)
	for _, w := range r.worlds {
		fmt.Fprintln(out, "world", w.summary())
	}
	fmt.Fprintln(out)

	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, strings.Join(tableHead, "\t")+"\t")
	for _, w := range r.worlds {
		for _, row := range w.rows {
			fmt.Fprintln(tw, strings.Join(w.cells(row), "\t")+"\t")
		}
	}
	_ = tw.Flush() // errors of out show up on the next write, or nowhere to report them

	printList(out, "\nproblems:", r.problems())
	printList(out, "\nnotes:", r.notes)
	printList(out, "\ntargets (issue 6):", formatVerdicts(r.targets()))
}

func printList(out io.Writer, title string, items []string) {
	if len(items) == 0 {
		return
	}
	fmt.Fprintln(out, title)
	for _, it := range items {
		fmt.Fprintln(out, "  "+it)
	}
}

// writeMarkdown writes the report as markdown, ready for README.md.
func (r *report) writeMarkdown(path string) error {
	var b strings.Builder
	for _, h := range r.header {
		fmt.Fprintf(&b, "- %s\n", h)
	}
	for _, w := range r.worlds {
		fmt.Fprintf(&b, "- world %s\n", w.summary())
	}
	b.WriteString("\n| " + strings.Join(tableHead, " | ") + " |\n")
	b.WriteString("|" + strings.Repeat(" --- |", len(tableHead)) + "\n")
	for _, w := range r.worlds {
		for _, row := range w.rows {
			b.WriteString("| " + strings.Join(w.cells(row), " | ") + " |\n")
		}
	}
	for _, section := range []struct {
		title string
		items []string
	}{
		{"Problems", r.problems()},
		{"Notes", r.notes},
		{"Targets (issue 6)", formatVerdicts(r.targets())},
	} {
		if len(section.items) == 0 {
			continue
		}
		fmt.Fprintf(&b, "\n%s:\n\n", section.title)
		for _, it := range section.items {
			fmt.Fprintf(&b, "- %s\n", it)
		}
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		return fmt.Errorf("write markdown %q: %w", path, err)
	}
	return nil
}
