package ghclient

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

func TestAPIBase(t *testing.T) {
	tests := []struct{ host, want string }{
		{"github.com", "https://api.github.com/"},
		{"GitHub.com", "https://api.github.com/"},
		{"ghe.example.com", "https://ghe.example.com/api/v3/"},
		{"ghe.example.com:8443", "https://ghe.example.com:8443/api/v3/"},
		{"127.0.0.1:8443", "https://127.0.0.1:8443/api/v3/"},
		{"acme.ghe.com", "https://api.acme.ghe.com/"},
	}
	for _, tt := range tests {
		if got := APIBase(tt.host); got != tt.want {
			t.Errorf("APIBase(%q): got %q, want %q", tt.host, got, tt.want)
		}
	}
}

// seen records the Authorization header of each request a server got.
type seen struct {
	mu   sync.Mutex
	auth []string
}

func (s *seen) record(r *http.Request) {
	s.mu.Lock()
	s.auth = append(s.auth, r.Header.Get("Authorization"))
	s.mu.Unlock()
}

func (s *seen) all() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.auth...)
}

// TestTokenOnlyToTheAPIHost serves the API on a host with a port, where go-gh by itself
// leaves the token off, and redirects to another server: the token must reach the first
// and never the second.
func TestTokenOnlyToTheAPIHost(t *testing.T) {
	var other seen
	elsewhere := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		other.record(r)
		w.Write([]byte(`{"login":"elsewhere"}`))
	}))
	defer elsewhere.Close()

	var api seen
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		api.record(r)
		if strings.HasSuffix(r.URL.Path, "/redirect") {
			http.Redirect(w, r, elsewhere.URL+"/user", http.StatusFound)
			return
		}
		w.Write([]byte(`{"login":"octocat"}`))
	}))
	defer srv.Close()

	host := strings.TrimPrefix(srv.URL, "https://")
	c, err := New(Options{
		Host:  host,
		Token: "secret",
		Base:  srv.Client().Transport.(*http.Transport).Clone(),
	})
	if err != nil {
		t.Fatal(err)
	}
	resp, err := c.Get(context.Background(), "user", nil)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET user: got %v, %v; want 200", resp, err)
	}
	resp.Body.Close()
	resp, err = c.Get(context.Background(), "redirect", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()

	for i, a := range api.all() {
		if a != "token secret" {
			t.Errorf("API request %d: got Authorization %q, want the token", i, a)
		}
	}
	got := other.all()
	if len(got) != 1 {
		t.Fatalf("the other server got %d requests, want the 1 redirected", len(got))
	}
	if got[0] != "" {
		t.Errorf("the other server got Authorization %q, want none", got[0])
	}
}

func TestReadErrorHints(t *testing.T) {
	tests := []struct {
		status int
		header http.Header
		body   string
		want   string
	}{
		{404, nil, `{"message":"Not Found"}`, "does not exist"},
		{404, nil, `{"message":"No commit found for SHA: nope"}`, "check --branch"},
		{403, http.Header{"X-Github-Sso": {"required; url=https://x"}}, `{"message":"Resource protected by organization SAML enforcement."}`, "single sign-on"},
		{451, nil, `{"message":"Repository access blocked"}`, "blocked"},
		{401, nil, `{"message":"Bad credentials"}`, "gh auth login"},
	}
	for _, tt := range tests {
		rec := httptest.NewRecorder()
		for k, v := range tt.header {
			rec.Header()[k] = v
		}
		rec.WriteHeader(tt.status)
		rec.WriteString(tt.body)
		resp := rec.Result()
		resp.Request = httptest.NewRequest("GET", "https://api.github.com/repos/o/n/commits", nil)
		e := ReadError(resp)
		if e.Status != tt.status || !strings.Contains(e.Hint(), tt.want) {
			t.Errorf("%d: got %d %q, want a hint with %q", tt.status, e.Status, e.Hint(), tt.want)
		}
	}
}
