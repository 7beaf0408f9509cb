package stages

import (
	"bufio"
	"context"
	"fmt"
	"io"
)

// batch is the lines of one page, written whole and flushed before done is answered, so
// that a page is on stdout before the checkpoint records it.
type batch struct {
	lines []Line
	done  chan error
}

// Emitter is the only writer of stdout: lines from many workers never interleave. Create
// it with NewEmitter, start Run in one goroutine, and send pages with Write.
type Emitter struct {
	w    *bufio.Writer
	in   chan batch
	prog *Progress
}

// NewEmitter returns an emitter that writes to w and counts lines in prog.
func NewEmitter(w io.Writer, prog *Progress) *Emitter {
	return &Emitter{w: bufio.NewWriterSize(w, 64<<10), in: make(chan batch), prog: prog}
}

// Run writes batches until ctx ends. After a failed write (a closed pipe) it writes
// nothing more and answers every later batch with that error, so no worker waits forever;
// Run then returns the error when ctx ends.
func (e *Emitter) Run(ctx context.Context) error {
	var failed error
	for {
		select {
		case <-ctx.Done():
			return failed
		case b := <-e.in:
			if failed == nil {
				failed = e.write(b.lines)
			}
			b.done <- failed
		}
	}
}

func (e *Emitter) write(lines []Line) error {
	for _, l := range lines {
		e.w.Write(l.JSON)
		if err := e.w.WriteByte('\n'); err != nil {
			return fmt.Errorf("write stdout: %w", err)
		}
	}
	if err := e.w.Flush(); err != nil {
		return fmt.Errorf("write stdout: %w", err)
	}
	e.prog.commits.Add(int64(len(lines)))
	return nil
}

// Write hands lines to the writer and waits until they are flushed.
func (e *Emitter) Write(ctx context.Context, lines []Line) error {
	if len(lines) == 0 {
		return nil
	}
	b := batch{lines: lines, done: make(chan error, 1)}
	select {
	case e.in <- b:
	case <-ctx.Done():
		return ctx.Err()
	}

	// Once handed over, the page is written whole even if ctx ends meanwhile.
	return <-b.done
}
