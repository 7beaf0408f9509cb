package limiter

import "sync/atomic"

// Stats counts what a Limiter did since it was made.
type Stats struct {
	Sent        int64 // requests that left for the server, retries included
	Counted     int64 // answers that cost quota: all but 304s and GET /rate_limit
	NotModified int64 // 304 answers, which GitHub does not count
	Retries     int64 // requests sent again after a fault or a rate limit
	Waits       int64 // times a request was held back before a send, by limits or a circuit
}

// counters is the live, atomically updated form of Stats.
type counters struct {
	sent, counted, notModified, retries, waits atomic.Int64
}

func (c *counters) snapshot() Stats {
	return Stats{
		Sent:        c.sent.Load(),
		Counted:     c.counted.Load(),
		NotModified: c.notModified.Load(),
		Retries:     c.retries.Load(),
		Waits:       c.waits.Load(),
	}
}
