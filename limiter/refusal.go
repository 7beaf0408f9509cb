package limiter

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// limitKind says why GitHub refused a request, if for rate limiting.
type limitKind int

const (
	notLimited     limitKind = iota
	primaryLimit             // the budget is spent, maybe by another client
	secondaryLimit           // too fast or too concurrent: the host pauses
)

// refusal is a 403 or 429 answer read for the rate limit it reports.
type refusal struct {
	kind       limitKind
	retryAfter time.Duration // zero when the answer had no Retry-After
	exhausted  bool          // X-RateLimit-Remaining was 0
}

// readRefusal classifies a 403 or 429 answer from its headers and body.
// GitHub marks secondary limits in the message or the documentation link;
// a 429 or a Retry-After without either is taken as one too, since both
// only come with rate limiting.
func readRefusal(resp *http.Response, body []byte, now time.Time) refusal {
	rf := refusal{exhausted: resp.Header.Get("X-RateLimit-Remaining") == "0"}
	rf.retryAfter = retryAfter(resp.Header, now)
	switch {
	case mentionsSecondary(body):
		rf.kind = secondaryLimit
	case rf.exhausted:
		rf.kind = primaryLimit
	case resp.StatusCode == http.StatusTooManyRequests || rf.retryAfter > 0:
		rf.kind = secondaryLimit
	}
	return rf
}

// mentionsSecondary reports whether an error body is GitHub's secondary
// rate limit message, old ("abuse") or new.
func mentionsSecondary(body []byte) bool {
	var e struct {
		Message          string `json:"message"`
		DocumentationURL string `json:"documentation_url"`
	}
	text := string(body)
	if json.Unmarshal(bytes.TrimSpace(body), &e) == nil {
		text = e.Message + " " + e.DocumentationURL
	}
	text = strings.ToLower(text)
	for _, sign := range []string{
		"secondary rate limit", "secondary-rate-limit", "abuse detection", "abuse-rate-limit",
	} {
		if strings.Contains(text, sign) {
			return true
		}
	}
	return false
}

// retryAfter reads a Retry-After header, in seconds or as an HTTP date, the
// latter measured against the answer's own Date header when it has one.
func retryAfter(h http.Header, now time.Time) time.Duration {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0
	}
	if sec, err := strconv.Atoi(v); err == nil {
		return max(time.Duration(sec)*time.Second, 0)
	}
	at, err := http.ParseTime(v)
	if err != nil {
		return 0
	}
	serverNow, err := http.ParseTime(h.Get("Date"))
	if err != nil {
		serverNow = now
	}
	return max(at.Sub(serverNow), 0)
}
