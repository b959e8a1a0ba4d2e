// The gRPC adapter of the transport-neutral test client: the scenario suite (scenarios.ts) runs
// over it exactly as over REST. Failures become TransportError from the trailing metadata
// (quire-error-code, quire-retryable, quire-error-field, and every other quire-* trailer as a
// camelCase detail, e.g. quire-last-entry-id -> lastEntryId).
import { status, type Metadata, type ServiceError } from '@grpc/grpc-js';
import { GrpcLedgerClient } from '../../gateway/grpc/grpc-client.js';
import { ERROR_CODE_HEADER, ERROR_FIELD_HEADER, RETRYABLE_HEADER } from '../../gateway/grpc/grpc-errors.js';
import { TransportError, type AppendOpts, type CreateOpts, type LedgerView, type PageView, type ReceiptView, type SealView, type TransportClient } from './transport-client.js';

type Msg = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const NOT_DETAILS = new Set([ERROR_CODE_HEADER, RETRYABLE_HEADER, ERROR_FIELD_HEADER, 'quire-retry-after-ms']);

function transportErrorOf(e: unknown): unknown {
  const err = e as Partial<ServiceError>;
  if (typeof err.code !== 'number' || err.metadata === undefined) return e;
  const md: Metadata = err.metadata;
  const get = (k: string) => {
    const v = md.get(k)[0];
    return v === undefined ? undefined : String(v);
  };
  const details: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(md.getMap())) {
    if (!k.startsWith('quire-') || NOT_DETAILS.has(k)) continue;
    details[k.slice('quire-'.length).replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())] = String(v);
  }
  const code = get(ERROR_CODE_HEADER) ?? `GRPC_${status[err.code] ?? err.code}`;
  // Fields travel as proto names (expected_entry_id); the neutral view names them in camelCase.
  const field = get(ERROR_FIELD_HEADER)?.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
  return new TransportError(code, err.details ?? '', get(RETRYABLE_HEADER) === 'true', field, details);
}

const pwField = (password: string | undefined) => (password === undefined ? {} : { password: Buffer.from(password, 'utf8') });
const STATE: Record<string, LedgerView['state']> = { LEDGER_STATE_OPEN: 'OPEN', LEDGER_STATE_IN_RECOVERY: 'IN_RECOVERY', LEDGER_STATE_CLOSED: 'CLOSED' };

function ledgerView(m: Msg): LedgerView {
  return {
    ledgerId: m.ledgerId,
    state: STATE[m.state as string] ?? 'OPEN',
    lastEntryId: m.lastEntryId,
    ensembleSize: m.ensembleSize,
    writeQuorumSize: m.writeQuorumSize,
    ackQuorumSize: m.ackQuorumSize,
    customMetadata: m.customMetadata,
    ...(m.owner ? { owner: m.owner as string } : {}),
    entryFormat: String(m.entryFormat).replace('ENTRY_FORMAT_', '') as LedgerView['entryFormat'],
    storedLength: m.storedLength,
    ...(m.payloadLength !== undefined && m.payloadLength !== null ? { payloadLength: m.payloadLength as string } : {}),
  };
}

const receiptView = (m: Msg): ReceiptView => ({
  ledgerId: m.ledgerId,
  entryId: m.entryId,
  lastAddConfirmed: m.lastAddConfirmed,
  writeSet: m.writeSet,
  ackQuorumSize: m.ackQuorumSize,
  duplicate: m.duplicate,
  // proto3 cannot tell an empty repeated field from an unset one; REST leaves it out.
  ...((m.ackedBy as string[]).length > 0 ? { ackedBy: m.ackedBy as string[] } : {}),
});

const sealView = (m: Msg): SealView => ({
  ledgerId: m.ledgerId,
  lastEntryId: m.lastEntryId,
  length: m.length,
  storedLength: m.storedLength,
  ...(m.payloadLength !== undefined && m.payloadLength !== null ? { payloadLength: m.payloadLength as string } : {}),
});

function appendFields(o: AppendOpts): Msg {
  return {
    ...pwField(o.password),
    ...(o.producerId !== undefined ? { producerId: o.producerId } : {}),
    ...(o.sequence !== undefined ? { sequence: o.sequence } : {}),
    ...(o.expectedEntryId !== undefined ? { expectedEntryId: o.expectedEntryId } : {}),
  };
}

export class GrpcTransport implements TransportClient {
  readonly name = 'grpc';
  readonly client: GrpcLedgerClient;
  constructor(address: string) {
    this.client = new GrpcLedgerClient(address);
  }

  private async unary(method: Parameters<GrpcLedgerClient['unary']>[0], req: Msg): Promise<Msg> {
    try {
      return await this.client.unary<Msg>(method, req);
    } catch (e) {
      throw transportErrorOf(e);
    }
  }

