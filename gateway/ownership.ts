// Who holds a ledger's write handle. The instance that creates a ledger records itself in an
// EPHEMERAL node of the metadata store, outside BookKeeper's ledgers root so BookKeeper's tools
// never see it:   <parent of the ledgers root>/quire-gateway/owners/<ledgerId>
// (`/quire-gateway/owners/42` for the usual `/ledgers` root). The node's data is JSON
// {"gatewayId","url","sinceMs"}; it vanishes when the owner's metadata session ends (process death,
// ZooKeeper session expiry, clean stop). A node only says where to send writes: safety against two
// writers comes from BookKeeper's fencing, never from this node.
import { isQuireError, QuireError } from '../common/errors.js';
import { ANY_VERSION, joinPath, parentOf, type MetadataStore } from '../metadata/metadata-store.js';
import { createWithParents, getIfExists } from '../metadata/store-helpers.js';

export interface OwnerRecord {
  readonly gatewayId: string;
  /** Base URL of the owner's peer listener (gateway/peer/: forwarded writes and LAC questions go there). */
  readonly url: string;
  readonly sinceMs: number;
}

export interface OwnerLookup extends OwnerRecord {
  /** True when the node belongs to this process's own metadata session. */
  readonly mine: boolean;
}

export function ownersPath(ledgersRoot: string): string {
  return joinPath(joinPath(parentOf(ledgersRoot), 'quire-gateway'), 'owners');
}

function parseRecord(data: Buffer, path: string): OwnerRecord {
  try {
    const v = JSON.parse(data.toString('utf8')) as Partial<OwnerRecord>;
    if (typeof v.gatewayId === 'string' && typeof v.url === 'string' && typeof v.sinceMs === 'number') return { gatewayId: v.gatewayId, url: v.url, sinceMs: v.sinceMs };
  } catch {
    // fall through
  }
  throw new QuireError('METADATA_CORRUPT', `owner record ${path} is not valid JSON {gatewayId,url,sinceMs}`);
}

export class Ownership {
  private readonly base: string;
  constructor(
    private readonly store: MetadataStore,
    ledgersRoot: string,
    private readonly self: () => Omit<OwnerRecord, 'sinceMs'>,
  ) {
    this.base = ownersPath(ledgersRoot);
  }

  private path(ledgerId: bigint): string {
    return joinPath(this.base, ledgerId.toString());
  }

  /** Records this instance as the ledger's owner. METADATA_EXISTS if someone already is. */
  async claim(ledgerId: bigint): Promise<void> {
    const rec: OwnerRecord = { ...this.self(), sinceMs: Date.now() };
    await createWithParents(this.store, this.path(ledgerId), Buffer.from(JSON.stringify(rec)), 'ephemeral');
  }

  /** Removes this instance's record (if it is ours); absent is fine. */
  async release(ledgerId: bigint): Promise<void> {
    const path = this.path(ledgerId);
    const cur = await getIfExists(this.store, path);
    if (!cur || !cur.stat.ownedByThisSession) return;
    try {
      await this.store.delete(path, ANY_VERSION);
    } catch (e) {
      if (!isQuireError(e, 'METADATA_NOT_FOUND')) throw e;
    }
  }

  async owner(ledgerId: bigint): Promise<OwnerLookup | undefined> {
    const path = this.path(ledgerId);
    const cur = await getIfExists(this.store, path);
    if (!cur) return undefined;
    return { ...parseRecord(cur.data, path), mine: cur.stat.ownedByThisSession };
  }
}
