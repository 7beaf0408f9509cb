package checkpoint

import (
	"log/slog"
	"time"

	"github.com/dgraph-io/badger/v4"
)

// Options configure Open. The zero value is ready to use.
type Options struct {
	// Logger receives Badger's warnings and errors. Nil discards them.
	Logger *slog.Logger
	// Now stamps item records with their update time; nil means time.Now.
	// Tests inject a clock here.
	Now func() time.Time
}

// badgerOptions sizes Badger for a short-lived CLI that writes a few hundred
// MiB at most, instead of the server it is tuned for by default (64 MiB
// memtables, 256 MiB block cache, 1 GiB value log files).
func badgerOptions(dir string, o Options) badger.Options {
	logger := o.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return badger.DefaultOptions(dir).
		WithLogger(badgerLogger{l: logger}).
		// Every commit is fsynced before it returns: the fetcher relies on
		// SavePage and MarkDone being durable when they return.
		WithSyncWrites(true).
		WithMemTableSize(4 << 20).
		WithNumMemtables(2).
		WithNumLevelZeroTables(2).
		WithNumLevelZeroTablesStall(8).
		WithBaseTableSize(2 << 20).
		WithBaseLevelSize(8 << 20).
		WithBlockCacheSize(2 << 20).
		WithIndexCacheSize(1 << 20).
		WithNumCompactors(2).
		WithNumGoroutines(2).
		// Pages (kilobytes to megabytes) go to the value log and only item
		// records stay in the LSM tree, which keeps memtables small. Value
		// log files are memory-mapped, so small files bound the mapping.
		WithValueThreshold(1 << 10).
		WithValueLogFileSize(16 << 20).
		// Writers to one item are serialised by the Operation, and workers
		// never write the same keys, so conflict tracking is wasted memory.
		WithDetectConflicts(false).
		WithMetricsEnabled(false)
}
