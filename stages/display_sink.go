package stages

import (
	"io"
	"sync"
)

// logSink is the writer that logs and progress events share. While a live display is
// drawn it hands every write to the display, which prints it above itself; otherwise it
// writes straight through. One write is never cut by another. Safe for concurrent use.
type logSink struct {
	mu   sync.Mutex
	out  io.Writer
	live io.Writer // the live display while it is drawn, else nil
}

func (s *logSink) Write(b []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.live != nil {
		n, err := s.live.Write(b)
		if err == nil {
			return n, nil
		}
		// The live display gave up on the terminal; the line is not lost for that.
	}
	return s.out.Write(b)
}

// attach sends writes to live from now on.
func (s *logSink) attach(live io.Writer) {
	s.mu.Lock()
	s.live = live
	s.mu.Unlock()
}

// detach runs end, which takes the live display down, and then writes straight through
// again. Writes wait meanwhile, so that none lands in the middle of the last drawing.
func (s *logSink) detach(end func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	end()
	s.live = nil
}
