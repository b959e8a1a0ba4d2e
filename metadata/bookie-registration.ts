// Bookie registration (spec §7.3, §8.1, §8.7): a bookie announces itself with an EPHEMERAL node
// <root>/available/<bookieId> (writable) or <root>/available/readonly/<bookieId> (read-only) whose
// data is a binary BookieServiceInfoFormat; clients list those children (skipping "readonly") and
// resolve bookie id → host:port from the data.
//
// The registration lives and dies with the metadata session. BookieRegistration reports when it
// is lost (connection down or session expired) and when it is back, so a bookie can refuse writes
// it cannot stand behind. After ZooKeeper session expiry the driver re-creates the node itself.
import { QuireError, isQuireError } from '../common/errors.js';
import { childLogger } from '../common/logger.js';
import { AVAILABLE_NODE, COOKIES_NODE, READONLY_NODE } from './cluster-layout.js';
import {
  bookieRpcAddress,
  decodeBookieServiceInfo,
  encodeBookieServiceInfo,
  type BookieServiceInfo,
} from './formats/bookie-service-info-format.js';
import { ANY_VERSION, joinPath, watchHandle, type MetadataStore, type Unsubscribe, type WatchHandle } from './metadata-store.js';
import { childrenIfExists, ensureParents } from './store-helpers.js';

const log = childLogger('bookie-registration');

/** BookKeeper's id rule: [a-zA-Z0-9:-_.\-]+ (the range ':-_' admits ;<=>?@[\]^ and A-Z too), not "readonly". */
export function checkBookieId(bookieId: string): void {
  if (!/^[a-zA-Z0-9:-_.-]+$/.test(bookieId) || bookieId.toLowerCase() === READONLY_NODE) {
    throw new QuireError('INVALID_ARGUMENT', `invalid bookie id ${JSON.stringify(bookieId)}: use host:port (letters, digits, ':', '.', '-', '_')`);
  }
}

export function writablePath(root: string, bookieId: string): string {
  return joinPath(root, `${AVAILABLE_NODE}/${bookieId}`);
}

export function readOnlyPath(root: string, bookieId: string): string {
  return joinPath(root, `${AVAILABLE_NODE}/${READONLY_NODE}/${bookieId}`);
}

export type RegistrationMode = 'writable' | 'read-only';
export interface RegistrationState {
  /** True while the registration node is known to exist for our session. */
  readonly registered: boolean;
  readonly mode: RegistrationMode | undefined;
  readonly reason: string;
}
export type RegistrationListener = (state: RegistrationState) => void;

export interface RegistrationOptions {
  /** How long to wait for a stale node left by a previous (crashed) session to expire. Default 30 s. */
  staleNodeWaitMs?: number;
}

/** The bookie side: register, switch writable ↔ read-only, unregister, observe loss. */
export class BookieRegistration {
  private mode: RegistrationMode | undefined;
  private registered = false;
  private readonly listeners = new Set<RegistrationListener>();
  private readonly unsubscribeSession: Unsubscribe;
  private readonly data: Buffer;
  private readonly staleNodeWaitMs: number;

  constructor(
    private readonly store: MetadataStore,
    private readonly root: string,
    readonly bookieId: string,
    serviceInfo: BookieServiceInfo,
    options: RegistrationOptions = {},
  ) {
    checkBookieId(bookieId);
    this.data = encodeBookieServiceInfo(serviceInfo);
    this.staleNodeWaitMs = options.staleNodeWaitMs ?? 30_000;
    this.unsubscribeSession = store.onSession((ev) => {
      if (this.mode === undefined) return;
      if (ev.state === 'connected') this.setState(true, ev.newSession ? 'new metadata session; registration re-created' : 'metadata connection restored');
      else if (ev.state === 'disconnected') this.setState(false, 'metadata connection lost');
      else if (ev.state === 'expired') this.setState(false, 'metadata session expired; registration lost until a new session is up');
      else this.setState(false, 'metadata store closed');
    });
  }

  get state(): RegistrationState {
    return { registered: this.registered, mode: this.mode, reason: '' };
  }

