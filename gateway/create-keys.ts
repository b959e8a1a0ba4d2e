// Idempotent ledger creation: a client-supplied request id (REST `Idempotency-Key`, gRPC
// `request_id`) names at most one ledger. The id's node under <parent of ledgers root>/quire-gateway/
// create-keys/<sha-256 of the id> holds the ledger id; the ledger carries the same hash in its
// custom metadata (quire.createKey) so deleting the ledger removes the node. A retry through any
// instance finds the node and answers with that ledger; two concurrent creates race on creating
// the node and the loser deletes the ledger it made, so no orphan is left open.
import { createHash } from 'node:crypto';
import { isQuireError } from '../common/errors.js';
import { ANY_VERSION, joinPath, parentOf, type MetadataStore } from '../metadata/metadata-store.js';
import { childrenIfExists, createWithParents } from '../metadata/store-helpers.js';
import { badArgument } from './gateway-error.js';

export const CREATE_KEY_METADATA_KEY = 'quire.createKey';
const REQUEST_ID = /^[\x21-\x7e]{1,128}$/;

export function checkRequestId(id: string, field: string): void {
  if (!REQUEST_ID.test(id)) throw badArgument(field, `${field} must be 1..128 printable ASCII characters without spaces`);
}

export class CreateKeys {
  private readonly base: string;

  constructor(
    private readonly store: MetadataStore,
    ledgersRoot: string,
  ) {
    this.base = joinPath(joinPath(parentOf(ledgersRoot), 'quire-gateway'), 'create-keys');
  }

  static hashOf(requestId: string): string {
    return createHash('sha256').update(requestId, 'utf8').digest('hex');
  }

  /** The ledger created under this request id, if any. */
  async lookup(hash: string): Promise<bigint | undefined> {
    try {
      return BigInt((await this.store.get(joinPath(this.base, hash))).data.toString('utf8'));
    } catch (e) {
      if (isQuireError(e, 'METADATA_NOT_FOUND')) return undefined;
      throw e;
    }
  }

  /** Records ledgerId under the hash; if another create got there first, returns its ledger id. */
  async record(hash: string, ledgerId: bigint): Promise<bigint> {
    try {
      await createWithParents(this.store, joinPath(this.base, hash), Buffer.from(ledgerId.toString()), 'persistent');
      return ledgerId;
    } catch (e) {
      if (!isQuireError(e, 'METADATA_EXISTS')) throw e;
      const winner = await this.lookup(hash);
      return winner ?? ledgerId;
    }
  }

  /** Removes the node (the ledger is being deleted). */
  async forget(hash: string): Promise<void> {
    try {
      await this.store.delete(joinPath(this.base, hash), ANY_VERSION);
    } catch (e) {
      if (!isQuireError(e, 'METADATA_NOT_FOUND')) throw e;
    }
  }

  /** How many request ids are remembered (one node each, removed with their ledger). */
  async count(): Promise<number> {
    return (await childrenIfExists(this.store, this.base)).length;
  }
}
