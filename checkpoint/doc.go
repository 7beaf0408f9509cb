// Package checkpoint records the progress of a hacktivity-fetch run in a
// Badger database so that an interrupted run can be resumed without losing or
// refetching commits.
//
// A run is an Operation, identified by its normalised Params. Its work items
// are (repository, window) pairs. The fetch stage writes a page of commits to
// stdout and waits for the flush, then calls Operation.SavePage, and calls
// Operation.MarkDone when the window is complete. Every write is synced to
// disk before the call returns, so after a crash or kill -9 every item
// recorded done has all its commits on stdout, and an item in progress resumes
// from the next page it had not saved.
//
// The Store also keeps a cache of page ETags and lines, keyed by a fingerprint
// of the token, so that a later run can send conditional requests.
//
// One process at a time may open a checkpoint directory; Open takes an
// exclusive lock and reports ErrLocked to the second.
package checkpoint
