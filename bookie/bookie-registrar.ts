// The bookie's side of the metadata layer: at start, check the cluster and the cookie, then
// register under available/ (or available/readonly/). While the registration is lost (ZooKeeper
// session expired or disconnected) the bookie refuses writes — clients pick bookies from the
// registry, and a bookie that cannot be seen there must not take new data — and resumes when the
// session is back. Stop deregisters.
import { isQuireError } from '../common/errors.js';
import type { Logger } from '../common/logger.js';
import { BookieRegistration } from '../metadata/bookie-registration.js';
import { checkClusterLayout, formatCluster, readInstanceId } from '../metadata/cluster-layout.js';
import { checkAndWriteCookies, makeCookie } from '../metadata/cookie.js';
import { bookieServiceInfo } from '../metadata/formats/bookie-service-info-format.js';
import type { MetadataService } from '../metadata/metadata-service.js';

/** What the bookie needs from the metadata layer: register once listening, unregister on stop. */
export interface BookieRegistrar {
  register(bookie: { bookieId: string; host: string; port: number; readOnly: boolean; journalDirs: string[]; ledgerDirs: string[] }): Promise<void>;
  unregister(): Promise<void>;
  /** Moves the registration between available/ and available/readonly/ (after register). */
  setReadOnly(readOnly: boolean): Promise<void>;
}

export interface RegistrarOptions {
  /** Format an empty cluster instead of failing (the embedded store on one machine does this). */
  readonly formatIfMissing: boolean;
  /** Called with false while the registration is lost, true when it is back. */
  readonly onWritableChange: (writable: boolean) => void;
  readonly httpPort?: number;
}

export class MetadataBookieRegistrar implements BookieRegistrar {
  private registration: BookieRegistration | undefined;
  private stopListening: (() => void) | undefined;

  constructor(
    private readonly metadata: MetadataService,
    private readonly options: RegistrarOptions,
    private readonly log: Logger,
  ) {}

  async register(b: Parameters<BookieRegistrar['register']>[0]): Promise<void> {
    const { store, root } = this.metadata;
    try {
      await checkClusterLayout(store, root);
    } catch (e) {
      if (!(isQuireError(e, 'METADATA_NOT_FOUND') && this.options.formatIfMissing)) throw e;
      await formatCluster(store, root);
      this.log.info({ root }, 'formatted a new cluster in the embedded metadata store');
    }
    const instanceId = await readInstanceId(store, root);
    const cookie = makeCookie(b.bookieId, { journalDirs: b.journalDirs, ledgerDirs: b.ledgerDirs }, instanceId);
    // Every configured directory carries the cookie (BookKeeper's layout), not only those in use.
    await checkAndWriteCookies(store, root, cookie, [...new Set([...b.journalDirs, ...b.ledgerDirs])]);
    const info = bookieServiceInfo(b.host, b.port, this.options.httpPort !== undefined ? { httpPort: this.options.httpPort } : {});
    const registration = new BookieRegistration(store, root, b.bookieId, info);
    this.registration = registration;
    if (b.readOnly) await registration.registerReadOnly();
    else await registration.registerWritable();
    this.stopListening = registration.onStateChange((s) => {
      this.log.warn({ registered: s.registered, reason: s.reason }, s.registered ? 'registration back: accepting writes' : 'registration lost: refusing writes');
      this.options.onWritableChange(s.registered);
    });
  }

  async setReadOnly(readOnly: boolean): Promise<void> {
    const r = this.registration;
    if (!r) return;
    if (readOnly) await r.registerReadOnly();
    else await r.registerWritable();
  }

  async unregister(): Promise<void> {
    const r = this.registration;
    this.registration = undefined;
    // A clean stop is not a lost registration: stop listening before removing the node.
    this.stopListening?.();
    this.stopListening = undefined;
    if (!r) return;
    try {
      await r.unregister();
    } finally {
      r.close();
    }
  }
}
