package fakegithub

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
)

// Documentation links GitHub puts in error bodies.
const (
	docsRoot           = "https://docs.github.com/rest"
	docsListCommits    = docsRoot + "/commits/commits#list-commits"
	docsGetCommit      = docsRoot + "/commits/commits#get-a-commit"
	docsRateLimits     = docsRoot + "/overview/rate-limits-for-the-rest-api"
	docsPrimaryLimit   = docsRateLimits + "#about-primary-rate-limits"
	docsSecondaryLimit = docsRateLimits + "#about-secondary-rate-limits"
	docsRedirect       = docsRoot + "/guides/best-practices-for-using-the-rest-api#follow-redirects"
	docsSAML           = "https://docs.github.com/articles/" +
		"authenticating-to-a-github-organization-with-saml-single-sign-on/"
)

// errorJSON is the body of GitHub's error answers.
type errorJSON struct {
	Message          string `json:"message"`
	DocumentationURL string `json:"documentation_url"`
	URL              string `json:"url,omitempty"`
	Status           string `json:"status"`
}

func errorReply(status int, message, docs string) *reply {
	return newReply(status, marshal(errorJSON{
		Message:          message,
		DocumentationURL: docs,
		Status:           strconv.Itoa(status),
	}))
}

func notFound() *reply {
	return errorReply(http.StatusNotFound, "Not Found", docsRoot)
}

// marshal encodes v as GitHub does: compact, without escaping <, > and &.
func marshal(v any) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		// Only our own fixed types are encoded here.
		panic("fakegithub: encode response: " + err.Error())
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
}
