// Ledger ids as BookKeeper's ZkLedgerIdGenerator / LongZkLedgerIdGenerator make them (spec §7.4):
// an EPHEMERAL_SEQUENTIAL node <root>/idgen/ID-<10 digits> whose sequence number is the id (the
// node is deleted at once). Once <root>/idgen-long exists (after the 31-bit ids overflow), ids
// are (hi << 32) | seq from <root>/idgen-long/HOB-<hi 10 digits>/ID-<seq>; only the 3 newest HOB
// nodes are kept.
import { QuireError, isQuireError } from '../common/errors.js';
import { childLogger } from '../common/logger.js';
import { IDGEN_LONG_NODE, IDGEN_NODE } from './cluster-layout.js';
import { ANY_VERSION, joinPath, type MetadataStore } from './metadata-store.js';
import { childrenIfExists, createWithParents } from './store-helpers.js';

const log = childLogger('ledger-id-generator');
const INT32_MAX = 2147483647;
const HOB_PREFIX = 'HOB-';
const ID_PREFIX = 'ID-';

function parseSequence(path: string, prefix: string): number {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const digits = name.slice(prefix.length);
  if (!name.startsWith(prefix) || !/^-?\d+$/.test(digits)) {
    throw new QuireError('METADATA_CORRUPT', `id generator node ${path} has no sequence number`);
  }
  return Number(digits);
}

async function deleteQuietly(store: MetadataStore, path: string): Promise<void> {
  try {
    await store.delete(path, ANY_VERSION);
  } catch (e) {
    // A leftover ID node costs nothing but space; never fail id generation for it.
    if (!isQuireError(e, 'METADATA_NOT_FOUND')) log.warn({ err: e, path }, 'could not delete id generator node');
  }
}

export class LedgerIdGenerator {
  constructor(private readonly store: MetadataStore, private readonly root: string) {}

  private get idgen(): string {
    return joinPath(this.root, IDGEN_NODE);
  }

  private get idgenLong(): string {
    return joinPath(this.root, IDGEN_LONG_NODE);
  }

  async generate(): Promise<bigint> {
    if ((await this.store.exists(this.idgenLong)) !== undefined) return this.generateLong();
    const created = await createWithParents(this.store, joinPath(this.idgen, ID_PREFIX), Buffer.alloc(0), 'ephemeral-sequential');
    await deleteQuietly(this.store, created);
    const seq = parseSequence(created, ID_PREFIX);
    if (seq >= 0 && seq < INT32_MAX) return BigInt(seq);
    log.info({ seq }, '31-bit ledger ids exhausted; switching to idgen-long');
    return this.generateLong();
  }

  private async generateLong(): Promise<bigint> {
    for (let attempt = 0; attempt < 10; attempt++) {
      const hobs = (await childrenIfExists(this.store, this.idgenLong))
        .filter((c) => c.startsWith(HOB_PREFIX))
        .map((c) => parseSequence(c, HOB_PREFIX))
        .sort((a, b) => a - b);
      const hi = hobs.length > 0 ? hobs[hobs.length - 1]! : await this.createHob(1);
      let created: string;
      try {
        created = await this.store.create(joinPath(this.idgenLong, `${HOB_PREFIX}${String(hi).padStart(10, '0')}/${ID_PREFIX}`), Buffer.alloc(0), 'ephemeral-sequential');
      } catch (e) {
        if (isQuireError(e, 'METADATA_NOT_FOUND')) continue; // the HOB was pruned under us
        throw e;
      }
      await deleteQuietly(this.store, created);
      const seq = parseSequence(created, ID_PREFIX);
      if (seq >= 0 && seq < INT32_MAX) return (BigInt(hi) << 32n) | BigInt(seq);
      await this.createHob(hi + 1);
      for (const old of hobs.slice(0, Math.max(0, hobs.length + 1 - 3))) {
        await deleteQuietly(this.store, joinPath(this.idgenLong, `${HOB_PREFIX}${String(old).padStart(10, '0')}`));
      }
    }
    throw new QuireError('METADATA_UNAVAILABLE', 'could not allocate a long ledger id after 10 attempts');
  }

  private async createHob(hi: number): Promise<number> {
    try {
      await createWithParents(this.store, joinPath(this.idgenLong, `${HOB_PREFIX}${String(hi).padStart(10, '0')}`), Buffer.alloc(0), 'persistent');
    } catch (e) {
      if (!isQuireError(e, 'METADATA_EXISTS')) throw e;
    }
    return hi;
  }
}
