package quire_test

import (
	"context"
	"errors"
	"net"
	"testing"
	"time"

	quire "github.com/quire/quire/clients/go"
)

// Flow control: with the one batch in flight stuck (no gateway answers, so it keeps retrying
// UNAVAILABLE) and MaxQueuedRecords queued, Send blocks until its context ends; Close with an
// expired context fails what is left instead of waiting.
func TestProducerSendBlocksWhenQueueIsFull(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close() // nothing listens there now: every call fails UNAVAILABLE (retryable)
	ctx := context.Background()
	c, err := quire.Dial(ctx, addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	p := c.Log("nowhere").Producer(quire.ProducerOptions{MaxBatchRecords: 1, MaxQueuedRecords: 1, Retry: quire.RetryPolicy{Attempts: 1 << 20, MaxDelay: time.Second}})
	a, err := p.Send(ctx, quire.Record{Data: []byte("a")})
	if err != nil {
		t.Fatal(err)
	}
	// b fits once a is taken into the (stuck) batch; c cannot fit until a is done, which it never is.
	b, err := p.Send(ctx, quire.Record{Data: []byte("b")})
	if err != nil {
		t.Fatal(err)
	}
	short, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
	defer cancel()
	if _, err := p.Send(short, quire.Record{Data: []byte("c")}); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("a full queue: want Send to block until its deadline, got %v", err)
	}
	expired, cancel2 := context.WithCancel(ctx)
	cancel2()
	if err := p.Close(expired); err == nil {
		t.Fatal("Close with an expired context cannot have flushed")
	}
	for name, pe := range map[string]*quire.Pending{"a": a, "b": b} {
		if _, err := pe.Wait(ctx); err == nil {
			t.Fatalf("record %s: acknowledged with no gateway", name)
		}
	}
	if _, err := p.Send(ctx, quire.Record{Data: []byte("d")}); !errors.Is(err, quire.ErrShuttingDown) {
		t.Fatalf("Send after Close: %v", err)
	}
}
