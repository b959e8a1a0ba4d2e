package main

// The history file the node side writes (chaos/history.ts): one JSON object a line, an "invoke"
// line and later one completion line ("ok", "fail" or "info") per operation, paired by id.

import (
	"bufio"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"sort"

	"github.com/anishathalye/porcupine"
)

// Line is one history record. Fields not used by an operation's kind are left empty.
type Line struct {
	Type string `json:"type"` // invoke | ok | fail | info
	ID   int64  `json:"id"`
	Proc int    `json:"proc"`
	Time int64  `json:"time"` // nanoseconds since the run started (monotonic)
	F    string `json:"f"`    // append | read | lac | close | final | log-append | log-read | log-final | cursor-advance | cursor-get
	Key  string `json:"key"`  // L<ledgerId> | G<log> | C<log>/<cursor>
	// Transport is how the client reached the gateway (rest | grpc); counted, not modelled.
	Transport string `json:"transport,omitempty"`

	Payload  string   `json:"payload,omitempty"`
	EntryID  *int64   `json:"entryId,omitempty"`
	Offset   *int64   `json:"offset,omitempty"`
	From     *int64   `json:"from,omitempty"`
	Payloads []string `json:"payloads,omitempty"`
	Missing  bool     `json:"missing,omitempty"`
	Sealed   bool     `json:"sealed,omitempty"`
	Lac      *int64   `json:"lac,omitempty"`
	Error    string   `json:"error,omitempty"`
	Detail   string   `json:"detail,omitempty"`
}

// Op is an operation with its invocation and its completion (nil while it has none).
type Op struct {
	Invoke Line
	Done   *Line
}

// Outcome of an operation as the models see it.
const (
	OutOK      = "ok"
	OutUnknown = "unknown" // timed out, connection lost, a 5xx: may or may not have happened
	OutClosed  = "closed"  // the ledger was sealed (LEDGER_CLOSED): nothing was appended
)

// Input and Output are what porcupine hands the models.
type Input struct {
	F       string
	Key     string
	Payload string
	Offset  int64
	From    int64
}

type Output struct {
	Kind     string
	EntryID  int64
	Offset   int64
	Payload  string
	Payloads []string
	Missing  bool
	Sealed   bool
	Lac      int64
}

func readHistory(path string) ([]*Op, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	byID := map[int64]*Op{}
	var ops []*Op
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	n := 0
	for sc.Scan() {
		n++
		var l Line
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, n, err)
		}
		if l.Type == "invoke" {
			op := &Op{Invoke: l}
			byID[l.ID] = op
			ops = append(ops, op)
			continue
		}
		op, ok := byID[l.ID]
		if !ok {
			return nil, fmt.Errorf("%s:%d: completion of unknown operation %d", path, n, l.ID)
		}
		done := l
		op.Done = &done
	}
	return ops, sc.Err()
}

func i64(p *int64) int64 {
	if p == nil {
		return -1
	}
	return *p
}

// toPorcupine turns the recorded operations into porcupine's form. Operations whose outcome is
// unknown get an infinite return time: the checker may place them anywhere after their invocation,
// including after everything else (which is "it never happened"). Failed reads are dropped (they
// observe nothing).
func toPorcupine(ops []*Op) []porcupine.Operation {
	var out []porcupine.Operation
	for _, op := range ops {
		in := Input{F: op.Invoke.F, Key: op.Invoke.Key, Payload: op.Invoke.Payload, Offset: i64(op.Invoke.Offset), From: i64(op.Invoke.From)}
		o := Output{Kind: OutUnknown}
		ret := int64(math.MaxInt64)
		if d := op.Done; d != nil && d.Type == "ok" {
			o = Output{Kind: OutOK, EntryID: i64(d.EntryID), Offset: i64(d.Offset), Payload: d.Payload, Payloads: d.Payloads, Missing: d.Missing, Sealed: d.Sealed, Lac: i64(d.Lac)}
			ret = d.Time
		} else if d != nil && d.Type == "fail" && d.Error == "LEDGER_CLOSED" && (in.F == "append") {
			o = Output{Kind: OutClosed}
			ret = d.Time
		} else if isRead(in.F) {
			continue
		}
		out = append(out, porcupine.Operation{ClientId: op.Invoke.Proc, Input: in, Call: op.Invoke.Time, Output: o, Return: ret})
	}
	return out
}

func isRead(f string) bool {
	switch f {
	case "read", "lac", "final", "log-read", "log-final", "cursor-get":
		return true
	}
	return false
}

// partitionByKey: ledgers, logs and cursors are independent objects, each checked on its own.
func partitionByKey(history []porcupine.Operation) [][]porcupine.Operation {
	byKey := map[string][]porcupine.Operation{}
	var keys []string
	for _, op := range history {
		k := op.Input.(Input).Key
		if _, ok := byKey[k]; !ok {
			keys = append(keys, k)
		}
		byKey[k] = append(byKey[k], op)
	}
	sort.Strings(keys)
	parts := make([][]porcupine.Operation, 0, len(keys))
	for _, k := range keys {
		parts = append(parts, byKey[k])
	}
	return parts
}
