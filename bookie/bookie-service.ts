// BookieService: one running bookie = storage (journal + ledger storage) + TCP server + HTTP admin,
// and, when a metadata service is given, its cookie check and registration. Start order: storage
// (replay) before the port opens, registration last (clients must not find a bookie that cannot
// serve yet); stop order is the reverse.
import type { Logger } from '../common/logger.js';
import type { MetadataService } from '../metadata/metadata-service.js';
import type { BookieConfig } from './bookie-config.js';
import { bookieIdOf } from './bookie-config.js';
import { bookieMetricsRegistry, startBookieHttp } from './bookie-http.js';
import { openBookie, type BookieImpl } from './bookie-impl.js';
import type { BookieStorageOptions } from './bookie-storage-options.js';
import { MetadataBookieRegistrar, type BookieRegistrar } from './bookie-registrar.js';
import { BookieServer, DEFAULT_BOOKIE_SERVER_OPTIONS } from './server/bookie-server.js';
import { BookieGarbageCollector, ledgerManagerGcSource, type GcOptions } from './storage/garbage-collector.js';
import type { GarbageCollector } from './storage/garbage-collector-api.js';


export interface BookieServiceOptions {
  /** Register in this metadata service (cookie check + available/ node). None: run unregistered. */
  readonly metadata?: MetadataService;
  /** Format the cluster if the store is empty (the embedded store on one machine). */
  readonly formatIfMissing?: boolean;
}

export interface RunningBookie {
  readonly bookieId: string;
  readonly port: number;
  readonly bookie: BookieImpl;
  readonly server: BookieServer;
  /** Port of the HTTP admin endpoint, when httpServerEnabled. */
  readonly httpPort: number | undefined;
  /** Garbage collection and compaction (runs when a metadata service is given). */
  readonly gc: GarbageCollector;
  stop(): Promise<void>;
}

export function storageOptionsOf(config: BookieConfig): Partial<BookieStorageOptions> & Pick<BookieStorageOptions, 'journalDirectories' | 'ledgerDirectories'> {
  return {
    journalDirectories: config.journalDirectories,
    ledgerDirectories: config.ledgerDirectories,
    journalSyncData: config.journalSyncData,
    journalMaxGroupWaitMSec: config.journalMaxGroupWaitMSec,
    journalBufferedWritesThreshold: config.journalBufferedWritesThreshold,
    journalPreAllocSizeMB: config.journalPreAllocSizeMB,
    journalMaxSizeMB: config.journalMaxSizeMB,
    flushInterval: config.flushInterval,
    entryLogSizeLimit: config.entryLogSizeLimit,
    writeCacheMaxSizeBytes: config.dbStorage_writeCacheMaxSizeMb * 1024 * 1024,
    maxThrottleTimeMs: config.dbStorage_maxThrottleTimeMs,
    maxLongPollWaiters: config.maxLongPollWaiters,
    maxLongPollTimeoutMs: config.maxLongPollTimeoutMs,
    readOnly: config.forceReadOnlyBookie,
  };
}

export function gcOptionsOf(config: BookieConfig): GcOptions {
  return {
    gcWaitTime: config.gcWaitTime,
    gcLedgerMinAgeMs: config.gcLedgerMinAgeMs,
    minorCompactionThreshold: config.minorCompactionThreshold,
    minorCompactionInterval: config.minorCompactionInterval,
    minorCompactionMaxTimeMillis: config.minorCompactionMaxTimeMillis,
    majorCompactionThreshold: config.majorCompactionThreshold,
    majorCompactionInterval: config.majorCompactionInterval,
    majorCompactionMaxTimeMillis: config.majorCompactionMaxTimeMillis,
    isThrottleByBytes: config.isThrottleByBytes,
    compactionRateByEntries: config.compactionRateByEntries,
    compactionRateByBytes: config.compactionRateByBytes,
    isForceGCAllowWhenNoSpace: config.isForceGCAllowWhenNoSpace,
    forceAllowCompaction: config.forceAllowCompaction,
  };
}

export async function startBookieService(config: BookieConfig, log: Logger, options: BookieServiceOptions = {}): Promise<RunningBookie> {
  const bookie = await openBookie(storageOptionsOf(config), log.child({ part: 'storage' }));
  const server = new BookieServer(
    bookie,
    {
      ...DEFAULT_BOOKIE_SERVER_OPTIONS,
      host: config.listeningInterface,
      port: config.bookiePort,
      maxFrameSize: config.nettyMaxFrameSizeBytes,
      maxInFlightRequests: config.maxInFlightRequests,
      maxInFlightBytes: config.maxInFlightBytes,
      maxInFlightRequestsPerConnection: config.maxInFlightRequestsPerConnection,
      maxInFlightBytesPerConnection: config.maxInFlightBytesPerConnection,
      maxLongPollTimeoutMs: config.maxLongPollTimeoutMs,
      maxBatchReadSize: config.maxBatchReadSize,
    },
    log.child({ part: 'server' }),
  );
  // Without a metadata store no ledger is ever judged deleted; compaction still runs.
  const gc = new BookieGarbageCollector(bookie, options.metadata ? ledgerManagerGcSource(options.metadata.ledgers) : undefined, gcOptionsOf(config), log.child({ part: 'gc' }));
  const undo: Array<() => Promise<void>> = [() => bookie.close(), () => gc.close()];
  const unwind = async () => {
    for (const f of undo.reverse()) await f().catch((err: unknown) => log.warn({ err }, 'cleanup after failed start'));
  };
  try {
    await server.start();
    undo.push(() => server.stop());
    let http: { port: number; stop(): Promise<void> } | undefined;
    if (config.httpServerEnabled) {
      http = await startBookieHttp(config.listeningInterface, config.httpServerPort, bookieMetricsRegistry(bookie, server), log);
      undo.push(() => http!.stop());
    }
    const bookieId = bookieIdOf(config, server.port);
    let registrar: BookieRegistrar | undefined;
    if (options.metadata) {
      registrar = new MetadataBookieRegistrar(
        options.metadata,
        {
          formatIfMissing: options.formatIfMissing ?? false,
          // Lost registration → read-only; back → forceReadOnlyBookie decides (bookie-state-manager.ts).
          onWritableChange: (writable) => bookie.stateManager.setRegistered(writable),
          ...(http ? { httpPort: http.port } : {}),
        },
        log.child({ part: 'registration' }),
      );
      await registrar.register({
        bookieId,
        host: config.advertisedAddress ?? config.listeningInterface,
        port: server.port,
        readOnly: bookie.isReadOnly,
        journalDirs: [...config.journalDirectories],
        ledgerDirs: [...config.ledgerDirectories],
      });
    }
    gc.start();
    let stopped: Promise<void> | undefined;
    return {
      bookieId,
      port: server.port,
      bookie,
      server,
      httpPort: http?.port,
      gc,
      stop() {
        stopped ??= (async () => {
          if (registrar) await registrar.unregister().catch((err: unknown) => log.warn({ err }, 'unregister failed'));
          await http?.stop();
          await server.stop();
          await gc.close();
          await bookie.close();
        })();
        return stopped;
      },
    };
  } catch (e) {
    await unwind();
    throw e;
  }
}
