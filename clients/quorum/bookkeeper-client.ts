// BookKeeperClient: creates, opens, deletes and lists ledgers over the client's ports.
import { QuireError } from '../../common/errors.js';
import { INT64_MAX } from '../../common/ids.js';
import type { BookieClient } from './bookie-client/bookie-client.js';
import { type ClientConfig, resolveConfig } from './client-config.js';
import type { ClientContext } from './client-context.js';
import type { QuorumClientMetrics } from './client-metrics.js';
import { type Clock, systemClock } from './clock.js';
import { createDigestManager, masterKeyOf, parseDigestType } from './digest/digest-manager.js';
import { createPlacementPolicy } from './ensemble/placement-config.js';
import type { PlacementPolicy } from './ensemble/placement-policy.js';
import type { LedgerHandle } from './ledger-handle.js';
import type { BookieRegistryPort, LedgerMetadataPort } from './ledger-metadata-port.js';
import { type CreateLedgerOptions, createLedger, toPassword } from './ops/ledger-create-op.js';
import { recoverLedger } from './ops/ledger-recovery-op.js';
import { decommissionBookie, type DecommissionOptions, type DecommissionResult } from './admin/bookie-decommission.js';
import { readLastConfirmed } from './ops/read-last-confirmed-op.js';
import { ReadHandle } from './read-handle.js';

/** The writer's view of a ledger. */
export type WriteHandle = Pick<
  LedgerHandle,
  'ledgerId' | 'append' | 'appendWithResult' | 'appendAt' | 'lastAddConfirmed' | 'length' | 'force' | 'close' | 'ledgerMetadata' | 'isClosed' | 'error'
>;

export interface OpenLedgerOptions {
  readonly password?: string | Uint8Array;
  /** Fence and recover the ledger (closing it) when it is not closed yet. Default false. */
  readonly recovery?: boolean;
}

export interface BookKeeperClientOptions {
  readonly bookies: BookieClient;
  readonly metadata: LedgerMetadataPort;
  readonly registry: BookieRegistryPort;
  /** Overrides the policy config.ensemblePlacementPolicy names. */
  readonly placement?: PlacementPolicy;
  readonly clock?: Clock;
  /** Random source for placement and the sticky read bookie (seeded in the simulation). */
  readonly random?: () => number;
  readonly config?: Partial<ClientConfig>;
  /** Runs after the bookie connections are closed (e.g. ends the metadata session the client owns). */
  readonly onClose?: () => Promise<void>;
  /** Latency sink for adds (client-metrics.ts); the client keeps no registry itself. */
  readonly metrics?: QuorumClientMetrics;
}

function checkLedgerId(id: unknown): bigint {
  if (typeof id !== 'bigint' || id < 0n || id > INT64_MAX) throw new QuireError('INVALID_ARGUMENT', `ledger id must be a bigint in [0, 2^63-1], got ${String(id)}`);
  return id;
}

export class BookKeeperClient {
  private readonly ctx: ClientContext;
  private readonly onClose: (() => Promise<void>) | undefined;
  private closePromise: Promise<void> | null = null;

  constructor(opts: BookKeeperClientOptions) {
    this.onClose = opts.onClose;
    const config = resolveConfig(opts.config);
    this.ctx = {
      bookies: opts.bookies,
      metadata: opts.metadata,
      registry: opts.registry,
      placement: opts.placement ?? createPlacementPolicy(config, { addressOf: (id) => opts.registry.resolve(id), random: opts.random }),
      clock: opts.clock ?? systemClock,
      config,
      ...(opts.random ? { random: opts.random } : {}),
      ...(opts.metrics ? { metrics: opts.metrics } : {}),
    };
  }

  /** Creates a ledger and returns its writer. Invalid options throw INVALID_ARGUMENT before anything is stored. */
  createLedger(opts: CreateLedgerOptions = {}): Promise<WriteHandle> {
    return createLedger(this.ctx, opts);
  }

  /**
   * Opens a ledger for reading. The password must match the one it was created with
   * (UNAUTHORIZED). With recovery, an unclosed ledger is fenced, recovered and closed first, so
   * its writer can add nothing more.
   */
  async openLedger(ledgerId: bigint, opts: OpenLedgerOptions = {}): Promise<ReadHandle> {
    checkLedgerId(ledgerId);
    const password = toPassword(opts.password);
    let v = await this.ctx.metadata.read(ledgerId);
    // Ledgers written without digest metadata (format v1) fall back to CRC32, BookKeeper's default.
    if (v.metadata.password !== undefined && !v.metadata.password.equals(password)) throw new QuireError('UNAUTHORIZED', `wrong password for ledger ${ledgerId}`);
    const digest = createDigestManager(parseDigestType(v.metadata.digestType ?? 'CRC32'), password);
    if (opts.recovery && v.metadata.state !== 'CLOSED') {
      v = await recoverLedger(this.ctx, ledgerId, digest, masterKeyOf(password));
    }
    let lac = -1n;
    if (v.metadata.state !== 'CLOSED') {
      // Best effort, as BookKeeper: a reader may open while bookies are down and ask again later.
      lac = await readLastConfirmed(this.ctx, digest, ledgerId, v.metadata).catch(() => -1n);
    }
    return new ReadHandle(this.ctx, ledgerId, v.metadata, digest, lac);
  }

  async deleteLedger(ledgerId: bigint): Promise<void> {
    await this.ctx.metadata.delete(checkLedgerId(ledgerId));
  }

  listLedgers(): Promise<bigint[]> {
    return this.ctx.metadata.list();
  }

  /**
   * Moves every fragment off a live, read-only bookie (admin/bookie-decommission.ts); afterwards no
   * ledger metadata names it. Removing its cookie is the caller's part (the shell's decommissionbookie).
   */
  decommissionBookie(bookieId: string, opts: DecommissionOptions = {}): Promise<DecommissionResult> {
    return decommissionBookie(this.ctx, bookieId, opts);
  }

  /** Closes the bookie connections (and what onClose names). Handles must not be used afterwards. */
  close(): Promise<void> {
    this.closePromise ??= (async () => {
      try {
        await this.ctx.bookies.close();
      } finally {
        await this.onClose?.();
      }
    })();
    return this.closePromise;
  }
}
