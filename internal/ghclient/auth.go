package ghclient

import (
	"net/http"
	"strings"
)

// authTransport puts the token on requests to the API host and strips it from every
// other request. It compares host and port together: go-gh compares the request's
// hostname without its port to the configured host with it, so for an Enterprise Server
// on a non-standard port (GH_HOST=ghe.example.com:8443) it leaves the token off, and the
// requests would go out anonymous.
type authTransport struct {
	next    http.RoundTripper
	apiHost string
	value   string
}

func (t *authTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	sameHost := strings.EqualFold(req.URL.Host, t.apiHost)
	has := req.Header.Get("Authorization") != ""
	if sameHost == has {
		return t.next.RoundTrip(req)
	}

	// A RoundTripper must not change the caller's request, so change a copy.
	r := req.Clone(req.Context())
	if sameHost {
		r.Header.Set("Authorization", t.value)
	} else {
		r.Header.Del("Authorization")
	}
	return t.next.RoundTrip(r)
}
