package checkpoint

import (
	"fmt"
	"strings"
	"time"
)

// State is the progress of one work item.
type State int

// The states of a work item. Pending is the zero value.
const (
	// Pending items have not been fetched yet, or must be fetched again.
	Pending State = iota
	// InProgress items have saved some pages; NextURL says where to go on.
	InProgress
	// Split items were too dense and were replaced by smaller windows.
	Split
	// Done items have all their commits on stdout.
	Done
	// Failed items stopped on an error; a resume fetches them again.
	Failed
)

var stateNames = [...]string{"pending", "in-progress", "split", "done", "failed"}

// String returns the lowercase name used in logs and in status output.
func (s State) String() string {
	if s < 0 || int(s) >= len(stateNames) {
		return fmt.Sprintf("state(%d)", int(s))
	}
	return stateNames[s]
}

// MarshalText encodes the state by name so stored records and JSON status
// output stay readable.
func (s State) MarshalText() ([]byte, error) {
	if s < 0 || int(s) >= len(stateNames) {
		return nil, fmt.Errorf("unknown state %d", int(s))
	}
	return []byte(s.String()), nil
}

// UnmarshalText decodes a state name written by MarshalText.
func (s *State) UnmarshalText(b []byte) error {
	for i, name := range stateNames {
		if string(b) == name {
			*s = State(i)
			return nil
		}
	}
	return fmt.Errorf("unknown state %q", b)
}

// ItemKey identifies a work item: a repository as the user wrote it and a
// window [Since, Until) in UTC RFC 3339.
type ItemKey struct {
	Repo  string `json:"repo"`
	Since string `json:"since"`
	Until string `json:"until"`
}

// String formats the key for logs and error messages.
func (k ItemKey) String() string {
	return k.Repo + " " + k.Since + ".." + k.Until
}

// validate rejects keys that would be ambiguous in the store's key layout,
// which separates the fields with NUL bytes.
func (k ItemKey) validate() error {
	if k.Repo == "" {
		return fmt.Errorf("item key %q: empty repository", k.String())
	}
	if strings.ContainsRune(k.Repo+k.Since+k.Until, 0) {
		return fmt.Errorf("item key %q: contains a NUL byte", k.String())
	}
	return nil
}

// Item is the recorded state of one work item.
type Item struct {
	Key      ItemKey `json:"key"`
	State    State   `json:"state"`
	Commits  int     `json:"commits"`
	Pages    int     `json:"pages"`
	Attempts int     `json:"attempts,omitempty"`
	// NextURL is the page to fetch next; empty once the last page is saved.
	NextURL string `json:"next_url,omitempty"`
	// PinnedSHA is the commit the walk started from, so that later pages
	// cannot shift when the branch moves.
	PinnedSHA string    `json:"pinned_sha,omitempty"`
	Error     string    `json:"error,omitempty"`
	Updated   time.Time `json:"updated"`
}
