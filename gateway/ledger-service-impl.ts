// The LedgerService over the quorum client — a thin façade that wires the core's parts and owns
// the lifecycle (running / stopping / abandoned). docs/gateway.md explains the design:
//   ledger-catalog.ts  create (the creator owns the ledger), list, describe
//   routing.ts         who serves a write: the local owned writer, the owner over peer/, or sealing
//   owned-writer.ts    the write handles this instance holds: bounds, exactly-once, compare-and-append
//   sealing.ts         ledgers without a writer: fence + recover, answers from the sealed ledger
//   reads.ts           entries, pages, LAC, tails (any instance, from the bookies)
//   append-rules.ts    the append rules every transport shares
import { QuireError } from '../common/errors.js';
import type { Logger } from '../common/logger.js';
import type { BookKeeperClient } from '../clients/quorum/index.js';
import type { MetadataService } from '../metadata/metadata-service.js';
import { validateAppend } from './append-rules.js';
import type { GatewayLimits } from './gateway-config.js';
import { LedgerCatalog } from './ledger-catalog.js';
import type {
  AppendOptions,
  CreateLedgerRequest,
  DurabilityReceipt,
  Entry,
  LedgerInfo,
  LedgerService,
  ListLedgersResult,
  ReadRangeRequest,
  ReadRangeResult,
  SealResult,
  TailRequest,
} from './ledger-service.js';
import { OwnedWriters } from './owned-writer.js';
import { Ownership } from './ownership.js';
import type { Peer } from './peer/peer.js';
import type { PeerCredential } from './peer/peer-credential.js';
import { PeerClient } from './peer/peer-client.js';
import { ReadHandles } from './read-handles.js';
import { Reads } from './reads.js';
import { Routing } from './routing.js';
import { Sealing } from './sealing.js';
import type { ServiceContext, ServiceEvent } from './service-context.js';

export type { ServiceEvent } from './service-context.js';

export interface LedgerServiceImplOptions {
  readonly client: BookKeeperClient;
  readonly metadata: MetadataService;
  readonly gatewayId: string;
  /** Base URL of this instance's peer listener, recorded in owner records (known once it listens). */
  readonly advertisedUrl: () => string;
  readonly limits: GatewayLimits;
  readonly log: Logger;
  /** Called on service events (metrics). */
  readonly onEvent?: (event: ServiceEvent) => void;
  /** Signs calls to other instances' peer listeners (absent = anonymous peer traffic). */
  readonly peerCredential?: PeerCredential;
}

export class LedgerServiceImpl implements LedgerService {
  readonly gatewayId: string;
  private stopping = false;
  private readonly ctx: ServiceContext;
  private readonly writers: OwnedWriters;
  private readonly idleTimer: NodeJS.Timeout;
  private readonly routing: Routing;
  private readonly reads: Reads;
  private readonly catalog: LedgerCatalog;
  /**
   * What this instance answers to other instances (served by peer/peer-server.ts): calls are
   * served here or refused with LEDGER_OWNED_ELSEWHERE, never forwarded again.
   */
  readonly ownerSide: Peer;

  constructor(opts: LedgerServiceImplOptions) {
    this.gatewayId = opts.gatewayId;
    const ctx: ServiceContext = {
      client: opts.client,
      metadata: opts.metadata,
      limits: opts.limits,
      log: opts.log,
      gatewayId: opts.gatewayId,
      emit: (e) => opts.onEvent?.(e),
      stopping: () => this.stopping,
    };
    this.ctx = ctx;
    const ownership = new Ownership(opts.metadata.store, opts.metadata.root, () => ({ gatewayId: opts.gatewayId, url: opts.advertisedUrl() }));
    const readers = new ReadHandles(ctx);
    const sealing = new Sealing(ctx, readers);
    this.writers = new OwnedWriters(ctx, ownership, sealing);
    this.routing = new Routing(ctx, ownership, new PeerClient(opts.gatewayId, opts.limits.forwardTimeoutMs, opts.peerCredential), this.writers, sealing, readers);
    this.reads = new Reads(ctx, readers, this.writers, (id) => this.routing.ownerLac(id));
    this.catalog = new LedgerCatalog(ctx, ownership, this.writers);
    // Idle owned ledgers are sealed; checked a few times per idle period (at most once a minute).
    const every = Math.max(200, Math.min(60_000, Math.floor(opts.limits.ownedIdleSealMs / 4)));
    this.idleTimer = setInterval(() => {
      if (!this.stopping) void this.writers.sealIdle(Date.now());
    }, every);
    this.idleTimer.unref();
    this.ownerSide = {
      append: async (ledgerId, data, o) => {
        this.checkRunning();
        validateAppend(this.ctx.limits, data, o, false);
        return this.routing.append(ledgerId, data, o, false);
      },
      close: async (ledgerId, password) => {
        this.checkRunning();
        return this.routing.close(ledgerId, password, false);
      },
      delete: async (ledgerId, password) => {
        this.checkRunning();
        await this.routing.delete(ledgerId, password, false);
      },
      lastAddConfirmed: async (ledgerId) => this.routing.localLac(ledgerId),
    };
  }

