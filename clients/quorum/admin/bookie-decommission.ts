// Decommissioning a live bookie (issue 13; BookKeeper's BookKeeperAdmin.decommissionBookie, which
// there needs the bookie already stopped and waits for AutoRecovery). Here the bookie keeps serving
// reads while its data moves: it must be read-only first, so no new ensemble picks it and every
// writer that still sends it entries gets EREADONLY and changes its ensemble itself. Then, ledger
// by ledger, each sealed segment that names it (every segment of a closed ledger; all but the last
// of an open one) is copied entry by entry to a bookie the placement policy chooses — read from the
// decommissioned bookie or another replica, digest checked, written with RECOVERY_ADD so closed and
// fenced ledgers take it — and the bookie is swapped in that segment by compare-and-set. An open
// ledger whose last segment still names it after openLedgerGracePeriodMs (an idle writer) is fenced
// and recovered first, as BookKeeper's replication worker does. Writers keep swaps of sealed
// segments on their next ensemble change or close (mergeSegments). At most entryBatchSize entries
// are in flight; memory is bounded by that many entries.
import { QuireError, isQuireError } from '../../../common/errors.js';
import { withChanges } from '../../../metadata/ledger-metadata.js';
import type { ClientContext } from '../client-context.js';
import { sleepOn } from '../clock.js';
import { createDigestManager, masterKeyOf, parseDigestType } from '../digest/digest-manager.js';
import { writeSet } from '../ensemble/distribution-schedule.js';
import type { LedgerMetadata } from '../ledger-metadata-port.js';
import { recoverLedger } from '../ops/ledger-recovery-op.js';
import { copyEntries } from './fragment-copier.js';

export interface DecommissionOptions {
  /** How long an open ledger's writer gets to move off the bookie before the ledger is fenced and recovered (BookKeeper's openLedgerRereplicationGracePeriod, 30 s). */
  readonly openLedgerGracePeriodMs?: number;
  /** Entries copied at once (BookKeeper's rereplicationEntryBatchSize, 10). */
  readonly entryBatchSize?: number;
  /** Pause between passes over the ledgers while open ledgers are waited for. */
  readonly pollIntervalMs?: number;
  /** Progress lines (one per moved segment or recovered ledger). */
  readonly onProgress?: (line: string) => void;
  /** After each ledger of a pass: ledgers scanned of the listing, and segments moved so far (for a progress bar). */
  readonly onScan?: (scan: { pass: number; scanned: number; total: number; segmentsMoved: number }) => void;
}

export interface DecommissionResult {
  /** Ledgers that named the bookie. */
  readonly ledgers: number;
  /** Segments moved off it. */
  readonly segments: number;
  readonly entriesCopied: number;
  readonly bytesCopied: number;
  /** Open ledgers fenced and recovered because their writer did not move off in time. */
  readonly recoveredLedgers: bigint[];
}

/** Passes over all ledgers at most (each pass moves everything it can; open ledgers may need more). */
const MAX_PASSES = 10_000;

interface Stats {
  ledgers: Set<bigint>;
  segments: number;
  entries: number;
  bytes: number;
  recovered: bigint[];
}

