package quire

import (
	"context"
	"errors"
	"math/rand/v2"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/metadata"
)

// RetryPolicy bounds the retries of retryable errors: Attempts tries in all (1 = no retry), the
// wait starting at BaseDelay and doubling per try with jitter (or the gateway's retry-after),
// capped at MaxDelay. Zero fields take the defaults 5, 50ms, 5s.
type RetryPolicy struct {
	Attempts  int
	BaseDelay time.Duration
	MaxDelay  time.Duration
}

func (p RetryPolicy) withDefaults() RetryPolicy {
	if p.Attempts <= 0 {
		p.Attempts = 5
	}
	if p.BaseDelay <= 0 {
		p.BaseDelay = 50 * time.Millisecond
	}
	if p.MaxDelay <= 0 {
		p.MaxDelay = 5 * time.Second
	}
	return p
}

// delay is the jittered wait before try attempt+1.
func (p RetryPolicy) delay(attempt int, err error) time.Duration {
	d := p.BaseDelay << min(attempt-1, 20)
	var e *Error
	if errors.As(err, &e) && e.RetryAfter > 0 {
		d = e.RetryAfter
	}
	d = min(d, p.MaxDelay)
	return time.Duration(float64(d) * (0.5 + rand.Float64()))
}

// retry runs f until it succeeds, fails with an error that is not retryable, runs out of tries
// or ctx ends. Only operations that are safe to repeat go through it: reads, cursor advances and
// appends carrying (producer id, sequence), whose retry the gateway answers with the first receipt.
func retry(ctx context.Context, p RetryPolicy, f func() error) error {
	return retryIf(ctx, p, IsRetryable, f)
}

// retryIf is retry with its own test of which errors may be repeated.
func retryIf(ctx context.Context, p RetryPolicy, retryable func(error) bool, f func() error) error {
	p = p.withDefaults()
	for attempt := 1; ; attempt++ {
		err := f()
		if err == nil || !retryable(err) || attempt >= p.Attempts {
			return err
		}
		t := time.NewTimer(p.delay(attempt, err))
		select {
		case <-ctx.Done():
			t.Stop()
			return err
		case <-t.C:
		}
	}
}

// unary runs one unary call with a fresh trailer and converts its error.
func unary(f func(opt grpc.CallOption) error) error {
	var md metadata.MD
	return fromGRPC(f(grpc.Trailer(&md)), md)
}
