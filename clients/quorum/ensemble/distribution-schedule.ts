// Round-robin striping (spec §5.1) and the quorum rules built on it (§5.5). Pure functions over
// indexes into an ensemble; 64-bit arithmetic on entry ids (BookKeeper truncates to 32 bits in one
// helper, which breaks past 2^31 entries).
import { invariant } from '../../../common/errors.js';

export interface QuorumSizes {
  readonly ensembleSize: number;
  readonly writeQuorumSize: number;
  readonly ackQuorumSize: number;
}

export function validateQuorum(q: QuorumSizes): string | null {
  const { ensembleSize: e, writeQuorumSize: w, ackQuorumSize: a } = q;
  for (const [name, v] of [['ensembleSize', e], ['writeQuorumSize', w], ['ackQuorumSize', a]] as const) {
    if (!Number.isInteger(v) || v < 1 || v > 1024) return `${name} must be an integer in [1, 1024], got ${v}`;
  }
  if (e < w) return `ensembleSize (${e}) must be >= writeQuorumSize (${w})`;
  if (w < a) return `writeQuorumSize (${w}) must be >= ackQuorumSize (${a})`;
  return null;
}

/** Ensemble indexes that store entryId: (entryId + i) mod E for i in 0..Qw-1; index 0 is read first. */
export function writeSet(entryId: bigint, ensembleSize: number, writeQuorumSize: number): number[] {
  invariant(entryId >= 0n, `write set of negative entry ${entryId}`);
  const start = Number(entryId % BigInt(ensembleSize));
  const out: number[] = [];
  for (let i = 0; i < writeQuorumSize; i++) out.push((start + i) % ensembleSize);
  return out;
}

/**
 * The coverage rule for LAC reads and recovery fencing: the replies cover the ensemble when, for
 * every window of Qw consecutive indexes (mod E), fewer than Qa bookies have NOT answered. Then no
 * entry can have been acked without at least one answering bookie holding it, and (for fencing)
 * no future add can reach Qa acks.
 */
export class QuorumCoverageSet {
  private readonly answered: boolean[];
  constructor(private readonly q: QuorumSizes) {
    this.answered = new Array<boolean>(q.ensembleSize).fill(false);
  }
  /** Records a valid answer (EOK, or an explicit no-entry / no-ledger) from ensemble index i. */
  addBookie(index: number): void {
    invariant(index >= 0 && index < this.q.ensembleSize, `bookie index ${index} out of range`);
    this.answered[index] = true;
  }
  covered(): boolean {
    const { ensembleSize: e, writeQuorumSize: w, ackQuorumSize: a } = this.q;
    for (let start = 0; start < e; start++) {
      let missing = 0;
      for (let i = 0; i < w; i++) if (!this.answered[(start + i) % e]) missing++;
      if (missing >= a) return false;
    }
    return true;
  }
}

/**
 * An entry is absent (never acked) once Qw - Qa + 1 bookies of its write set explicitly say they
 * do not have it: had it been acked, at least Qa of the Qw would hold it. Only ENOENTRY/ENOLEDGER
 * count; an I/O error or timeout says nothing (apache/bookkeeper#2908).
 */
export function absentThreshold(q: QuorumSizes): number {
  return q.writeQuorumSize - q.ackQuorumSize + 1;
}
