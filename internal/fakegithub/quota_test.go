package fakegithub_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hacktivity-fetch/hacktivity-fetch/internal/fakegithub"
)

func TestRateLimitHeaders(t *testing.T) {
	w := smallWorld()
	s := start(t, w, fakegithub.Options{RateLimit: 10})
	path := "/repos/" + w.Repos[0].FullName() + "/commits"

	for i := 1; i <= 3; i++ {
		resp, _ := get(t, s, path)
		h := resp.Header
		if got, want := h.Get("X-RateLimit-Remaining"), strconv.Itoa(10-i); got != want {
			t.Errorf("request %d: got remaining %s, want %s", i, got, want)
		}
		if got, want := h.Get("X-RateLimit-Used"), strconv.Itoa(i); got != want {
			t.Errorf("request %d: got used %s, want %s", i, got, want)
		}
		if got := h.Get("X-RateLimit-Limit"); got != "10" {
			t.Errorf("request %d: got limit %s, want 10", i, got)
		}
		if got := h.Get("X-RateLimit-Resource"); got != "core" {
			t.Errorf("request %d: got resource %q, want core", i, got)
		}
		reset, err := strconv.ParseInt(h.Get("X-RateLimit-Reset"), 10, 64)
		if err != nil || time.Unix(reset, 0).Before(time.Now().Add(50*time.Minute)) {
			t.Errorf("request %d: got reset %q, want about an hour ahead",
				i, h.Get("X-RateLimit-Reset"))
		}
		if h.Get("Date") == "" {
			t.Errorf("request %d: no Date header", i)
		}
	}

	// /rate_limit reports the same and costs nothing.
	resp, body := get(t, s, "/rate_limit")
	rl := decode[struct {
		Resources struct {
			Core struct{ Remaining, Used, Limit int }
		}
	}](t, body)
	if rl.Resources.Core.Remaining != 7 || rl.Resources.Core.Used != 3 {
		t.Errorf("got /rate_limit core %+v, want remaining 7, used 3", rl.Resources.Core)
	}
	if got := resp.Header.Get("X-RateLimit-Remaining"); got != "7" {
		t.Errorf("after /rate_limit: got remaining %s, want 7", got)
	}
	if got := s.Stats().Counted; got != 3 {
		t.Errorf("got %d counted requests, want 3", got)
	}
}

func TestNotModifiedIsFree(t *testing.T) {
	w := smallWorld()
	s := start(t, w, fakegithub.Options{})
	path := "/api/v3/repos/" + w.Repos[0].FullName() + "/commits?per_page=5"

	resp, _ := get(t, s, path)
	etag := resp.Header.Get("ETag")
	if !strings.HasPrefix(etag, `W/"`) {
		t.Fatalf("got ETag %q, want a weak one", etag)
	}
	resp, body := get(t, s, path, "If-None-Match", etag)
	if resp.StatusCode != http.StatusNotModified || len(body) != 0 {
		t.Errorf("got status %d with %d bytes, want 304 without body", resp.StatusCode, len(body))
	}
	if got := resp.Header.Get("X-RateLimit-Remaining"); got != "4999" {
		t.Errorf("got remaining %s after a 304, want 4999 (unchanged)", got)
	}
	resp, _ = get(t, s, path, "If-None-Match", `W/"stale"`)
	if resp.StatusCode != http.StatusOK {
		t.Errorf("stale ETag: got status %d, want 200", resp.StatusCode)
	}

	st := s.Stats()
	if st.Counted != 2 || st.NotModified != 1 {
		t.Errorf("got counted %d, not modified %d; want 2 and 1", st.Counted, st.NotModified)
	}
}

