// Orphaned blob ledgers: a gateway killed mid-upload (or mid-delete, or between a replace's commit
// and the old ledger's deletion) leaves a pending marker /quire-gateway/blobs/pending/<ledgerId>
// and no live node (that ephemeral node went with its session). Every instance runs this janitor
// every blobOrphanScanIntervalMs over at most blobOrphanScanBatch markers older than
// blobOrphanGraceMs whose live node is gone. One rule covers every state:
//   the manifest of marker.name points at marker.ledgerId → the operation committed (or the delete
//     never happened): delete the replaced ledger if the marker names one, then the marker;
//   otherwise → the ledger is garbage: delete the marker (compare-and-set on the version read, so a
//     slow uploader that moves it to "committing" meanwhile wins), then the ledger.
// Instances may run it at once: every step is idempotent.
import type { BookKeeperClient } from '../../clients/quorum/index.js';
import { isQuireError } from '../../common/errors.js';
import type { Logger } from '../../common/logger.js';
import { joinPath, type MetadataStore } from '../../metadata/metadata-store.js';
import { childrenIfExists, getIfExists } from '../../metadata/store-helpers.js';
import type { GatewayLimits } from '../gateway-config.js';
import { decodeManifest, decodeMarker, encodeBlobName, type BlobPaths } from './blob-manifest.js';

export interface BlobJanitorOptions {
  readonly store: MetadataStore;
  readonly client: BookKeeperClient;
  readonly paths: BlobPaths;
  readonly limits: GatewayLimits;
  readonly log: Logger;
}

export class BlobJanitor {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(private readonly o: BlobJanitorOptions) {}

  start(): void {
    const every = this.o.limits.blobOrphanScanIntervalMs;
    // Jitter, so instances started together do not scan together.
    const tick = () => {
      this.timer = setTimeout(() => {
        this.running = this.runOnce().catch((err: unknown) => this.o.log.warn({ err }, 'blob janitor round failed'));
        void this.running.finally(() => {
          if (this.timer !== undefined) tick();
        });
      }, every / 2 + Math.random() * every);
      this.timer.unref();
    };
    tick();
  }

  stop(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** One round; returns the ledgers deleted. */
  async runOnce(opts: { graceMs?: number } = {}): Promise<bigint[]> {
    const { store, paths, limits, log } = this.o;
    const grace = opts.graceMs ?? limits.blobOrphanGraceMs;
    const ids = (await childrenIfExists(store, paths.pending)).sort().slice(0, limits.blobOrphanScanBatch);
    const deleted: bigint[] = [];
    for (const id of ids) {
      try {
        const markerPath = joinPath(paths.pending, id);
        const cur = await getIfExists(store, markerPath);
        if (!cur) continue;
        if (Date.now() - cur.stat.mtime < grace) continue;
        if ((await store.exists(joinPath(paths.live, id))) !== undefined) continue;
        const marker = decodeMarker(cur.data, markerPath);
        const namePath = joinPath(paths.names, encodeBlobName(marker.name));
        const m = await getIfExists(store, namePath);
        const referenced = m !== undefined && decodeManifest(m.data, namePath).ledgerId === marker.ledgerId;
        if (referenced) {
          if (marker.replaces !== undefined && marker.replaces !== marker.ledgerId) {
            await this.deleteLedger(marker.replaces);
            deleted.push(marker.replaces);
          }
          await store.delete(markerPath, cur.stat.version);
        } else {
          await store.delete(markerPath, cur.stat.version);
          try {
            await this.deleteLedger(marker.ledgerId);
          } catch (e) {
            // Put the marker back so that a later round tries again.
            await store.create(markerPath, cur.data, 'persistent').catch(() => undefined);
            throw e;
          }
          deleted.push(marker.ledgerId);
        }
        log.info({ ledgerId: id, name: marker.name, state: marker.state, referenced }, 'blob janitor: cleaned up after a gone gateway');
      } catch (err) {
        // A lost compare-and-set means someone else acted: look again next round.
        if (!isQuireError(err, 'METADATA_VERSION_CONFLICT') && !isQuireError(err, 'METADATA_NOT_FOUND')) log.warn({ err, ledgerId: id }, 'blob janitor: could not clean a pending marker');
      }
    }
    return deleted;
  }

  private async deleteLedger(ledgerId: bigint): Promise<void> {
    try {
      await this.o.client.deleteLedger(ledgerId);
    } catch (e) {
      if (!isQuireError(e, 'NO_SUCH_LEDGER') && !isQuireError(e, 'METADATA_NOT_FOUND')) throw e;
    }
  }
}
