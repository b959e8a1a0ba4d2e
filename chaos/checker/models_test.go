package main

import (
	"testing"

	"github.com/anishathalye/porcupine"
)

func op(proc int, call, ret int64, in Input, out Output) porcupine.Operation {
	return porcupine.Operation{ClientId: proc, Input: in, Call: call, Output: out, Return: ret}
}

func ok(e int64) Output { return Output{Kind: OutOK, EntryID: e, Offset: e} }

var unknown = Output{Kind: OutUnknown}

const never = int64(1) << 62

func TestLedgerModel(t *testing.T) {
	app := func(p string) Input { return Input{F: "append", Key: "L1", Payload: p, From: -1, Offset: -1} }
	final := func(ps ...string) Output { return Output{Kind: OutOK, Payloads: ps} }
	fin := Input{F: "final", Key: "L1", From: -1, Offset: -1}
	cases := []struct {
		name string
		ok   bool
		h    []porcupine.Operation
	}{
		{"sequential appends then final", true, []porcupine.Operation{op(0, 0, 1, app("a"), ok(0)), op(0, 2, 3, app("b"), ok(1)), op(0, 4, 5, fin, final("a", "b"))}},
		{"concurrent appends in either order", true, []porcupine.Operation{op(0, 0, 5, app("a"), ok(1)), op(1, 0, 5, app("b"), ok(0)), op(0, 6, 7, fin, final("b", "a"))}},
		{"unknown append present", true, []porcupine.Operation{op(0, 0, never, app("a"), unknown), op(1, 2, 3, app("b"), ok(1)), op(0, 6, 7, fin, final("a", "b"))}},
		{"unknown append absent", true, []porcupine.Operation{op(0, 0, never, app("a"), unknown), op(1, 2, 3, app("b"), ok(0)), op(0, 6, 7, fin, final("b"))}},
		{"acknowledged append lost", false, []porcupine.Operation{op(0, 0, 1, app("a"), ok(0)), op(0, 2, 3, app("b"), ok(1)), op(0, 4, 5, fin, final("a"))}},
		{"real-time order broken", false, []porcupine.Operation{op(0, 0, 1, app("a"), ok(1)), op(0, 2, 3, app("b"), ok(0))}},
		{"append after close", false, []porcupine.Operation{op(0, 0, 1, app("a"), ok(0)), op(0, 2, 3, Input{F: "close", Key: "L1", From: -1, Offset: -1}, ok(0)), op(0, 4, 5, app("b"), ok(1))}},
		{"refused after seal", true, []porcupine.Operation{op(0, 0, 1, app("a"), ok(0)), op(0, 2, 3, app("b"), Output{Kind: OutClosed}), op(0, 4, 5, fin, final("a"))}},
		{"read sees wrong payload", false, []porcupine.Operation{op(0, 0, 1, app("a"), ok(0)), op(0, 2, 3, Input{F: "read", Key: "L1", From: 0, Offset: -1}, Output{Kind: OutOK, Payload: "x"})}},
	}
	for _, c := range cases {
		if got := porcupine.CheckOperations(quireModel, c.h); got != c.ok {
			t.Errorf("%s: linearizable=%t, want %t", c.name, got, c.ok)
		}
	}
}

func TestCursorModel(t *testing.T) {
	adv := func(o int64) Input { return Input{F: "cursor-advance", Key: "Cx/c", Offset: o, From: -1} }
	get := Input{F: "cursor-get", Key: "Cx/c", From: -1, Offset: -1}
	good := []porcupine.Operation{op(0, 0, 1, adv(5), ok(5)), op(0, 2, 3, adv(3), ok(5)), op(1, 4, 5, get, ok(5))}
	bad := []porcupine.Operation{op(0, 0, 1, adv(5), ok(5)), op(1, 4, 5, get, ok(3))}
	if !porcupine.CheckOperations(quireModel, good) || porcupine.CheckOperations(quireModel, bad) {
		t.Fatal("cursor model")
	}
}
