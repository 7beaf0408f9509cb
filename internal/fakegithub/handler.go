package fakegithub

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// ServeHTTP answers one request: latency, secondary limits, faults,
// credentials, the endpoint itself, ETag, then the primary quota.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	c := s.arrive(r)
	defer s.finish(c)
	if !s.sleep(r.Context(), s.opts.Latency) {
		return
	}
	rep := s.answer(w, c)
	if rep == nil {
		return
	}
	s.write(w, c, rep)
}

// arrive registers the request as in flight.
func (s *Server) arrive(r *http.Request) *call {
	c := newCall(r)
	s.mu.Lock()
	defer s.mu.Unlock()
	c.entry.Time = time.Now()
	c.entry.InFlightAtArrival = s.inFlight
	if s.opts.MaxConcurrent > 0 && s.inFlight >= s.opts.MaxConcurrent {
		c.entry.Violation = true
	}
	c.authorized = c.hasAuth && (s.opts.Token == "" || c.token == s.opts.Token)
	s.inFlight++
	s.stats.MaxInFlight = max(s.stats.MaxInFlight, s.inFlight)
	s.requestID++
	c.requestID = fmt.Sprintf("FAKE:%04X:%06X", s.requestID>>16, s.requestID)
	return c
}

// finish records the request once it is answered or abandoned.
func (s *Server) finish(c *call) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.inFlight--
	s.stats.Requests++
	s.stats.ByStatus[c.entry.Status]++
	if c.entry.Violation {
		s.stats.Violations++
	}
	if !c.hasAuth {
		s.stats.Unauthenticated++
	}
	c.entry.Authorized = c.authorized
	s.log = append(s.log, c.entry)
}

// answer builds the reply, or returns nil when nothing must be written.
func (s *Server) answer(w http.ResponseWriter, c *call) *reply {
	if rep := s.secondaryReply(c); rep != nil {
		return rep
	}
	if f := s.takeFault(c.r.URL.Path); f != nil {
		if !s.sleep(c.r.Context(), f.Stall) {
			return nil
		}
		if f.CloseConn {
			closeConn(w)
			return nil
		}
		c.breakBody = f.BreakBody
		if f.Status != 0 {
			return faultReply(f)
		}
	}
	if rep := s.authenticate(c); rep != nil {
		return rep
	}
	if s.replay != nil {
		return s.replay.answer(c)
	}
	rep := s.route(c)
	conditional(c, rep)
	return s.charge(c, rep)
}

// authenticate returns a 401 reply for credentials the server refuses.
func (s *Server) authenticate(c *call) *reply {
	if s.opts.Token == "" || c.authorized {
		return nil
	}
	return errorReply(http.StatusUnauthorized, "Bad credentials", docsRoot)
}

// conditional sets the ETag of a cacheable reply and turns it into a 304
// when the client already holds that version.
func conditional(c *call, rep *reply) {
	if !rep.cached || rep.status != http.StatusOK {
		return
	}
	sum := sha256.New()
	sum.Write(rep.body)
	sum.Write([]byte(c.token))
	etag := `W/"` + hex.EncodeToString(sum.Sum(nil)) + `"`
	rep.header.Set("ETag", etag)
	if !etagMatch(c.r.Header.Get("If-None-Match"), etag) {
		return
	}
	rep.status, rep.body = http.StatusNotModified, nil
	rep.header.Del("Content-Type")
}

// etagMatch compares If-None-Match with the weak comparison HTTP caches use.
func etagMatch(ifNoneMatch, etag string) bool {
	want := strings.TrimPrefix(etag, "W/")
	for _, tag := range strings.Split(ifNoneMatch, ",") {
		tag = strings.TrimSpace(tag)
		if tag == "*" || strings.TrimPrefix(tag, "W/") == want {
			return true
		}
	}
	return false
}

// charge takes the reply's cost from the quota, or replaces the reply with
// the primary rate-limit answer when the quota is spent, and adds the
// X-RateLimit-* headers.
func (s *Server) charge(c *call, rep *reply) *reply {
	if s.opts.NoRateHeaders {
		return rep
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.quota.refresh(time.Now())

	switch {
	case rep.free:
	case s.quota.remaining == 0:
		rep = s.primaryLimitReply(c)
		s.stats.RateLimited++
		c.entry.Violation = true
	case rep.status == http.StatusNotModified:
		s.stats.NotModified++
	default:
		s.quota.remaining--
		s.stats.Counted++
	}
	s.quota.setHeaders(rep.header)
	return rep
}

// primaryLimitReply is GitHub's answer once the primary quota is spent.
func (s *Server) primaryLimitReply(c *call) *reply {
	msg := "API rate limit exceeded for user ID 1."
	if !c.hasAuth {
		host, _, _ := strings.Cut(c.r.RemoteAddr, ":")
		msg = "API rate limit exceeded for " + host + ". (But here's the good news: " +
			"Authenticated requests get a higher rate limit. Check out the documentation " +
			"for more details.)"
	}
	msg += " If you reach out to GitHub Support for help, please include the request ID " +
		c.requestID + " and timestamp " +
		time.Now().UTC().Format("2006-01-02 15:04:05 UTC") + "."
	return errorReply(http.StatusForbidden, msg, docsPrimaryLimit)
}

// write sends the reply with the headers every GitHub answer has.
func (s *Server) write(w http.ResponseWriter, c *call, rep *reply) {
	h := w.Header()
	for k, vs := range rep.header {
		h[k] = vs
	}
	h.Set("X-GitHub-Request-Id", c.requestID)
	h.Set("X-GitHub-Media-Type", "github.v3; format=json")
	if rep.body != nil {
		h.Set("Content-Length", strconv.Itoa(len(rep.body)))
	}
	w.WriteHeader(rep.status)
	if c.breakBody && len(rep.body) > 1 {
		c.entry.Status = rep.status
		_, _ = w.Write(rep.body[:len(rep.body)/2])
		w.(http.Flusher).Flush()
		panic(http.ErrAbortHandler) // the server drops the connection mid-body
	}
	if rep.body != nil && c.r.Method != http.MethodHead {
		_, _ = w.Write(rep.body) // a client gone away is not the server's problem
	}

	c.entry.Status = rep.status
	if v := rep.header.Get("X-RateLimit-Remaining"); v != "" {
		c.entry.Remaining, _ = strconv.Atoi(v)
		s.mu.Lock()
		s.stats.MinRemaining = min(s.stats.MinRemaining, c.entry.Remaining)
		s.mu.Unlock()
	}
}
