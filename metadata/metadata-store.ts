// The metadata store: a small ZooKeeper-shaped tree of versioned nodes that every driver
// (drivers/zookeeper, drivers/etcd, drivers/embedded) implements with the same semantics, so BookKeeper's layout
// (cluster-layout.ts, ledger-manager.ts, bookie-registration.ts, cookie.ts) is written once.
//
// Semantics all drivers share (test/metadata/metadata-store-conformance.test.ts checks them):
// - Paths are absolute, '/'-separated, no trailing '/'. A node's parent must exist.
// - Every node has a data version (0 on create, +1 per set) and a child counter (cversion, +1 per
//   child created) that names sequential children: prefix + 10-digit zero-padded counter.
// - Ephemeral nodes belong to the store's session; they vanish when the session ends (close, or
//   ZooKeeper session expiry, etcd lease loss) and never survive a restart. Ephemeral nodes cannot have children.
//   After ZooKeeper session expiry the driver opens a new session and re-creates the ephemeral
//   nodes this store created (not sequential ones), then re-arms watches.
// - Watches are subscriptions: the listener is called (asynchronously, after the change is
//   durable) for every change made after the handle's `ready` resolves, until it unsubscribes. Changes may be coalesced: the
//   listener must re-read. After a new session every subscription gets one event so that nothing
//   missed while disconnected goes unnoticed.
// Errors: QuireError METADATA_NOT_FOUND, METADATA_EXISTS, METADATA_VERSION_CONFLICT,
// METADATA_UNAVAILABLE (cannot reach the store / session lost mid-operation), INVALID_ARGUMENT
// (bad path, node has children on delete, children of an ephemeral), SHUTTING_DOWN (closed).
import { QuireError } from '../common/errors.js';

export type CreateMode = 'persistent' | 'ephemeral' | 'persistent-sequential' | 'ephemeral-sequential';

/** Matches any version in set/delete. */
export const ANY_VERSION = -1;

export interface NodeStat {
  /** Data version: 0 after create, +1 per set. */
  readonly version: number;
  /** Children created so far under this node (names sequential children). */
  readonly cversion: number;
  /** Creation / modification time, ms since the epoch. */
  readonly ctime: number;
  readonly mtime: number;
  readonly ephemeral: boolean;
  /** True for an ephemeral node owned by this store's current session. */
  readonly ownedByThisSession: boolean;
  readonly numChildren: number;
}

export interface NodeData {
  readonly data: Buffer;
  readonly stat: NodeStat;
}

export type WatchEventType = 'created' | 'deleted' | 'changed' | 'children';
export interface WatchEvent {
  readonly type: WatchEventType;
  readonly path: string;
}
export type WatchListener = (event: WatchEvent) => void;
export type Unsubscribe = () => void;
/** Unsubscribe function of a watch; `ready` resolves once changes from then on are sure to be seen. */
export type WatchHandle = Unsubscribe & { readonly ready: Promise<void> };

/**
 * connected: the session is usable (newSession: true after expiry recovery, once ephemeral
 * nodes are re-created). disconnected: connection lost, the session may still be alive; writes
 * that depend on registration must pause. expired: the session is gone and its ephemeral nodes
 * with it; a new one is being opened. closed: close() was called.
 */
export type SessionState = 'connected' | 'disconnected' | 'expired' | 'closed';
export interface SessionEvent {
  readonly state: SessionState;
  readonly newSession: boolean;
}
export type SessionListener = (event: SessionEvent) => void;

export interface MetadataStore {
  readonly driver: 'zookeeper' | 'embedded' | 'etcd';
  /** Where this store lives (ZooKeeper connect string, etcd endpoints or directory), for messages. */
  readonly location: string;
  readonly sessionState: SessionState;

  /** Data and stat; METADATA_NOT_FOUND if absent. */
  get(path: string): Promise<NodeData>;
  /** Stat, or undefined if absent. */
  exists(path: string): Promise<NodeStat | undefined>;
  /** Creates a node; returns its path (with the sequence suffix for sequential modes). */
  create(path: string, data: Buffer, mode: CreateMode): Promise<string>;
  /** Compare-and-set: replaces data if the version matches (ANY_VERSION matches all). */
  set(path: string, data: Buffer, version: number): Promise<NodeStat>;
  /** Deletes a childless node if the version matches (ANY_VERSION matches all). */
  delete(path: string, version: number): Promise<void>;
  /** Child names (not paths), unordered. METADATA_NOT_FOUND if the node is absent. */
  getChildren(path: string): Promise<string[]>;

  /** Calls listener when the node is created, changed or deleted (from `ready` on). */
  watchData(path: string, listener: WatchListener): WatchHandle;
  /** Calls listener when the node's set of children changes (or the node appears/disappears). */
  watchChildren(path: string, listener: WatchListener): WatchHandle;
  onSession(listener: SessionListener): Unsubscribe;

  /** Ends the session (ephemeral nodes go away) and releases resources. Idempotent. */
  close(): Promise<void>;
}

export function watchHandle(unsubscribe: Unsubscribe, ready: Promise<void>): WatchHandle {
  return Object.assign(unsubscribe, { ready });
}

export function parentOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}

export function joinPath(parent: string, child: string): string {
  return parent === '/' ? `/${child}` : `${parent}/${child}`;
}

export function isSequential(mode: CreateMode): boolean {
  return mode === 'persistent-sequential' || mode === 'ephemeral-sequential';
}

export function isEphemeral(mode: CreateMode): boolean {
  return mode === 'ephemeral' || mode === 'ephemeral-sequential';
}

/** ZooKeeper's sequential suffix: the parent's child counter, zero-padded to 10 digits. */
export function sequenceSuffix(counter: number): string {
  return String(counter).padStart(10, '0');
}

/** Throws INVALID_ARGUMENT for paths ZooKeeper would refuse. */
export function checkPath(path: string, sequential = false): void {
  const ok =
    path.startsWith('/') &&
    (path === '/' || !path.endsWith('/') || sequential) &&
    !path.includes('//') &&
    !path.split('/').some((p) => p === '.' || p === '..') &&
    ![...path].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f);
  if (!ok) throw new QuireError('INVALID_ARGUMENT', `invalid metadata path ${JSON.stringify(path)}`);
}
