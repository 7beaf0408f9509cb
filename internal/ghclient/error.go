package ghclient

import (
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/tidwall/gjson"
)

// APIError is an answer from GitHub that is not a success, with what GitHub said.
type APIError struct {
	Status  int
	Message string // GitHub's "message", or the status text when it sent none
	DocURL  string // GitHub's "documentation_url"
	SSO     bool   // the token needs SAML single sign-on authorisation for the organisation
	URL     string
}

func (e *APIError) Error() string {
	return fmt.Sprintf("HTTP %d: %s", e.Status, e.Message)
}

// Hint says in a few words what the status most likely means for a repository and what
// the user can do about it.
func (e *APIError) Hint() string {
	switch {
	case e.Status == http.StatusUnauthorized:
		return "the token was rejected: run 'gh auth login' or set GH_TOKEN"
	case e.Status == http.StatusForbidden && e.SSO:
		return "the organisation enforces SAML single sign-on: authorise the token for it " +
			"(gh auth refresh, or the token's 'Configure SSO' page)"
	case e.Status == http.StatusForbidden:
		return "access forbidden: the token lacks the scope or permission to read it"
	case e.Status == http.StatusNotFound && strings.HasPrefix(e.Message, "No commit found"):
		return "branch or commit not found in this repository (check --branch)"
	case e.Status == http.StatusNotFound:
		return "not found: the repository does not exist, or the token cannot see it " +
			"(private repositories need the 'repo' scope)"
	case e.Status == http.StatusUnavailableForLegalReasons:
		return "access blocked by GitHub for legal reasons"
	case e.Status == http.StatusUnprocessableEntity:
		return "GitHub refused the query (check --branch and --author)"
	case e.Status >= 500:
		return "GitHub kept failing after retries: run again later"
	}
	return strings.ToLower(http.StatusText(e.Status))
}

// ReadError reads a failed response's body into an APIError and closes it.
func ReadError(resp *http.Response) *APIError {
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	e := &APIError{
		Status:  resp.StatusCode,
		Message: gjson.GetBytes(body, "message").String(),
		DocURL:  gjson.GetBytes(body, "documentation_url").String(),
		SSO:     resp.Header.Get("X-GitHub-SSO") != "",
		URL:     resp.Request.URL.Redacted(),
	}
	if e.Message == "" {
		e.Message = strings.ToLower(http.StatusText(resp.StatusCode))
	}
	if strings.Contains(e.Message, "SAML") {
		e.SSO = true
	}
	return e
}
