package quire

import (
	"context"

	quirev1 "github.com/quire/quire/clients/go/gen/quire/v1"

	"google.golang.org/grpc"
)

// Log is a named log: records at dense offsets across segments (docs/logs.md). It is a handle;
// nothing is sent until a method is called.
type Log struct {
	c    *Client
	name string
}

// Log returns the handle of log name.
func (c *Client) Log(name string) *Log { return &Log{c: c, name: name} }

// Name is the log's name.
func (l *Log) Name() string { return l.name }

// Header is one record header.
type Header struct {
	Name  string
	Value []byte
}

// Record is what a producer sends. Key, Headers and Timestamp (ms since the epoch; 0 = the
// writer's clock) are optional.
type Record struct {
	Data        []byte
	Key         []byte
	Headers     []Header
	TimestampMs int64
}

// Message is a record read back from the log.
type Message struct {
	Offset      int64
	TimestampMs int64
	Key         []byte
	Headers     []Header
	ProducerID  string
	// Sequence is the producer's sequence of the record (-1 when written without one).
	Sequence int64
	Data     []byte
}

// Receipt acknowledges one record: durable on an ack quorum of fsync'd bookies.
type Receipt struct {
	Offset           int64
	LedgerID         uint64
	EntryID          int64
	LastAddConfirmed int64
	WriteSet         []string
	AckQuorumSize    uint32
	// Duplicate is true when the gateway had this (producer, sequence) already: the receipt is
	// the first write's.
	Duplicate bool
}

// LogOptions creates a log; zero fields take the gateway's defaults.
type LogOptions struct {
	EnsembleSize, WriteQuorumSize, AckQuorumSize uint32
	Rollover                                     *quirev1.LogRolloverPolicy
	Retention                                    *quirev1.LogRetentionPolicy
}

// Create creates the log (ErrLogExists when the name is taken).
func (l *Log) Create(ctx context.Context, o LogOptions) (*quirev1.LogInfo, error) {
	var info *quirev1.LogInfo
	err := l.c.once(ctx, func(ctx context.Context, opt grpc.CallOption) (err error) {
		info, err = l.c.logStub().CreateLog(ctx, &quirev1.CreateLogRequest{Name: l.name, EnsembleSize: o.EnsembleSize, WriteQuorumSize: o.WriteQuorumSize,
			AckQuorumSize: o.AckQuorumSize, Rollover: o.Rollover, Retention: o.Retention}, opt)
		return err
	})
	return info, err
}

// Info returns the log's segments, first and next offsets.
func (l *Log) Info(ctx context.Context) (*quirev1.LogInfo, error) {
	var info *quirev1.LogInfo
	err := l.c.retried(ctx, func(ctx context.Context, opt grpc.CallOption) (err error) {
		info, err = l.c.logStub().GetLog(ctx, &quirev1.GetLogRequest{Name: l.name}, opt)
		return err
	})
	return info, err
}

// Delete deletes the log, its segments and cursors.
func (l *Log) Delete(ctx context.Context) error {
	return l.c.retried(ctx, func(ctx context.Context, opt grpc.CallOption) error {
		_, err := l.c.logStub().DeleteLog(ctx, &quirev1.DeleteLogRequest{Name: l.name}, opt)
		return err
	})
}

// AppendOptions: with ProducerID and Sequence set, record i has Sequence+i and the append is
// exactly-once (retried on retryable errors; a repeat returns the first receipts). With
// ExpectedOffset the first record must get that offset (ErrAppendConflict otherwise).
type AppendOptions struct {
	ProducerID     string
	Sequence       *int64
	ExpectedOffset *int64
}

// Append appends a batch in one call. Without a producer id and sequence it is sent once: a lost
// answer leaves its outcome unknown. The Producer is the usual way to write.
func (l *Log) Append(ctx context.Context, records []Record, o AppendOptions) ([]Receipt, error) {
	if o.ProducerID != "" && o.Sequence != nil {
		var out []Receipt
		err := retry(ctx, l.c.cfg.retry, func() (err error) {
			out, err = l.appendOnce(ctx, records, o)
			return err
		})
		return out, err
	}
	return l.appendOnce(ctx, records, o)
}

// appendOnce sends one append call.
func (l *Log) appendOnce(ctx context.Context, records []Record, o AppendOptions) ([]Receipt, error) {
	req := &quirev1.LogAppendRequest{Name: l.name, ProducerId: o.ProducerID, Sequence: o.Sequence, ExpectedOffset: o.ExpectedOffset}
	for _, r := range records {
		in := &quirev1.RecordInput{Data: r.Data, Key: r.Key}
		if r.TimestampMs != 0 {
			ts := r.TimestampMs
			in.TimestampMs = &ts
		}
		for _, h := range r.Headers {
			in.Headers = append(in.Headers, &quirev1.RecordHeader{Name: h.Name, Value: h.Value})
		}
		req.Records = append(req.Records, in)
	}
	var resp *quirev1.LogAppendResponse
	call := func(ctx context.Context, opt grpc.CallOption) (err error) {
		resp, err = l.c.logStub().Append(ctx, req, opt)
		return err
	}
	if err := l.c.once(ctx, call); err != nil {
		return nil, err
	}
	out := make([]Receipt, 0, len(resp.GetReceipts()))
	for _, r := range resp.GetReceipts() {
		out = append(out, Receipt{Offset: r.GetOffset(), LedgerID: r.GetLedgerId(), EntryID: r.GetEntryId(), LastAddConfirmed: r.GetLastAddConfirmed(),
			WriteSet: r.GetWriteSet(), AckQuorumSize: r.GetAckQuorumSize(), Duplicate: r.GetDuplicate()})
	}
	return out, nil
}

