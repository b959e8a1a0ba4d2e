// Who writes a log: the instance that holds its writer records itself in an EPHEMERAL node,
//   <parent of the ledgers root>/quire-gateway/log-owners/<name with '/' as '~'>
// with the same JSON as a ledger's owner record (gateway/ownership.ts), so other instances forward
// appends to it. As for ledgers, the node only says where to send writes; safety against two
// writers comes from fencing the segment ledger and from compare-and-set on the log's metadata.
import { isQuireError, QuireError } from '../../common/errors.js';
import { ANY_VERSION, joinPath, parentOf, type MetadataStore } from '../../metadata/metadata-store.js';
import { createWithParents, getIfExists } from '../../metadata/store-helpers.js';
import type { OwnerLookup, OwnerRecord } from '../ownership.js';
import { nodeNameOf } from './log-name.js';

export function logOwnersPath(ledgersRoot: string): string {
  return joinPath(joinPath(parentOf(ledgersRoot), 'quire-gateway'), 'log-owners');
}

export class LogOwnership {
  private readonly base: string;
  constructor(
    private readonly store: MetadataStore,
    ledgersRoot: string,
    private readonly self: () => Omit<OwnerRecord, 'sinceMs'>,
  ) {
    this.base = logOwnersPath(ledgersRoot);
  }

  private path(name: string): string {
    return joinPath(this.base, nodeNameOf(name));
  }

  /** METADATA_EXISTS when another instance (or an earlier session of this one) holds it. */
  async claim(name: string): Promise<void> {
    const rec: OwnerRecord = { ...this.self(), sinceMs: Date.now() };
    await createWithParents(this.store, this.path(name), Buffer.from(JSON.stringify(rec)), 'ephemeral');
  }

  async release(name: string): Promise<void> {
    const path = this.path(name);
    const cur = await getIfExists(this.store, path);
    if (!cur || !cur.stat.ownedByThisSession) return;
    try {
      await this.store.delete(path, ANY_VERSION);
    } catch (e) {
      if (!isQuireError(e, 'METADATA_NOT_FOUND')) throw e;
    }
  }

  /** Removes the record whoever holds it (a leftover of an earlier process with the same id). */
  async remove(name: string): Promise<void> {
    try {
      await this.store.delete(this.path(name), ANY_VERSION);
    } catch (e) {
      if (!isQuireError(e, 'METADATA_NOT_FOUND')) throw e;
    }
  }

  async owner(name: string): Promise<OwnerLookup | undefined> {
    const path = this.path(name);
    const cur = await getIfExists(this.store, path);
    if (!cur) return undefined;
    let v: Partial<OwnerRecord>;
    try {
      v = JSON.parse(cur.data.toString('utf8')) as Partial<OwnerRecord>;
    } catch {
      v = {};
    }
    if (typeof v.gatewayId !== 'string' || typeof v.url !== 'string' || typeof v.sinceMs !== 'number') throw new QuireError('METADATA_CORRUPT', `log owner record ${path} is not valid JSON {gatewayId,url,sinceMs}`);
    return { gatewayId: v.gatewayId, url: v.url, sinceMs: v.sinceMs, mine: cur.stat.ownedByThisSession };
  }
}
