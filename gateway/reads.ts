// Reads, served by any instance straight from the bookies: single entries, bounded pages, the LAC
// and tails (long polls). What may be read is bounded by the LAC readers can rely on now: the local
// writer's when this instance writes the ledger, else the owner's (asked over peer traffic, so an
// entry acknowledged anywhere is readable everywhere at once), else the bookies'.
import { isQuireError } from '../common/errors.js';
import { INT64_MAX } from '../common/ids.js';
import type { ReadHandle } from '../clients/quorum/index.js';
import { decodeEnvelope } from './entry-envelope.js';
import { badArgument, GatewayError } from './gateway-error.js';
import type { Entry, ReadRangeRequest, ReadRangeResult, TailRequest } from './ledger-service.js';
import type { OwnedWriters } from './owned-writer.js';
import { ReadChunks } from './read-chunk.js';
import type { ReadHandles } from './read-handles.js';
import { isEnveloped, type ServiceContext } from './service-context.js';

/** Longest single long poll on the bookies inside one tail wait (a seal is noticed by then). */
const BOOKIE_POLL_MS = 2000;

export class Reads {
  private tails = 0;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly readers: ReadHandles,
    private readonly writers: OwnedWriters,
    /** The owner's LAC when another instance writes the ledger (undefined: none, or it did not answer). */
    private readonly ownerLac: (ledgerId: bigint) => Promise<bigint | undefined>,
  ) {}

  /** The LAC readers may rely on now: the local writer's, the owner's, or the bookies'. */
  private async confirmed(ledgerId: bigint, rh: ReadHandle): Promise<{ lac: bigint; sealed: boolean }> {
    const o = this.writers.get(ledgerId);
    if (o) return { lac: o.handle.lastAddConfirmed, sealed: false };
    if (rh.isClosed) return { lac: rh.lastAddConfirmed, sealed: true };
    const owners = await this.ownerLac(ledgerId);
    if (owners !== undefined) return { lac: owners > rh.lastAddConfirmed ? owners : rh.lastAddConfirmed, sealed: false };
    // READ_LAC (with the writer's explicit LAC), not only the LAC piggybacked on the last entry,
    // which stays an entry behind once the writer stopped (test/gateway/stale-read-handle.test.ts).
    const lac = await rh.readLastAddConfirmed().catch(() => rh.tryReadLastAddConfirmed());
    return { lac, sealed: rh.isClosed };
  }

  async lastAddConfirmed(ledgerId: bigint, password: Buffer | undefined): Promise<{ lastAddConfirmed: bigint; sealed: boolean }> {
    const rh = await this.readers.open(ledgerId, password);
    const c = await this.confirmed(ledgerId, rh);
    return { lastAddConfirmed: c.lac, sealed: c.sealed };
  }

  async readEntry(ledgerId: bigint, entryId: bigint, opts: { password?: Buffer; unconfirmed?: boolean }): Promise<Entry> {
    const rh = await this.readers.open(ledgerId, opts.password);
    const c = await this.confirmed(ledgerId, rh);
    if (entryId > c.lac && (c.sealed || !opts.unconfirmed)) {
      throw new GatewayError('NO_SUCH_ENTRY', c.sealed ? `ledger ${ledgerId} is sealed at entry ${c.lac}; entry ${entryId} does not exist` : `entry ${entryId} of ledger ${ledgerId} is not confirmed (last add confirmed ${c.lac})`, {
        field: 'entryId',
        details: { lastAddConfirmed: c.lac.toString(), sealed: c.sealed },
      });
    }
    const [e] = await rh.readUnconfirmed(entryId, entryId);
    return { entryId, data: payload(rh, e!.payload) };
  }

  async readPage(ledgerId: bigint, req: ReadRangeRequest): Promise<ReadRangeResult> {
    const l = this.ctx.limits;
    const maxEntries = Math.min(req.maxEntries ?? l.maxReadEntries, l.maxReadEntries);
    const maxBytes = Math.min(req.maxBytes ?? l.maxReadBytes, l.maxReadBytes);
    if (!Number.isInteger(maxEntries) || maxEntries < 1) throw badArgument('limit', 'limit must be a positive integer');
    if (!Number.isInteger(maxBytes) || maxBytes < 1) throw badArgument('maxBytes', 'maxBytes must be a positive integer');
    if (typeof req.fromEntryId !== 'bigint' || req.fromEntryId < 0n || req.fromEntryId > INT64_MAX) throw badArgument('from', 'from must be an entry id in [0, 2^63-1]');
    const rh = await this.readers.open(ledgerId, req.password);
    const c = await this.confirmed(ledgerId, rh);
    const entries: Entry[] = [];
    let bytes = 0;
    let next = req.fromEntryId;
    // Confirmed part, in chunks sized so a page never holds much more than maxBytes (read-chunk.ts).
    const chunks = new ReadChunks();
    while (next <= c.lac && entries.length < maxEntries && bytes < maxBytes) {
      const want = chunks.next(maxEntries - entries.length, maxBytes - bytes);
      const last = next + BigInt(want) - 1n < c.lac ? next + BigInt(want) - 1n : c.lac;
      const got = await rh.readUnconfirmed(next, last);
      for (const e of got) chunks.saw(e.payload.length);
      for (const e of got) {
        const data = payload(rh, e.payload);
        if (entries.length > 0 && bytes + data.length > maxBytes) {
          bytes = maxBytes;
          break;
        }
        entries.push({ entryId: e.entryId, data });
        bytes += data.length;
        next = e.entryId + 1n;
      }
    }
    // Unconfirmed part, on request: entries past the LAC that exist now (recovery may drop them).
    if (req.unconfirmed && !c.sealed) {
      while (next > c.lac && entries.length < maxEntries && bytes < maxBytes) {
        let got;
        try {
          got = await rh.readUnconfirmed(next, next);
        } catch (e) {
          if (isQuireError(e, 'NO_SUCH_ENTRY') || isQuireError(e, 'NO_SUCH_LEDGER')) break;
          throw e;
        }
        const data = payload(rh, got[0]!.payload);
        if (entries.length > 0 && bytes + data.length > maxBytes) break;
        entries.push({ entryId: next, data });
        bytes += data.length;
        next++;
      }
    }
    const more = next <= c.lac;
    return { entries, ...(more ? { nextEntryId: next } : {}), lastAddConfirmed: c.lac, sealed: c.sealed };
  }

  /** A page from fromEntryId; when there is nothing yet, waits (at most maxTailWaitMs, at most maxConcurrentTails at once). */
  async tail(ledgerId: bigint, req: TailRequest): Promise<ReadRangeResult> {
    const l = this.ctx.limits;
    const waitMs = Math.min(Math.max(0, req.waitMs ?? 0), l.maxTailWaitMs);
    if (!Number.isInteger(waitMs)) throw badArgument('waitMs', 'waitMs must be an integer');
    const page = (): Promise<ReadRangeResult> =>
      this.readPage(ledgerId, {
        fromEntryId: req.fromEntryId,
        ...(req.password !== undefined ? { password: req.password } : {}),
        ...(req.maxEntries !== undefined ? { maxEntries: req.maxEntries } : {}),
        ...(req.maxBytes !== undefined ? { maxBytes: req.maxBytes } : {}),
      });
    const first = await page();
    if (first.entries.length > 0 || first.sealed || waitMs === 0) return first;
    if (this.tails >= l.maxConcurrentTails) {
      throw new GatewayError('TOO_MANY_REQUESTS', `overloaded: ${this.tails} tail waits in progress (limit ${l.maxConcurrentTails}); retry later`, { details: { retryAfterSeconds: l.retryAfterSeconds } });
    }
    this.tails++;
    try {
      const local = this.writers.waitForLac(ledgerId, req.fromEntryId, waitMs);
      if (local) {
        await local;
      } else {
        const rh = await this.readers.open(ledgerId, req.password);
        const deadline = Date.now() + waitMs;
        // Long poll on the bookies; a ledger sealed meanwhile ends the wait at the next poll.
        while (Date.now() < deadline && !this.ctx.stopping()) {
          const lac = await rh.waitForLac(req.fromEntryId - 1n, Math.max(1, Math.min(deadline - Date.now(), BOOKIE_POLL_MS)));
          if (lac >= req.fromEntryId || rh.isClosed) break;
          const c = await this.confirmed(ledgerId, rh);
          if (c.lac >= req.fromEntryId || c.sealed) break;
        }
      }
    } finally {
      this.tails--;
    }
    return page();
  }
}

function payload(rh: ReadHandle, bytes: Buffer): Buffer {
  return isEnveloped(rh.ledgerMetadata) ? decodeEnvelope(bytes).payload : bytes;
}