// Page is one page of committed records.
type Page struct {
	Messages    []Message
	NextOffset  int64
	FirstOffset int64
	EndOffset   int64
}

// Read returns one page from offset `from` (at most maxRecords; 0 = the server's default).
func (l *Log) Read(ctx context.Context, from int64, maxRecords uint32) (Page, error) {
	var resp *quirev1.LogReadResponse
	err := l.c.retried(ctx, func(ctx context.Context, opt grpc.CallOption) (err error) {
		resp, err = l.c.logStub().Read(ctx, &quirev1.LogReadRequest{Name: l.name, FromOffset: &from, MaxRecords: maxRecords}, opt)
		return err
	})
	if err != nil {
		return Page{}, err
	}
	return pageOf(resp), nil
}

// ReadAll reads every committed record from `from` to the end offset the first page reported.
func (l *Log) ReadAll(ctx context.Context, from int64) ([]Message, error) {
	var out []Message
	end := int64(-1)
	for end < 0 || from < end {
		p, err := l.Read(ctx, from, 0)
		if err != nil {
			return out, err
		}
		if end < 0 {
			end = p.EndOffset
		}
		out = append(out, p.Messages...)
		if len(p.Messages) == 0 || p.NextOffset <= from {
			break
		}
		from = p.NextOffset
	}
	return out, nil
}

// Truncate drops every record below before (whole segments).
func (l *Log) Truncate(ctx context.Context, before int64) (*quirev1.TruncateLogResponse, error) {
	var resp *quirev1.TruncateLogResponse
	err := l.c.retried(ctx, func(ctx context.Context, opt grpc.CallOption) (err error) {
		resp, err = l.c.logStub().Truncate(ctx, &quirev1.TruncateLogRequest{Name: l.name, BeforeOffset: before}, opt)
		return err
	})
	return resp, err
}

// Cursor returns a durable cursor (ErrNoSuchCursor when it does not exist).
func (l *Log) Cursor(ctx context.Context, cursor string) (*quirev1.Cursor, error) {
	var c *quirev1.Cursor
	err := l.c.retried(ctx, func(ctx context.Context, opt grpc.CallOption) (err error) {
		c, err = l.c.logStub().GetCursor(ctx, &quirev1.GetCursorRequest{Name: l.name, Cursor: cursor}, opt)
		return err
	})
	return c, err
}

// AdvanceCursor acknowledges everything below offset; it never moves a cursor back, so it is
// safe to retry.
func (l *Log) AdvanceCursor(ctx context.Context, cursor string, offset int64) (*quirev1.Cursor, error) {
	var c *quirev1.Cursor
	err := l.c.retried(ctx, func(ctx context.Context, opt grpc.CallOption) (err error) {
		c, err = l.c.logStub().AdvanceCursor(ctx, &quirev1.AdvanceCursorRequest{Name: l.name, Cursor: cursor, Offset: offset}, opt)
		return err
	})
	return c, err
}

func pageOf(r *quirev1.LogReadResponse) Page {
	p := Page{NextOffset: r.GetNextOffset(), FirstOffset: r.GetFirstOffset(), EndOffset: r.GetEndOffset()}
	for _, m := range r.GetRecords() {
		msg := Message{Offset: m.GetOffset(), TimestampMs: m.GetTimestampMs(), Key: m.Key, ProducerID: m.GetProducerId(), Sequence: -1, Data: m.GetData()}
		if m.Sequence != nil {
			msg.Sequence = *m.Sequence
		}
		for _, h := range m.GetHeaders() {
			msg.Headers = append(msg.Headers, Header{Name: h.GetName(), Value: h.GetValue()})
		}
		p.Messages = append(p.Messages, msg)
	}
	return p
}

// once runs one unary call with the per-call timeout.
func (c *Client) once(ctx context.Context, f func(context.Context, grpc.CallOption) error) error {
	cctx, cancel := c.callCtx(ctx)
	defer cancel()
	return unary(func(opt grpc.CallOption) error { return f(cctx, opt) })
}

// retried runs an idempotent unary call under the client's retry policy.
func (c *Client) retried(ctx context.Context, f func(context.Context, grpc.CallOption) error) error {
	return retry(ctx, c.cfg.retry, func() error { return c.once(ctx, f) })
}
