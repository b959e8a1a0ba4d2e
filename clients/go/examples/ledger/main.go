// Quire's raw ledgers over gRPC with the Go SDK: create a ledger, append (exactly-once), tail it,
// close it, and handle the gateway's typed errors. Prints a JSON summary (test/clients/examples.test.ts).
//
//	go run ./examples/ledger --target 127.0.0.1:9090
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"log"
	"os"
	"time"

	quire "github.com/quire/quire/clients/go"
	quirev1 "github.com/quire/quire/clients/go/gen/quire/v1"
)

func main() {
	target := flag.String("target", "127.0.0.1:9090", "gateway gRPC address host:port")
	entries := flag.Int("entries", 5, "entries to append")
	flag.Parse()
	if err := run(*target, *entries); err != nil {
		log.Printf("example failed: %v", err)
		os.Exit(1)
	}
}

func run(target string, n int) error {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	c, err := quire.Dial(ctx, target)
	if err != nil {
		return err
	}
	defer c.Close()

	// Exactly-once appends need the envelope format (default: raw bytes, as sent).
	l, _, err := c.Ledgers().Create(ctx, quire.LedgerOptions{EnsembleSize: 3, WriteQuorumSize: 2, AckQuorumSize: 2,
		DigestType: quirev1.DigestType_DIGEST_TYPE_CRC32C, Password: []byte("example-secret"),
		CustomMetadata: map[string]string{"app": "go-example"}, EntryFormat: quirev1.EntryFormat_ENTRY_FORMAT_ENVELOPE})
	if err != nil {
		return fmt.Errorf("create: %w", err)
	}
	fmt.Printf("created ledger %d\n", l.ID)

	// (producer, sequence) makes retries of an append safe, even through another gateway.
	producer := fmt.Sprintf("go-%d", time.Now().UnixNano())
	for seq := 0; seq < n; seq++ {
		r, err := l.AppendOnce(ctx, fmt.Appendf(nil, "event %d", seq), producer, uint64(seq))
		if err != nil {
			return fmt.Errorf("append %d: %w", seq, err)
		}
		fmt.Printf("appended entry %d (lac %d, write set %v)\n", r.GetEntryId(), r.GetLastAddConfirmed(), r.GetWriteSet())
	}
	dup, err := l.AppendOnce(ctx, []byte("event 0"), producer, 0)
	if err != nil {
		return fmt.Errorf("replay: %w", err)
	}
	if !dup.GetDuplicate() || dup.GetEntryId() != 0 {
		return fmt.Errorf("replay of sequence 0 was not recognised: %v", dup)
	}

	tailed := 0
	if err := l.Tail(ctx, 0, func(e quire.Entry) bool {
		tailed++
		return tailed < n
	}); err != nil {
		return fmt.Errorf("tail: %w", err)
	}
	fmt.Printf("tailed %d entries\n", tailed)

	sealed, err := l.Close(ctx)
	if err != nil {
		return fmt.Errorf("close: %w", err)
	}
	fmt.Printf("closed: last entry %d\n", sealed.GetLastEntryId())

	// Typed errors: after close, appends fail with LEDGER_CLOSED and the sealed end.
	_, closedErr := l.Append(ctx, []byte("late"))
	var qe *quire.Error
	if !errors.Is(closedErr, quire.ErrLedgerClosed) || !errors.As(closedErr, &qe) || qe.LastEntryID == nil {
		return fmt.Errorf("append after close: want LEDGER_CLOSED, got %v", closedErr)
	}
	_, missingErr := c.Ledgers().Open(1<<62, nil).Info(ctx)
	var me *quire.Error
	if !errors.Is(missingErr, quire.ErrNoSuchLedger) || !errors.As(missingErr, &me) {
		return fmt.Errorf("unknown ledger: want NO_SUCH_LEDGER, got %v", missingErr)
	}

	out, _ := json.Marshal(map[string]any{
		"ok": true, "ledgerId": fmt.Sprint(l.ID), "appended": n, "tailed": tailed, "lastEntryId": sealed.GetLastEntryId(),
		"duplicateReplayed": dup.GetDuplicate(), "closedError": qe.Code, "closedLastEntryId": *qe.LastEntryID,
		"closedRetryable": qe.Retryable, "missingError": me.Code,
	})
	fmt.Println(string(out))
	return nil
}
