// Package ghclient is the one way hacktivity-fetch talks to GitHub: it resolves the host and
// token exactly as the gh CLI does (through cli/go-gh), builds the REST API address for
// github.com or an Enterprise Server, and sends requests through the transport the caller
// gives it (the rate limiter), adding the token only for the API host itself.
package ghclient

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/cli/go-gh/v2/pkg/api"
	"github.com/cli/go-gh/v2/pkg/auth"
)

// ErrNoToken means no token is configured for the host, neither in the environment nor in
// gh's hosts.yml.
var ErrNoToken = errors.New("no GitHub token")

// Options configures a Client.
type Options struct {
	// Host is the GitHub host ("github.com", "ghe.example.com", "127.0.0.1:8443").
	Host string

	// Token authenticates every request to the API host.
	Token string

	// Wrap, when set, wraps the transport that carries the token; main puts the rate
	// limiter here so that every request and every retry passes through it.
	Wrap func(http.RoundTripper) http.RoundTripper

	// Base is the transport under everything; nil means a clone of http.DefaultTransport.
	Base http.RoundTripper
}

// Client sends GET requests to one GitHub host. It is safe for concurrent use.
type Client struct {
	http *http.Client
	host string
	base string
}

// ResolveHost returns the host to talk to: the flag when given, else GH_HOST, else the
// host gh is logged in to, else github.com.
func ResolveHost(flag string) string {
	if flag != "" {
		return flag
	}
	host, _ := auth.DefaultHost()
	return host
}

// ResolveToken returns the token gh would use for host and where it came from
// (GH_TOKEN, GH_ENTERPRISE_TOKEN, oauth_token in hosts.yml, ...).
func ResolveToken(host string) (token, source string, err error) {
	token, source = auth.TokenForHost(host)
	if token == "" {
		return "", "", fmt.Errorf("%w for %s: %s", ErrNoToken, host, LoginAdvice(host))
	}
	return token, source, nil
}

// LoginAdvice says how to give hacktivity-fetch a token for host.
func LoginAdvice(host string) string {
	variable := "GH_TOKEN"
	if auth.IsEnterprise(host) {
		variable = "GH_ENTERPRISE_TOKEN"
	}
	return fmt.Sprintf("run 'gh auth login --hostname %s' or set %s", host, variable)
}

// New returns a client for o.Host.
func New(o Options) (*Client, error) {
	base := o.Base
	if base == nil {
		base = http.DefaultTransport.(*http.Transport).Clone()
	}
	apiBase := APIBase(o.Host)
	var rt http.RoundTripper = &authTransport{
		next:    base,
		apiHost: apiHostOf(apiBase),
		value:   "token " + o.Token,
	}
	if o.Wrap != nil {
		rt = o.Wrap(rt)
	}

	// go-gh adds gh's headers (API version, user agent) and its own Authorization; the
	// authTransport underneath has the last word on where the token may go.
	hc, err := api.NewHTTPClient(api.ClientOptions{
		Host:         o.Host,
		AuthToken:    o.Token,
		Transport:    rt,
		LogIgnoreEnv: true,
	})
	if err != nil {
		return nil, fmt.Errorf("github client for %s: %w", o.Host, err)
	}
	return &Client{http: hc, host: o.Host, base: apiBase}, nil
}

// Host returns the GitHub host the client talks to.
func (c *Client) Host() string { return c.host }

// URL returns the absolute API address of path ("repos/o/n/commits?...").
func (c *Client) URL(path string) string {
	if strings.HasPrefix(path, "https://") || strings.HasPrefix(path, "http://") {
		return path
	}
	return c.base + strings.TrimPrefix(path, "/")
}

// Get sends a GET request for path or absolute URL with the extra headers given. Every
// status is returned as a response; the caller closes its body.
func (c *Client) Get(ctx context.Context, path string, header http.Header) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.URL(path), nil)
	if err != nil {
		return nil, fmt.Errorf("build request: %w", err)
	}
	for k, vs := range header {
		req.Header[k] = vs
	}
	return c.http.Do(req)
}

// APIBase returns the REST API root for host, ending in a slash, the way gh computes it.
func APIBase(host string) string {
	h := strings.ToLower(host)
	switch {
	case h == "github.com" || strings.HasSuffix(h, ".ghe.com"):
		return "https://api." + h + "/"
	case h == "github.localhost":
		return "http://api.github.localhost/"
	default:
		return "https://" + host + "/api/v3/"
	}
}

func apiHostOf(base string) string {
	rest := base[strings.Index(base, "://")+3:]
	return strings.ToLower(rest[:strings.Index(rest, "/")])
}
