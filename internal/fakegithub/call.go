package fakegithub

import (
	"net/http"
	"strings"
)

// apiPrefix is where GitHub Enterprise Server serves the REST API.
const apiPrefix = "/api/v3"

// call is one request on its way through the server.
type call struct {
	r      *http.Request
	path   string // without apiPrefix
	prefix string // apiPrefix or ""
	origin string // https://host:port

	token      string // credential presented, "" if none
	hasAuth    bool
	authorized bool

	entry     Request
	requestID string
	breakBody bool // a Fault.BreakBody matched: cut the body off halfway
}

func newCall(r *http.Request) *call {
	c := &call{r: r, path: r.URL.Path, origin: "https://" + r.Host}
	if rest, ok := strings.CutPrefix(r.URL.Path, apiPrefix); ok &&
		(rest == "" || rest[0] == '/') {
		c.path, c.prefix = rest, apiPrefix
	}

	// GitHub takes both the old "token" scheme and "Bearer".
	if auth := r.Header.Get("Authorization"); auth != "" {
		c.hasAuth = true
		scheme, cred, _ := strings.Cut(auth, " ")
		if strings.EqualFold(scheme, "token") || strings.EqualFold(scheme, "bearer") {
			c.token = strings.TrimSpace(cred)
		}
	}
	c.entry = Request{
		Method:      r.Method,
		Path:        r.URL.Path,
		RawQuery:    r.URL.RawQuery,
		IfNoneMatch: r.Header.Get("If-None-Match"),
		Remaining:   -1,
	}
	return c
}

// apiBase is the API root as the client reached it, for URLs in bodies.
func (c *call) apiBase() string { return c.origin + c.prefix }

// reply is an answer built before it is written, so that the quota and the
// ETag can be decided from the whole of it.
type reply struct {
	status int
	header http.Header
	body   []byte

	free   bool // costs no quota, like /rate_limit
	cached bool // gets an ETag and may become 304
}

func newReply(status int, body []byte) *reply {
	h := http.Header{}
	h.Set("Content-Type", "application/json; charset=utf-8")
	return &reply{status: status, header: h, body: body}
}
