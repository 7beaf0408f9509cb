package fakegithub

import (
	"context"
	"encoding/pem"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// Server is a fake GitHub API over TLS on 127.0.0.1. Its methods are safe
// for concurrent use, including while it serves; the caller must Close it.
type Server struct {
	world  *World
	opts   Options
	replay *replayer // set by StartReplay instead of world
	hs     *httptest.Server
	cache  *listCache

	closing   chan struct{} // closed by Close to end stalls and latency
	closeOnce sync.Once

	mu        sync.Mutex
	stats     Stats
	log       []Request
	inFlight  int
	requestID int
	quota     quota
	faults    []*Fault
	secondary secondaryState
}

// Start serves w with options o until Close. It assigns IDs to repositories
// without one; the World must not change afterwards.
func Start(w *World, o Options) *Server {
	w.assignIDs()
	return start(&Server{world: w, opts: o.withDefaults()})
}

func start(s *Server) *Server {
	s.cache = newListCache()
	s.closing = make(chan struct{})
	s.quota = newQuota(s.opts.RateLimit, s.opts.ResetEvery, time.Now())
	s.stats = Stats{ByStatus: map[int]int{}, MinRemaining: s.quota.remaining}

	s.hs = httptest.NewUnstartedServer(s)
	// Clients that do not trust the certificate are what tests of such
	// clients expect; their handshake errors would only be noise.
	s.hs.Config.ErrorLog = log.New(io.Discard, "", 0)
	s.hs.StartTLS()
	return s
}

// URL returns the server origin, https://127.0.0.1:PORT.
func (s *Server) URL() string { return s.hs.URL }

// Host returns 127.0.0.1:PORT, what GH_HOST gets for the server.
func (s *Server) Host() string { return strings.TrimPrefix(s.hs.URL, "https://") }

// Client returns an HTTP client that trusts the server certificate. It is
// shared: copy it before changing fields such as CheckRedirect.
func (s *Server) Client() *http.Client { return s.hs.Client() }

// WriteCert writes the server certificate as PEM to dir and returns its
// path, for SSL_CERT_FILE.
func (s *Server) WriteCert(dir string) (string, error) {
	block := &pem.Block{Type: "CERTIFICATE", Bytes: s.hs.Certificate().Raw}
	path := filepath.Join(dir, "fakegithub-cert.pem")
	if err := os.WriteFile(path, pem.EncodeToMemory(block), 0o644); err != nil {
		return "", fmt.Errorf("write certificate: %w", err)
	}
	return path, nil
}

// Close ends stalled requests and stops the server. It waits for requests
// in flight to finish.
func (s *Server) Close() {
	s.closeOnce.Do(func() { close(s.closing) })
	s.hs.Close()
}

// Stats returns a copy of the counters.
func (s *Server) Stats() Stats {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stats.clone()
}

// Log returns a copy of the requests recorded so far, in the order they
// finished.
func (s *Server) Log() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.log...)
}

// ResetStats clears the counters and the log. The quota is left as it is;
// MinRemaining starts again from the current remaining.
func (s *Server) ResetStats() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stats = Stats{ByStatus: map[int]int{}, MinRemaining: s.quota.remaining}
	s.log = nil
}

// sleep waits d, and reports false if the client or Close cut it short.
func (s *Server) sleep(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	case <-s.closing:
		return false
	}
}
