package limiter

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"net/http"
	"time"

	"github.com/cenkalti/backoff/v5"
)

// maxErrorBody bounds how much of a 403 or 429 body is read to tell a rate
// limit from a refusal; GitHub's error bodies are a few hundred bytes.
const maxErrorBody = 64 << 10

// verdict is what a call does with an attempt's outcome.
type verdict int

const (
	final   verdict = iota // return it to the caller
	limited                // wait as the rate limit says, then send again
	fault                  // transient: back off and send again, if attempts remain
)

// call is one RoundTrip: a request sent until it gets an answer to return.
type call struct {
	l      *Limiter
	req    *http.Request
	key    resourceKey
	br     *breaker
	sends  int
	faults int
	bo     *backoff.ExponentialBackOff
}

// do sends the request through the breaker and the gate until an attempt
// ends in a verdict of final, or faults use up the attempts.
func (c *call) do() (*http.Response, error) {
	ctx := c.req.Context()
	for {
		// Wait for the endpoint's circuit, then for the limits of the gate.
		done, err := c.l.pass(ctx, c.br)
		if err != nil {
			closeBody(c.req)
			return nil, err
		}
		t, err := c.l.acquire(ctx, c.key)
		if err != nil {
			done(errSkip)
			closeBody(c.req)
			return nil, err
		}
		resp, v, err := c.attempt(ctx, t)
		done(outcome(v, err))

		// Rate limits only wait; faults use up attempts and back off.
		if v == final || !c.canResend() {
			return resp, err
		}
		if v == fault {
			c.faults++
			if c.faults >= c.l.o.RetryAttempts {
				return resp, err
			}
			c.logRetry(resp, err)
			discard(resp)
			if err := c.backOff(ctx); err != nil {
				closeBody(c.req)
				return nil, err
			}
		}
		c.l.stats.retries.Add(1)
	}
}

// attempt sends the request once and judges the outcome. The gate takes in
// the answer before the attempt's place in it is given back, so that no
// request slips out between a rate limit and the pause it calls for.
func (c *call) attempt(ctx context.Context, t *ticket) (*http.Response, verdict, error) {
	actx, cancel := context.WithTimeout(ctx, c.l.o.Timeout)
	e := newExchange(actx, cancel, c.l, t)
	resp, err := c.send(actx)
	v, buffered := c.judge(ctx, t, resp, err)
	if resp == nil || buffered {
		e.end()
	} else {
		resp.Body = &body{ReadCloser: resp.Body, e: e}
	}
	return resp, v, err
}

// send sends a copy of the request under the attempt's context actx.
func (c *call) send(actx context.Context) (*http.Response, error) {
	req := c.req.Clone(actx)
	if c.sends > 0 && c.req.GetBody != nil {
		b, err := c.req.GetBody()
		if err != nil {
			return nil, err
		}
		req.Body = b
	}
	c.sends++
	c.l.stats.sent.Add(1)
	resp, err := c.l.next.RoundTrip(req)
	if err == nil {
		c.count(resp)
	}
	return resp, err
}

// judge decides what to do with an attempt's outcome and hands it to the
// gate. A 403 or 429 has its body read, to tell a rate limit from a refusal,
// and put back in memory; judge then reports it buffered.
func (c *call) judge(ctx context.Context, t *ticket, resp *http.Response,
	err error) (v verdict, buffered bool) {
	a := answer{resp: resp, v: final}
	switch {
	case err != nil:
		if ctx.Err() == nil && !c.l.isClosed() && !permanent(err) {
			a.v = fault
		}
	case resp.StatusCode >= 500:
		a.v = fault
	case resp.StatusCode == http.StatusForbidden ||
		resp.StatusCode == http.StatusTooManyRequests:
		buffered = true
		b, rerr := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
		resp.Body.Close()
		resp.Body = io.NopCloser(bytes.NewReader(b))
		if rerr != nil {
			a.v = fault
			break
		}
		a.rf = readRefusal(resp, b, c.l.o.Clock.Now())
		if a.rf.kind != notLimited {
			a.v = limited
		}
	}
	a.now = c.l.o.Clock.Now()
	c.l.answered(t, a)
	return a.v, buffered
}

// count adds an answer to the stats.
func (c *call) count(resp *http.Response) {
	switch {
	case resp.StatusCode == http.StatusNotModified:
		c.l.stats.notModified.Add(1)
	case c.key.name != "":
		c.l.stats.counted.Add(1)
	}
}

// logRetry says that a fault is retried, and why.
func (c *call) logRetry(resp *http.Response, err error) {
	why := "error"
	var cause any = err
	if resp != nil {
		why, cause = "status", resp.StatusCode
	}
	c.l.o.Logger.Warn("retrying request", "path", c.req.URL.Path,
		"attempt", c.faults+1, "of", c.l.o.RetryAttempts, why, cause)
}

// canResend reports whether the request's body, if any, can be sent again.
func (c *call) canResend() bool {
	return c.req.Body == nil || c.req.Body == http.NoBody || c.req.GetBody != nil
}

// backOff sleeps before the next attempt after a fault, with exponential
// growth and jitter.
func (c *call) backOff(ctx context.Context) error {
	if c.bo == nil {
		c.bo = &backoff.ExponentialBackOff{
			InitialInterval:     c.l.o.RetryDelay,
			RandomizationFactor: 0.5,
			Multiplier:          2,
			MaxInterval:         max(c.l.o.RetryDelay, time.Minute),
		}
		c.bo.Reset()
	}
	return c.l.sleep(ctx, nil, c.l.o.Clock.After(c.bo.NextBackOff()))
}

// outcome is what an attempt tells the endpoint's circuit breaker.
func outcome(v verdict, err error) error {
	switch {
	case v == fault:
		return errFault
	case err != nil || v == limited:
		return errSkip
	}
	return nil
}

// permanent reports whether a transport error would come back on retry:
// the server's certificate is not trusted.
func permanent(err error) bool {
	var (
		verify    *tls.CertificateVerificationError
		authority x509.UnknownAuthorityError
		hostname  x509.HostnameError
		invalid   x509.CertificateInvalidError
	)
	return errors.As(err, &verify) || errors.As(err, &authority) ||
		errors.As(err, &hostname) || errors.As(err, &invalid)
}

// discard drains a little of an answer that will not be returned, so its
// connection can be reused, and closes it.
func discard(resp *http.Response) {
	if resp == nil {
		return
	}
	io.CopyN(io.Discard, resp.Body, 4<<10)
	resp.Body.Close()
}
