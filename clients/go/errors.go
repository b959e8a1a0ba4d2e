package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strconv"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
)

// QuireError is a gateway error with Quire's stable code and whether a retry is safe. The gateway
// sends them as trailing metadata: quire-error-code, quire-retryable, quire-retry-after-ms,
// quire-last-entry-id, quire-error-field.
type QuireError struct {
	Code        string
	Status      codes.Code
	Message     string
	Retryable   bool
	Field       string
	LastEntryID *int64
	RetryAfter  time.Duration
}

func (e *QuireError) Error() string { return fmt.Sprintf("%s (%s): %s", e.Code, e.Status, e.Message) }

// Trailer collects a unary call's trailing metadata (where the error details travel).
type Trailer struct{ md metadata.MD }

// Option asks gRPC to fill the trailer.
func (t *Trailer) Option() grpc.CallOption { return grpc.Trailer(&t.md) }

// FromGRPC turns a gRPC error into a *QuireError. Without Quire's trailers (the gateway was not
// reached) the code is gRPC's and only UNAVAILABLE counts as retryable.
func FromGRPC(err error, md metadata.MD) error {
	if err == nil {
		return nil
	}
	st, ok := status.FromError(err)
	if !ok {
		return err
	}
	get := func(k string) string {
		if v := md.Get(k); len(v) > 0 {
			return v[0]
		}
		return ""
	}
	qe := &QuireError{Code: get("quire-error-code"), Status: st.Code(), Message: st.Message(), Field: get("quire-error-field")}
	if qe.Code == "" {
		qe.Code = st.Code().String()
	}
	if r := get("quire-retryable"); r != "" {
		qe.Retryable = r == "true"
	} else {
		qe.Retryable = st.Code() == codes.Unavailable
	}
	if s := get("quire-last-entry-id"); s != "" {
		if v, err := strconv.ParseInt(s, 10, 64); err == nil {
			qe.LastEntryID = &v
		}
	}
	if s := get("quire-retry-after-ms"); s != "" {
		if v, err := strconv.Atoi(s); err == nil {
			qe.RetryAfter = time.Duration(v) * time.Millisecond
		}
	}
	return qe
}

// Call runs one unary call with a fresh trailer and converts its error.
func Call(f func(md *Trailer) error) error {
	t := &Trailer{}
	return FromGRPC(f(t), t.md)
}

// WithRetries retries only errors whose retryable flag is set, with jittered backoff or the
// server's retry-after. Use it for reads and for appends that carry (producer id, sequence).
func WithRetries(ctx context.Context, attempts int, f func(md *Trailer) error) error {
	for attempt := 1; ; attempt++ {
		err := Call(f)
		qe, ok := err.(*QuireError)
		if err == nil || !ok || !qe.Retryable || attempt >= attempts {
			return err
		}
		delay := qe.RetryAfter
		if delay == 0 {
			delay = time.Duration(50<<(attempt-1)) * time.Millisecond
		}
		delay = time.Duration(float64(delay) * (0.5 + rand.Float64()))
		select {
		case <-ctx.Done():
			return err
		case <-time.After(delay):
		}
	}
}
