package stages

import (
	"context"
	"errors"
	"fmt"

	"github.com/hacktivity-fetch/hacktivity-fetch/internal/ghclient"
)

// failureOf turns a repository's error into the one line a user reads: what happened and
// what to do about it.
func failureOf(r Repo, err error) Failure {
	f := Failure{Repo: r.Name, Line: r.Line, Reason: err.Error()}
	if errors.Is(err, context.DeadlineExceeded) {
		f.Reason = "GitHub did not answer within --timeout, on any try: try again later, " +
			"or raise --timeout"
	}
	var apiErr *ghclient.APIError
	if errors.As(err, &apiErr) {
		f.Status = apiErr.Status
		f.Reason = fmt.Sprintf("%s (HTTP %d: %s)", apiErr.Hint(), apiErr.Status, apiErr.Message)
	}
	return f
}
