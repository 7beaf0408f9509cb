package fakegithub_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"regexp"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/hacktivity-fetch/hacktivity-fetch/internal/fakegithub"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// The window most tests generate worlds for.
var (
	since = time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)
	until = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
)

const token = "test-token"

// smallWorld is one repository with history around the window and a
// develop branch, plus the problem repositories.
func smallWorld() *fakegithub.World {
	return fakegithub.GenWorld(7, fakegithub.WorldSpec{
		Repos: 2, MinCommits: 250, MaxCommits: 250, Since: since, Until: until,
		Before: 30, After: 10, Branches: true, Problems: true,
	})
}

// start serves w with the test token and closes the server after the test.
func start(t *testing.T, w *fakegithub.World, o fakegithub.Options) *fakegithub.Server {
	t.Helper()
	if o.Token == "" {
		o.Token = token
	}
	s := fakegithub.Start(w, o)
	t.Cleanup(s.Close)
	return s
}

// get requests url (or a path on s) with the test token and extra headers
// given as name, value pairs, and returns the response and its body.
func get(t testing.TB, s *fakegithub.Server, url string, hdr ...string) (*http.Response, []byte) {
	t.Helper()
	if len(url) > 0 && url[0] == '/' {
		url = s.URL() + url
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "token "+token)
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	resp, err := s.Client().Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("read %s: %v", url, err)
	}
	return resp, body
}

// listed is the part of a listed commit the tests look at.
type listed struct {
	SHA    string `json:"sha"`
	Commit struct {
		Message   string `json:"message"`
		Committer struct {
			Date time.Time `json:"date"`
		} `json:"committer"`
		Author struct {
			Email string `json:"email"`
		} `json:"author"`
	} `json:"commit"`
	Author  *struct{ Login string } `json:"author"`
	Parents []struct{ SHA string }  `json:"parents"`
}

func decode[T any](t testing.TB, body []byte) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(body, &v); err != nil {
		t.Fatalf("decode %.200s: %v", body, err)
	}
	return v
}

var nextLink = regexp.MustCompile(`<([^>]+)>; rel="next"`)

// walk follows rel="next" from url and returns every SHA listed, in order,
// and the number of pages.
func walk(t *testing.T, s *fakegithub.Server, url string) ([]string, int) {
	t.Helper()
	var shas []string
	pages := 0
	for url != "" {
		resp, body := get(t, s, url)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: got status %d, want 200: %s", url, resp.StatusCode, body)
		}
		pages++
		for _, c := range decode[[]listed](t, body) {
			shas = append(shas, c.SHA)
		}
		url = ""
		if m := nextLink.FindStringSubmatch(resp.Header.Get("Link")); m != nil {
			url = m[1]
		}
	}
	return shas, pages
}

func shasOf(cs []fakegithub.Commit) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.SHA
	}
	return out
}