  async createLedger(o: CreateOpts = {}): Promise<LedgerView> {
    return ledgerView(
      await this.unary('CreateLedger', {
        ...pwField(o.password),
        ensembleSize: o.ensembleSize ?? 0,
        writeQuorumSize: o.writeQuorumSize ?? 0,
        ackQuorumSize: o.ackQuorumSize ?? 0,
        ...(o.digestType ? { digestType: `DIGEST_TYPE_${o.digestType}` } : {}),
        customMetadata: o.customMetadata ?? {},
        ...(o.entryFormat ? { entryFormat: `ENTRY_FORMAT_${o.entryFormat}` } : {}),
      }),
    );
  }
  async info(ledgerId: string): Promise<LedgerView> {
    return ledgerView(await this.unary('GetMetadata', { ledgerId }));
  }
  async list(o: { pageSize?: number; pageToken?: string } = {}): Promise<{ ledgers: string[]; nextPageToken?: string }> {
    const r = await this.unary('List', { pageSize: o.pageSize ?? 0, pageToken: o.pageToken ?? '' });
    return { ledgers: r.ledgerIds, ...(r.nextPageToken ? { nextPageToken: r.nextPageToken as string } : {}) };
  }
  async append(ledgerId: string, data: Buffer, o: AppendOpts = {}): Promise<ReceiptView> {
    return receiptView(await this.unary('Append', { ledgerId, data, ...appendFields(o) }));
  }
  async appendBatch(ledgerId: string, data: Buffer[], o: AppendOpts = {}): Promise<ReceiptView[]> {
    return ((await this.unary('AppendBatch', { ledgerId, entries: data, ...appendFields(o) })).receipts as Msg[]).map(receiptView);
  }
  /** One page: ReadRange bounded to `limit` entries (default: the server's page size), cut at the first message. */
  async read(ledgerId: string, from: string, o: { password?: string; limit?: number; maxBytes?: number } = {}): Promise<PageView> {
    try {
      const stream = this.client.serverStream('ReadRange', { ledgerId, fromEntryId: from, maxEntries: o.limit ?? 0, maxBytes: o.maxBytes ?? 0, ...pwField(o.password) });
      let first: Msg | undefined;
      for await (const m of stream) {
        first = m as Msg;
        break; // one page, like a REST GET
      }
      stream.cancel(); // leaving the loop does not cancel a grpc-js call; say we are done
      if (first === undefined) throw new Error('ReadRange ended without a message');
      const entries = (first.entries as Msg[]).map((e) => ({ entryId: e.entryId as string, data: e.data as Buffer }));
      const last = entries[entries.length - 1];
      // More may follow when the page did not reach the LAC (or the server said where to resume).
      const next = first.nextEntryId ?? (last !== undefined && BigInt(last.entryId) < BigInt(first.lastAddConfirmed) ? String(BigInt(last.entryId) + 1n) : undefined);
      return { entries, lastAddConfirmed: first.lastAddConfirmed, sealed: first.sealed, ...(next !== undefined ? { nextEntryId: next } : {}) };
    } catch (e) {
      throw transportErrorOf(e);
    }
  }
  async readEntry(ledgerId: string, entryId: string, o: { password?: string } = {}): Promise<Buffer> {
    return (await this.unary('ReadEntry', { ledgerId, entryId, ...pwField(o.password) })).data;
  }
  async lac(ledgerId: string, o: { password?: string } = {}): Promise<{ lastAddConfirmed: string; sealed: boolean }> {
    const r = await this.unary('GetLastAddConfirmed', { ledgerId, ...pwField(o.password) });
    return { lastAddConfirmed: r.lastAddConfirmed, sealed: r.sealed };
  }
  /** One long-poll round: the Tail stream's first message (entries, or a heartbeat after waitMs), then cancel. */
  async tail(ledgerId: string, from: string, waitMs: number, o: { password?: string } = {}): Promise<PageView> {
    try {
      const stream = this.client.serverStream('Tail', { ledgerId, fromEntryId: from, waitMs, ...pwField(o.password) });
      let first: Msg | undefined;
      for await (const m of stream) {
        first = m as Msg;
        break;
      }
      stream.cancel();
      if (first === undefined) throw new Error('Tail ended without a message');
      return { entries: (first.entries as Msg[]).map((e) => ({ entryId: e.entryId as string, data: e.data as Buffer })), lastAddConfirmed: first.lastAddConfirmed, sealed: first.sealed };
    } catch (e) {
      throw transportErrorOf(e);
    }
  }
  async close(ledgerId: string, o: { password?: string } = {}): Promise<SealView> {
    return sealView(await this.unary('Close', { ledgerId, ...pwField(o.password) }));
  }
  async recover(ledgerId: string, o: { password?: string } = {}): Promise<SealView> {
    return sealView(await this.unary('Recover', { ledgerId, ...pwField(o.password) }));
  }
  async delete(ledgerId: string, o: { password?: string } = {}): Promise<void> {
    await this.unary('Delete', { ledgerId, ...pwField(o.password) });
  }
  dispose(): void {
    this.client.close();
  }
}
