// Quire over gRPC from Go: create a ledger, append (exactly-once), tail it, close it, and handle
// the gateway's typed errors. Stubs: gen/quire/v1 (scripts/gen-clients.sh).
//
//	go run . --target 127.0.0.1:9090
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"time"

	quirev1 "quire.io/gen/quire/v1"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
)

var password = []byte("example-secret")

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
	conn, err := grpc.NewClient(target, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		return err
	}
	defer conn.Close()
	client := quirev1.NewLedgerServiceClient(conn)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()

	var ledger *quirev1.LedgerInfo
	if err := Call(func(md *Trailer) (err error) {
		ledger, err = client.CreateLedger(ctx, &quirev1.CreateLedgerRequest{
			EnsembleSize: 3, WriteQuorumSize: 2, AckQuorumSize: 2,
			DigestType: quirev1.DigestType_DIGEST_TYPE_CRC32C, Password: password,
			CustomMetadata: map[string]string{"app": "go-example"},
			// Exactly-once appends need the envelope format (default: raw bytes, as sent).
			EntryFormat: quirev1.EntryFormat_ENTRY_FORMAT_ENVELOPE,
		}, md.Option())
		return err
	}); err != nil {
		return fmt.Errorf("create: %w", err)
	}
	id := ledger.GetLedgerId()
	fmt.Printf("created ledger %d\n", id)

	// Exactly-once: (producer, sequence) makes retries of an append safe, even through another gateway.
	producer := fmt.Sprintf("go-%d", time.Now().UnixNano())
	for seq := 0; seq < n; seq++ {
		s := uint64(seq)
		var r *quirev1.DurabilityReceipt
		err := WithRetries(ctx, 5, func(md *Trailer) (err error) {
			r, err = client.Append(ctx, &quirev1.AppendRequest{LedgerId: id, Data: []byte(fmt.Sprintf("event %d", seq)),
				Password: password, ProducerId: producer, Sequence: &s}, md.Option())
			return err
		})
		if err != nil {
			return fmt.Errorf("append %d: %w", seq, err)
		}
		fmt.Printf("appended entry %d (lac %d, write set %v)\n", r.GetEntryId(), r.GetLastAddConfirmed(), r.GetWriteSet())
	}
	zero := uint64(0)
	var dup *quirev1.DurabilityReceipt
	if err := Call(func(md *Trailer) (err error) {
		dup, err = client.Append(ctx, &quirev1.AppendRequest{LedgerId: id, Data: []byte("event 0"), Password: password, ProducerId: producer, Sequence: &zero}, md.Option())
		return err
	}); err != nil {
		return fmt.Errorf("replay: %w", err)
	}
	if !dup.GetDuplicate() || dup.GetEntryId() != 0 {
		return fmt.Errorf("replay of sequence 0 was not recognised: %v", dup)
	}

	// Tail from entry 0 until all n entries arrived.
	tailCtx, stopTail := context.WithCancel(ctx)
	stream, err := client.Tail(tailCtx, &quirev1.TailRequest{LedgerId: id, FromEntryId: 0, Password: password, WaitMs: 1000})
	if err != nil {
		stopTail()
		return fmt.Errorf("tail: %w", FromGRPC(err, nil))
	}
	tailed := 0
	for tailed < n {
		msg, err := stream.Recv()
		if err == io.EOF {
			break
		}
		if err != nil {
			stopTail()
			return fmt.Errorf("tail: %w", FromGRPC(err, stream.Trailer()))
		}
		for _, e := range msg.GetEntries() {
			if e.GetEntryId() != int64(tailed) {
				stopTail()
				return fmt.Errorf("tail: entry %d out of order (want %d)", e.GetEntryId(), tailed)
			}
			tailed++
		}
	}
	stopTail()
	fmt.Printf("tailed %d entries\n", tailed)

	var sealed *quirev1.SealResult
	if err := Call(func(md *Trailer) (err error) {
		sealed, err = client.Close(ctx, &quirev1.CloseRequest{LedgerId: id, Password: password}, md.Option())
		return err
	}); err != nil {
		return fmt.Errorf("close: %w", err)
	}
	fmt.Printf("closed: last entry %d, length %d\n", sealed.GetLastEntryId(), sealed.GetLength())

	// Typed errors: after close, appends fail with LEDGER_CLOSED and the sealed end.
	closedErr := Call(func(md *Trailer) error {
		_, err := client.Append(ctx, &quirev1.AppendRequest{LedgerId: id, Data: []byte("late"), Password: password}, md.Option())
		return err
	})
	var qe *QuireError
	if !errors.As(closedErr, &qe) || qe.Code != "LEDGER_CLOSED" {
		return fmt.Errorf("append after close: want LEDGER_CLOSED, got %v", closedErr)
	}
	fmt.Printf("append after close -> %s (retryable=%v, last entry %v)\n", qe.Code, qe.Retryable, *qe.LastEntryID)
	missingErr := Call(func(md *Trailer) error {
		_, err := client.GetMetadata(ctx, &quirev1.GetMetadataRequest{LedgerId: 1 << 62}, md.Option())
		return err
	})
	var me *QuireError
	if !errors.As(missingErr, &me) || me.Status != codes.NotFound {
		return fmt.Errorf("unknown ledger: want NOT_FOUND, got %v", missingErr)
	}
	fmt.Printf("unknown ledger -> %s (%s)\n", me.Code, me.Status)

	out, _ := json.Marshal(map[string]any{
		"ok": true, "ledgerId": fmt.Sprint(id), "appended": n, "tailed": tailed, "lastEntryId": sealed.GetLastEntryId(),
		"duplicateReplayed": dup.GetDuplicate(), "closedError": qe.Code, "closedLastEntryId": *qe.LastEntryID,
		"closedRetryable": qe.Retryable, "missingError": me.Code,
	})
	fmt.Println(string(out))
	return nil
}
