package quire

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"sync"
	"sync/atomic"
	"time"
)

// ProducerOptions tune a Producer; zero fields take the defaults.
type ProducerOptions struct {
	// ProducerID names the producer for exactly-once appends (default "p-" + 16 random bytes).
	// Reuse an id after a restart only together with a FirstSequence above its earlier ones.
	ProducerID string
	// FirstSequence is the sequence of the first record (default: the current time in
	// microseconds, so a restarted producer with the same id stays above its earlier sequences).
	FirstSequence int64
	// MaxBatchRecords bounds the records of one append (default 100; the gateway caps it at its
	// maxBatchEntries).
	MaxBatchRecords int
	// MaxBatchBytes bounds the payload bytes of one append (default 1 MiB); a larger record is
	// sent alone.
	MaxBatchBytes int
	// Linger is how long a batch waits for more records once its first one arrived (default 5ms;
	// negative: no wait, send what is queued).
	Linger time.Duration
	// MaxQueuedRecords bounds records waiting to be sent (default 10 000): Send blocks beyond it
	// (flow control), until its context ends.
	MaxQueuedRecords int
	// Retry applies to batches failing with a retryable error (default 20 tries, 50ms doubling
	// to 5s): every retry carries the same sequences, so the gateway never stores a copy twice.
	Retry RetryPolicy
}

// Producer appends records to a log exactly once. Records are sent in batches, one batch in
// flight at a time (which keeps the log in send order), each with the producer's next
// sequences. A batch failing with a retryable error (a gateway restarting, a lost connection,
// backpressure) is sent again with the same sequences through whatever gateway instance the
// client reaches; the gateway answers a repeat with the first receipts. Other errors fail that
// batch's records; their sequences are skipped (gaps are allowed). Safe for concurrent use.
type Producer struct {
	log      *Log
	id       string
	opts     ProducerOptions
	queue    chan item
	stop     chan struct{}
	exited   chan struct{}
	closed   atomic.Bool
	ctx      context.Context
	cancel   context.CancelFunc
	stopOnce sync.Once
	sequence int64
}

// item is one queued record, or (flush != nil) a flush marker.
type item struct {
	record  Record
	pending *Pending
	flush   chan struct{}
}

// Pending is the outcome of one sent record.
type Pending struct {
	done    chan struct{}
	receipt Receipt
	err     error
}

// Wait blocks until the record is acknowledged (durable) or failed, or ctx ends.
func (p *Pending) Wait(ctx context.Context) (Receipt, error) {
	select {
	case <-p.done:
		return p.receipt, p.err
	case <-ctx.Done():
		return Receipt{}, ctx.Err()
	}
}

// Done is closed once the outcome is known.
func (p *Pending) Done() <-chan struct{} { return p.done }

func (p *Pending) settle(r Receipt, err error) {
	p.receipt, p.err = r, err
	close(p.done)
}

// Producer starts a producer on the log. Close it to flush and stop.
func (l *Log) Producer(o ProducerOptions) *Producer {
	if o.ProducerID == "" {
		b := make([]byte, 16)
		_, _ = rand.Read(b)
		o.ProducerID = "p-" + hex.EncodeToString(b)
	}
	if o.FirstSequence == 0 {
		o.FirstSequence = time.Now().UnixMicro()
	}
	if o.MaxBatchRecords <= 0 {
		o.MaxBatchRecords = 100
	}
	if o.MaxBatchBytes <= 0 {
		o.MaxBatchBytes = 1 << 20
	}
	if o.Linger == 0 {
		o.Linger = 5 * time.Millisecond
	}
	if o.MaxQueuedRecords <= 0 {
		o.MaxQueuedRecords = 10_000
	}
	if o.Retry.Attempts <= 0 {
		o.Retry.Attempts = 20
	}
	ctx, cancel := context.WithCancel(context.Background())
	p := &Producer{log: l, id: o.ProducerID, opts: o, queue: make(chan item, o.MaxQueuedRecords), stop: make(chan struct{}), exited: make(chan struct{}),
		ctx: ctx, cancel: cancel, sequence: o.FirstSequence}
	go p.run()
	return p
}

// ID is the producer id its appends carry.
func (p *Producer) ID() string { return p.id }

