// BookKeeper's ReplicationWorker: takes the lock of one marked ledger at a time (up to
// rereplicationConcurrency), and for it
//   1. finds the lost bookies of its fragments: not registered (writable or read-only), or named
//      in the mark and missing a fragment's first or last entry when asked;
//   2. an open ledger whose LAST fragment lost a bookie is left to its writer for
//      openLedgerRereplicationGracePeriod (the writer's own ensemble change fixes it); still
//      so afterwards, it is fenced and recovered (closed) through the quorum client;
//   3. copies every fragment with a known end that lost its bookie to a bookie the placement
//      policy picks (ledger-fragment-replicator.ts, RECOVERY_ADD);
//   4. swaps the bookies in the ledger metadata with compare-and-set (only where the segment still
//      names the lost bookie), and
//   5. deletes the mark (markLedgerReplicated) when no fragment names a lost bookie any more;
//      otherwise, and on any failure, waits rwRereplicateBackoffMs and releases the lock, so the
//      ledger is tried again (by any worker).
import { isQuireError } from '../common/errors.js';
import type { LedgerMetadata, Segment } from '../clients/quorum/index.js';
import { withChanges } from '../metadata/ledger-metadata.js';
import type { UnderreplicatedLedger } from '../metadata/underreplication-manager.js';
import { Sleeper, registeredBookies, type AutoRecoveryContext } from './autorecovery-context.js';
import { entriesToVerify, fragmentsOf, type Fragment } from './ledger-fragments.js';
import { isMissingEntry, replicateFragment } from './ledger-fragment-replicator.js';

export interface ReplicationStats {
  ledgersReplicated: number;
  fragmentsReplicated: number;
  entriesCopied: number;
  bytesCopied: number;
  failures: number;
}

interface Replacement {
  readonly firstEntryId: bigint;
  readonly index: number;
  readonly from: string;
  readonly to: string;
}

export class ReplicationWorker {
  readonly stats: ReplicationStats = { ledgersReplicated: 0, fragmentsReplicated: 0, entriesCopied: 0, bytesCopied: 0, failures: 0 };
  private readonly sleeper = new Sleeper();
  private readonly inFlight = new Set<Promise<void>>();
  private loopDone: Promise<void> | undefined;

  constructor(private readonly ctx: AutoRecoveryContext) {}

  start(): void {
    this.loopDone ??= this.loop();
  }

  /** Looks for marks now instead of at the next poll (the auditor in this process just wrote some). */
  wake(): void {
    this.sleeper.wake();
  }

  async stop(): Promise<void> {
    this.sleeper.stop();
    await this.loopDone;
    await Promise.allSettled([...this.inFlight]);
  }

  private async loop(): Promise<void> {
    const { underreplication: urm, options, log } = this.ctx;
    while (!this.sleeper.isStopped) {
      try {
        if (this.inFlight.size >= options.rereplicationConcurrency) {
          await Promise.race(this.inFlight);
          continue;
        }
        if (!(await urm.isLedgerReplicationEnabled())) {
          const w = urm.watchReplicationEnabled(() => this.sleeper.wake());
          await this.sleeper.sleep(options.underreplicatedPollIntervalMs * 10);
          w();
          continue;
        }
        const ledgerId = await urm.pollLedgerToRereplicate();
        if (ledgerId === undefined) {
          await this.sleeper.sleep(options.underreplicatedPollIntervalMs);
          continue;
        }
        const p: Promise<void> = this.rereplicate(ledgerId).finally(() => this.inFlight.delete(p));
        this.inFlight.add(p);
      } catch (err) {
        if (this.sleeper.isStopped) break;
        log.warn({ err }, 'replication worker: cannot read the under-replication marks; retrying');
        await this.sleeper.sleep(options.rwRereplicateBackoffMs);
      }
    }
  }

  private async rereplicate(ledgerId: bigint): Promise<void> {
    const { underreplication: urm, options, log } = this.ctx;
    let done = false;
    try {
      done = await this.repairLedger(ledgerId);
    } catch (err) {
      this.stats.failures++;
      log.warn({ err, ledgerId: String(ledgerId) }, 'replication worker: ledger not repaired this round');
    }
    try {
      if (done) {
        await urm.markLedgerReplicated(ledgerId);
        this.stats.ledgersReplicated++;
        log.info({ ledgerId: String(ledgerId) }, 'ledger re-replicated');
        return;
      }
      await this.sleeper.sleep(options.rwRereplicateBackoffMs);
      await urm.releaseUnderreplicatedLedger(ledgerId);
    } catch (err) {
      log.warn({ err, ledgerId: String(ledgerId) }, 'replication worker: cannot release the ledger lock (its session owns it)');
    }
  }

