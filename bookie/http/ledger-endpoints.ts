// /api/v1/ledger/list, metadata, read, delete (BookKeeper's ListLedgerService,
// GetLedgerMetaService, ReadLedgerEntryService, DeleteLedgerService). Metadata objects carry the
// JSON fields Jackson gives BookKeeper's LedgerMetadataImpl (its getters' names).
import { isQuireError } from '../../common/errors.js';
import { ANY_VERSION } from '../../metadata/metadata-store.js';
import { encodeLedgerMetadata } from '../../metadata/formats/ledger-metadata-format.js';
import type { LedgerMetadata } from '../../metadata/ledger-metadata.js';
import type { AdminContext } from './admin-context.js';
import { type AdminResponse, type AdminRouter, notFound, ok, okJsonText } from './http-router.js';

/** ListLedgerService.LIST_LEDGER_BATCH_SIZE: ledgers per page. */
export const LIST_LEDGER_PAGE_SIZE = 100;
/** ReadLedgerEntryService.ENTRIES_PER_PAE: entries per page. */
export const READ_ENTRIES_PAGE_SIZE = 1000n;
/** Quire's bound on one unpaged read (BookKeeper has none; an open range could be the whole ledger). */
export const MAX_READ_ENTRIES = 10_000n;

const noMetadata = (): AdminResponse => ({ code: 503, body: 'This bookie runs without a metadata service.' });

/** The client API's DigestType names (HMAC is "MAC" there). */
function digestName(d: LedgerMetadata['digestType']): string | undefined {
  return d === 'HMAC' ? 'MAC' : d;
}

export function ledgerMetadataJson(ledgerId: bigint, md: LedgerMetadata, ctimeMs: number): Record<string, unknown> {
  const ensembles: Record<string, string[]> = {};
  for (const s of md.segments) ensembles[s.firstEntryId.toString()] = [...s.bookies];
  const custom: Record<string, string> = {};
  for (const [k, v] of md.customMetadata) custom[k] = v.toString('base64');
  return {
    ledgerId,
    metadataFormatVersion: md.formatVersion,
    ensembleSize: md.ensembleSize,
    writeQuorumSize: md.writeQuorumSize,
    ackQuorumSize: md.ackQuorumSize,
    lastEntryId: md.lastEntryId,
    length: md.length,
    ...(md.digestType !== undefined ? { digestType: digestName(md.digestType) } : {}),
    // Jackson writes byte[] as base64.
    password: (md.password ?? Buffer.alloc(0)).toString('base64'),
    ctime: md.ctime ?? BigInt(ctimeMs),
    state: md.state,
    closed: md.state === 'CLOSED',
    customMetadata: custom,
    ctoken: md.cToken,
    allEnsembles: ensembles,
  };
}

function parseId(v: string | null): bigint | undefined {
  if (v === null || !/^-?\d+$/.test(v.trim())) return undefined;
  return BigInt(v.trim());
}

export function addLedgerEndpoints(router: AdminRouter, ctx: AdminContext): void {
  router.add('/api/v1/ledger/list', async (req) => {
    if (req.method !== 'GET') return notFound('Not found method. Should be GET method');
    const md = ctx.metadata;
    if (!md) return noMetadata();
    const printMeta = req.params.get('print_metadata') === 'true';
    const decode = req.params.get('decode_meta') === 'true';
    const page = printMeta && req.params.has('page') ? Number(req.params.get('page')) : -1;
    const ids = await md.ledgers.listLedgers();
    const out: Record<string, unknown> = {};
    if (!printMeta) {
      for (const id of ids) out[id.toString()] = null;
      return ok(out);
    }
    // Page n (from 1) holds ledgers (n-1)*100+1 .. n*100 of the listing, as BookKeeper counts them.
    const chosen = page > 0 ? ids.slice((page - 1) * LIST_LEDGER_PAGE_SIZE, page * LIST_LEDGER_PAGE_SIZE) : ids;
    for (const id of chosen) {
      try {
        const v = await md.ledgers.readLedgerMetadata(id);
        out[id.toString()] = decode ? ledgerMetadataJson(id, v.metadata, v.ctimeMs) : encodeLedgerMetadata(v.metadata).toString('utf8');
      } catch (e) {
        // Deleted between the listing and the read.
        if (!isQuireError(e, 'NO_SUCH_LEDGER')) throw e;
      }
    }
    return ok(out);
  });

  router.add('/api/v1/ledger/metadata', async (req) => {
    const id = parseId(req.params.get('ledger_id'));
    if (req.method !== 'GET' || id === undefined) return notFound('Not found method. Should be GET method');
    const md = ctx.metadata;
    if (!md) return noMetadata();
    try {
      const v = await md.ledgers.readLedgerMetadata(id);
      return ok({ [id.toString()]: ledgerMetadataJson(id, v.metadata, v.ctimeMs) });
    } catch (e) {
      if (isQuireError(e, 'NO_SUCH_LEDGER')) return notFound(`ledger ${id} does not exist`);
      throw e;
    }
  });

  router.add('/api/v1/ledger/read', async (req) => {
    const id = parseId(req.params.get('ledger_id'));
    if (req.method !== 'GET' || id === undefined) return notFound('Not found method. Should be GET method, with ledger_id provided');
    let start = parseId(req.params.get('start_entry_id')) ?? 0n;
    let end = parseId(req.params.get('end_entry_id')) ?? -1n;
    const out: Record<string, string> = {};
    const page = req.params.has('page') ? Number(req.params.get('page')) : -1;
    if (page > 0) {
      const first = BigInt(page - 1) * READ_ENTRIES_PAGE_SIZE;
      const last = first + READ_ENTRIES_PAGE_SIZE - 1n;
      if (start === 0n || start < first) start = first;
      if (end === -1n || end > last) end = last;
      out['Entries for page: '] = String(page);
    }
    if (end !== -1n && start > end) {
      return { code: 500, body: `parameter for start_entry_id: ${start} and end_entry_id: ${end} conflict with page=${page}` };
    }
    if (end !== -1n && end - start + 1n > MAX_READ_ENTRIES) end = start + MAX_READ_ENTRIES - 1n;
    const cluster = ctx.cluster();
    if (!cluster) return { code: 503, body: 'Reading a ledger needs a client (quire bookie wires one).' };
    try {
      for (const e of await cluster.readEntries(id, start, end)) out[e.entryId.toString()] = e.payload.toString('latin1');
    } catch (e) {
      if (isQuireError(e, 'NO_SUCH_LEDGER')) return notFound(`ledger ${id} does not exist`);
      throw e;
    }
    return ok(out);
  });

  router.add('/api/v1/ledger/delete', async (req) => {
    if (req.method !== 'DELETE') return notFound('Not found method. Should be DELETE method');
    const id = parseId(req.params.get('ledger_id'));
    if (id === undefined) return notFound('Not ledger found. Should provide ledger_id=<id>');
    const md = ctx.metadata;
    if (!md) return noMetadata();
    // BookKeeper.deleteLedger removes the metadata; bookies reclaim the entries by GC.
    try {
      await md.ledgers.removeLedgerMetadata(id, ANY_VERSION);
    } catch (e) {
      if (!isQuireError(e, 'NO_SUCH_LEDGER')) throw e;
    }
    return okJsonText(`Deleted ledger: ${id}`);
  });
}