  /** Listener for registration lost / regained (e.g. stop accepting writes while lost). */
  onStateChange(listener: RegistrationListener): Unsubscribe {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private setState(registered: boolean, reason: string): void {
    if (registered === this.registered) return;
    this.registered = registered;
    log.info({ bookieId: this.bookieId, registered, mode: this.mode, reason }, 'bookie registration state');
    for (const l of this.listeners) {
      try {
        l({ registered, mode: this.mode, reason });
      } catch (e) {
        log.error({ err: e }, 'registration listener threw');
      }
    }
  }

  /** Creates our ephemeral node, waiting out a stale one from a previous session of this bookie. */
  private async createNode(path: string): Promise<void> {
    await ensureParents(this.store, path);
    const deadline = Date.now() + this.staleNodeWaitMs;
    while (true) {
      try {
        await this.store.create(path, this.data, 'ephemeral');
        return;
      } catch (e) {
        if (!isQuireError(e, 'METADATA_EXISTS')) throw e;
      }
      const stat = await this.store.exists(path);
      if (stat?.ownedByThisSession) {
        await this.store.set(path, this.data, ANY_VERSION);
        return;
      }
      if (stat !== undefined && Date.now() >= deadline) {
        throw new QuireError('METADATA_EXISTS', `bookie ${this.bookieId} is already registered at ${path} by another session (is another bookie running with this id?)`);
      }
      if (stat !== undefined) await new Promise((r) => setTimeout(r, 250));
    }
  }

  private async deleteOwn(path: string): Promise<void> {
    try {
      const stat = await this.store.exists(path);
      if (stat?.ownedByThisSession || (stat !== undefined && !stat.ephemeral)) await this.store.delete(path, ANY_VERSION);
    } catch (e) {
      if (!isQuireError(e, 'METADATA_NOT_FOUND')) throw e;
    }
  }

  async registerWritable(): Promise<void> {
    await this.createNode(writablePath(this.root, this.bookieId));
    await this.deleteOwn(readOnlyPath(this.root, this.bookieId));
    this.mode = 'writable';
    this.setState(true, 'registered writable');
  }

  /** Read-only: the read-only node first, then the writable one goes (as Java does). */
  async registerReadOnly(): Promise<void> {
    await this.createNode(readOnlyPath(this.root, this.bookieId));
    await this.deleteOwn(writablePath(this.root, this.bookieId));
    this.mode = 'read-only';
    this.setState(true, 'registered read-only');
  }

  async unregister(): Promise<void> {
    this.mode = undefined;
    await this.deleteOwn(writablePath(this.root, this.bookieId));
    await this.deleteOwn(readOnlyPath(this.root, this.bookieId));
    this.setState(false, 'unregistered');
  }

  close(): void {
    this.unsubscribeSession();
    this.listeners.clear();
  }
}

export interface BookieAddress {
  readonly host: string;
  readonly port: number;
}

/** The client side: which bookies are up, and where they listen. */
export class RegistrationClient {
  private readonly cache = new Map<string, BookieServiceInfo>();

  constructor(private readonly store: MetadataStore, private readonly root: string) {}

  private get available(): string {
    return joinPath(this.root, AVAILABLE_NODE);
  }

  private get readonly(): string {
    return joinPath(this.root, `${AVAILABLE_NODE}/${READONLY_NODE}`);
  }

  async getWritableBookies(): Promise<string[]> {
    return (await childrenIfExists(this.store, this.available)).filter((c) => c !== READONLY_NODE).sort();
  }

  async getReadOnlyBookies(): Promise<string[]> {
    return (await childrenIfExists(this.store, this.readonly)).sort();
  }

  /** Every bookie that ever wrote a cookie (Java's "all bookies" list). */
  async getAllBookies(): Promise<string[]> {
    return (await childrenIfExists(this.store, joinPath(this.root, COOKIES_NODE))).sort();
  }

  /** Registration data of a writable or read-only bookie; METADATA_NOT_FOUND if not registered. */
  async getServiceInfo(bookieId: string): Promise<BookieServiceInfo> {
    for (const path of [writablePath(this.root, bookieId), readOnlyPath(this.root, bookieId)]) {
      try {
        const node = await this.store.get(path);
        const info = decodeBookieServiceInfo(node.data, bookieId, path);
        this.cache.set(bookieId, info);
        return info;
      } catch (e) {
        if (!isQuireError(e, 'METADATA_NOT_FOUND')) throw e;
      }
    }
    throw new QuireError('METADATA_NOT_FOUND', `bookie ${bookieId} is not registered under ${this.available}`);
  }

  /**
   * host:port for a bookie id, from its registration (cached once seen, as Java's resolver does, so
   * a bookie that just went away can still be reached for reads). Ids ending in ":0" are never resolved.
   */
  async resolve(bookieId: string): Promise<BookieAddress> {
    try {
      return bookieRpcAddress(await this.getServiceInfo(bookieId), bookieId);
    } catch (e) {
      const cached = this.cache.get(bookieId);
      if (cached && isQuireError(e, 'METADATA_NOT_FOUND')) return bookieRpcAddress(cached, bookieId);
      throw e;
    }
  }

  private watchList(path: string, list: () => Promise<string[]>, listener: (ids: string[]) => void): WatchHandle {
    let active = true;
    let last = '';
    const refresh = (): void => {
      list().then(
        (ids) => {
          const key = ids.join('\n');
          if (active && key !== last) {
            last = key;
            listener(ids);
          }
        },
        (e: unknown) => log.warn({ err: e, path }, 'could not list bookies after a change'),
      );
    };
    const handle = this.store.watchChildren(path, refresh);
    void handle.ready.then(() => active && refresh());
    return watchHandle(() => {
      active = false;
      handle();
    }, handle.ready);
  }

  /** Calls listener with the writable bookie ids once armed and whenever they change. */
  watchWritableBookies(listener: (ids: string[]) => void): WatchHandle {
    return this.watchList(this.available, () => this.getWritableBookies(), listener);
  }

  watchReadOnlyBookies(listener: (ids: string[]) => void): WatchHandle {
    return this.watchList(this.readonly, () => this.getReadOnlyBookies(), listener);
  }
}
