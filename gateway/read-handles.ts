// Read handles of ledgers this instance does not write, cached (least recently used first, at most
// readHandleCacheSize) and opened without recovery; the password is checked on every use.
import { isQuireError } from '../common/errors.js';
import type { ReadHandle } from '../clients/quorum/index.js';
import { EMPTY, samePassword, wrongPassword, type ServiceContext } from './service-context.js';

export class ReadHandles {
  /** Least recently used first. */
  private readonly readers = new Map<bigint, Promise<ReadHandle>>();

  constructor(private readonly ctx: ServiceContext) {}

  private trim(): void {
    while (this.readers.size > this.ctx.limits.readHandleCacheSize) this.readers.delete(this.readers.keys().next().value as bigint);
  }

  /** Keeps a handle opened elsewhere (the one a recovery opened). */
  put(ledgerId: bigint, rh: ReadHandle): void {
    this.readers.delete(ledgerId);
    this.readers.set(ledgerId, Promise.resolve(rh));
    this.trim();
  }

  forget(ledgerId: bigint): void {
    this.readers.delete(ledgerId);
  }

  async open(ledgerId: bigint, password: Buffer | undefined): Promise<ReadHandle> {
    let p = this.readers.get(ledgerId);
    if (p) {
      this.readers.delete(ledgerId);
      this.readers.set(ledgerId, p);
    } else {
      p = this.ctx.client.openLedger(ledgerId, { password: password ?? EMPTY });
      this.readers.set(ledgerId, p);
      p.catch(() => this.readers.delete(ledgerId));
      this.trim();
    }
    let rh: ReadHandle;
    try {
      rh = await p;
    } catch (e) {
      if (isQuireError(e, 'UNAUTHORIZED')) throw wrongPassword(ledgerId);
      throw e;
    }
    if (!samePassword(rh.ledgerMetadata.password, password)) throw wrongPassword(ledgerId);
    return rh;
  }
}