export async function decommissionBookie(ctx: ClientContext, bookieId: string, opts: DecommissionOptions = {}): Promise<DecommissionResult> {
  const grace = opts.openLedgerGracePeriodMs ?? 30_000;
  const batch = Math.max(1, opts.entryBatchSize ?? 10);
  const poll = opts.pollIntervalMs ?? 200;
  if ((await ctx.registry.writableBookies()).includes(bookieId)) {
    throw new QuireError('INVALID_ARGUMENT', `bookie ${bookieId} is writable: make it read-only first (PUT /api/v1/bookie/state/readonly {"readOnly":true}), so no writer keeps adding to it`);
  }
  const stats: Stats = { ledgers: new Set(), segments: 0, entries: 0, bytes: 0, recovered: [] };
  const waitingSince = new Map<bigint, number>();
  let clean = 0;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    let remaining = 0;
    const ids = await ctx.metadata.list();
    let scanned = 0;
    for (const ledgerId of ids) {
      opts.onScan?.({ pass, scanned: scanned++, total: ids.length, segmentsMoved: stats.segments });
      let v;
      try {
        v = await ctx.metadata.read(ledgerId);
      } catch (e) {
        if (isQuireError(e, 'NO_SUCH_LEDGER')) continue;
        throw e;
      }
      if (!v.metadata.segments.some((s) => s.bookies.includes(bookieId))) continue;
      stats.ledgers.add(ledgerId);
      let md = v.metadata;
      const lastNames = md.segments.at(-1)!.bookies.includes(bookieId);
      if (md.state !== 'CLOSED' && lastNames) {
        const since = waitingSince.get(ledgerId) ?? ctx.clock.now();
        waitingSince.set(ledgerId, since);
        if (ctx.clock.now() - since >= grace) {
          const password = md.password ?? Buffer.alloc(0);
          md = (await recoverLedger(ctx, ledgerId, createDigestManager(parseDigestType(md.digestType ?? 'CRC32'), password), masterKeyOf(password))).metadata;
          stats.recovered.push(ledgerId);
          opts.onProgress?.(`ledger ${ledgerId}: open past the grace period, fenced and recovered (last entry ${md.lastEntryId})`);
        }
      }
      const sealed = md.state === 'CLOSED' ? md.segments.length : md.segments.length - 1;
      for (let i = 0; i < sealed; i++) {
        if (md.segments[i]!.bookies.includes(bookieId)) md = await moveSegment(ctx, ledgerId, md, i, bookieId, batch, stats, opts);
      }
      if (md.segments.some((s) => s.bookies.includes(bookieId))) remaining++;
    }
    opts.onScan?.({ pass, scanned, total: ids.length, segmentsMoved: stats.segments });
    // Two clean passes in a row: a ledger created from a writable list read just before the
    // bookie turned read-only is stored a moment later, and the second pass sees it.
    if (remaining === 0) clean++;
    else clean = 0;
    if (clean >= 2) {
      return { ledgers: stats.ledgers.size, segments: stats.segments, entriesCopied: stats.entries, bytesCopied: stats.bytes, recoveredLedgers: stats.recovered };
    }
    await sleepOn(ctx.clock, poll);
  }
  throw new QuireError('INTERNAL', `bookie ${bookieId}: still named by ledger metadata after ${MAX_PASSES} passes`);
}

/** Copies segment i's entries on bookieId to a new bookie and swaps it in by CAS; returns the stored metadata. */
async function moveSegment(ctx: ClientContext, ledgerId: bigint, md: LedgerMetadata, i: number, bookieId: string, batch: number, stats: Stats, opts: DecommissionOptions): Promise<LedgerMetadata> {
  const seg = md.segments[i]!;
  const index = seg.bookies.indexOf(bookieId);
  const next = md.segments[i + 1];
  const last = next ? next.firstEntryId - 1n : md.lastEntryId;
  const target = await ctx.placement.replaceBookie(md, seg.bookies, bookieId, await ctx.registry.writableBookies(), new Set([bookieId]));
  const entries = function* () {
    for (let e = seg.firstEntryId; e <= last; e++) if (writeSet(e, md.ensembleSize, md.writeQuorumSize).includes(index)) yield e;
  };
  const copied = await copyEntries({
    bookies: ctx.bookies,
    ledgerId,
    metadata: md,
    entries: entries(),
    // The decommissioned bookie first: it is alive and may be the only copy (Qw = 1).
    sourcesOf: (e) => [bookieId, ...writeSet(e, md.ensembleSize, md.writeQuorumSize).map((k) => seg.bookies[k]!).filter((b) => b !== bookieId)],
    target,
    batchSize: batch,
  });
  stats.entries += copied.entries;
  stats.bytes += copied.bytes;

  // Swap by compare-and-set on the segment that starts at the same entry (segments before the
  // last never change otherwise; a writer's merge keeps this swap).
  for (let attempt = 0; attempt < ctx.config.metadataCasAttempts; attempt++) {
    const fresh = await ctx.metadata.read(ledgerId);
    const segments = fresh.metadata.segments.map((s) => {
      if (s.firstEntryId !== seg.firstEntryId || s.bookies[index] !== bookieId) return s;
      const bookies = [...s.bookies];
      bookies[index] = target;
      return { firstEntryId: s.firstEntryId, bookies };
    });
    if (segments.every((s, k) => s === fresh.metadata.segments[k])) return fresh.metadata;
    const updated = withChanges(fresh.metadata, { segments });
    try {
      await ctx.metadata.update(ledgerId, updated, fresh.version);
      stats.segments++;
      opts.onProgress?.(`ledger ${ledgerId}: segment from entry ${seg.firstEntryId} moved from ${bookieId} to ${target}`);
      return updated;
    } catch (e) {
      if (!isQuireError(e, 'METADATA_VERSION_CONFLICT')) throw e;
    }
  }
  throw new QuireError('METADATA_VERSION_CONFLICT', `ledger ${ledgerId}: moving a segment off ${bookieId} lost ${ctx.config.metadataCasAttempts} compare-and-set rounds`);
}
