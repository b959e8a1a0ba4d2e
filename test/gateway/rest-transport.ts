// The REST adapter of the transport-neutral test client (plain fetch, as any HTTP caller would).
import { TransportError, type AppendOpts, type LedgerView, type PageView, type ReceiptView, type SealView, type TransportClient } from './transport-client.js';

function headers(o: { password?: string } & Partial<AppendOpts> = {}, extra: Record<string, string> = {}): Record<string, string> {
  return {
    ...extra,
    ...(o.password !== undefined ? { 'quire-ledger-password-base64': Buffer.from(o.password, 'utf8').toString('base64') } : {}),
    ...(o.producerId !== undefined ? { 'quire-producer-id': o.producerId } : {}),
    ...(o.sequence !== undefined ? { 'quire-sequence': o.sequence } : {}),
    ...(o.expectedEntryId !== undefined ? { 'quire-expected-entry-id': o.expectedEntryId } : {}),
  };
}

interface PageJson {
  entries: { entryId: string; data: string }[];
  nextEntryId?: string;
  lastAddConfirmed: string;
  sealed: boolean;
}

const page = (p: PageJson): PageView => ({ ...p, entries: p.entries.map((e) => ({ entryId: e.entryId, data: Buffer.from(e.data, 'base64') })) });

export class RestTransport implements TransportClient {
  readonly name = 'rest';
  constructor(private readonly baseUrl: string) {}

  private async call<T>(method: string, path: string, init: { headers?: Record<string, string>; body?: string | Buffer } = {}, raw = false): Promise<T> {
    const res = await fetch(new URL(path, this.baseUrl), { method, headers: init.headers ?? {}, ...(init.body !== undefined ? { body: init.body } : {}) });
    if (!res.ok) {
      const text = await res.text();
      let p: Record<string, unknown> = {};
      try {
        p = JSON.parse(text) as Record<string, unknown>;
      } catch {
        throw new TransportError('HTTP_' + res.status, text, false);
      }
      const { code, detail, retryable, field, ...rest } = p;
      throw new TransportError(String(code), String(detail), retryable === true, typeof field === 'string' ? field : undefined, rest);
    }
    if (raw) return Buffer.from(await res.arrayBuffer()) as T;
    if (res.status === 204) return undefined as T;
    return (await res.json()) as T;
  }

  createLedger(o: Parameters<TransportClient['createLedger']>[0] = {}): Promise<LedgerView> {
    const { password, ...body } = o;
    return this.call('POST', '/v1/ledgers', { headers: headers({ ...(password !== undefined ? { password } : {}) }, { 'content-type': 'application/json' }), body: JSON.stringify(body) });
  }
  info(ledgerId: string): Promise<LedgerView> {
    return this.call('GET', `/v1/ledgers/${ledgerId}`);
  }
  list(o: { pageSize?: number; pageToken?: string } = {}): Promise<{ ledgers: string[]; nextPageToken?: string }> {
    const q = new URLSearchParams();
    if (o.pageSize !== undefined) q.set('pageSize', String(o.pageSize));
    if (o.pageToken !== undefined) q.set('pageToken', o.pageToken);
    return this.call('GET', `/v1/ledgers?${q}`);
  }
  append(ledgerId: string, data: Buffer, o: AppendOpts = {}): Promise<ReceiptView> {
    return this.call('POST', `/v1/ledgers/${ledgerId}/entries`, { headers: headers(o, { 'content-type': 'application/octet-stream' }), body: data });
  }
  async appendBatch(ledgerId: string, data: Buffer[], o: AppendOpts = {}): Promise<ReceiptView[]> {
    const r = await this.call<{ receipts: ReceiptView[] }>('POST', `/v1/ledgers/${ledgerId}/entries`, {
      headers: headers(o, { 'content-type': 'application/json' }),
      body: JSON.stringify({ entries: data.map((d) => ({ data: d.toString('base64') })) }),
    });
    return r.receipts;
  }
  async read(ledgerId: string, from: string, o: { password?: string; limit?: number; maxBytes?: number } = {}): Promise<PageView> {
    const q = new URLSearchParams({ from });
    if (o.limit !== undefined) q.set('limit', String(o.limit));
    if (o.maxBytes !== undefined) q.set('maxBytes', String(o.maxBytes));
    return page(await this.call<PageJson>('GET', `/v1/ledgers/${ledgerId}/entries?${q}`, { headers: headers(o) }));
  }
  readEntry(ledgerId: string, entryId: string, o: { password?: string } = {}): Promise<Buffer> {
    return this.call('GET', `/v1/ledgers/${ledgerId}/entries/${entryId}`, { headers: headers(o) }, true);
  }
  lac(ledgerId: string, o: { password?: string } = {}): Promise<{ lastAddConfirmed: string; sealed: boolean }> {
    return this.call('GET', `/v1/ledgers/${ledgerId}/lac`, { headers: headers(o) });
  }
  async tail(ledgerId: string, from: string, waitMs: number, o: { password?: string } = {}): Promise<PageView> {
    return page(await this.call<PageJson>('GET', `/v1/ledgers/${ledgerId}/tail?from=${from}&waitMs=${waitMs}`, { headers: headers(o, { accept: 'application/json' }) }));
  }
  close(ledgerId: string, o: { password?: string } = {}): Promise<SealView> {
    return this.call('POST', `/v1/ledgers/${ledgerId}/close`, { headers: headers(o) });
  }
  recover(ledgerId: string, o: { password?: string } = {}): Promise<SealView> {
    return this.call('POST', `/v1/ledgers/${ledgerId}/recover`, { headers: headers(o) });
  }
  delete(ledgerId: string, o: { password?: string } = {}): Promise<void> {
    return this.call('DELETE', `/v1/ledgers/${ledgerId}`, { headers: headers(o) });
  }
}
