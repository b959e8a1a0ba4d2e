package quire

import (
	"context"
	"io"

	quirev1 "github.com/quire/quire/clients/go/gen/quire/v1"

	"google.golang.org/grpc"
)

// Ledgers gives raw access to BookKeeper ledgers through the gateway: append-only entries at
// dense ids, sealed by Close (docs/gateway.md). Logs and blobs are built on them.
type Ledgers struct{ c *Client }

// Ledgers returns the client's raw ledger access.
func (c *Client) Ledgers() *Ledgers { return &Ledgers{c: c} }

// LedgerOptions create a ledger; zero sizes take the gateway's defaults. Exactly-once appends
// ((producer, sequence)) need EntryFormat ENVELOPE.
type LedgerOptions struct {
	EnsembleSize, WriteQuorumSize, AckQuorumSize uint32
	DigestType                                   quirev1.DigestType
	Password                                     []byte
	CustomMetadata                               map[string]string
	EntryFormat                                  quirev1.EntryFormat
}

// Ledger is a handle on one ledger.
type Ledger struct {
	c        *Client
	ID       uint64
	password []byte
}

// Create creates a ledger (sent once: a lost answer may leave an unused ledger behind).
func (ls *Ledgers) Create(ctx context.Context, o LedgerOptions) (*Ledger, *quirev1.LedgerInfo, error) {
	var info *quirev1.LedgerInfo
	err := ls.c.once(ctx, func(ctx context.Context, opt grpc.CallOption) (err error) {
		info, err = ls.c.ledgerStub().CreateLedger(ctx, &quirev1.CreateLedgerRequest{EnsembleSize: o.EnsembleSize, WriteQuorumSize: o.WriteQuorumSize,
			AckQuorumSize: o.AckQuorumSize, DigestType: o.DigestType, Password: o.Password, CustomMetadata: o.CustomMetadata, EntryFormat: o.EntryFormat}, opt)
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	return &Ledger{c: ls.c, ID: info.GetLedgerId(), password: o.Password}, info, nil
}

// Open returns the handle of an existing ledger (nothing is sent).
func (ls *Ledgers) Open(id uint64, password []byte) *Ledger {
	return &Ledger{c: ls.c, ID: id, password: password}
}

// Append adds one entry, sent once (a lost answer leaves its outcome unknown).
func (l *Ledger) Append(ctx context.Context, data []byte) (*quirev1.DurabilityReceipt, error) {
	var r *quirev1.DurabilityReceipt
	err := l.c.once(ctx, func(ctx context.Context, opt grpc.CallOption) (err error) {
		r, err = l.c.ledgerStub().Append(ctx, &quirev1.AppendRequest{LedgerId: l.ID, Data: data, Password: l.password}, opt)
		return err
	})
	return r, err
}

// AppendOnce adds one entry exactly once: retried on retryable errors with the same (producer,
// sequence), which the gateway answers with the first receipt (Duplicate set).
func (l *Ledger) AppendOnce(ctx context.Context, data []byte, producerID string, sequence uint64) (*quirev1.DurabilityReceipt, error) {
	var r *quirev1.DurabilityReceipt
	err := retryIf(ctx, l.c.cfg.retry, sequencedRetryable, func() error {
		return l.c.once(ctx, func(ctx context.Context, opt grpc.CallOption) (err error) {
			r, err = l.c.ledgerStub().Append(ctx, &quirev1.AppendRequest{LedgerId: l.ID, Data: data, Password: l.password, ProducerId: producerID, Sequence: &sequence}, opt)
			return err
		})
	})
	return r, err
}

// Entry is one ledger entry.
type Entry struct {
	ID   int64
	Data []byte
}

// Read returns the entries from..to (inclusive; to < 0: up to the last confirmed one).
func (l *Ledger) Read(ctx context.Context, from, to int64) ([]Entry, error) {
	var out []Entry
	err := retry(ctx, l.c.cfg.retry, func() error {
		out = out[:0]
		req := &quirev1.ReadRangeRequest{LedgerId: l.ID, FromEntryId: from, Password: l.password}
		if to >= 0 {
			req.ToEntryId = &to
		}
		sctx, cancel := l.c.callCtx(ctx)
		defer cancel()
		stream, err := l.c.ledgerStub().ReadRange(sctx, req)
		if err != nil {
			return fromGRPC(err, nil)
		}
		for {
			msg, err := stream.Recv()
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return fromGRPC(err, stream.Trailer())
			}
			for _, e := range msg.GetEntries() {
				out = append(out, Entry{ID: e.GetEntryId(), Data: e.GetData()})
			}
		}
	})
	return out, err
}

// Tail calls fn with every confirmed entry from `from` on, waiting for new ones, until fn returns
// false, the ledger is sealed and read to its end, or ctx ends (its error is returned).
func (l *Ledger) Tail(ctx context.Context, from int64, fn func(Entry) bool) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	stream, err := l.c.ledgerStub().Tail(ctx, &quirev1.TailRequest{LedgerId: l.ID, FromEntryId: from, Password: l.password})
	if err != nil {
		return fromGRPC(err, nil)
	}
	for {
		msg, err := stream.Recv()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fromGRPC(err, stream.Trailer())
		}
		for _, e := range msg.GetEntries() {
			if !fn(Entry{ID: e.GetEntryId(), Data: e.GetData()}) {
				return nil
			}
		}
	}
}

// Close seals the ledger: no appends after it (ErrLedgerClosed with the sealed end).
func (l *Ledger) Close(ctx context.Context) (*quirev1.SealResult, error) {
	var r *quirev1.SealResult
	err := l.c.retried(ctx, func(ctx context.Context, opt grpc.CallOption) (err error) {
		r, err = l.c.ledgerStub().Close(ctx, &quirev1.CloseRequest{LedgerId: l.ID, Password: l.password}, opt)
		return err
	})
	return r, err
}

// Info returns the ledger's metadata (ErrNoSuchLedger when there is none).
func (l *Ledger) Info(ctx context.Context) (*quirev1.LedgerInfo, error) {
	var r *quirev1.LedgerInfo
	err := l.c.retried(ctx, func(ctx context.Context, opt grpc.CallOption) (err error) {
		r, err = l.c.ledgerStub().GetMetadata(ctx, &quirev1.GetMetadataRequest{LedgerId: l.ID}, opt)
		return err
	})
	return r, err
}

// Delete deletes the ledger.
func (l *Ledger) Delete(ctx context.Context) error {
	return l.c.retried(ctx, func(ctx context.Context, opt grpc.CallOption) error {
		_, err := l.c.ledgerStub().Delete(ctx, &quirev1.DeleteRequest{LedgerId: l.ID, Password: l.password}, opt)
		return err
	})
}
