package stages

import (
	"io"
	"log/slog"
	"time"

	"github.com/mattn/go-isatty"
)

// Progress modes, as --progress names them.
const (
	ModeAuto  = "auto"  // bar when the output is a terminal, plain otherwise
	ModeBar   = "bar"   // a live display redrawn in place
	ModePlain = "plain" // a log line every interval
	ModeJSON  = "json"  // an NDJSON event every interval
	ModeNone  = "none"  // nothing
)

const (
	// barRefresh is the time between two drawings of the live display: at most ten a
	// second, which reads as smooth without costing the terminal much.
	barRefresh = 100 * time.Millisecond

	// waitNotice is the longest a plain or json display stays silent while requests
	// wait, so that a run that only sleeps does not look hung.
	waitNotice = time.Minute

	// defaultInterval is the time between two plain or json lines when none is given.
	defaultInterval = 10 * time.Second
)

// DisplayOptions configures a Display.
type DisplayOptions struct {
	Mode     string              // one of the Mode constants; "" is ModeAuto
	Out      io.Writer           // where progress and logs go: stderr
	Progress *Progress           // the counts the pipeline keeps; pass it in Config.Progress
	Limits   func() []RateStatus // the rate-limit budgets now; nil when unknown
	Workers  int                 // how many workers the run has
	Interval time.Duration       // between two plain or json lines; 0 for 10s
	Clock    Clock               // nil for the real clock
}

// Display shows a run's progress while it goes: a live display on a terminal, a log
// line at an interval elsewhere, NDJSON events for programs, or nothing.
//
// Make it with NewDisplay and build the run's logger on Writer, so that log lines appear
// above a live display instead of tearing it. Start it before the run and Stop it after:
// Stop waits for the display's goroutine and draws the final state. Writer is safe for
// concurrent use; Start and Stop are each called once, from one goroutine.
type Display struct {
	o    DisplayOptions
	mode string
	sink *logSink

	r       renderer
	stop    chan struct{}
	done    chan struct{}
	started bool
}

// renderer is one way of showing progress. tick is called on every tick of the clock
// and decides whether to show anything; final is called once, last.
type renderer interface {
	tick(f frame)
	final(f frame)
}

// NewDisplay returns a Display that is not started yet. The mode auto is resolved here:
// bar when Out is a terminal, plain otherwise.
func NewDisplay(o DisplayOptions) *Display {
	if o.Progress == nil {
		o.Progress = &Progress{}
	}
	if o.Interval <= 0 {
		o.Interval = defaultInterval
	}
	if o.Clock == nil {
		o.Clock = realClock{}
	}
	o.Workers = max(o.Workers, 1)
	return &Display{o: o, mode: resolveMode(o.Mode, o.Out), sink: &logSink{out: o.Out}}
}

// Mode returns the mode the display runs in, auto resolved.
func (d *Display) Mode() string { return d.mode }

// Writer returns the writer for the run's logs: above the live display while it is
// drawn, straight to Out otherwise. It stays usable after Stop.
func (d *Display) Writer() io.Writer { return d.sink }

// Start begins showing progress. Plain lines go through log; nil discards them.
func (d *Display) Start(log *slog.Logger) {
	if d.started || d.mode == ModeNone {
		return
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	step := min(d.o.Interval, time.Second)
	pace := pacer{interval: d.o.Interval, step: step, last: d.o.Clock.Now()}
	switch d.mode {
	case ModeBar:
		br := newBarRenderer(d.o.Out, d.o.Workers)
		d.sink.attach(br.p)
		d.r, step = br, barRefresh
	case ModeJSON:
		d.r = &jsonRenderer{w: d.sink, pace: pace}
	default:
		d.r = &plainRenderer{log: log, pace: pace}
	}
	d.started = true
	d.stop, d.done = make(chan struct{}), make(chan struct{})
	ticks, stopTicks := d.o.Clock.Ticker(step)
	go d.loop(ticks, stopTicks)
}

// Stop ends the display's goroutine and shows the final state. It does nothing when the
// display was not started.
func (d *Display) Stop() {
	if !d.started {
		return
	}
	d.started = false
	close(d.stop)
	<-d.done
	// The frame is taken before logs are held back: the limiter logs while it holds the
	// lock that its status needs.
	f := d.frameAt(d.o.Clock.Now())
	if br, ok := d.r.(*barRenderer); ok {
		d.sink.detach(func() { br.final(f) })
		return
	}
	d.r.final(f)
}

func (d *Display) loop(ticks <-chan time.Time, stopTicks func()) {
	defer close(d.done)
	defer stopTicks()
	for {
		select {
		case <-d.stop:
			return
		case now := <-ticks:
			d.r.tick(d.frameAt(now))
		}
	}
}

// frameAt takes the state of the run, as of now.
func (d *Display) frameAt(now time.Time) frame {
	f := frame{now: now, snap: d.o.Progress.Snapshot(), workers: d.o.Workers}
	if d.o.Limits != nil {
		f.rates = d.o.Limits()
	}
	return f
}

// resolveMode turns auto into bar when out is a terminal and plain otherwise.
func resolveMode(mode string, out io.Writer) string {
	switch mode {
	case ModeBar, ModePlain, ModeJSON, ModeNone:
		return mode
	}
	if isTerminal(out) {
		return ModeBar
	}
	return ModePlain
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(interface{ Fd() uintptr })
	return ok && (isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd()))
}

// pacer decides when a periodic line is due: every interval, at once when a wait
// begins, and at least every waitNotice while it lasts.
type pacer struct {
	interval time.Duration
	step     time.Duration // how often due is asked; a tick a little early still counts
	last     time.Time
	waiting  bool
}

func (p *pacer) due(f frame) bool {
	_, waiting := f.pause()
	began := waiting && !p.waiting
	p.waiting = waiting
	gap := p.interval
	if waiting {
		gap = min(gap, waitNotice)
	}
	if !began && f.now.Sub(p.last) < gap-p.step/2 {
		return false
	}
	p.last = f.now
	return true
}