// Send queues a record and returns at once with its Pending outcome; it blocks only while
// MaxQueuedRecords records wait (flow control), until ctx ends.
func (p *Producer) Send(ctx context.Context, r Record) (*Pending, error) {
	if p.closed.Load() {
		return nil, &Error{Code: "SHUTTING_DOWN", Message: "producer is closed"}
	}
	pe := &Pending{done: make(chan struct{})}
	select {
	case p.queue <- item{record: r, pending: pe}:
		return pe, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// Append sends one record and waits for its receipt.
func (p *Producer) Append(ctx context.Context, r Record) (Receipt, error) {
	pe, err := p.Send(ctx, r)
	if err != nil {
		return Receipt{}, err
	}
	return pe.Wait(ctx)
}

// Flush waits until every record sent before it is acknowledged or failed.
func (p *Producer) Flush(ctx context.Context) error {
	done := make(chan struct{})
	select {
	case p.queue <- item{flush: done}:
	case <-ctx.Done():
		return ctx.Err()
	case <-p.exited:
		return nil
	}
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Close refuses new records, flushes the queued ones and stops. When ctx ends first, batches
// still queued fail with SHUTTING_DOWN (a batch in flight may or may not be written).
func (p *Producer) Close(ctx context.Context) error {
	p.closed.Store(true)
	err := p.Flush(ctx)
	p.stopOnce.Do(func() { close(p.stop) })
	if err != nil {
		p.cancel()
	}
	<-p.exited
	p.cancel()
	// Records that slipped in after the flush marker.
	for {
		select {
		case it := <-p.queue:
			if it.flush != nil {
				close(it.flush)
			} else {
				it.pending.settle(Receipt{}, &Error{Code: "SHUTTING_DOWN", Message: "producer is closed"})
			}
		default:
			return err
		}
	}
}

func (p *Producer) run() {
	defer close(p.exited)
	var carry *item
	for {
		var first item
		if carry != nil {
			first, carry = *carry, nil
		} else {
			select {
			case first = <-p.queue:
			case <-p.stop:
				return
			}
		}
		if first.flush != nil {
			close(first.flush)
			continue
		}
		batch := []item{first}
		bytes := len(first.record.Data)
		var flush chan struct{}
		var linger <-chan time.Time
		var timer *time.Timer
		if p.opts.Linger > 0 {
			timer = time.NewTimer(p.opts.Linger)
			linger = timer.C
		}
	collect:
		for len(batch) < p.opts.MaxBatchRecords {
			var it item
			if linger != nil {
				select {
				case it = <-p.queue:
				case <-linger:
					break collect
				case <-p.stop:
					break collect
				}
			} else {
				select {
				case it = <-p.queue:
				default:
					break collect
				}
			}
			if it.flush != nil {
				flush = it.flush
				break
			}
			if bytes+len(it.record.Data) > p.opts.MaxBatchBytes {
				carry = &it
				break
			}
			batch = append(batch, it)
			bytes += len(it.record.Data)
		}
		if timer != nil {
			timer.Stop()
		}
		p.send(batch)
		if flush != nil {
			close(flush)
		}
	}
}

// send appends one batch with the next sequences, retrying retryable failures with them.
func (p *Producer) send(batch []item) {
	first := p.sequence
	p.sequence += int64(len(batch))
	records := make([]Record, len(batch))
	for i, it := range batch {
		records[i] = it.record
	}
	var receipts []Receipt
	err := retryIf(p.ctx, p.opts.Retry, sequencedRetryable, func() (err error) {
		receipts, err = p.log.appendOnce(p.ctx, records, AppendOptions{ProducerID: p.id, Sequence: &first})
		return err
	})
	if err == nil && len(receipts) != len(batch) {
		err = &Error{Code: "INTERNAL", Message: "the gateway returned a receipt count unlike the batch's"}
	}
	for i, it := range batch {
		if err != nil {
			it.pending.settle(Receipt{}, err)
		} else {
			it.pending.settle(receipts[i], nil)
		}
	}
}

// sequencedRetryable: a sequenced append may be repeated whenever its outcome is unknown too,
// since the gateway recognises (producer, sequence) and returns the first receipts.
func sequencedRetryable(err error) bool {
	return IsRetryable(err) || errors.Is(err, ErrAppendOutcomeUnknown) || errors.Is(err, ErrUnavailable)
}
