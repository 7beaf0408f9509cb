package fakegithub_test

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"net/http"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/cli/go-gh/v2/pkg/api"

	"github.com/hacktivity-fetch/hacktivity-fetch/internal/fakegithub"
)

func TestRepoStatuses(t *testing.T) {
	w := smallWorld()
	s := start(t, w, fakegithub.Options{})

	tests := []struct {
		repo        string
		path        string
		wantStatus  int
		wantMessage string
	}{
		{"fake-org/missing", "/commits", 404, "Not Found"},
		{"fake-org/nosuchrepo", "/commits", 404, "Not Found"},
		{"fake-org/empty", "/commits", 409, "Git Repository is empty."},
		{"fake-org/blocked", "/commits", 451, "Repository access blocked"},
		{"fake-org/blocked", "", 451, "Repository access blocked"},
		{"fake-org/sso-protected", "/commits", 403,
			"Resource protected by organization SAML enforcement. You must grant your " +
				"Personal Access token access to this organization."},
		{"FAKE-ORG/Repo-000", "", 200, ""},
	}
	for _, tt := range tests {
		t.Run(tt.repo+tt.path, func(t *testing.T) {
			resp, body := get(t, s, "/api/v3/repos/"+tt.repo+tt.path)
			if resp.StatusCode != tt.wantStatus {
				t.Errorf("got status %d, want %d", resp.StatusCode, tt.wantStatus)
			}
			if tt.wantMessage == "" {
				return
			}
			if got := decode[struct{ Message string }](t, body).Message; got != tt.wantMessage {
				t.Errorf("got message %q, want %q", got, tt.wantMessage)
			}
			sso := resp.Header.Get("X-GitHub-SSO")
			if (tt.wantStatus == 403) != (sso == "required") {
				t.Errorf("got X-GitHub-SSO %q for status %d", sso, resp.StatusCode)
			}
		})
	}
}

func TestRenamedRepo(t *testing.T) {
	w := smallWorld()
	s := start(t, w, fakegithub.Options{})
	target := w.Repo("fake-org/repo-000")

	// Without following, the answer is GitHub's 301 to the ID-based URL.
	client := *s.Client()
	client.CheckRedirect = func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}
	const query = "?per_page=100&since=2023-03-01T00:00:00Z"
	req, _ := http.NewRequest(http.MethodGet,
		s.URL()+"/api/v3/repos/fake-org/old-name/commits"+query, nil)
	req.Header.Set("Authorization", "token "+token)
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	wantLoc := s.URL() + "/api/v3/repositories/100001/commits" + query
	if resp.StatusCode != http.StatusMovedPermanently || resp.Header.Get("Location") != wantLoc {
		t.Errorf("got %d to %q, want 301 to %q",
			resp.StatusCode, resp.Header.Get("Location"), wantLoc)
	}

	// Following it lists the new repository.
	got, _ := walk(t, s, "/repos/fake-org/old-name/commits?per_page=100")
	if !slices.Equal(got, shasOf(target.Commits)) {
		t.Errorf("got %d commits through the rename, want the %d of %s",
			len(got), len(target.Commits), target.FullName())
	}
}

func TestRepoAndUser(t *testing.T) {
	w := smallWorld()
	s := start(t, w, fakegithub.Options{Login: "someone"})
	r := w.Repos[1]

	for _, path := range []string{"/repos/" + r.FullName(), "/api/v3/repositories/100002"} {
		_, body := get(t, s, path)
		got := decode[struct {
			ID            int64
			FullName      string `json:"full_name"`
			DefaultBranch string `json:"default_branch"`
			Owner         struct{ Login string }
		}](t, body)
		if got.ID != r.ID || got.FullName != r.FullName() || got.DefaultBranch != "main" ||
			got.Owner.Login != r.Owner {
			t.Errorf("%s: got %+v, want repository %d %s on main", path, got, r.ID, r.FullName())
		}
	}

	_, body := get(t, s, "/api/v3/user")
	if u := decode[struct {
		Login string
		ID    int
	}](t, body); u.Login != "someone" || u.ID != 1 {
		t.Errorf("got user %+v, want someone with ID 1", u)
	}
}

func TestWriteCertIsTrusted(t *testing.T) {
	s := start(t, smallWorld(), fakegithub.Options{})
	path, err := s.WriteCert(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	pem, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pem) {
		t.Fatalf("no certificate in %s", path)
	}

	// A client that trusts only the written file reaches the server by Host.
	tr := &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}
	defer tr.CloseIdleConnections()
	req, _ := http.NewRequest(http.MethodGet, "https://"+s.Host()+"/user", nil)
	req.Header.Set("Authorization", "token "+token)
	resp, err := (&http.Client{Transport: tr}).Do(req)
	if err != nil {
		t.Fatalf("GET with the written certificate: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("got status %d, want 200", resp.StatusCode)
	}
}

// TestGoGHClient checks the server with the client hacktivity-fetch uses,
// set up as GH_HOST would: an Enterprise host served under /api/v3.
func TestGoGHClient(t *testing.T) {
	w := smallWorld()
	s := start(t, w, fakegithub.Options{})
	// go-gh v2.17.0 compares the request's host without port to Host with
	// it, so it never adds the token for a host:port like GH_HOST here; a
	// client must add it itself, as this transport does.
	tr := authTransport{s.Client().Transport}
	client, err := api.NewRESTClient(api.ClientOptions{
		Host: s.Host(), AuthToken: token, Transport: tr, Headers: map[string]string{},
	})
	if err != nil {
		t.Fatal(err)
	}
	repo := w.Repos[0]

	var got []string
	next := "repos/" + repo.FullName() + "/commits?per_page=100"
	for next != "" {
		resp, err := client.Request(http.MethodGet, next, nil)
		if err != nil {
			t.Fatalf("GET %s: %v", next, err)
		}
		var page []listed
		err = json.NewDecoder(resp.Body).Decode(&page)
		resp.Body.Close()
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range page {
			got = append(got, c.SHA)
		}
		next = ""
		if m := nextLink.FindStringSubmatch(resp.Header.Get("Link")); m != nil {
			next = m[1]
		}
	}
	if !slices.Equal(got, shasOf(repo.Commits)) {
		t.Errorf("got %d commits through go-gh, want %d", len(got), len(repo.Commits))
	}
	for _, r := range s.Log() {
		if !strings.HasPrefix(r.Path, "/api/v3/") || !r.Authorized {
			t.Errorf("got request %s authorized=%v, want /api/v3 and authorized",
				r.Path, r.Authorized)
		}
	}
}

// authTransport adds the test token to every request.
type authTransport struct{ rt http.RoundTripper }

func (a authTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set("Authorization", "token "+token)
	return a.rt.RoundTrip(r)
}