  /** The bookies of md counted as lost (see the file comment, step 1); `forced` ones always. */
  private async lostBookies(ledgerId: bigint, md: LedgerMetadata, mark: UnderreplicatedLedger | undefined, forced: ReadonlySet<string> = new Set()): Promise<Set<string>> {
    const registered = await registeredBookies(this.ctx);
    const lost = new Set<string>([...forced].filter((b) => md.segments.some((s) => s.bookies.includes(b))));
    const named = new Set(mark?.replicas ?? []);
    for (const f of fragmentsOf(md)) {
      if (lost.has(f.bookie)) continue;
      if (!registered.has(f.bookie)) lost.add(f.bookie);
      else if (named.has(f.bookie) && (await this.fragmentMissesEntries(ledgerId, md, f))) lost.add(f.bookie);
    }
    return lost;
  }

  private async fragmentMissesEntries(ledgerId: bigint, md: LedgerMetadata, f: Fragment): Promise<boolean> {
    for (const e of entriesToVerify(md, f, this.ctx.options.auditorLedgerVerificationPercentage)) {
      try {
        await this.ctx.bookies.readEntry(f.bookie, ledgerId, e);
      } catch (err) {
        if (isMissingEntry(err)) return true;
      }
    }
    return false;
  }

  /**
   * Repairs one ledger (the caller holds its lock). True when no fragment of the ledger names a
   * lost bookie any more (or the ledger is gone). `forceLost` bookies count as lost even when
   * registered (`recover <bookie>`); graceMs overrides openLedgerRereplicationGracePeriod.
   */
  async repairLedger(ledgerId: bigint, o: { forceLost?: ReadonlySet<string>; graceMs?: number } = {}): Promise<boolean> {
    const { service, underreplication: urm, options, client, log } = this.ctx;
    const forced = o.forceLost ?? new Set<string>();
    const graceMs = o.graceMs ?? options.openLedgerRereplicationGracePeriod;
    const mark = await urm.getLedgerUnreplicationInfo(ledgerId);
    let md: LedgerMetadata;
    try {
      md = (await service.ledgers.readLedgerMetadata(ledgerId)).metadata;
    } catch (e) {
      if (isQuireError(e, 'NO_SUCH_LEDGER')) return true; // deleted meanwhile: nothing to repair
      throw e;
    }
    let lost = await this.lostBookies(ledgerId, md, mark, forced);
    if (lost.size === 0) return true;

    const openEndLost = (m: LedgerMetadata, l: Set<string>) => m.state !== 'CLOSED' && m.segments[m.segments.length - 1]!.bookies.some((b) => l.has(b));
    if (openEndLost(md, lost)) {
      log.info({ ledgerId: String(ledgerId), graceMs }, 'open ledger lost a bookie of its last fragment: waiting for its writer');
      if (graceMs > 0) await this.sleeper.sleep(graceMs);
      if (this.sleeper.isStopped) return false;
      md = (await service.ledgers.readLedgerMetadata(ledgerId)).metadata;
      lost = await this.lostBookies(ledgerId, md, mark, forced);
      if (openEndLost(md, lost)) {
        log.info({ ledgerId: String(ledgerId) }, 'fencing and recovering the open ledger');
        await client.openLedger(ledgerId, { password: md.password ?? Buffer.alloc(0), recovery: true });
        md = (await service.ledgers.readLedgerMetadata(ledgerId)).metadata;
        lost = await this.lostBookies(ledgerId, md, mark, forced);
      }
    }

    await this.copyFragments(ledgerId, md, lost);
    const after = (await service.ledgers.readLedgerMetadata(ledgerId)).metadata;
    return (await this.lostBookies(ledgerId, after, mark, forced)).size === 0;
  }

  private async copyFragments(ledgerId: bigint, md: LedgerMetadata, lost: Set<string>): Promise<void> {
    const { bookies, placement, options, service } = this.ctx;
    const writable = await service.registration.getWritableBookies();
    const replacements: Replacement[] = [];
    const ensembles = md.segments.map((s) => [...s.bookies]);
    for (const f of fragmentsOf(md)) {
      if (!lost.has(f.bookie) || f.lastEntryId === undefined) continue;
      const working = ensembles[f.segmentIndex]!;
      const target = await placement.replaceBookie(md, working, f.bookie, writable, lost);
      const r = await replicateFragment({ bookies, ledgerId, metadata: md, fragment: f, missing: lost, target, batchSize: options.rereplicationEntryBatchSize });
      working[f.bookieIndex] = target;
      replacements.push({ firstEntryId: f.firstEntryId, index: f.bookieIndex, from: f.bookie, to: target });
      this.stats.fragmentsReplicated++;
      this.stats.entriesCopied += r.entries;
      this.stats.bytesCopied += r.bytes;
    }
    if (replacements.length === 0) return;
    await service.ledgers.updateLedgerMetadata(ledgerId, (current) => {
      let changed = false;
      const segments: Segment[] = current.segments.map((s) => {
        const mine = replacements.filter((r) => r.firstEntryId === s.firstEntryId && s.bookies[r.index] === r.from);
        if (mine.length === 0) return s;
        const next = [...s.bookies];
        for (const r of mine) next[r.index] = r.to;
        // Never store an ensemble naming one bookie twice (someone else changed it meanwhile).
        if (new Set(next).size !== next.length) return s;
        changed = true;
        return { firstEntryId: s.firstEntryId, bookies: next };
      });
      return changed ? withChanges(current, { segments }) : undefined;
    });
  }
}
