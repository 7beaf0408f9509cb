package main

import (
	"io"
	"os"
	"strconv"

	"github.com/mattn/go-isatty"
)

// endTornLine finishes a half-written last line in the file stdout appends to. A run
// killed in the middle of a page (kill -9, power loss) can leave one; the next run with
// >> would glue its first commit onto it, so that both lines are lost to a JSON reader.
// It reports whether it had to; anything that is not a regular file is left alone.
func endTornLine(stdout io.Writer) bool {
	f, ok := stdout.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() || st.Size() == 0 {
		return false
	}

	// stdout is open for writing only; read its last byte through another descriptor.
	r, err := os.Open("/proc/self/fd/" + strconv.Itoa(int(f.Fd())))
	if err != nil {
		return false
	}
	defer r.Close()
	last := make([]byte, 1)
	if _, err := r.ReadAt(last, st.Size()-1); err != nil || last[0] == '\n' {
		return false
	}
	_, err = f.Write([]byte{'\n'})
	return err == nil
}

// isTerminal reports whether r is a terminal, where a person may be typing names.
func isTerminal(r io.Reader) bool {
	f, ok := r.(*os.File)
	return ok && isatty.IsTerminal(f.Fd())
}

// emptyFile reports whether w is a regular file with nothing in it.
func emptyFile(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode().IsRegular() && st.Size() == 0
}

// mayReachScreen reports whether what is written to w may end up on a terminal: w is one,
// or a pipe to a program that may print it (| jq).
func mayReachScreen(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && (st.Mode()&os.ModeNamedPipe != 0 || isatty.IsTerminal(f.Fd()))
}
