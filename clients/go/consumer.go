package quire

import (
	"context"
	"errors"
	"io"
	"sync"
	"time"

	quirev1 "github.com/quire/quire/clients/go/gen/quire/v1"
)

// ConsumerOptions tune a Consumer; zero fields take the defaults.
type ConsumerOptions struct {
	// StartAt is where a consumer whose cursor does not exist yet begins (nil: the log's first
	// retained offset).
	StartAt *int64
	// CommitInterval is how often acknowledged offsets are written to the cursor (default 1s;
	// negative: only on Commit and Close).
	CommitInterval time.Duration
	// WaitMs is the tail's long-poll round (0 = the server's default).
	WaitMs uint32
	// MaxRecords bounds one page of the tail (0 = the server's default).
	MaxRecords uint32
	// Retry applies to reconnecting the tail after retryable errors (default 20 tries in a row).
	Retry RetryPolicy
}

// Consumer reads a log through a durable cursor: Next returns every committed record from the
// cursor's offset on, in order, across segments, waiting for new ones; Ack marks everything up
// to an offset done, and the cursor is advanced every CommitInterval (and on Commit and Close).
// After a crash it restarts at the last committed offset: records after it are seen again
// (at-least-once), none is skipped. Next is for one goroutine; Ack and Commit may be called from
// others.
type Consumer struct {
	log    *Log
	cursor string
	opts   ConsumerOptions

	started bool
	pages   chan pageOrErr
	buf     []Message
	cancel  context.CancelFunc
	pumped  chan struct{}

	mu        sync.Mutex
	acked     int64
	committed int64
	stopTick  chan struct{}
	tickDone  chan struct{}
	closeOnce sync.Once
}

type pageOrErr struct {
	msgs []Message
	err  error
}

// Consumer returns a consumer of the log through cursor (created on its first commit).
func (l *Log) Consumer(cursor string, o ConsumerOptions) *Consumer {
	if o.CommitInterval == 0 {
		o.CommitInterval = time.Second
	}
	if o.Retry.Attempts <= 0 {
		o.Retry.Attempts = 20
	}
	return &Consumer{log: l, cursor: cursor, opts: o, acked: -1, committed: -1}
}

// Position is the offset the consumer starts from: its cursor's, or (no cursor yet) StartAt or
// the log's first offset.
func (c *Consumer) Position(ctx context.Context) (int64, error) {
	cur, err := c.log.Cursor(ctx, c.cursor)
	if err == nil {
		return cur.GetOffset(), nil
	}
	if !errors.Is(err, ErrNoSuchCursor) {
		return 0, err
	}
	if c.opts.StartAt != nil {
		return *c.opts.StartAt, nil
	}
	info, err := c.log.Info(ctx)
	if err != nil {
		return 0, err
	}
	return info.GetFirstOffset(), nil
}

// Next returns the next record, waiting for one until ctx ends. A non-retryable error (or one
// that persisted through the retry policy) ends the consumer: Next keeps returning it.
func (c *Consumer) Next(ctx context.Context) (Message, error) {
	if !c.started {
		from, err := c.Position(ctx)
		if err != nil {
			return Message{}, err
		}
		c.started = true
		c.mu.Lock()
		c.committed = from
		c.mu.Unlock()
		// Two pages in hand at most: the gateway's stream waits on HTTP/2 flow control beyond.
		c.pages = make(chan pageOrErr, 2)
		c.pumped = make(chan struct{})
		pctx, cancel := context.WithCancel(context.Background())
		c.cancel = cancel
		go c.pump(pctx, from)
		if c.opts.CommitInterval > 0 {
			c.stopTick, c.tickDone = make(chan struct{}), make(chan struct{})
			go c.autoCommit()
		}
	}
	for len(c.buf) == 0 {
		select {
		case p, ok := <-c.pages:
			if !ok {
				return Message{}, &Error{Code: "SHUTTING_DOWN", Message: "consumer is closed"}
			}
			if p.err != nil {
				// Keep returning it.
				c.buf = nil
				c.pages = closedWith(p)
				return Message{}, p.err
			}
			c.buf = p.msgs
		case <-ctx.Done():
			return Message{}, ctx.Err()
		}
	}
	m := c.buf[0]
	c.buf = c.buf[1:]
	return m, nil
}

func closedWith(p pageOrErr) chan pageOrErr {
	ch := make(chan pageOrErr, 1)
	ch <- p
	return ch
}

// pump follows the log with the Tail stream, reopening it from the next offset after retryable
// errors (a gateway restart) and after the server ends a stream.
func (c *Consumer) pump(ctx context.Context, next int64) {
	defer close(c.pumped)
	policy := c.opts.Retry.withDefaults()
	failures := 0
	for ctx.Err() == nil {
		err := c.follow(ctx, &next, &failures)
		if ctx.Err() != nil {
			return
		}
		if err != nil {
			failures++
			if !IsRetryable(err) || failures >= policy.Attempts {
				select {
				case c.pages <- pageOrErr{err: err}:
				case <-ctx.Done():
				}
				return
			}
			t := time.NewTimer(policy.delay(failures, err))
			select {
			case <-t.C:
			case <-ctx.Done():
				t.Stop()
				return
			}
		}
	}
}

// follow runs one Tail stream until it ends; nil when the server closed it cleanly.
func (c *Consumer) follow(ctx context.Context, next *int64, failures *int) error {
	from := *next
	stream, err := c.log.c.logStub().Tail(ctx, &quirev1.LogTailRequest{Name: c.log.name, FromOffset: &from, WaitMs: c.opts.WaitMs, MaxRecords: c.opts.MaxRecords})
	if err != nil {
		return fromGRPC(err, nil)
	}
	for {
		resp, err := stream.Recv()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fromGRPC(err, stream.Trailer())
		}
		*failures = 0
		p := pageOf(resp)
		if len(p.Messages) == 0 {
			continue
		}
		*next = p.Messages[len(p.Messages)-1].Offset + 1
		select {
		case c.pages <- pageOrErr{msgs: p.Messages}:
		case <-ctx.Done():
			return nil
		}
	}
}

// Ack marks every record up to and including offset as processed.
func (c *Consumer) Ack(offset int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if offset > c.acked {
		c.acked = offset
	}
}

// Commit advances the durable cursor to the last acknowledged offset + 1 (never back).
func (c *Consumer) Commit(ctx context.Context) error {
	c.mu.Lock()
	to := c.acked + 1
	skip := c.acked < 0 || to <= c.committed
	c.mu.Unlock()
	if skip {
		return nil
	}
	if _, err := c.log.AdvanceCursor(ctx, c.cursor, to); err != nil {
		return err
	}
	c.mu.Lock()
	if to > c.committed {
		c.committed = to
	}
	c.mu.Unlock()
	return nil
}

func (c *Consumer) autoCommit() {
	defer close(c.tickDone)
	t := time.NewTicker(c.opts.CommitInterval)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			ctx, cancel := context.WithTimeout(context.Background(), c.opts.CommitInterval*10)
			_ = c.Commit(ctx) // the next tick (or Close) tries again
			cancel()
		case <-c.stopTick:
			return
		}
	}
}

// Close stops following the log and commits what was acknowledged.
func (c *Consumer) Close(ctx context.Context) error {
	c.closeOnce.Do(func() {
		if c.cancel != nil {
			c.cancel()
			<-c.pumped
		}
		if c.stopTick != nil {
			close(c.stopTick)
			<-c.tickDone
		}
	})
	return c.Commit(ctx)
}
