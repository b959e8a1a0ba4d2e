// Asking replicas of one read in order (BookKeeper's sendNextRead + speculative requests): one at
// a time; the next when an answer was not good enough, or when none came within
// speculativeReadTimeoutMs. Shared by single reads (pending-read-op.ts) and batch reads
// (batched-read-op.ts); each decides what an answer means.
import type { ClientContext } from '../client-context.js';

export interface ReplicaTurn<T> {
  /** Asks the next replica; false when none is left. */
  sendNext(): boolean;
  /** Requests sent and not answered yet. */
  readonly outstanding: number;
  /** Ends the read: later answers are ignored, the speculative timer stops. */
  finish(): void;
  /** Called once per answer while the read is not finished (result null on error). */
  onAnswer?: (bookie: string, error: unknown, result: T | null) => void;
}

export function replicaSequence<T>(ctx: ClientContext, replicas: readonly string[], send: (bookie: string) => Promise<T>): ReplicaTurn<T> {
  let next = 0;
  let outstanding = 0;
  let done = false;
  let timer: unknown = null;
  const arm = () => {
    if (timer !== null) ctx.clock.clearTimeout(timer);
    timer = null;
    const ms = ctx.config.speculativeReadTimeoutMs;
    if (ms > 0 && next < replicas.length) {
      timer = ctx.clock.setTimeout(() => {
        timer = null;
        if (!done) turn.sendNext();
      }, ms);
    }
  };
  const answer = (bookie: string, error: unknown, result: T | null) => {
    if (done) return;
    outstanding--;
    turn.onAnswer?.(bookie, error, result);
  };
  const turn: ReplicaTurn<T> = {
    sendNext() {
      if (next >= replicas.length) return false;
      const bookie = replicas[next++]!;
      outstanding++;
      send(bookie).then(
        (r) => answer(bookie, null, r),
        (e: unknown) => answer(bookie, e, null),
      );
      arm();
      return true;
    },
    get outstanding() {
      return outstanding;
    },
    finish() {
      done = true;
      if (timer !== null) ctx.clock.clearTimeout(timer);
    },
  };
  return turn;
}
