package quire

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
)

// The gateway's trailers become an *Error that errors.Is / errors.As / status.Code understand.
func TestErrorFromTrailers(t *testing.T) {
	md := metadata.Pairs("quire-error-code", "LEDGER_CLOSED", "quire-retryable", "false", "quire-last-entry-id", "4", "quire-retry-after-ms", "250", "quire-first-offset", "7")
	err := fmt.Errorf("append: %w", fromGRPC(status.Error(codes.FailedPrecondition, "closed"), md))
	if !errors.Is(err, ErrLedgerClosed) || errors.Is(err, ErrNoSuchLedger) {
		t.Fatalf("errors.Is by code: %v", err)
	}
	var e *Error
	if !errors.As(err, &e) || e.Retryable || e.LastEntryID == nil || *e.LastEntryID != 4 || e.RetryAfter != 250*time.Millisecond || e.Details["first-offset"] != "7" {
		t.Fatalf("details: %+v", e)
	}
	if status.Code(e) != codes.FailedPrecondition {
		t.Fatalf("status code: %v", status.Code(e))
	}
}

// Without Quire's trailers (the gateway was not reached) only UNAVAILABLE is retryable.
func TestErrorWithoutTrailers(t *testing.T) {
	u := fromGRPC(status.Error(codes.Unavailable, "connection refused"), nil)
	if !errors.Is(u, ErrUnavailable) || !IsRetryable(u) {
		t.Fatalf("unavailable: %v", u)
	}
	d := fromGRPC(status.Error(codes.DeadlineExceeded, "slow"), nil)
	if IsRetryable(d) || d.(*Error).Code != "DEADLINE_EXCEEDED" {
		t.Fatalf("deadline: %v", d)
	}
}
