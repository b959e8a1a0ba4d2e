package main

// The sequential specifications the history is checked against. One object per porcupine
// partition, told apart by the key's first letter:
//
//   L<ledgerId>       a ledger: an append-only list of payloads with dense entry ids from 0, open
//                     until closed (by the client, or sealed by a gateway's recovery); once closed
//                     its last entry id never changes and appends are refused.
//   G<log>            a named log: an append-only list of records with dense offsets from 0.
//   C<log>/<cursor>   a durable cursor: an offset that only moves forward.
//
// Reads are allowed to lag (a gateway that is not the writer learns the LAC late), so a read that
// finds nothing is always legal; a read that finds something must find exactly what was appended
// at that position. "final" operations read everything after the run, with every fault healed, and
// must see exactly the list of entries: this is where an acknowledged append that vanished shows.

import (
	"fmt"
	"hash/fnv"
	"strings"

	"github.com/anishathalye/porcupine"
)

type objState struct {
	entries []string // never mutated: every step that appends makes a new slice
	closed  bool
	cursor  int64
}

func (s objState) with(payload string) objState {
	e := make([]string, len(s.entries)+1)
	copy(e, s.entries)
	e[len(s.entries)] = payload
	return objState{entries: e, closed: s.closed, cursor: s.cursor}
}

func (s objState) last() int64 { return int64(len(s.entries)) - 1 }

func (s objState) holds(from int64, payloads []string) bool {
	if from < 0 || from+int64(len(payloads)) > int64(len(s.entries)) {
		return false
	}
	for i, p := range payloads {
		if s.entries[from+int64(i)] != p {
			return false
		}
	}
	return true
}

func (s objState) equals(payloads []string) bool {
	return len(payloads) == len(s.entries) && s.holds(0, payloads)
}

// sealAt: the ledger is (or becomes, at this point) closed with last entry id `last`.
func (s objState) sealAt(last int64) (bool, interface{}) {
	if s.last() != last {
		return false, s
	}
	if s.closed {
		return true, s
	}
	return true, objState{entries: s.entries, closed: true, cursor: s.cursor}
}

func ledgerStep(s objState, in Input, out Output) (bool, interface{}) {
	switch in.F {
	case "append":
		switch out.Kind {
		case OutOK:
			if s.closed || out.EntryID != int64(len(s.entries)) {
				return false, s
			}
			return true, s.with(in.Payload)
		case OutClosed:
			return s.sealAt(s.last())
		default: // unknown: it happened here, or (placed after everything) never
			if s.closed {
				return true, s
			}
			return true, s.with(in.Payload)
		}
	case "read":
		if out.Missing {
			return true, s
		}
		return s.holds(in.From, []string{out.Payload}), s
	case "lac":
		if out.Sealed {
			return s.sealAt(out.Lac)
		}
		return out.Lac <= s.last(), s
	case "close":
		if out.Kind == OutOK {
			return s.sealAt(out.EntryID)
		}
		return s.sealAt(s.last())
	case "final":
		if !s.equals(out.Payloads) {
			return false, s
		}
		return s.sealAt(s.last())
	}
	return false, s
}

func logStep(s objState, in Input, out Output) (bool, interface{}) {
	switch in.F {
	case "log-append":
		if out.Kind == OutOK && out.Offset != int64(len(s.entries)) {
			return false, s
		}
		return true, s.with(in.Payload)
	case "log-read":
		return s.holds(in.From, out.Payloads), s
	case "log-final":
		return s.equals(out.Payloads), s
	}
	return false, s
}

func cursorStep(s objState, in Input, out Output) (bool, interface{}) {
	next := s.cursor
	switch in.F {
	case "cursor-advance":
		if in.Offset > next {
			next = in.Offset
		}
		if out.Kind == OutOK && out.Offset != next {
			return false, s
		}
		return true, objState{cursor: next}
	case "cursor-get":
		if out.Missing {
			return s.cursor == 0, s
		}
		return out.Offset == s.cursor, s
	}
	return false, s
}

var quireModel = porcupine.Model{
	Partition: partitionByKey,
	Init:      func() interface{} { return objState{} },
	Step: func(state, input, output interface{}) (bool, interface{}) {
		s, in, out := state.(objState), input.(Input), output.(Output)
		switch in.Key[0] {
		case 'L':
			return ledgerStep(s, in, out)
		case 'G':
			return logStep(s, in, out)
		case 'C':
			return cursorStep(s, in, out)
		}
		return false, s
	},
	Equal: func(a, b interface{}) bool {
		x, y := a.(objState), b.(objState)
		return x.closed == y.closed && x.cursor == y.cursor && x.equals(y.entries)
	},
	Hash: func(state interface{}) uint64 {
		s := state.(objState)
		h := fnv.New64a()
		fmt.Fprintf(h, "%d/%t/%d/", len(s.entries), s.closed, s.cursor)
		if len(s.entries) > 0 {
			h.Write([]byte(s.entries[len(s.entries)-1]))
		}
		return h.Sum64()
	},
	DescribeOperation: func(input, output interface{}) string {
		in, out := input.(Input), output.(Output)
		switch out.Kind {
		case OutUnknown:
			return fmt.Sprintf("%s(%s%s) -> ?", in.F, in.Payload, arg(in))
		case OutClosed:
			return fmt.Sprintf("%s(%s) -> LEDGER_CLOSED", in.F, in.Payload)
		}
		res := ""
		switch in.F {
		case "append", "close":
			res = fmt.Sprint(out.EntryID)
		case "log-append", "cursor-advance", "cursor-get":
			res = fmt.Sprint(out.Offset)
		case "read":
			res = out.Payload
			if out.Missing {
				res = "missing"
			}
		case "lac":
			res = fmt.Sprintf("%d sealed=%t", out.Lac, out.Sealed)
		default:
			res = "[" + strings.Join(out.Payloads, " ") + "]"
		}
		return fmt.Sprintf("%s(%s%s) -> %s", in.F, in.Payload, arg(in), res)
	},
	DescribeState: func(state interface{}) string {
		s := state.(objState)
		return fmt.Sprintf("%d entries closed=%t cursor=%d", len(s.entries), s.closed, s.cursor)
	},
}

func arg(in Input) string {
	switch {
	case in.From >= 0:
		return fmt.Sprintf("from=%d", in.From)
	case in.Offset >= 0:
		return fmt.Sprintf("offset=%d", in.Offset)
	}
	return ""
}
