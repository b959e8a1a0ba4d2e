// Exactly-once state of one log: per producer, its latest RUN — consecutive sequences written at
// consecutive offsets (firstSequence..lastSequence at firstOffset..). A sequence above lastSequence
// is new; one inside the run is a duplicate whose offset is known exactly; one below the run was
// written earlier and is refused (SEQUENCE_CONFLICT), never written twice. Sequences of a producer
// must increase (gaps allowed), which is also what keeps the log in producer order.
//
// The table travels with the log: the owner writes it as the segment header of every new segment
// and rebuilds it on takeover from the last header plus the records after it. Bound: at most
// maxProducers producers; beyond that the one that appended least recently is forgotten (a retry
// of a forgotten producer's last append could be written again). docs/logs.md states the bound.

export interface ProducerRun {
  readonly producerId: string;
  readonly firstSequence: bigint;
  readonly lastSequence: bigint;
  readonly firstOffset: bigint;
  readonly lastAppendMs: number;
}

export type ProducerLookup =
  | { readonly kind: 'new' }
  | { readonly kind: 'duplicate'; readonly offset: bigint }
  | { readonly kind: 'stale'; readonly lastSequence: bigint; readonly firstSequence: bigint };

export class ProducerTable {
  /** producer -> run; Map order = least recently appended first. */
  private readonly runs = new Map<string, ProducerRun>();

  constructor(readonly maxProducers: number) {}

  get size(): number {
    return this.runs.size;
  }

  static from(runs: readonly ProducerRun[], maxProducers: number): ProducerTable {
    const t = new ProducerTable(maxProducers);
    for (const r of [...runs].sort((a, b) => a.lastAppendMs - b.lastAppendMs)) t.put(r);
    return t;
  }

  lookup(producerId: string, sequence: bigint): ProducerLookup {
    const r = this.runs.get(producerId);
    if (!r || sequence > r.lastSequence) return { kind: 'new' };
    if (sequence >= r.firstSequence) return { kind: 'duplicate', offset: r.firstOffset + (sequence - r.firstSequence) };
    return { kind: 'stale', lastSequence: r.lastSequence, firstSequence: r.firstSequence };
  }

  /** Records that (producer, sequence) is at offset (sequence must be new). */
  record(producerId: string, sequence: bigint, offset: bigint, nowMs: number): void {
    const r = this.runs.get(producerId);
    const extends_ = r !== undefined && sequence === r.lastSequence + 1n && offset === r.firstOffset + (r.lastSequence - r.firstSequence) + 1n;
    this.put(extends_ ? { ...r, lastSequence: sequence, lastAppendMs: nowMs } : { producerId, firstSequence: sequence, lastSequence: sequence, firstOffset: offset, lastAppendMs: nowMs });
  }

  private put(r: ProducerRun): void {
    this.runs.delete(r.producerId);
    this.runs.set(r.producerId, r);
    while (this.runs.size > this.maxProducers) this.runs.delete(this.runs.keys().next().value as string);
  }

  /** The snapshot, least recently appended first. */
  snapshot(): ProducerRun[] {
    return [...this.runs.values()];
  }
}
