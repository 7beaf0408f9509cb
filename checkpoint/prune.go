package checkpoint

import (
	"errors"
	"fmt"
	"time"

	"github.com/dgraph-io/badger/v4"
)

// Prune removes the operations, and the cached pages, not updated within
// olderThan before now, and returns how many operations it removed. An
// operation counts as updated by any change to its items.
func (s *Store) Prune(olderThan time.Duration, now time.Time) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	n, err := s.prune(now.Add(-olderThan))
	if err != nil {
		return n, fmt.Errorf("prune checkpoint %q: %w", s.dir, err)
	}
	return n, nil
}

func (s *Store) prune(cutoff time.Time) (int, error) {
	sums, err := s.Operations()
	if err != nil {
		return 0, err
	}

	// The record goes first: an operation without one is treated as absent,
	// and Begin clears its leftovers should this stop part-way.
	n := 0
	for _, sum := range sums {
		if !sum.Updated.Before(cutoff) {
			continue
		}
		if err := s.deleteKeys([][]byte{opKey(sum.ID)}); err != nil {
			return n, err
		}
		err := s.deletePrefixes(windowKey(sum.ID), repoPrefix(sum.ID), itemsPrefix(sum.ID),
			pagesPrefix(sum.ID))
		if err != nil {
			return n, err
		}
		n++
	}

	// Cached pages carry their own write time.
	var stale [][]byte
	err = s.db.View(func(txn *badger.Txn) error {
		return scan(txn, []byte(prefixCache), func(k, v []byte) error {
			at, _, err := decodeCacheEntry(v)
			if err != nil || at.Before(cutoff) {
				stale = append(stale, append([]byte(nil), k...))
			}
			return nil
		})
	})
	if err != nil {
		return n, err
	}
	if len(stale) > 0 {
		if err := s.deleteKeys(stale); err != nil {
			return n, err
		}
	}
	return n, s.collectGarbage()
}

// collectGarbage asks Badger to rewrite value log files that are mostly
// deleted pages. Badger only learns what is deleted as it compacts, so space
// comes back over later runs rather than at once.
func (s *Store) collectGarbage() error {
	for range 8 {
		err := s.db.RunValueLogGC(0.5)
		if errors.Is(err, badger.ErrNoRewrite) || errors.Is(err, badger.ErrRejected) {
			return nil
		}
		if err != nil {
			return err
		}
	}
	return nil
}
