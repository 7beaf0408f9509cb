package limiter

import (
	"context"
	"io"
	"sync"
)

// exchange is one attempt in progress: its context, bounded by
// Options.Timeout, and its place in the gate. Both are given back when the
// caller is done with the response body, or when the attempt times out, so
// a stalled or forgotten body cannot hold a worker's place forever.
type exchange struct {
	l      *Limiter
	t      *ticket
	cancel context.CancelFunc
	stop   func() bool // stops the timeout's release
	once   sync.Once
}

// newExchange starts an attempt for t under ctx, which must be the
// attempt's own context.
func newExchange(ctx context.Context, cancel context.CancelFunc, l *Limiter, t *ticket) *exchange {
	e := &exchange{l: l, t: t, cancel: cancel}
	e.stop = context.AfterFunc(ctx, e.release)
	return e
}

func (e *exchange) release() {
	e.once.Do(func() { e.l.release(e.t) })
}

// end gives back the gate place and the context. It may be called again.
func (e *exchange) end() {
	e.stop()
	e.release()
	e.cancel()
}

// body is a response body that ends its exchange when read to the end,
// failed or closed.
type body struct {
	io.ReadCloser
	e *exchange
}

func (b *body) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if err != nil {
		b.e.end()
	}
	return n, err
}

func (b *body) Close() error {
	err := b.ReadCloser.Close()
	b.e.end()
	return err
}
