// The cross-language scenario (test/clients/scenario/README.md) with the Go SDK's public API only
// (package quire): `produce <log> <n>`, `consume <log> <cursor> <count>`.
// Gateway: QUIRE_ENDPOINT (gRPC host:port); the produce step's kill: QUIRE_CONTROL_URL.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"time"

	quire "github.com/quire/quire/clients/go"
	quirev1 "github.com/quire/quire/clients/go/gen/quire/v1"
)

const lang = "go"

// retryPolicy outlasts a `quire local` restart on a loaded machine (the process starts three bookies first).
var retryPolicy = quire.RetryPolicy{Attempts: 300, BaseDelay: 50 * time.Millisecond, MaxDelay: time.Second}

func need(name string) string {
	v := os.Getenv(name)
	if v == "" {
		fail(fmt.Errorf("%s is not set (test/clients/cross-language.test.ts sets it)", name))
	}
	return v
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "scenario:", err)
	os.Exit(1)
}

func printJSON(v any) {
	b, err := json.Marshal(v)
	if err != nil {
		fail(err)
	}
	fmt.Println(string(b))
}

func produce(ctx context.Context, c *quire.Client, name string, n int) {
	log := c.Log(name)
	if _, err := log.Create(ctx, quire.LogOptions{Rollover: &quirev1.LogRolloverPolicy{MaxEntries: 64}}); err != nil {
		fail(err)
	}
	p := log.Producer(quire.ProducerOptions{ProducerID: "xlang-" + lang, FirstSequence: 1, MaxBatchRecords: 10, Linger: time.Millisecond, Retry: retryPolicy})
	half := n / 2
	pending := make([]*quire.Pending, 0, n)
	for i := range n {
		pe, err := p.Send(ctx, quire.Record{Data: fmt.Appendf(nil, "%s-%d", lang, i)})
		if err != nil {
			fail(err)
		}
		pending = append(pending, pe)
		if i == half {
			if _, err := pending[half-1].Wait(ctx); err != nil {
				fail(err)
			}
			resp, err := http.Post(need("QUIRE_CONTROL_URL")+"/kill-gateway", "text/plain", nil)
			if err != nil {
				fail(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				fail(fmt.Errorf("kill-gateway answered %d", resp.StatusCode))
			}
		}
	}
	if err := p.Close(ctx); err != nil {
		fail(err)
	}
	seen := map[int64]bool{}
	acked, duplicates, retries := 0, 0, 0
	for i, pe := range pending {
		r, err := pe.Wait(ctx)
		if err != nil {
			fail(fmt.Errorf("record %d: %w", i, err))
		}
		acked++
		if seen[r.Offset] {
			duplicates++
		}
		seen[r.Offset] = true
		if r.Duplicate {
			retries++
		}
	}
	gaps := 0
	for i := range int64(n) {
		if !seen[i] {
			gaps++
		}
	}
	printJSON(map[string]any{"scenario": "produce", "lang": lang, "log": name, "producerId": p.ID(), "sent": n, "acked": acked,
		"duplicates": duplicates, "gaps": gaps, "recognisedRetries": retries})
}

type record struct {
	Offset     int64  `json:"offset"`
	ProducerID string `json:"producerId"`
	Sequence   int64  `json:"sequence"`
	Data       []byte `json:"data"` // encoding/json writes []byte in base64
}

func consume(ctx context.Context, c *quire.Client, name, cursor string, count int) {
	log := c.Log(name)
	cons := log.Consumer(cursor, quire.ConsumerOptions{WaitMs: 1000})
	start, err := cons.Position(ctx)
	if err != nil {
		fail(err)
	}
	records := make([]record, 0, count)
	duplicates, gaps, expected := 0, 0, start
	for len(records) < count {
		m, err := cons.Next(ctx)
		if err != nil {
			fail(err)
		}
		if m.Offset < expected {
			duplicates++
		} else if m.Offset > expected {
			gaps++
		}
		expected = m.Offset + 1
		records = append(records, record{Offset: m.Offset, ProducerID: m.ProducerID, Sequence: m.Sequence, Data: m.Data})
		cons.Ack(m.Offset)
	}
	if err := cons.Close(ctx); err != nil {
		fail(err)
	}
	info, err := log.Info(ctx)
	if err != nil {
		fail(err)
	}
	printJSON(map[string]any{"scenario": "consume", "lang": lang, "log": name, "cursor": cursor, "start": start, "read": len(records),
		"duplicates": duplicates, "gaps": gaps, "end": info.GetNextOffset(), "records": records})
}

func main() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	args := os.Args[1:]
	c, err := quire.Dial(ctx, need("QUIRE_ENDPOINT"), quire.WithTimeout(30*time.Second), quire.WithRetry(retryPolicy))
	if err != nil {
		fail(err)
	}
	defer c.Close()
	switch {
	case len(args) == 3 && args[0] == "produce":
		n, err := strconv.Atoi(args[2])
		if err != nil {
			fail(err)
		}
		produce(ctx, c, args[1], n)
	case len(args) == 4 && args[0] == "consume":
		count, err := strconv.Atoi(args[3])
		if err != nil {
			fail(err)
		}
		consume(ctx, c, args[1], args[2], count)
	default:
		fmt.Fprintln(os.Stderr, "usage: scenario produce <log> <n> | consume <log> <cursor> <count>")
		os.Exit(2)
	}
}
