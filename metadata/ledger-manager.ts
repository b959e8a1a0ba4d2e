// BookKeeper's ledger manager on a MetadataStore: ledger metadata nodes at the hierarchical paths
// (ledger-paths.ts), bytes from formats/ledger-metadata-format.ts, every update a compare-and-set
// on the node version (spec §6.3).
import { QuireError, isQuireError } from '../common/errors.js';
import { childLogger } from '../common/logger.js';
import { decodeLedgerMetadata, encodeLedgerMetadata } from './formats/ledger-metadata-format.js';
import { LedgerIdGenerator } from './ledger-id-generator.js';
import type { LedgerMetadata } from './ledger-metadata.js';
import { ledgerPath, listLedgerIds } from './ledger-paths.js';
import { watchHandle, type MetadataStore, type WatchHandle } from './metadata-store.js';
import { createWithParents } from './store-helpers.js';

const log = childLogger('ledger-manager');

export interface VersionedMetadata {
  readonly metadata: LedgerMetadata;
  /** Node version to pass back for compare-and-set. */
  readonly version: number;
  /** Creation time: the one stored in the metadata, else the node's ctime (as Java reads it). */
  readonly ctimeMs: number;
}

export type LedgerMetadataListener = (ledgerId: bigint, metadata: VersionedMetadata | undefined) => void;

/** Bound on read-modify-CAS rounds; contention beyond this is a bug or a storm, reported as conflict. */
export const MAX_UPDATE_ATTEMPTS = 100;

export class LedgerManager {
  readonly idGenerator: LedgerIdGenerator;

  constructor(readonly store: MetadataStore, readonly root: string) {
    this.idGenerator = new LedgerIdGenerator(store, root);
  }

  path(ledgerId: bigint): string {
    return ledgerPath(this.root, ledgerId);
  }

  /** Creates a ledger with a fresh id; an id already taken makes it pick another (as LedgerCreateOp). */
  async createLedger(metadata: LedgerMetadata): Promise<{ ledgerId: bigint; version: number }> {
    for (let attempt = 0; attempt < MAX_UPDATE_ATTEMPTS; attempt++) {
      const ledgerId = await this.idGenerator.generate();
      try {
        const version = await this.createLedgerMetadata(ledgerId, metadata);
        return { ledgerId, version };
      } catch (e) {
        if (!isQuireError(e, 'LEDGER_EXISTS')) throw e;
        log.warn({ ledgerId }, 'generated ledger id already in use; picking another');
      }
    }
    throw new QuireError('METADATA_UNAVAILABLE', `no free ledger id after ${MAX_UPDATE_ATTEMPTS} attempts`);
  }

  /** Creates the metadata node for a given id; LEDGER_EXISTS if taken. Returns the node version (0). */
  async createLedgerMetadata(ledgerId: bigint, metadata: LedgerMetadata): Promise<number> {
    const path = this.path(ledgerId);
    try {
      await createWithParents(this.store, path, encodeLedgerMetadata(metadata), 'persistent');
      return 0;
    } catch (e) {
      if (isQuireError(e, 'METADATA_EXISTS')) throw new QuireError('LEDGER_EXISTS', `ledger ${ledgerId} already exists (${path})`);
      throw e;
    }
  }

  /** NO_SUCH_LEDGER if absent; METADATA_CORRUPT (naming the path) if unparseable. */
  async readLedgerMetadata(ledgerId: bigint): Promise<VersionedMetadata> {
    const path = this.path(ledgerId);
    let node;
    try {
      node = await this.store.get(path);
    } catch (e) {
      if (isQuireError(e, 'METADATA_NOT_FOUND')) throw new QuireError('NO_SUCH_LEDGER', `ledger ${ledgerId} does not exist (${path})`);
      throw e;
    }
    const metadata = decodeLedgerMetadata(node.data, path);
    return { metadata, version: node.stat.version, ctimeMs: metadata.ctime !== undefined ? Number(metadata.ctime) : node.stat.ctime };
  }

