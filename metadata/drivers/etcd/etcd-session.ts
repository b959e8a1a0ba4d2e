// Sessions of the etcd driver are etcd leases: ephemeral nodes are keys under the store's lease,
// kept alive by the client. A lease that etcd revoked, or that got no keep-alive answer for a
// whole TTL (so etcd has expired it, or will), is a lost session exactly like ZooKeeper's expiry:
// 'expired', then a new lease, the store's ephemeral nodes re-created under it (the old lease
// revoked first, in case etcd kept it across a restart), one event to every watch, 'connected'
// with newSession.
import type { Etcd3, Lease } from 'etcd3';
import { QuireError } from '../../../common/errors.js';
import { childLogger } from '../../../common/logger.js';
import type { SessionEvent, SessionListener, SessionState, Unsubscribe } from '../../metadata-store.js';

const log = childLogger('metadata-etcd');

/** What recovery needs of the store once a new lease is granted (the store owns nodes and watches). */
export interface SessionRecovery {
  /** Re-creates the store's ephemeral nodes under the new lease; stops early if that lease is lost too. */
  recreateEphemerals(): Promise<void>;
  /** The new session is about to be announced: every watch re-reads whatever changed meanwhile. */
  nudgeWatches(): void;
}

export class EtcdSession {
  /** Lease TTL in whole seconds, as etcd counts it. */
  readonly ttlSeconds: number;
  private current: Lease | undefined;
  private currentId = '0';
  private lastKeepAlive = 0;
  private watchdog: NodeJS.Timeout | undefined;
  private usable = false;
  private reported: SessionState = 'disconnected';
  private ending = false;
  private readyWaiters: (() => void)[] = [];
  private readonly listeners = new Set<SessionListener>();

  constructor(
    private readonly client: Etcd3,
    private readonly location: string,
    sessionTimeoutMs: number,
    private readonly opTimeoutMs: number,
    private readonly recovery: SessionRecovery,
  ) {
    // etcd grants no lease shorter than its minimum TTL (2 s with default election settings).
    this.ttlSeconds = Math.max(2, Math.ceil(sessionTimeoutMs / 1000));
  }

  get state(): SessionState {
    return this.reported;
  }

  /** Whether a session is usable: granted, the root checked, not lost since. */
  get ready(): boolean {
    return this.usable;
  }

  get closing(): boolean {
    return this.ending;
  }

  /** The lease being kept alive; undefined between a lost one and the next grant. */
  get lease(): Lease | undefined {
    return this.current;
  }

  /** The id of the last granted lease ('0' before the first); what ephemeral keys are put under. */
  get leaseId(): string {
    return this.currentId;
  }

