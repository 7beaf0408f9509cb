package stages

import (
	"io"
	"sync"
	"unicode/utf8"

	"github.com/vbauerster/mpb/v8"
	"github.com/vbauerster/mpb/v8/decor"
)

// barWidth is the width of the live display when the output is no terminal that can
// tell its own (--progress bar with stderr to a file).
const barWidth = 100

// barRenderer draws the live display with mpb: one line for the whole run, one heading
// the workers and one per worker, and one for the rate limit. Each line is a bar without
// a filler, whose text is read at every drawing. mpb redraws only when tick asks it to.
type barRenderer struct {
	p       *mpb.Progress
	refresh chan any
	gone    chan any // closed when mpb shut down, after Wait or a failure to draw
	bars    []*mpb.Bar

	mu    sync.Mutex
	lines []string // the text of each bar, in order
}

func newBarRenderer(out io.Writer, workers int) *barRenderer {
	r := &barRenderer{
		refresh: make(chan any),
		gone:    make(chan any),
		lines:   make([]string, workers+3),
	}
	r.p = mpb.New(
		mpb.WithOutput(out),
		mpb.WithManualRefresh(r.refresh),
		mpb.WithShutdownNotifier(r.gone),
		mpb.WithWidth(barWidth),
		// Asked for by name on something else than a terminal: draw as if it was one.
		mpb.ContainerOptional(mpb.ForceTTY(), !isTerminal(out)),
	)
	for i := range r.lines {
		r.bars = append(r.bars, r.p.New(0, mpb.NopStyle(),
			mpb.BarFillerTrim(),
			mpb.PrependDecorators(decor.Any(r.text(i))),
		))
	}
	return r
}

// text returns the decorator func of line i: its text cut to the width, one column
// short of it so that the terminal never wraps a line and moves the drawing.
func (r *barRenderer) text(i int) decor.DecorFunc {
	return func(st decor.Statistics) string {
		r.mu.Lock()
		defer r.mu.Unlock()
		return fit(r.lines[i], st.AvailableWidth-1)
	}
}

func (r *barRenderer) set(lines []string) {
	r.mu.Lock()
	copy(r.lines, lines)
	r.mu.Unlock()
}

func (r *barRenderer) tick(f frame) {
	r.set(barLines(f, len(r.lines)))
	select {
	case r.refresh <- f.now:
	case <-r.gone: // the terminal failed and mpb gave up: nothing more to draw
	}
}

// final leaves the whole run's line and the rate limit's on screen, and takes the
// workers' lines away: no worker is busy any more.
func (r *barRenderer) final(f frame) {
	last := len(r.lines) - 1
	lines := make([]string, len(r.lines))
	lines[0], lines[last] = f.overallLine(true), f.quotaLine()
	r.set(lines)
	for i, b := range r.bars {
		b.Abort(i != 0 && i != last)
	}
	r.p.Wait()
}

// barLines is the text of n lines of the live display: the run, the workers' heading,
// the workers (idle ones too, so the drawing does not jump) and the rate limit.
func barLines(f frame, n int) []string {
	lines := make([]string, 0, n)
	lines = append(lines, f.overallLine(false), f.workersLine())
	for i := range n - 3 {
		if i < len(f.snap.Active) {
			lines = append(lines, f.workerLine(f.snap.Active[i]))
		} else {
			lines = append(lines, "  idle")
		}
	}
	return append(lines, f.rateLine())
}

// fit cuts s to width runes, marking the cut with an ellipsis. Every rune the display
// writes takes one column.
func fit(s string, width int) string {
	if width <= 0 || utf8.RuneCountInString(s) <= width {
		return s
	}
	runes := []rune(s)
	return string(runes[:width-1]) + "…"
}
