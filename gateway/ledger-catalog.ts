// Creating, listing and describing ledgers. The instance that creates a ledger owns it: it claims
// the owner record, and the write handle joins the owned writers (owned-writer.ts).
import { isQuireError } from '../common/errors.js';
import type { WriteHandle } from '../clients/quorum/index.js';
import type { LedgerMetadata } from '../metadata/ledger-metadata.js';
import { ENTRY_FORMATS, entryFormatMetadata, entryFormatOf, recordedPayloadLength } from './entry-format.js';
import { badArgument, GatewayError } from './gateway-error.js';
import type { CreateLedgerRequest, LedgerInfo, ListLedgersResult } from './ledger-service.js';
import type { OwnedLedger, OwnedWriters } from './owned-writer.js';
import { listLedgerIdsAfter } from '../metadata/ledger-paths.js';
import { checkRequestId, CREATE_KEY_METADATA_KEY, CreateKeys } from './create-keys.js';
import type { Ownership } from './ownership.js';
import { EMPTY, readMetadata, samePassword, wrongPassword, type ServiceContext } from './service-context.js';

const MAX_PAGE_TOKEN = 20;

export class LedgerCatalog {
  /** Creates between the cap check and adoption. */
  private creating = 0;
  private readonly keys: CreateKeys;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly ownership: Ownership,
    private readonly writers: OwnedWriters,
  ) {
    this.keys = new CreateKeys(ctx.metadata.store, ctx.metadata.root);
  }

  async create(req: CreateLedgerRequest): Promise<LedgerInfo> {
    const custom: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.customMetadata ?? {})) {
      if (k.startsWith('quire.')) throw badArgument('customMetadata', `custom metadata keys starting with "quire." are reserved (got ${JSON.stringify(k)})`);
      if (typeof v !== 'string') throw badArgument('customMetadata', `custom metadata ${JSON.stringify(k)} must be a string`);
      custom[k] = v;
    }
    const format = req.entryFormat ?? 'RAW';
    if (!ENTRY_FORMATS.includes(format)) throw badArgument('entryFormat', `entryFormat must be one of ${ENTRY_FORMATS.join(', ')}, got ${JSON.stringify(format)}`);
    Object.assign(custom, entryFormatMetadata(format));
    for (const [field, v] of [['ensembleSize', req.ensembleSize], ['writeQuorumSize', req.writeQuorumSize], ['ackQuorumSize', req.ackQuorumSize]] as const) {
      if (v !== undefined && (!Number.isInteger(v) || v < 1 || v > 64)) throw badArgument(field, `${field} must be an integer in [1, 64], got ${String(v)}`);
    }
    const password = req.password ?? EMPTY;
    let keyHash: string | undefined;
    if (req.requestId !== undefined) {
      checkRequestId(req.requestId, 'requestId');
      keyHash = CreateKeys.hashOf(req.requestId);
      const existing = await this.keys.lookup(keyHash);
      if (existing !== undefined) return this.answerExisting(existing, password);
      custom[CREATE_KEY_METADATA_KEY] = keyHash;
    }
    // The owned-ledger cap counts creates in flight too, so concurrent creates cannot overshoot it.
    if (this.writers.count + this.creating >= this.ctx.limits.maxOwnedLedgers) {
      throw new GatewayError('TOO_MANY_REQUESTS', `gateway ${this.ctx.gatewayId} already owns ${this.writers.count} open ledgers (maxOwnedLedgers ${this.ctx.limits.maxOwnedLedgers}); close some, or create through another instance`, {
        details: { retryAfterSeconds: this.ctx.limits.retryAfterSeconds },
      });
    }
    this.creating++;
    let info: LedgerInfo;
    try {
      info = await this.createOwned(req, custom, password);
    } finally {
      this.creating--;
    }
    if (keyHash === undefined) return info;
    const winner = await this.keys.record(keyHash, info.ledgerId);
    if (winner === info.ledgerId) return info;
    // A concurrent create with the same request id won: ours must not stay behind as an orphan.
    const o = this.writers.get(info.ledgerId);
    if (o) await this.writers.close(o).catch(() => undefined);
    await this.ctx.client.deleteLedger(info.ledgerId).catch((err: unknown) => this.ctx.log.warn({ err, ledgerId: info.ledgerId.toString() }, 'could not delete the ledger of a lost idempotent create'));
    return this.answerExisting(winner, password);
  }

  /** The ledger an earlier create with the same request id made (same password required). */
  private async answerExisting(ledgerId: bigint, password: Buffer): Promise<LedgerInfo> {
    const md = await readMetadata(this.ctx, ledgerId);
    if (!samePassword(md.password, password)) throw wrongPassword(ledgerId);
    return this.metadata(ledgerId);
  }

  private async createOwned(req: CreateLedgerRequest, custom: Record<string, string>, password: Buffer): Promise<LedgerInfo> {
    let handle: WriteHandle;
    try {
      handle = await this.ctx.client.createLedger({
        ...(req.ensembleSize !== undefined ? { ensembleSize: req.ensembleSize } : {}),
        ...(req.writeQuorumSize !== undefined ? { writeQuorumSize: req.writeQuorumSize } : {}),
        ...(req.ackQuorumSize !== undefined ? { ackQuorumSize: req.ackQuorumSize } : {}),
        ...(req.digestType !== undefined ? { digestType: req.digestType } : {}),
        password,
        customMetadata: custom,
      });
    } catch (e) {
      if (isQuireError(e, 'INVALID_ARGUMENT') && /quorum|ensemble/i.test(e.message)) throw new GatewayError('INVALID_ARGUMENT', e.message, { field: 'ensembleSize', cause: e });
      throw e;
    }
    try {
      await this.ownership.claim(handle.ledgerId);
    } catch (e) {
      // Without an owner record nobody could find the writer: seal the empty ledger at once.
      await handle.close().catch(() => undefined);
      throw e;
    }
    const o = this.writers.adopt(handle, password);
    this.ctx.log.info({ ledgerId: handle.ledgerId.toString() }, 'ledger created; this instance owns its write handle');
    return infoOf(handle.ledgerId, handle.ledgerMetadata, this.ownedFacts(o));
  }

  async list(opts: { pageSize?: number; pageToken?: string }): Promise<ListLedgersResult> {
    const pageSize = opts.pageSize ?? 100;
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 1000) throw badArgument('pageSize', 'pageSize must be an integer in [1, 1000]');
    let after = -1n;
    if (opts.pageToken !== undefined && opts.pageToken !== '') {
      if (!/^[0-9]+$/.test(opts.pageToken) || opts.pageToken.length > MAX_PAGE_TOKEN) throw badArgument('pageToken', 'pageToken must be a token returned by a previous page');
      after = BigInt(opts.pageToken);
    }
    // One more than the page says whether there is a next one; nothing past it is read.
    const ids = await listLedgerIdsAfter(this.ctx.metadata.store, this.ctx.metadata.root, after, pageSize + 1);
    const page = ids.slice(0, pageSize);
    return { ledgerIds: page, ...(ids.length > pageSize ? { nextPageToken: page[page.length - 1]!.toString() } : {}) };
  }

  async metadata(ledgerId: bigint): Promise<LedgerInfo> {
    const md = await readMetadata(this.ctx, ledgerId);
    const o = this.writers.get(ledgerId);
    if (o) return infoOf(ledgerId, o.handle.ledgerMetadata, this.ownedFacts(o));
    const owner = md.state === 'CLOSED' ? undefined : await this.ownership.owner(ledgerId).catch(() => undefined);
    return infoOf(ledgerId, md, { lastEntryId: md.lastEntryId, ...(owner ? { owner: owner.gatewayId } : {}) });
  }

  /** An open ledger this instance writes: its LAC and lengths are the write handle's, not the metadata's. */
  private ownedFacts(o: OwnedLedger): InfoFacts {
    return { lastEntryId: o.handle.lastAddConfirmed, storedLength: o.handle.length, payloadLength: o.format === 'RAW' ? o.handle.length : o.payloadLength, owner: this.ctx.gatewayId };
  }
}

