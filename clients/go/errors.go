package quire

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
)

// Error is a gateway error carrying Quire's stable code (docs/errors.md: LEDGER_CLOSED,
// NO_SUCH_LOG, BLOB_DIGEST_MISMATCH, ...) and whether sending the same request again is safe. The
// gateway sends them in trailing metadata: quire-error-code, quire-retryable,
// quire-retry-after-ms, quire-last-entry-id, quire-error-field and quire-<detail> headers.
//
// Match with errors.Is against the sentinels (errors.Is(err, quire.ErrNoSuchLog)), which compares
// codes only, or errors.As(err, &qe) for the details.
type Error struct {
	// Code is Quire's stable code; for failures that never reached the gateway, gRPC's status name
	// (UNAVAILABLE, DEADLINE_EXCEEDED, ...).
	Code string
	// Status is the gRPC status code.
	Status    codes.Code
	Message   string
	Retryable bool
	Field     string
	// LastEntryID is the sealed end of the ledger (LEDGER_CLOSED, LEDGER_FENCED) when known.
	LastEntryID *int64
	RetryAfter  time.Duration
	// Details holds every quire-* trailer (e.g. quire-first-offset, quire-last-sequence) by name
	// without the prefix.
	Details map[string]string
	cause   error
}

func (e *Error) Error() string {
	if e.Message == "" {
		return e.Code
	}
	return fmt.Sprintf("%s: %s", e.Code, e.Message)
}

// Is matches another *Error by code, so the sentinels below work with errors.Is.
func (e *Error) Is(target error) bool {
	var t *Error
	if !errors.As(target, &t) {
		return false
	}
	return t.Code == e.Code
}

// Unwrap returns the transport error (a gRPC status error, context.Canceled, ...).
func (e *Error) Unwrap() error { return e.cause }

// GRPCStatus lets status.FromError and status.Code see the original gRPC status.
func (e *Error) GRPCStatus() *status.Status { return status.New(e.Status, e.Message) }

// Sentinels for errors.Is; each matches any *Error with the same code.
var (
	ErrLedgerClosed         = &Error{Code: "LEDGER_CLOSED"}
	ErrLedgerFenced         = &Error{Code: "LEDGER_FENCED"}
	ErrNoSuchLedger         = &Error{Code: "NO_SUCH_LEDGER"}
	ErrNoSuchEntry          = &Error{Code: "NO_SUCH_ENTRY"}
	ErrNoSuchLog            = &Error{Code: "NO_SUCH_LOG"}
	ErrLogExists            = &Error{Code: "LOG_EXISTS"}
	ErrNoSuchCursor         = &Error{Code: "NO_SUCH_CURSOR"}
	ErrCursorConflict       = &Error{Code: "CURSOR_CONFLICT"}
	ErrAppendConflict       = &Error{Code: "APPEND_CONFLICT"}
	ErrSequenceConflict     = &Error{Code: "SEQUENCE_CONFLICT"}
	ErrAppendOutcomeUnknown = &Error{Code: "APPEND_OUTCOME_UNKNOWN"}
	ErrOutOfRange           = &Error{Code: "OUT_OF_RANGE"}
	ErrLogFull              = &Error{Code: "LOG_FULL"}
	ErrBlobNotFound         = &Error{Code: "BLOB_NOT_FOUND"}
	ErrBlobExists           = &Error{Code: "BLOB_EXISTS"}
	ErrBlobDigestMismatch   = &Error{Code: "BLOB_DIGEST_MISMATCH"}
	ErrBlobTooLarge         = &Error{Code: "BLOB_TOO_LARGE"}
	// ErrDigestMismatch: downloaded bytes do not match the blob's SHA-256 (found by this client).
	ErrDigestMismatch   = &Error{Code: "DIGEST_MISMATCH"}
	ErrTooManyRequests  = &Error{Code: "TOO_MANY_REQUESTS"}
	ErrUnauthenticated  = &Error{Code: "UNAUTHENTICATED"}
	ErrPermissionDenied = &Error{Code: "PERMISSION_DENIED"}
	ErrInvalidArgument  = &Error{Code: "INVALID_ARGUMENT"}
	ErrUnavailable      = &Error{Code: "UNAVAILABLE"}
	ErrShuttingDown     = &Error{Code: "SHUTTING_DOWN"}
)

// fromGRPC turns a gRPC error and its trailers into an *Error. Without Quire's trailers (the
// gateway was not reached) the code is gRPC's and only UNAVAILABLE counts as retryable.
func fromGRPC(err error, md metadata.MD) error {
	if err == nil {
		return nil
	}
	var already *Error
	if errors.As(err, &already) {
		return err
	}
	st, ok := status.FromError(err)
	if !ok {
		if errors.Is(err, context.DeadlineExceeded) {
			return &Error{Code: "DEADLINE_EXCEEDED", Status: codes.DeadlineExceeded, Message: err.Error(), cause: err}
		}
		if errors.Is(err, context.Canceled) {
			return &Error{Code: "CANCELLED", Status: codes.Canceled, Message: err.Error(), cause: err}
		}
		return err
	}
	get := func(k string) string {
		if v := md.Get(k); len(v) > 0 {
			return v[0]
		}
		return ""
	}
	e := &Error{Code: get("quire-error-code"), Status: st.Code(), Message: st.Message(), Field: get("quire-error-field"), cause: err}
	if e.Code == "" {
		e.Code = grpcName(st.Code())
	}
	if r := get("quire-retryable"); r != "" {
		e.Retryable = r == "true"
	} else {
		e.Retryable = st.Code() == codes.Unavailable
	}
	if s := get("quire-last-entry-id"); s != "" {
		if v, err := strconv.ParseInt(s, 10, 64); err == nil {
			e.LastEntryID = &v
		}
	}
	if s := get("quire-retry-after-ms"); s != "" {
		if v, err := strconv.Atoi(s); err == nil {
			e.RetryAfter = time.Duration(v) * time.Millisecond
		}
	}
	for k, v := range md {
		if len(k) > 6 && k[:6] == "quire-" && len(v) > 0 {
			if e.Details == nil {
				e.Details = map[string]string{}
			}
			e.Details[k[6:]] = v[0]
		}
	}
	return e
}

// grpcName is the status name in the gateway's spelling (UNAVAILABLE, not Unavailable).
func grpcName(c codes.Code) string {
	names := [...]string{"OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND", "ALREADY_EXISTS",
		"PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE", "UNIMPLEMENTED",
		"INTERNAL", "UNAVAILABLE", "DATA_LOSS", "UNAUTHENTICATED"}
	if int(c) < len(names) {
		return names[c]
	}
	return "UNKNOWN"
}

// IsRetryable reports whether err is an *Error the gateway marked safe to send again.
func IsRetryable(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.Retryable
}
