package checkpoint

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/dgraph-io/badger/v4"
)

// TokenFingerprint returns a short hex digest naming token in the page
// cache. ETags are only valid for the token that fetched them, and the store
// must never hold the token itself.
func TokenFingerprint(token string) string {
	sum := sha256.Sum256([]byte("hf:" + token))
	return hex.EncodeToString(sum[:8])
}

// CachedPage returns the ETag and lines last stored for url under the token
// fingerprint; ok is false when nothing is cached.
func (s *Store) CachedPage(tokenFP, url string) (etag string, lines [][]byte, ok bool, err error) {
	var v []byte
	err = s.db.View(func(txn *badger.Txn) (err error) {
		v, err = getValue(txn, cacheKey(tokenFP, url))
		return err
	})
	if errors.Is(err, badger.ErrKeyNotFound) {
		return "", nil, false, nil
	}
	if err == nil {
		var pg Page
		if _, pg, err = decodeCacheEntry(v); err == nil {
			return pg.ETag, pg.Lines, true, nil
		}
	}
	return "", nil, false, fmt.Errorf("read cached page %s: %w", url, err)
}

// PutCachedPage stores the ETag and lines of url under the token fingerprint,
// replacing any earlier entry. Its timestamp, from the store's clock, lets
// Prune drop entries nobody refreshed.
func (s *Store) PutCachedPage(tokenFP, url, etag string, lines [][]byte) error {
	v := encodeCacheEntry(s.now(), Page{URL: url, ETag: etag, Lines: lines})
	err := s.db.Update(func(txn *badger.Txn) error {
		return txn.Set(cacheKey(tokenFP, url), v)
	})
	if err != nil {
		return fmt.Errorf("cache page %s: %w", url, err)
	}
	return nil
}

// encodeCacheEntry prefixes an encoded page with its write time.
func encodeCacheEntry(at time.Time, pg Page) []byte {
	b := binary.BigEndian.AppendUint64(nil, uint64(at.UnixNano()))
	return append(b, encodePage(pg)...)
}

func decodeCacheEntry(v []byte) (time.Time, Page, error) {
	if len(v) < 8 {
		return time.Time{}, Page{}, fmt.Errorf("%w: %w", ErrCorrupt, errShortPage)
	}
	at := time.Unix(0, int64(binary.BigEndian.Uint64(v))).UTC()
	pg, err := decodePage(v[8:])
	return at, pg, err
}
