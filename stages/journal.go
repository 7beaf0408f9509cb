package stages

import (
	"github.com/hacktivity-fetch/hacktivity-fetch/checkpoint"
)

// journal records progress in the checkpoint operation when there is one (--checkpoint),
// and does nothing otherwise, so the fetcher reads the same either way.
type journal struct {
	op *checkpoint.Operation
}

func (j journal) enabled() bool { return j.op != nil }

func (j journal) put(it checkpoint.Item) error {
	if j.op == nil {
		return nil
	}
	return j.op.Put(it)
}

func (j journal) savePage(k checkpoint.ItemKey, pg checkpoint.Page) error {
	if j.op == nil {
		return nil
	}
	return j.op.SavePage(k, pg)
}

func (j journal) done(k checkpoint.ItemKey) error {
	if j.op == nil {
		return nil
	}
	return j.op.MarkDone(k)
}

func (j journal) failed(k checkpoint.ItemKey, msg string) error {
	if j.op == nil {
		return nil
	}
	return j.op.MarkFailed(k, msg)
}

func (j journal) items(repo string) ([]checkpoint.Item, error) {
	if j.op == nil || !j.op.Resumed() {
		return nil, nil
	}
	return j.op.Items(repo)
}