  private checkRunning(): void {
    if (this.stopping) throw new QuireError('SHUTTING_DOWN', `gateway ${this.gatewayId} is stopping`);
  }

  /** Ledgers whose write handle this instance holds. */
  get ownedLedgerIds(): bigint[] {
    return this.writers.ids;
  }

  async createLedger(req: CreateLedgerRequest): Promise<LedgerInfo> {
    this.checkRunning();
    return this.catalog.create(req);
  }

  append(ledgerId: bigint, data: Buffer, opts: AppendOptions = {}): Promise<DurabilityReceipt> {
    return this.appendEntries(ledgerId, [data], opts, true).then((r) => r[0]!);
  }

  appendBatch(ledgerId: bigint, data: Buffer[], opts: AppendOptions = {}): Promise<DurabilityReceipt[]> {
    return this.appendEntries(ledgerId, data, opts, false);
  }

  private async appendEntries(ledgerId: bigint, data: Buffer[], opts: AppendOptions, single: boolean): Promise<DurabilityReceipt[]> {
    this.checkRunning();
    validateAppend(this.ctx.limits, data, opts, single);
    return this.routing.append(ledgerId, data, opts, true);
  }

  async close(ledgerId: bigint, opts: { password?: Buffer } = {}): Promise<SealResult> {
    this.checkRunning();
    return this.routing.close(ledgerId, opts.password, true);
  }

  async recover(ledgerId: bigint, opts: { password?: Buffer } = {}): Promise<SealResult> {
    this.checkRunning();
    return this.routing.recover(ledgerId, opts.password);
  }

  async delete(ledgerId: bigint, opts: { password?: Buffer } = {}): Promise<void> {
    this.checkRunning();
    await this.routing.delete(ledgerId, opts.password, true);
  }

  async lastAddConfirmed(ledgerId: bigint, opts: { password?: Buffer } = {}): Promise<{ lastAddConfirmed: bigint; sealed: boolean }> {
    this.checkRunning();
    return this.reads.lastAddConfirmed(ledgerId, opts.password);
  }

  async readEntry(ledgerId: bigint, entryId: bigint, opts: { password?: Buffer; unconfirmed?: boolean } = {}): Promise<Entry> {
    this.checkRunning();
    return this.reads.readEntry(ledgerId, entryId, opts);
  }

  async readRange(ledgerId: bigint, req: ReadRangeRequest): Promise<ReadRangeResult> {
    this.checkRunning();
    return this.reads.readPage(ledgerId, req);
  }

  async tail(ledgerId: bigint, req: TailRequest): Promise<ReadRangeResult> {
    this.checkRunning();
    return this.reads.tail(ledgerId, req);
  }

  async list(opts: { pageSize?: number; pageToken?: string }): Promise<ListLedgersResult> {
    this.checkRunning();
    return this.catalog.list(opts);
  }

  async metadata(ledgerId: bigint): Promise<LedgerInfo> {
    this.checkRunning();
    return this.catalog.metadata(ledgerId);
  }

  async readiness(): Promise<{ ready: boolean; reason?: string }> {
    if (this.stopping) return { ready: false, reason: 'stopping' };
    const md = this.ctx.metadata;
    if (md.store.sessionState !== 'connected') return { ready: false, reason: `metadata session ${md.store.sessionState}` };
    try {
      const n = (await md.registration.getWritableBookies()).length;
      if (n < 1) return { ready: false, reason: 'no writable bookies registered' };
    } catch (e) {
      return { ready: false, reason: `metadata: ${(e as Error).message}` };
    }
    return { ready: true };
  }

  /**
   * Clean stop: refuses new calls, waits for appends in flight, then seals every ledger this
   * instance writes (a ledger lives as long as its writer) and removes its owner records.
   */
  async shutdown(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    clearInterval(this.idleTimer);
    for (const o of this.writers.all()) {
      try {
        await this.writers.close(o);
      } catch (err) {
        this.ctx.log.warn({ err, ledgerId: o.ledgerId.toString() }, 'could not seal an owned ledger on shutdown; the next instance will recover it');
      }
    }
  }

  /** Test and crash simulation: forget every handle without sealing (as if the process died). */
  abandon(): void {
    this.stopping = true;
    clearInterval(this.idleTimer);
    this.writers.abandonAll();
  }
}
