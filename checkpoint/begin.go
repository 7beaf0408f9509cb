package checkpoint

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/dgraph-io/badger/v4"
)

// opRecord is the stored record of an operation.
type opRecord struct {
	Params   Params    `json:"params"`
	Started  time.Time `json:"started"`
	Updated  time.Time `json:"updated"`
	Finished time.Time `json:"finished,omitzero"`
}

// errNoOp is returned by loadOp when the operation has no record.
var errNoOp = errors.New("no such operation")

// Begin starts or resumes the operation identified by p. If it exists and is
// unfinished, its records are kept and Resumed reports true. If it is absent
// or finished, its items, pages and repository list are cleared (the page
// cache is kept) and a fresh run starts.
func (s *Store) Begin(p Params, now time.Time) (*Operation, error) {
	op, err := s.begin(p, now, false)
	if err != nil {
		return nil, fmt.Errorf("begin operation %s: %w", p.ID(), err)
	}
	return op, nil
}

// BeginReplay is Begin for --replay: it keeps every record, even of a
// finished operation, so the caller can re-emit stored pages of done items.
// Resumed reports whether the operation had any items.
func (s *Store) BeginReplay(p Params, now time.Time) (*Operation, error) {
	op, err := s.begin(p, now, true)
	if err != nil {
		return nil, fmt.Errorf("begin replay of operation %s: %w", p.ID(), err)
	}
	return op, nil
}

func (s *Store) begin(p Params, now time.Time, replay bool) (*Operation, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	id := p.ID()
	var rec opRecord
	err := s.db.View(func(txn *badger.Txn) (err error) {
		rec, err = loadOp(txn, id)
		return err
	})
	found := err == nil
	if errors.Is(err, errNoOp) {
		err = nil
	}
	if err != nil {
		return nil, err
	}
	if found && rec.Params != p {
		return nil, fmt.Errorf("%w: record holds other parameters %+v", ErrCorrupt, rec.Params)
	}

	// Decide between resuming and a fresh run.
	resumed, fresh := false, false
	switch {
	case !found:
		fresh = true
	case replay:
		resumed, err = s.hasItems(id)
	case rec.Finished.IsZero():
		resumed = true
	default:
		fresh = true
	}
	if err != nil {
		return nil, err
	}

	// A fresh run forgets the previous run's records, including what a
	// crash in Prune left of an operation without a record.
	if fresh {
		err := s.deletePrefixes(windowKey(id), repoPrefix(id), itemsPrefix(id), pagesPrefix(id))
		if err != nil {
			return nil, fmt.Errorf("clear previous run: %w", err)
		}
		rec = opRecord{Params: p, Started: now.UTC()}
	}
	rec.Updated = now.UTC()
	err = s.db.Update(func(txn *badger.Txn) error { return putOp(txn, id, rec) })
	if err != nil {
		return nil, err
	}

	op := &Operation{s: s, id: id, params: p, resumed: resumed, repoSeen: map[string]bool{}}
	return op, op.loadRepos()
}

// hasItems reports whether any item is recorded for operation id.
func (s *Store) hasItems(id string) (bool, error) {
	found := false
	err := s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: itemsPrefix(id)})
		defer it.Close()
		it.Rewind()
		found = it.Valid()
		return nil
	})
	return found, err
}

// loadRepos fills the in-memory set AddRepo uses to stay idempotent.
func (o *Operation) loadRepos() error {
	repos, err := o.Repos()
	for _, r := range repos {
		o.repoSeen[r] = true
	}
	o.repoNext = len(repos)
	return err
}

func loadOp(txn *badger.Txn, id string) (opRecord, error) {
	v, err := getValue(txn, opKey(id))
	if errors.Is(err, badger.ErrKeyNotFound) {
		return opRecord{}, errNoOp
	}
	if err != nil {
		return opRecord{}, err
	}
	var rec opRecord
	if err := json.Unmarshal(v, &rec); err != nil {
		return opRecord{}, fmt.Errorf("%w: operation record %s: %v", ErrCorrupt, id, err)
	}
	return rec, nil
}

func putOp(txn *badger.Txn, id string, rec opRecord) error {
	b, err := json.Marshal(rec)
	if err != nil {
		return err
	}
	return txn.Set(opKey(id), b)
}
