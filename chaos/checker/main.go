// Command checker verifies a chaos history (JSON lines, chaos/history.ts):
//
//   - linearizability of every ledger, named log and cursor against the models in models.go, with
//     porcupine (github.com/anishathalye/porcupine), one partition per object;
//   - exactly-once and no-loss from the final reads: every acknowledged append is in its ledger or
//     log exactly once, no payload is there twice, nothing is there that was never appended.
//
// Usage: go run ./chaos/checker [-timeout 60s] [-viz DIR] history.jsonl
// Prints one JSON summary line on stdout; exit 0 when no anomaly was found, 1 when one was, 2 on
// a usage or input error. A partition porcupine could not decide in time is reported as unknown
// (not an anomaly, not a pass).
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/anishathalye/porcupine"
)

type Anomaly struct {
	Kind   string `json:"kind"` // not-linearizable | lost | duplicated | phantom
	Key    string `json:"key"`
	Detail string `json:"detail"`
}

type Summary struct {
	Operations     int            `json:"operations"`
	ByKind         map[string]int `json:"byKind"`
	ByTransport    map[string]int `json:"byTransport"`
	Outcomes       map[string]int `json:"outcomes"`
	Objects        int            `json:"objects"`
	Linearizable   int            `json:"linearizable"`
	Undecided      []string       `json:"undecided"`
	AckedAppends   int            `json:"ackedAppends"`
	VerifiedAcked  int            `json:"verifiedAcked"`
	UnverifiedKeys []string       `json:"unverifiedKeys"`
	Anomalies      []Anomaly      `json:"anomalies"`
}

func main() {
	timeout := flag.Duration("timeout", 60*time.Second, "porcupine's time budget per object")
	viz := flag.String("viz", "", "directory for an HTML visualization of each non-linearizable object")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: checker [-timeout 60s] [-viz DIR] history.jsonl")
		os.Exit(2)
	}
	ops, err := readHistory(flag.Arg(0))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	sum := Summary{ByKind: map[string]int{}, ByTransport: map[string]int{}, Outcomes: map[string]int{}, Undecided: []string{}, UnverifiedKeys: []string{}, Anomalies: []Anomaly{}}
	for _, op := range ops {
		sum.Operations++
		sum.ByKind[op.Invoke.F]++
		if op.Invoke.Transport != "" {
			sum.ByTransport[op.Invoke.Transport]++
		}
		outcome := "pending"
		if op.Done != nil {
			outcome = op.Done.Type
		}
		sum.Outcomes[outcome]++
	}
	for _, part := range partitionByKey(toPorcupine(ops)) {
		key := part[0].Input.(Input).Key
		sum.Objects++
		res, info := porcupine.CheckOperationsVerbose(quireModel, part, *timeout)
		switch res {
		case porcupine.Ok:
			sum.Linearizable++
		case porcupine.Unknown:
			sum.Undecided = append(sum.Undecided, key)
		case porcupine.Illegal:
			detail := fmt.Sprintf("%d operations, no linearization", len(part))
			if *viz != "" {
				_ = os.MkdirAll(*viz, 0o755)
				p := filepath.Join(*viz, strings.NewReplacer("/", "_").Replace(key)+".html")
				if err := porcupine.VisualizePath(quireModel, info, p); err == nil {
					detail += "; see " + p
				}
			}
			sum.Anomalies = append(sum.Anomalies, Anomaly{Kind: "not-linearizable", Key: key, Detail: detail})
		}
	}
	checkExactlyOnce(ops, &sum)
	out, _ := json.Marshal(sum)
	fmt.Println(string(out))
	if len(sum.Anomalies) > 0 {
		os.Exit(1)
	}
}

// checkExactlyOnce compares the final reads with the appends: acknowledged → exactly once,
// unknown → at most once, never invoked → never.
func checkExactlyOnce(ops []*Op, sum *Summary) {
	acked := map[string]map[string]bool{}   // key → payload → acknowledged
	invoked := map[string]map[string]bool{} // key → payload → invoked at all
	type finalRead struct {
		payloads []string
		via      string
	}
	final := map[string][]finalRead{}
	for _, op := range ops {
		k := op.Invoke.Key
		switch op.Invoke.F {
		case "append", "log-append":
			if invoked[k] == nil {
				invoked[k], acked[k] = map[string]bool{}, map[string]bool{}
			}
			invoked[k][op.Invoke.Payload] = true
			if op.Done != nil && op.Done.Type == "ok" {
				acked[k][op.Invoke.Payload] = true
				sum.AckedAppends++
			}
		case "final", "log-final":
			if op.Done != nil && op.Done.Type == "ok" {
				final[k] = append(final[k], finalRead{op.Done.Payloads, op.Done.Detail})
			}
		}
	}
	keys := make([]string, 0, len(invoked))
	for k := range invoked {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		reads, ok := final[k]
		if !ok {
			sum.UnverifiedKeys = append(sum.UnverifiedKeys, k)
			continue
		}
		verified := true
		for _, fr := range reads {
			where := ""
			if fr.via != "" {
				where = " (final read " + fr.via + ")"
			}
			count := map[string]int{}
			for _, p := range fr.payloads {
				count[p]++
			}
			for p, n := range count {
				switch {
				case !invoked[k][p]:
					sum.Anomalies = append(sum.Anomalies, Anomaly{Kind: "phantom", Key: k, Detail: fmt.Sprintf("%q was never appended%s", p, where)})
				case n > 1:
					sum.Anomalies = append(sum.Anomalies, Anomaly{Kind: "duplicated", Key: k, Detail: fmt.Sprintf("%q is there %d times%s", p, n, where)})
				}
			}
			for p := range acked[k] {
				if count[p] == 0 {
					verified = false
					sum.Anomalies = append(sum.Anomalies, Anomaly{Kind: "lost", Key: k, Detail: fmt.Sprintf("acknowledged %q is not there%s", p, where)})
				}
			}
		}
		if verified {
			sum.VerifiedAcked += len(acked[k])
		}
	}
}