/** What LedgerInfo takes from outside the metadata (the owner's handle, the owner record). */
interface InfoFacts {
  readonly lastEntryId: bigint;
  readonly storedLength?: bigint;
  readonly payloadLength?: bigint;
  readonly owner?: string;
}

function infoOf(ledgerId: bigint, md: LedgerMetadata, x: InfoFacts): LedgerInfo {
  const closed = md.state === 'CLOSED';
  const format = entryFormatOf(md);
  const payloadLength = closed ? recordedPayloadLength(md, format) : (x.payloadLength ?? recordedPayloadLength(md, format));
  const custom: Record<string, string> = {};
  for (const [k, v] of md.customMetadata) if (!k.startsWith('quire.')) custom[k] = v.toString('utf8');
  return {
    ledgerId,
    state: md.state,
    ensembleSize: md.ensembleSize,
    writeQuorumSize: md.writeQuorumSize,
    ackQuorumSize: md.ackQuorumSize,
    digestType: md.digestType ?? 'CRC32',
    lastEntryId: closed ? md.lastEntryId : x.lastEntryId,
    entryFormat: format,
    storedLength: closed ? md.length : (x.storedLength ?? md.length),
    ...(payloadLength !== undefined ? { payloadLength } : {}),
    segments: md.segments.map((s) => ({ firstEntryId: s.firstEntryId, bookies: [...s.bookies] })),
    customMetadata: custom,
    ...(md.ctime !== undefined ? { createdAtMs: Number(md.ctime) } : {}),
    ...(x.owner !== undefined ? { owner: x.owner } : {}),
  };
}
