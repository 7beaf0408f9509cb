package fakegithub

import (
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Fault is a misbehaviour injected into the answers to matching requests.
type Fault struct {
	// Path matches requests whose URL path contains it; "" matches all.
	Path string

	// Times is how many matching requests get the fault: 0 means one,
	// negative means every one until the server closes.
	Times int

	// Stall hangs before answering, until the client gives up or the time
	// passes. With Status 0 and CloseConn false the request is then
	// answered normally: a slow server rather than a broken one.
	Stall time.Duration

	// Status, Header and Body make the answer. A Body of "" gets a GitHub
	// error body for Status.
	Status int
	Header http.Header
	Body   string

	// CloseConn drops the connection without an answer.
	CloseConn bool

	// BreakBody answers normally but drops the connection halfway through the
	// body, after the headers promised all of it: a stream that breaks off.
	BreakBody bool
}

// Fault answers cost no quota and carry no X-RateLimit-* headers but those
// in Header. A request inside a secondary-limit pause gets the pause's
// answer rather than a fault.

// Inject adds a fault. Faults apply in the order injected; each request
// gets at most one. Safe to call while serving.
func (s *Server) Inject(f Fault) {
	if f.Times == 0 {
		f.Times = 1
	}
	f.Header = f.Header.Clone()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, &f)
}

// takeFault returns the first fault matching path and uses it up once.
func (s *Server) takeFault(path string) *Fault {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, f := range s.faults {
		if !strings.Contains(path, f.Path) {
			continue
		}
		if f.Times > 0 {
			f.Times--
			if f.Times == 0 {
				s.faults = append(s.faults[:i:i], s.faults[i+1:]...)
			}
		}
		return f
	}
	return nil
}

func faultReply(f *Fault) *reply {
	rep := errorReply(f.Status, http.StatusText(f.Status), docsRoot)
	if f.Body != "" {
		rep.body = []byte(f.Body)
	}
	for k, vs := range f.Header {
		rep.header[k] = append([]string(nil), vs...)
	}
	return rep
}

// closeConn drops the client connection without writing an answer.
func closeConn(w http.ResponseWriter) {
	if hj, ok := w.(http.Hijacker); ok {
		if conn, _, err := hj.Hijack(); err == nil {
			_ = conn.Close() // the point is to break it
			return
		}
	}
	// HTTP/2 cannot hijack; aborting the handler resets the stream.
	panic(http.ErrAbortHandler)
}

// secondaryState is a pending or open secondary-limit pause. The Server's
// mutex guards it.
type secondaryState struct {
	pending    bool
	status     int
	retryAfter time.Duration
	withHeader bool
	until      time.Time
}

// defaultSecondaryPause is how long GitHub asks clients to wait when it
// sends no Retry-After.
const defaultSecondaryPause = time.Minute

// SecondaryLimit makes the next request get status (403 or 429) with
// GitHub's secondary-limit body, and opens a pause during which every
// request that arrives is a Violation and gets the same answer. With
// withHeader the answers carry Retry-After (whole seconds, rounded up) and
// the pause lasts retryAfter; without it the pause lasts retryAfter, or one
// minute when retryAfter is zero. Safe to call while serving.
func (s *Server) SecondaryLimit(status int, retryAfter time.Duration, withHeader bool) {
	pause := retryAfter
	if pause <= 0 {
		pause = defaultSecondaryPause
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.secondary = secondaryState{
		pending: true, status: status, retryAfter: pause, withHeader: withHeader,
	}
}

// secondaryReply returns the secondary-limit answer if one is due.
func (s *Server) secondaryReply(c *call) *reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := time.Now()
	sec := &s.secondary

	switch {
	case now.Before(sec.until):
		c.entry.Violation = true
	case sec.pending:
		sec.pending = false
		sec.until = now.Add(sec.retryAfter)
	default:
		return nil
	}

	msg := "You have exceeded a secondary rate limit. Please wait a few minutes before " +
		"you try again. If you reach out to GitHub Support for help, please include the " +
		fmt.Sprintf("request ID %s.", c.requestID)
	rep := errorReply(sec.status, msg, docsSecondaryLimit)
	if sec.withHeader {
		wait := math.Ceil(sec.until.Sub(now).Seconds())
		rep.header.Set("Retry-After", strconv.Itoa(max(int(wait), 1)))
	}
	if !s.opts.NoRateHeaders {
		s.quota.refresh(now)
		s.quota.setHeaders(rep.header)
	}
	return rep
}
