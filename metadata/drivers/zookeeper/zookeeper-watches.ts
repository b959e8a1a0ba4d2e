// Watch subscriptions of the ZooKeeper driver, built from ZooKeeper's one-shot watches: each fire
// re-arms with exists/getChildren2 and compares the node's identity (czxid, mzxid / cversion) with
// the last seen, so a change that lands between the fire and the re-arm is still reported. After
// a new session (expiry) the store re-arms every subscription, and each reports once.
import { childLogger } from '../../../common/logger.js';
import { checkPath, type WatchEventType, type WatchHandle, watchHandle, type WatchListener } from '../../metadata-store.js';
import { ZNONODE, ZOK, ZOO_SESSION_EVENT, type WatchCb, type ZkClient } from './zookeeper-client.js';

const log = childLogger('metadata-zookeeper');

interface Subscription {
  readonly path: string;
  readonly kind: 'data' | 'children';
  readonly listener: WatchListener;
  active: boolean;
  /** Identity of what was last seen; undefined before the first read. */
  lastKey: string | undefined;
  /** Report once after a new session even if nothing looks different. */
  forceEmit: boolean;
  /** Resolves the handle's `ready` at the first successful arm. */
  armed: (() => void) | undefined;
}

/** What the watches need of the store's session (read at each use: the session changes under them). */
export interface ZkWatchSession {
  /** The current session's client; undefined between sessions and after close. */
  client(): ZkClient | undefined;
  /** Whether the session is usable (connected once, not expired). */
  isReady(): boolean;
  isClosing(): boolean;
}

export class ZooKeeperWatches {
  private readonly subs = new Set<Subscription>();

  constructor(private readonly session: ZkWatchSession) {}

  subscribe(path: string, kind: 'data' | 'children', listener: WatchListener): WatchHandle {
    checkPath(path);
    const s: Subscription = { path, kind, listener, active: true, lastKey: undefined, forceEmit: false, armed: undefined };
    const ready = new Promise<void>((resolve) => (s.armed = resolve));
    this.subs.add(s);
    // Not ready: the store re-arms every subscription once the session is (rearmAll).
    if (this.session.isReady()) this.arm(s);
    return watchHandle(() => {
      s.active = false;
      this.subs.delete(s);
      s.armed?.();
    }, ready);
  }

  /** After a new session: the old session's watches are gone; every subscription re-arms and reports once. */
  rearmAll(): void {
    for (const s of this.subs) {
      s.forceEmit = true;
      this.arm(s);
    }
  }

  close(): void {
    for (const s of this.subs) s.active = false;
    this.subs.clear();
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

  /** Records what was seen and reports it if it differs from before. */
  private observe(s: Subscription, key: string): void {
    if (s.armed) {
      s.armed();
      s.armed = undefined;
    }
    const before = s.lastKey;
    s.lastKey = key;
    const changed = before !== undefined && before !== key;
    if (!changed && !s.forceEmit) return;
    s.forceEmit = false;
    let type: WatchEventType;
    if (s.kind === 'children') type = key === 'none' ? 'deleted' : before === 'none' ? 'created' : 'children';
    else type = key === 'none' ? 'deleted' : before === 'none' ? 'created' : 'changed';
    this.emit(s, type);
  }

  /** (Re-)arms one ZooKeeper watch for a subscription on the current session. */
  private arm(s: Subscription): void {
    const zk = this.session.client();
    if (!zk || !s.active || this.session.isClosing()) return;
    const retry = (): void => {
      // Connection trouble: try again shortly; after expiry the store re-arms instead (rearmAll).
      setTimeout(() => {
        if (this.session.client() === zk) this.arm(s);
      }, 200).unref();
    };
    const onFire: WatchCb = (type) => {
      if (type === ZOO_SESSION_EVENT) return;
      if (this.session.client() === zk) this.arm(s);
    };
    try {
      if (s.kind === 'data') {
        zk.aw_exists(s.path, onFire, (rc, _err, stat) => {
          if (rc === ZOK && stat) this.observe(s, `${stat.czxid}:${stat.mzxid}`);
          else if (rc === ZNONODE) this.observe(s, 'none');
          else retry();
        });
        return;
      }
      zk.aw_get_children2(s.path, onFire, (rc, _err, _children, stat) => {
        if (rc === ZOK && stat) {
          this.observe(s, `${stat.czxid}:${stat.cversion}`);
        } else if (rc === ZNONODE) {
          this.observe(s, 'none');
          // getChildren sets no watch on a missing node: wait for it to appear.
          zk.aw_exists(s.path, onFire, (rc2) => {
            if (rc2 === ZOK) this.arm(s);
            else if (rc2 !== ZNONODE) retry();
          });
        } else {
          retry();
        }
      });
    } catch (e) {
      log.warn({ err: e, path: s.path }, 'could not arm a watch');
      retry();
    }
  }
}