  /**
   * Compare-and-set write. The stored format version is kept: callers build the new metadata with
   * withChanges() from what they read, which copies formatVersion.
   */
  async writeLedgerMetadata(ledgerId: bigint, metadata: LedgerMetadata, expectedVersion: number): Promise<number> {
    const path = this.path(ledgerId);
    try {
      const stat = await this.store.set(path, encodeLedgerMetadata(metadata), expectedVersion);
      return stat.version;
    } catch (e) {
      if (isQuireError(e, 'METADATA_NOT_FOUND')) throw new QuireError('NO_SUCH_LEDGER', `ledger ${ledgerId} does not exist (${path})`);
      throw e;
    }
  }

  /**
   * The read-modify-CAS loop: `change` gets the current metadata and returns the new one (or
   * undefined to leave it as is); on a version conflict it runs again on a fresh read. The new
   * metadata keeps the stored format version whatever `change` returns.
   */
  async updateLedgerMetadata(ledgerId: bigint, change: (current: LedgerMetadata) => LedgerMetadata | undefined): Promise<VersionedMetadata> {
    for (let attempt = 0; attempt < MAX_UPDATE_ATTEMPTS; attempt++) {
      const current = await this.readLedgerMetadata(ledgerId);
      const proposed = change(current.metadata);
      if (proposed === undefined) return current;
      const next = proposed.formatVersion === current.metadata.formatVersion ? proposed : { ...proposed, formatVersion: current.metadata.formatVersion };
      try {
        const version = await this.writeLedgerMetadata(ledgerId, next, current.version);
        return { metadata: next, version, ctimeMs: current.ctimeMs };
      } catch (e) {
        if (!isQuireError(e, 'METADATA_VERSION_CONFLICT')) throw e;
      }
    }
    throw new QuireError('METADATA_VERSION_CONFLICT', `ledger ${ledgerId}: metadata update lost ${MAX_UPDATE_ATTEMPTS} compare-and-set rounds in a row`);
  }

  /** Deletes the ledger node (version-checked; ANY_VERSION = -1 to skip). NO_SUCH_LEDGER if absent. */
  async removeLedgerMetadata(ledgerId: bigint, version: number): Promise<void> {
    const path = this.path(ledgerId);
    try {
      await this.store.delete(path, version);
    } catch (e) {
      if (isQuireError(e, 'METADATA_NOT_FOUND')) throw new QuireError('NO_SUCH_LEDGER', `ledger ${ledgerId} does not exist (${path})`);
      throw e;
    }
  }

  async exists(ledgerId: bigint): Promise<boolean> {
    return (await this.store.exists(this.path(ledgerId))) !== undefined;
  }

  /** All ledger ids, ascending (walks the tree). */
  listLedgers(): Promise<bigint[]> {
    return listLedgerIds(this.store, this.root);
  }

  /**
   * Calls listener with the current metadata once the watch is armed, then with fresh metadata
   * whenever the ledger's node changes, and with undefined once it is deleted. Unreadable
   * metadata is logged and not delivered.
   */
  watchLedgerMetadata(ledgerId: bigint, listener: LedgerMetadataListener): WatchHandle {
    let active = true;
    const deliver = (): void => {
      this.readLedgerMetadata(ledgerId).then(
        (md) => active && listener(ledgerId, md),
        (e: unknown) => {
          if (isQuireError(e, 'NO_SUCH_LEDGER')) {
            if (active) listener(ledgerId, undefined);
          } else {
            log.warn({ err: e, ledgerId }, 'could not read ledger metadata after a change');
          }
        },
      );
    };
    const handle = this.store.watchData(this.path(ledgerId), (ev) => {
      if (!active) return;
      if (ev.type === 'deleted') listener(ledgerId, undefined);
      else deliver();
    });
    void handle.ready.then(() => active && deliver());
    return watchHandle(() => {
      active = false;
      handle();
    }, handle.ready);
  }
}
