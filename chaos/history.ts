// The operation history, as JSON lines for chaos/checker (its history.go reads this format): an
// "invoke" line when a client starts an operation, and one completion line when it knows the
// outcome — ok (happened, with what it returned), fail (definitely did not happen, or a read that
// observed nothing) or info (unknown: timed out, connection lost). Times are nanoseconds since the
// run started, from the monotonic clock. Lines go to the file as they happen (a write stream), so
// memory stays flat however long the run.
import { createWriteStream, type WriteStream } from 'node:fs';

export type Completion = 'ok' | 'fail' | 'info';

export interface OpFields {
  readonly f: string;
  readonly key: string;
  readonly payload?: string;
  readonly from?: number;
  readonly offset?: number;
  /** rest | grpc: how the client reached the gateway (the checker counts them; the models ignore it). */
  readonly transport?: string;
}

export interface Outcome {
  readonly entryId?: number;
  readonly offset?: number;
  readonly payload?: string;
  readonly payloads?: string[];
  readonly missing?: boolean;
  readonly sealed?: boolean;
  readonly lac?: number;
  readonly error?: string;
  /** A problem's detail (for a person reading the history; the checker ignores it). */
  readonly detail?: string;
}

export class History {
  private readonly out: WriteStream;
  private readonly t0 = process.hrtime.bigint();
  private nextId = 0;
  readonly counts = new Map<string, number>();

  constructor(path: string) {
    this.out = createWriteStream(path);
  }

  private now(): number {
    return Number(process.hrtime.bigint() - this.t0);
  }

  invoke(proc: number, op: OpFields): number {
    const id = this.nextId++;
    this.out.write(JSON.stringify({ type: 'invoke', id, proc, time: this.now(), ...op }) + '\n');
    return id;
  }

  complete(id: number, proc: number, type: Completion, f: string, key: string, outcome: Outcome = {}): void {
    this.counts.set(`${f}:${type}`, (this.counts.get(`${f}:${type}`) ?? 0) + 1);
    this.out.write(JSON.stringify({ type, id, proc, time: this.now(), f, key, ...outcome }) + '\n');
  }

  async close(): Promise<void> {
    await new Promise<void>((r) => this.out.end(() => r()));
  }
}
