// Watch subscriptions of the etcd driver on etcd's watch streams. etcd watches are streams, not
// ZooKeeper's one-shot watches: the etcd3 client resumes a stream after a reconnect from the last
// revision it saw, so nothing is missed while the connection is down (unless etcd compacted that
// history: the server then cancels the watch, and the subscription is re-armed with one event so
// the listener re-reads).
import type { Etcd3, IKeyValue, Watcher } from 'etcd3';
import { QuireError } from '../../../common/errors.js';
import { childLogger } from '../../../common/logger.js';
import { watchHandle, type WatchEventType, type WatchHandle, type WatchListener } from '../../metadata-store.js';
import { childrenPrefix, nodeKey } from './etcd-keys.js';

const log = childLogger('metadata-etcd');

interface Subscription {
  readonly path: string;
  readonly kind: 'data' | 'children';
  readonly listener: WatchListener;
  active: boolean;
  watchers: Watcher[];
}

export class EtcdWatches {
  private readonly subs = new Set<Subscription>();

  constructor(
    private readonly client: Etcd3,
    private readonly maxWatches: number,
  ) {}

  get count(): number {
    return this.subs.size;
  }

  subscribe(path: string, kind: 'data' | 'children', listener: WatchListener): WatchHandle {
    if (this.subs.size >= this.maxWatches) {
      throw new QuireError('TOO_MANY_REQUESTS', `etcd store: ${this.maxWatches} watch subscriptions open (maxWatches); not watching ${path}`);
    }
    const s: Subscription = { path, kind, listener, active: true, watchers: [] };
    this.subs.add(s);
    let stopped: () => void = () => undefined;
    // Unsubscribing before etcd created the watches also settles `ready`.
    const ready = Promise.race([this.arm(s), new Promise<void>((resolve) => (stopped = resolve))]);
    return watchHandle(() => {
      s.active = false;
      this.subs.delete(s);
      this.cancel(s);
      stopped();
    }, ready);
  }

  /** One event to every subscription: after a new session, whatever changed meanwhile is re-read. */
  nudgeAll(): void {
    for (const s of this.subs) this.emit(s, s.kind === 'children' ? 'children' : 'changed');
  }

  close(): void {
    for (const s of this.subs) {
      s.active = false;
      this.cancel(s);
    }
    this.subs.clear();
  }

  private cancel(s: Subscription): void {
    const ws = s.watchers;
    s.watchers = [];
    for (const w of ws) w.cancel().catch(() => undefined);
  }

  private emit(s: Subscription, type: WatchEventType): void {
    setImmediate(() => {
      if (!s.active) return;
      try {
        s.listener({ type, path: s.path });
      } catch (e) {
        log.error({ err: e, path: s.path }, 'metadata watch listener threw');
      }
    });
  }

  /** Opens the etcd watches of a subscription; resolves once etcd has created them. */
  private async arm(s: Subscription): Promise<void> {
    // The node itself: for data watches every put/delete; for children watches its appearing and going.
    const self = this.client.watch().key(nodeKey(s.path)).watcher();
    self.on('put', (kv: IKeyValue) => {
      if (kv.version === '1') this.emit(s, 'created');
      else if (s.kind === 'data') this.emit(s, 'changed');
    });
    self.on('delete', () => this.emit(s, 'deleted'));
    const watchers = [self];
    if (s.kind === 'children') {
      // A child created (version 1) or deleted; a child's data changing is not a children event.
      const kids = this.client.watch().prefix(childrenPrefix(s.path)).watcher();
      kids.on('put', (kv: IKeyValue) => {
        if (kv.version === '1') this.emit(s, 'children');
      });
      kids.on('delete', () => this.emit(s, 'children'));
      watchers.push(kids);
    }
    s.watchers = watchers;
    const created = watchers.map(
      (w) =>
        new Promise<void>((resolve) => {
          w.once('connected', () => resolve());
          w.on('error', (err: Error) => {
            resolve();
            if (!s.active || !s.watchers.includes(w)) return;
            // A cancelled watch (e.g. its start revision was compacted) is re-opened.
            log.warn({ err, path: s.path }, 'etcd watch cancelled; re-opening it');
            this.cancel(s);
            void this.arm(s).then(() => this.emit(s, s.kind === 'children' ? 'children' : 'changed'));
          });
        }),
    );
    await Promise.all(created);
  }
}
