package main

import (
	"slices"
	"testing"
)

func TestTallyVerdict(t *testing.T) {
	o := &oracle{want: map[string]struct{}{
		commitKey("o/a", "1111"): {},
		commitKey("o/a", "2222"): {},
		commitKey("o/b", "3333"): {},
	}}
	type line struct{ repo, sha string }
	all := []line{{"o/a", "1111"}, {"o/a", "2222"}, {"o/b", "3333"}}
	tests := []struct {
		name  string
		lines []line
		want  string
	}{
		{"every commit once", all, "OK"},
		{"repository spelled in other case", []line{{"O/A", "1111"}, {"o/a", "2222"},
			{"O/b", "3333"}}, "OK"},
		{"one missing", all[:2],
			"MISMATCH (1 missing, 0 unexpected, 0 twice, 0 bad lines)"},
		{"one twice", slices.Concat(all, all[:1]),
			"MISMATCH (0 missing, 0 unexpected, 1 twice, 0 bad lines)"},
		{"one from another repository", slices.Concat(all[:2], []line{{"o/a", "3333"}}),
			"MISMATCH (1 missing, 1 unexpected, 0 twice, 0 bad lines)"},
		{"a line without sha", slices.Concat(all, []line{{"o/a", ""}}),
			"MISMATCH (0 missing, 0 unexpected, 0 twice, 1 bad lines)"},
		{"nothing written", nil,
			"MISMATCH (3 missing, 0 unexpected, 0 twice, 0 bad lines)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tl := o.newTally()
			for _, l := range tt.lines {
				tl.add(l.repo, l.sha)
			}
			if got := tl.verdict(); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
			if tl.lines != len(tt.lines) {
				t.Errorf("got %d lines counted, want %d", tl.lines, len(tt.lines))
			}
		})
	}
}
