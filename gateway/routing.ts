// Ownership routing: who serves a write. This instance's own writer if it holds the ledger; else
// the owner named in the ledger's owner record, reached as a Peer (peer/); else nobody writes the
// ledger any more, and Sealing seals it and answers from the sealed ledger. Calls that came in
// through the peer listener (mayForward = false) are never forwarded again.
import { isQuireError } from '../common/errors.js';
import { CREATE_KEY_METADATA_KEY, CreateKeys } from './create-keys.js';
import { GatewayError } from './gateway-error.js';
import { refuseManaged } from './managed-ledgers.js';
import type { AppendOptions, DurabilityReceipt, SealResult } from './ledger-service.js';
import type { OwnedWriters } from './owned-writer.js';
import type { OwnerLookup, Ownership } from './ownership.js';
import type { Peer } from './peer/peer.js';
import type { PeerClient } from './peer/peer-client.js';
import type { ReadHandles } from './read-handles.js';
import type { Sealing } from './sealing.js';
import { readMetadata, samePassword, wrongPassword, type ServiceContext } from './service-context.js';

export class Routing {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly ownership: Ownership,
    private readonly peers: PeerClient,
    private readonly writers: OwnedWriters,
    private readonly sealing: Sealing,
    private readonly readers: ReadHandles,
  ) {}

  /** The ledger's owner when it is another live instance. */
  private async remoteOwner(ledgerId: bigint): Promise<OwnerLookup | undefined> {
    const owner = await this.ownership.owner(ledgerId);
    return owner && !owner.mine && owner.gatewayId !== this.ctx.gatewayId ? owner : undefined;
  }

  private peer(owner: OwnerLookup, op: string): Peer {
    this.ctx.emit({ type: 'forward', op });
    return this.peers.to(owner);
  }

  private ownedElsewhere(ledgerId: bigint, owner: OwnerLookup): GatewayError {
    return new GatewayError('LEDGER_OWNED_ELSEWHERE', `ledger ${ledgerId} is owned by gateway ${owner.gatewayId}, not by ${this.ctx.gatewayId}`, { details: { owner: owner.gatewayId } });
  }

  async append(ledgerId: bigint, data: readonly Buffer[], opts: AppendOptions, mayForward: boolean): Promise<DurabilityReceipt[]> {
    const local = this.writers.get(ledgerId);
    if (local) return this.writers.append(local, data, opts);
    const owner = await this.ownership.owner(ledgerId);
    if (owner && !owner.mine && owner.gatewayId !== this.ctx.gatewayId) {
      if (!mayForward) throw this.ownedElsewhere(ledgerId, owner);
      try {
        return await this.peer(owner, 'append').append(ledgerId, data, opts);
      } catch (e) {
        // The owner may have died between our look-up and the call: if its record is gone now, the
        // ledger has no writer; seal it and answer from the sealed ledger (never write ourselves).
        if (isQuireError(e, 'LEDGER_OWNED_ELSEWHERE') && !(await this.ownership.owner(ledgerId))) return this.sealing.answerUnowned(ledgerId, data, opts);
        throw e;
      }
    }
    // A record of ours without a handle (left from an earlier life of this instance): stale.
    if (owner) await this.ownership.release(ledgerId).catch(() => undefined);
    return this.sealing.answerUnowned(ledgerId, data, opts);
  }

  async close(ledgerId: bigint, password: Buffer | undefined, mayForward: boolean): Promise<SealResult> {
    const o = this.writers.get(ledgerId);
    if (o) {
      this.writers.checkPassword(o, password);
      return this.writers.close(o);
    }
    const owner = await this.remoteOwner(ledgerId);
    if (owner) {
      if (!mayForward) throw this.ownedElsewhere(ledgerId, owner);
      try {
        return await this.peer(owner, 'close').close(ledgerId, password);
      } catch (e) {
        if (!isQuireError(e, 'LEDGER_OWNED_ELSEWHERE') || (await this.ownership.owner(ledgerId))) throw e;
      }
    }
    return this.recover(ledgerId, password);
  }

  /** Our own live writer closes cleanly (it seals where a recovery would); any other ledger is sealed by recovery. */
  async recover(ledgerId: bigint, password: Buffer | undefined): Promise<SealResult> {
    const o = this.writers.get(ledgerId);
    if (o) {
      this.writers.checkPassword(o, password);
      return this.writers.close(o);
    }
    return this.sealing.seal(ledgerId, password);
  }

  async delete(ledgerId: bigint, password: Buffer | undefined, mayForward: boolean): Promise<void> {
    const md = await readMetadata(this.ctx, ledgerId);
    if (!samePassword(md.password, password)) throw wrongPassword(ledgerId);
    refuseManaged(ledgerId, md, 'delete');
    const o = this.writers.get(ledgerId);
    if (o) {
      this.writers.forgetDeleted(o);
    } else if (md.state !== 'CLOSED' && mayForward) {
      const owner = await this.remoteOwner(ledgerId);
      if (owner) {
        // The owner must drop its handle, or it would go on acking appends to a deleted ledger.
        await this.peer(owner, 'delete').delete(ledgerId, password);
        return;
      }
    }
    await this.ctx.client.deleteLedger(ledgerId);
    // An idempotent create's request id goes with its ledger (the id's node is bounded by the ledgers).
    const key = md.customMetadata.get(CREATE_KEY_METADATA_KEY);
    if (key !== undefined) await new CreateKeys(this.ctx.metadata.store, this.ctx.metadata.root).forget(key.toString('utf8')).catch((err: unknown) => this.ctx.log.warn({ err, ledgerId: ledgerId.toString() }, 'could not remove the request id of a deleted ledger'));
    this.readers.forget(ledgerId);
    this.sealing.forget(ledgerId);
  }

  /** The owner's LAC when another live instance writes the ledger and answers; undefined otherwise. */
  async ownerLac(ledgerId: bigint): Promise<bigint | undefined> {
    const owner = await this.remoteOwner(ledgerId).catch(() => undefined);
    if (!owner) return undefined;
    try {
      const r = await this.peers.to(owner).lastAddConfirmed(ledgerId);
      return r.sealed ? undefined : r.lastAddConfirmed;
    } catch (e) {
      this.ctx.log.debug({ err: (e as Error).message, ledgerId: ledgerId.toString() }, 'owner LAC unavailable; asking the bookies');
      return undefined;
    }
  }

  /** The owner's answer to a peer's LAC question: only a live local writer's LAC. */
  localLac(ledgerId: bigint): { lastAddConfirmed: bigint; sealed: boolean } {
    const o = this.writers.get(ledgerId);
    if (!o) throw new GatewayError('LEDGER_OWNED_ELSEWHERE', `gateway ${this.ctx.gatewayId} does not hold ledger ${ledgerId}`);
    return { lastAddConfirmed: o.handle.lastAddConfirmed, sealed: false };
  }
}
