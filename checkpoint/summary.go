package checkpoint

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/dgraph-io/badger/v4"
)

// Summary describes one stored operation for `hacktivity-fetch status`.
type Summary struct {
	ID      string    `json:"id"`
	Params  Params    `json:"params"`
	Started time.Time `json:"started"`
	// Updated is the latest change to the operation or any of its items.
	Updated time.Time `json:"updated"`
	// Finished is zero while the operation can be resumed.
	Finished time.Time `json:"finished,omitzero"`
	// Done lists repositories whose every item is done (split windows count
	// through their parts), Failed those with a failed item, and Pending the
	// rest, each in input order.
	Done    []string `json:"done"`
	Failed  []string `json:"failed"`
	Pending []string `json:"pending"`
	// Commits counts the commits saved, excluding windows that were split,
	// whose commits are counted in their parts.
	Commits int `json:"commits"`
}

// Operations returns a summary of every stored operation, oldest first.
func (s *Store) Operations() ([]Summary, error) {
	var sums []Summary
	err := s.db.View(func(txn *badger.Txn) error {
		var ids []string
		err := scanKeys(txn, []byte(prefixOp), func(k []byte) error {
			ids = append(ids, strings.TrimPrefix(string(k), prefixOp))
			return nil
		})
		if err != nil {
			return err
		}
		for _, id := range ids {
			sum, err := summarize(txn, id)
			if err != nil {
				return err
			}
			sums = append(sums, sum)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("list operations in %q: %w", s.dir, err)
	}
	sort.SliceStable(sums, func(i, j int) bool { return sums[i].Started.Before(sums[j].Started) })
	return sums, nil
}

// summarize reads one operation's record, repositories and items.
func summarize(txn *badger.Txn, id string) (Summary, error) {
	rec, err := loadOp(txn, id)
	if err != nil {
		return Summary{}, err
	}
	sum := Summary{
		ID: id, Params: rec.Params,
		Started: rec.Started, Updated: rec.Updated, Finished: rec.Finished,
		Done: []string{}, Failed: []string{}, Pending: []string{},
	}

	// Input order first; a repository with items but missing from the list
	// (which the pipeline never writes) is still shown, after the others.
	var order []string
	err = scan(txn, repoPrefix(id), func(_, v []byte) error {
		order = append(order, string(v))
		return nil
	})
	if err != nil {
		return Summary{}, err
	}
	items := map[string][]Item{}
	err = scan(txn, itemsPrefix(id), func(_, v []byte) error {
		it, err := decodeItem(v)
		if err != nil {
			return err
		}
		if _, seen := items[it.Key.Repo]; !seen && !slices.Contains(order, it.Key.Repo) {
			order = append(order, it.Key.Repo)
		}
		items[it.Key.Repo] = append(items[it.Key.Repo], it)
		return nil
	})
	if err != nil {
		return Summary{}, err
	}

	// Classify each repository and total the commits.
	for _, repo := range order {
		switch repoState(items[repo]) {
		case Done:
			sum.Done = append(sum.Done, repo)
		case Failed:
			sum.Failed = append(sum.Failed, repo)
		default:
			sum.Pending = append(sum.Pending, repo)
		}
		for _, it := range items[repo] {
			if it.Updated.After(sum.Updated) {
				sum.Updated = it.Updated
			}
			if it.State != Split {
				sum.Commits += it.Commits
			}
		}
	}
	return sum, nil
}

// repoState folds a repository's items into Done, Failed or Pending. Split
// windows are neutral: their parts decide.
func repoState(items []Item) State {
	failed, pending, done := false, false, false
	for _, it := range items {
		switch it.State {
		case Failed:
			failed = true
		case Done:
			done = true
		case Split:
		default:
			pending = true
		}
	}
	switch {
	case failed:
		return Failed
	case done && !pending:
		return Done
	}
	return Pending
}
