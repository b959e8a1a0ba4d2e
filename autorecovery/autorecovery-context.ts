// What the auditor and the replication worker share: one metadata session, the under-replication
// manager on it, bookie connections, a quorum client (for fencing and recovering open ledgers)
// and the placement policy that picks replacement bookies.
import type { Logger } from '../common/logger.js';
import type { BookKeeperClient, BookieClient, PlacementPolicy } from '../clients/quorum/index.js';
import type { MetadataService } from '../metadata/metadata-service.js';
import type { UnderreplicationManager } from '../metadata/underreplication-manager.js';
import type { AutoRecoveryOptions } from './autorecovery-options.js';

export interface AutoRecoveryContext {
  readonly service: MetadataService;
  readonly underreplication: UnderreplicationManager;
  readonly bookies: BookieClient;
  readonly client: BookKeeperClient;
  readonly placement: PlacementPolicy;
  readonly options: AutoRecoveryOptions;
  readonly log: Logger;
}

/** A sleep that stop() or wake() ends early. */
export class Sleeper {
  private wakers = new Set<() => void>();
  private stopped = false;

  sleep(ms: number): Promise<void> {
    if (this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakers.add(done);
    });
  }

  wake(): void {
    for (const w of [...this.wakers]) w();
  }

  stop(): void {
    this.stopped = true;
    this.wake();
  }

  get isStopped(): boolean {
    return this.stopped;
  }
}

/** Bookies registered now, writable or read-only (a read-only bookie still serves its entries). */
export async function registeredBookies(ctx: Pick<AutoRecoveryContext, 'service'>): Promise<Set<string>> {
  const [w, r] = await Promise.all([ctx.service.registration.getWritableBookies(), ctx.service.registration.getReadOnlyBookies()]);
  return new Set([...w, ...r]);
}