func TestQuotaExhaustion(t *testing.T) {
	w := smallWorld()
	s := start(t, w, fakegithub.Options{RateLimit: 3})
	path := "/repos/" + w.Repos[0].FullName()

	for i := range 3 {
		if resp, _ := get(t, s, path); resp.StatusCode != http.StatusOK {
			t.Fatalf("request %d: got status %d, want 200", i+1, resp.StatusCode)
		}
	}
	resp, body := get(t, s, path)
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("got status %d once spent, want 403", resp.StatusCode)
	}
	if got := resp.Header.Get("X-RateLimit-Remaining"); got != "0" {
		t.Errorf("got remaining %q, want 0", got)
	}
	msg := decode[struct{ Message, Documentation_URL string }](t, body)
	if !strings.HasPrefix(msg.Message, "API rate limit exceeded for user ID 1.") ||
		!strings.HasSuffix(msg.Documentation_URL, "#about-primary-rate-limits") {
		t.Errorf("got body %s, want GitHub's primary rate limit message", body)
	}

	// /rate_limit still answers, and costs nothing.
	if resp, _ := get(t, s, "/rate_limit"); resp.StatusCode != http.StatusOK {
		t.Errorf("/rate_limit once spent: got status %d, want 200", resp.StatusCode)
	}

	st := s.Stats()
	want := fakegithub.Stats{Requests: 5, Counted: 3, RateLimited: 1, Violations: 1}
	if st.Requests != want.Requests || st.Counted != want.Counted ||
		st.RateLimited != want.RateLimited || st.Violations != want.Violations ||
		st.MinRemaining != 0 || st.ByStatus[403] != 1 {
		t.Errorf("got stats %+v, want %+v with MinRemaining 0, one 403", st, want)
	}
	log := s.Log()
	if last := log[3]; !last.Violation || last.Status != 403 || last.Remaining != 0 {
		t.Errorf("got log entry %+v, want the 403 violation", last)
	}
}

func TestQuotaResets(t *testing.T) {
	w := smallWorld()
	s := start(t, w, fakegithub.Options{RateLimit: 1, ResetEvery: 200 * time.Millisecond})
	path := "/user"

	get(t, s, path)
	resp, _ := get(t, s, path)
	if resp.StatusCode != http.StatusForbidden {
		// The window may have ended between the two; then it refilled.
		t.Skipf("window ended between two requests (status %d)", resp.StatusCode)
	}

	// A client that waits for X-RateLimit-Reset must find the quota full.
	reset, _ := strconv.ParseInt(resp.Header.Get("X-RateLimit-Reset"), 10, 64)
	time.Sleep(time.Until(time.Unix(reset, 0)))
	resp, _ = get(t, s, path)
	if resp.StatusCode != http.StatusOK {
		t.Errorf("after reset: got status %d, want 200", resp.StatusCode)
	}
}

func TestNoRateHeaders(t *testing.T) {
	w := smallWorld()
	s := start(t, w, fakegithub.Options{NoRateHeaders: true, RateLimit: 1})
	for range 3 {
		resp, _ := get(t, s, "/api/v3/repos/"+w.Repos[0].FullName()+"/commits")
		if resp.StatusCode != http.StatusOK {
			t.Errorf("got status %d, want 200 without a quota", resp.StatusCode)
		}
		for k := range resp.Header {
			if strings.HasPrefix(strings.ToLower(k), "x-ratelimit") {
				t.Errorf("got header %s, want no rate-limit headers", k)
			}
		}
	}
	if resp, _ := get(t, s, "/api/v3/rate_limit"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("/rate_limit: got status %d, want 404 (rate limiting disabled)", resp.StatusCode)
	}
}

func TestUnauthorized(t *testing.T) {
	w := smallWorld()
	s := start(t, w, fakegithub.Options{})

	tests := []struct {
		name, auth string
		want       int
	}{
		{"none", "", http.StatusUnauthorized},
		{"wrong token", "token nope", http.StatusUnauthorized},
		{"token scheme", "token " + token, http.StatusOK},
		{"bearer scheme", "Bearer " + token, http.StatusOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequest(http.MethodGet, s.URL()+"/user", nil)
			if tt.auth != "" {
				req.Header.Set("Authorization", tt.auth)
			}
			resp, err := s.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != tt.want {
				t.Errorf("got status %d, want %d", resp.StatusCode, tt.want)
			}
		})
	}
	st := s.Stats()
	if st.Unauthenticated != 1 || st.ByStatus[401] != 2 {
		t.Errorf("got %d unauthenticated, %d answered 401; want 1 and 2",
			st.Unauthenticated, st.ByStatus[401])
	}
}