  onSession(listener: SessionListener): Unsubscribe {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(event: SessionEvent): void {
    this.reported = event.state;
    for (const l of this.listeners) {
      try {
        l(event);
      } catch (e) {
        log.error({ err: e }, 'session listener threw');
      }
    }
  }

  /** Grants a new lease and keeps it alive; a lost one is reported to leaseLost. */
  async open(): Promise<void> {
    const lease = this.client.lease(this.ttlSeconds, { autoKeepAlive: true });
    this.current = lease;
    lease.on('lost', (err: Error) => this.leaseLost(lease, err.message));
    lease.on('keepaliveSucceeded', () => {
      if (this.current !== lease) return;
      this.lastKeepAlive = Date.now();
      if (this.usable && this.reported === 'disconnected') this.emit({ state: 'connected', newSession: false });
    });
    lease.on('keepaliveFailed', () => {
      if (this.current === lease && this.usable && this.reported === 'connected') this.emit({ state: 'disconnected', newSession: false });
    });
    this.currentId = await lease.grant();
    this.lastKeepAlive = Date.now();
    clearInterval(this.watchdog);
    // The client only gives up on a lease after 2 TTLs without an answer; etcd itself expires it
    // after one, so one TTL without a keep-alive answer is the loss of the session.
    const ttlMs = this.ttlSeconds * 1000;
    this.watchdog = setInterval(() => {
      if (this.current !== lease) return;
      const silent = Date.now() - this.lastKeepAlive;
      if (silent > ttlMs) this.leaseLost(lease, `no keep-alive answer for ${silent} ms (TTL ${this.ttlSeconds} s)`);
      else if (silent > (2 * ttlMs) / 3 && this.usable && this.reported === 'connected') this.emit({ state: 'disconnected', newSession: false });
    }, Math.max(100, ttlMs / 10));
    this.watchdog.unref();
  }

  /** Stops keeping the current lease alive and revokes it (best effort, in the background). */
  drop(): void {
    clearInterval(this.watchdog);
    this.watchdog = undefined;
    const lease = this.current;
    this.current = undefined;
    lease?.revoke().catch(() => undefined);
  }

  private leaseLost(lease: Lease, why: string): void {
    if (this.current !== lease || this.ending) return;
    const old = this.currentId;
    this.drop();
    // While connecting or recovering, the loop in progress sees the lease gone and starts over.
    if (!this.usable) return;
    this.usable = false;
    log.warn({ servers: this.location, lease: old, why }, 'etcd lease lost (session expired); opening a new one');
    this.emit({ state: 'expired', newSession: false });
    setImmediate(() => void this.recover(old));
  }

  becomeReady(newSession: boolean): void {
    this.usable = true;
    const waiters = this.readyWaiters;
    this.readyWaiters = [];
    for (const w of waiters) w();
    this.emit({ state: 'connected', newSession });
  }

  /** After a lost lease: a new one, the store's ephemeral nodes again, every watch told to re-read. */
  private async recover(oldLease: string): Promise<void> {
    let delay = 100;
    while (!this.ending) {
      try {
        await this.open();
        // etcd keeps leases across its own restart; the old one must not hold our names.
        await this.client.leaseClient.leaseRevoke({ ID: oldLease }).catch(() => undefined);
      } catch (e) {
        log.debug({ err: e }, 'etcd session not back yet');
        this.drop();
        await new Promise((r) => setTimeout(r, delay));
        delay = Math.min(delay * 2, 2000);
        continue;
      }
      if (this.ending) return;
      const lease = this.current;
      await this.recovery.recreateEphemerals();
      if (this.ending) return;
      if (this.current !== lease || !lease) continue;
      this.recovery.nudgeWatches();
      this.becomeReady(true);
      return;
    }
  }

  /** Waits (bounded by opTimeoutMs) until a session is usable. */
  async awaitSession(what: string): Promise<void> {
    if (this.ending) throw new QuireError('SHUTTING_DOWN', `etcd store ${this.location} is closed`);
    if (this.usable) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.readyWaiters = this.readyWaiters.filter((w) => w !== done);
        reject(new QuireError('METADATA_UNAVAILABLE', `etcd ${what}: no session with ${this.location} within ${this.opTimeoutMs} ms`));
      }, this.opTimeoutMs);
      const done = (): void => {
        clearTimeout(timer);
        resolve();
      };
      this.readyWaiters.push(done);
    });
    if (this.ending) throw new QuireError('SHUTTING_DOWN', `etcd store ${this.location} is closed`);
  }

  /**
   * Ends the session: no new lease after this, waiters are woken (and fail SHUTTING_DOWN), and the
   * lease is revoked, which ends the session now (ephemeral nodes go at once) instead of after the
   * TTL; bounded by 2 s. The store closes the client after this, then calls announceClosed.
   */
  async close(): Promise<void> {
    this.ending = true;
    const lease = this.current;
    clearInterval(this.watchdog);
    this.current = undefined;
    this.usable = false;
    const waiters = this.readyWaiters;
    this.readyWaiters = [];
    for (const w of waiters) w();
    if (lease) await Promise.race([lease.revoke().catch(() => undefined), new Promise((r) => setTimeout(r, 2000).unref())]);
  }

  /** The last event: 'closed'; no listener hears anything after it. */
  announceClosed(): void {
    this.emit({ state: 'closed', newSession: false });
    this.listeners.clear();
  }
}
