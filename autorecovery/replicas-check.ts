// BookKeeper's AuditorReplicasCheckTask (auditorReplicasCheckInterval): for each closed ledger
// with entries that is not marked under-replicated, every bookie of its ensembles is asked which
// entries of the ledger it holds (GET_LIST_OF_ENTRIES_OF_LEDGER; a bookie without the ledger holds
// none) and each entry's write set is held against the answers. A ledger where some entry has no
// replica left, fewer than Qa, or fewer than Qw, is counted under the first of those that applies
// and logged with what is missing where; a bookie that cannot answer is logged. Like BookKeeper's,
// it reports and never marks (the periodic check and the audit mark).
// Bounds: one ledger at a time, its bookies asked at once; each answer holds at most 1 000 000 ids
// (a longer one counts as a bookie that cannot answer); per missing (segment, bookie) only the
// count and the first MISSING_IDS_LOGGED ids are kept.
import { isQuireError } from '../common/errors.js';
import { writeSet, type LedgerMetadata } from '../clients/quorum/index.js';
import type { AutoRecoveryContext } from './autorecovery-context.js';
import { entriesOf, fragmentsOf } from './ledger-fragments.js';

const MISSING_IDS_LOGGED = 10;

export interface ReplicasCheckResult {
  /** BookKeeper's gauge NUM_LEDGERS_HAVING_NO_REPLICA_OF_AN_ENTRY. */
  readonly ledgersHavingNoReplicaOfAnEntry: number;
  /** NUM_LEDGERS_HAVING_LESS_THAN_AQ_REPLICAS_OF_AN_ENTRY. */
  readonly ledgersHavingLessThanAQReplicasOfAnEntry: number;
  /** NUM_LEDGERS_HAVING_LESS_THAN_WQ_REPLICAS_OF_AN_ENTRY. */
  readonly ledgersHavingLessThanWQReplicasOfAnEntry: number;
  /** Ledgers with a bookie that could not say what it holds (logged by BookKeeper, no gauge). */
  readonly ledgersWithUnavailableBookies: number;
}

type Held = Set<bigint> | 'unavailable';

export async function replicasCheck(ctx: AutoRecoveryContext, ledgers: AsyncIterable<{ ledgerId: bigint; md: LedgerMetadata }>): Promise<ReplicasCheckResult> {
  const out = { ledgersHavingNoReplicaOfAnEntry: 0, ledgersHavingLessThanAQReplicasOfAnEntry: 0, ledgersHavingLessThanWQReplicasOfAnEntry: 0, ledgersWithUnavailableBookies: 0 };
  const list = ctx.bookies.getListOfEntriesOfLedger?.bind(ctx.bookies);
  if (!list) throw new Error('the bookie client cannot list the entries of a ledger');
  for await (const { ledgerId, md } of ledgers) {
    if (md.state !== 'CLOSED' || md.lastEntryId < 0n) continue;
    // A marked ledger is being repaired: BookKeeper leaves it to the worker.
    if (await ctx.underreplication.getLedgerUnreplicationInfo(ledgerId)) continue;
    const fragments = fragmentsOf(md).filter((f) => f.lastEntryId !== undefined && f.lastEntryId >= f.firstEntryId);
    const bookies = [...new Set(fragments.map((f) => f.bookie))];
    const held = new Map<string, Held>();
    await Promise.all(
      bookies.map(async (b) => {
        try {
          held.set(b, new Set(await list(b, ledgerId)));
        } catch (err) {
          if (isQuireError(err, 'NO_SUCH_LEDGER')) held.set(b, new Set());
          else {
            held.set(b, 'unavailable');
            ctx.log.warn({ err, ledgerId: String(ledgerId), bookie: b }, 'replicas check: bookie cannot list the entries of the ledger');
          }
        }
      }),
    );
    const unavailable = bookies.filter((b) => held.get(b) === 'unavailable');
    if (unavailable.length > 0) {
      out.ledgersWithUnavailableBookies++;
      ctx.log.error({ ledgerId: String(ledgerId), bookies: unavailable }, 'ledger has unavailable bookies');
    }
    // Per (segment, bookie): what it lacks, for the log.
    const missing: { startEntryId: string; bookie: string; count: number; first: string[] }[] = [];
    for (const f of fragments) {
      const h = held.get(f.bookie);
      if (h === undefined || h === 'unavailable') continue;
      const m = { startEntryId: String(f.firstEntryId), bookie: f.bookie, count: 0, first: [] as string[] };
      for (const e of entriesOf(md, f)) {
        if (h.has(e)) continue;
        m.count++;
        if (m.first.length < MISSING_IDS_LOGGED) m.first.push(String(e));
      }
      if (m.count > 0) missing.push(m);
    }
    if (missing.length === 0) continue;
    // The entry with the most missing replicas decides (an unavailable bookie is not counted missing).
    let least = md.writeQuorumSize;
    let worst = -1n;
    md.segments.forEach((s, i) => {
      const last = i + 1 < md.segments.length ? md.segments[i + 1]!.firstEntryId - 1n : md.lastEntryId;
      for (let e = s.firstEntryId; e <= last; e++) {
        let lacking = 0;
        for (const idx of writeSet(e, md.ensembleSize, md.writeQuorumSize)) {
          const h = held.get(s.bookies[idx]!);
          if (h !== undefined && h !== 'unavailable' && !h.has(e)) lacking++;
        }
        if (md.writeQuorumSize - lacking < least) {
          least = md.writeQuorumSize - lacking;
          worst = e;
        }
      }
    });
    const details = { ledgerId: String(ledgerId), entryId: String(worst), replicas: least, writeQuorumSize: md.writeQuorumSize, ackQuorumSize: md.ackQuorumSize, missing };
    if (least === 0) {
      out.ledgersHavingNoReplicaOfAnEntry++;
      ctx.log.error(details, 'ledger entry is missing all replicas');
    } else if (least < md.ackQuorumSize) {
      out.ledgersHavingLessThanAQReplicasOfAnEntry++;
      ctx.log.error(details, 'ledger entry has fewer replicas than ackQuorum');
    } else if (least < md.writeQuorumSize) {
      out.ledgersHavingLessThanWQReplicasOfAnEntry++;
      ctx.log.error(details, 'ledger entry has fewer replicas than writeQuorum');
    }
  }
  return out;
}
