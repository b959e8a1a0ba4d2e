// BookieService: one running bookie = storage (journal + ledger storage) + TCP server + HTTP admin,
// the disk checker and the writable/read-only state, and, when a metadata service is given, its
// cookie check and registration. Start order: storage (replay), the first disk check (a full disk
// at start registers read-only), the port, registration last (clients must not find a bookie that
// cannot serve yet); stop order is the reverse.
import { QuireError } from '../common/errors.js';
import type { FileIo } from '../common/durable-file.js';
import type { Logger } from '../common/logger.js';
import type { MetadataService } from '../metadata/metadata-service.js';
import type { BookieConfig } from './bookie-config.js';
import { bookieIdOf } from './bookie-config.js';
import { openBookie, type BookieImpl } from './bookie-impl.js';
import type { BookieStorageOptions } from './bookie-storage-options.js';
import { MetadataBookieRegistrar, type BookieRegistrar } from './bookie-registrar.js';
import type { BookieStateManager } from './bookie-state-manager.js';
import { LedgerDirsMonitor } from './disk/ledger-dirs-monitor.js';
import type { ClusterClientPort } from './http/admin-context.js';
import { startBookieHttp } from './http/bookie-http-server.js';
import { BookieMetrics } from './http/bookie-metrics.js';
import { BookieServer, DEFAULT_BOOKIE_SERVER_OPTIONS } from './server/bookie-server.js';
import { bookieSecurityOf, type BookieSecuritySettings } from './server/connection-security.js';
import { BookieGarbageCollector, ledgerManagerGcSource, type GcOptions } from './storage/garbage-collector.js';
import type { GarbageCollector } from './storage/garbage-collector-api.js';


export interface BookieServiceOptions {
  /** Register in this metadata service (cookie check + available/ node). None: run unregistered. */
  readonly metadata?: MetadataService;
  /** Format the cluster if the store is empty (the embedded store on one machine). */
  readonly formatIfMissing?: boolean;
  /**
   * Client-side admin operations (/api/v1/ledger/read, /api/v1/bookie/sanity): the bookie never
   * imports the quorum client, so cli/ passes a factory over the same metadata service.
   */
  readonly clusterClient?: (metadata: MetadataService) => ClusterClientPort;
  /** The storage's writes and fdatasync (default node's): a seam for fault injection (chaos/fault-bookie.ts: slow fsync). */
  readonly fileIo?: FileIo;
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
  readonly state: BookieStateManager;
  readonly dirs: LedgerDirsMonitor;
  readonly metrics: BookieMetrics;
  /** Resolves with the reason when the bookie shut itself down (readOnlyModeEnabled=false and a full disk or failed journal). */
  readonly terminated: Promise<string>;
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
    journalReuseFiles: config.journalReuseFiles,
    flushInterval: config.flushInterval,
    entryLogSizeLimit: config.entryLogSizeLimit,
    writeCacheMaxSizeBytes: config.dbStorage_writeCacheMaxSizeMb * 1024 * 1024,
    readAheadCacheMaxSizeBytes: config.dbStorage_readAheadCacheMaxSizeMb * 1024 * 1024,
    readAheadCacheBatchSize: config.dbStorage_readAheadCacheBatchSize,
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

/** The TLS and authorization keys of the configuration (docs/security.md). */
export function securitySettingsOf(config: BookieConfig): BookieSecuritySettings {
  const s: Record<string, unknown> = {};
  for (const k of ['tlsProviderFactoryClass', 'tlsProvider', 'tlsKeyStoreType', 'tlsKeyStore', 'tlsKeyStorePasswordPath', 'tlsCertificatePath',
    'tlsTrustStoreType', 'tlsTrustStore', 'tlsTrustStorePasswordPath', 'tlsClientAuthentication', 'tlsCertFilesRefreshDurationSeconds',
    'tlsEnabledProtocols', 'bookieAuthProviderFactoryClass', 'authorizedRoles'] as const) {
    if (config[k] !== undefined) s[k] = config[k];
  }
  return s as BookieSecuritySettings;
}

export async function startBookieService(config: BookieConfig, log: Logger, options: BookieServiceOptions = {}): Promise<RunningBookie> {
  // First: a TLS or authorization mistake stops the start before any directory is touched.
  const security = bookieSecurityOf(securitySettingsOf(config), log.child({ part: 'tls' }));
  const metrics = new BookieMetrics();
  // Entry logs spread over every ledger directory (a full one is skipped; the bookie is out of
  // space only when all are full); the index lives in the first ledger directory. Every journal
  // directory holds a journal and each ledger is bound to one of them, so any full journal
  // directory makes the bookie read-only (eachRequired).
  const dirs = new LedgerDirsMonitor({
    groups: [
      { name: 'ledger', dirs: config.ledgerDirectories },
      { name: 'index', dirs: config.ledgerDirectories.slice(0, 1) },
      { name: 'journal', dirs: config.journalDirectories, eachRequired: true },
    ],
    threshold: config.diskUsageThreshold,
    warnThreshold: config.diskUsageWarnThreshold,
    lwmThreshold: config.diskUsageLwmThreshold,
    intervalMs: config.diskCheckInterval,
    log: log.child({ part: 'disk-checker' }),
  });
  const bookie = await openBookie(
    { ...storageOptionsOf(config), journalObserver: metrics.journalObserver(), writeCacheObserver: metrics.writeCacheObserver(), writableLedgerDirs: () => dirs.writableDirs('ledger'), ...(options.fileIo ? { fileIo: options.fileIo } : {}) },
    log.child({ part: 'storage' }),
  );
  let stopService: () => Promise<void> = () => bookie.close();
  let terminate!: (reason: string) => void;
  const terminated = new Promise<string>((resolve) => {
    terminate = (reason) => {
      log.error({ reason }, 'bookie shutting down');
      void stopService().finally(() => resolve(reason));
    };
  });
  const state = bookie.stateManager;
  state.configure({ readOnlyModeEnabled: config.readOnlyModeEnabled, log: log.child({ part: 'state' }), shutdown: (reason) => terminate(reason) });
  bookie.onFailure((e, where) => {
    void state.transitionToReadOnlyMode(where === 'journal' ? 'journal-failed' : 'storage-failed', e.message);
  });
  const server = new BookieServer(
    metrics.measured(bookie),
    {
      ...DEFAULT_BOOKIE_SERVER_OPTIONS,
      host: config.listeningInterface,
      port: config.bookiePort,
      maxFrameSize: config.nettyMaxFrameSizeBytes,
      maxInFlightRequests: config.maxInFlightRequests,
      maxInFlightBytes: config.maxInFlightBytes,
      maxInFlightRequestsPerConnection: config.maxInFlightRequestsPerConnection,
      maxInFlightBytesPerConnection: config.maxInFlightBytesPerConnection,
      maxAddsInProgressLimit: config.maxAddsInProgressLimit,
      maxReadsInProgressLimit: config.maxReadsInProgressLimit,
      maxLongPollTimeoutMs: config.maxLongPollTimeoutMs,
      maxBatchReadSize: config.maxBatchReadSize,
      security,
      replyObserver: metrics.replyObserver(),
    },
    log.child({ part: 'server' }),
    metrics.blockedWaitObserver(),
  );
  // Without a metadata store no ledger is ever judged deleted; compaction still runs.
  const gc = new BookieGarbageCollector(bookie, options.metadata ? ledgerManagerGcSource(options.metadata.ledgers) : undefined, gcOptionsOf(config), log.child({ part: 'gc' }));
  dirs.addListener({
    onSpaceChange: (s) => void (s.outOfSpace ? state.transitionToReadOnlyMode('disk-full', s.reason) : state.transitionToWritableMode('disk-full')),
    onDiskFull: (dir) => {
      bookie.ledgerStorage.onDirFull(dir);
      gc.onDiskFull();
    },
    onDiskAlmostFull: () => gc.onDiskAlmostFull(),
    onDiskWritable: () => gc.onDiskWritable(),
  });
  metrics.bind({
    storageStats: () => bookie.stats,
    readAhead: () => bookie.readAheadStats,
    connections: () => server.connectionCount,
    inFlight: () => server.inFlightRequests,
    inProgress: () => server.inProgressStats,
    readOnly: () => bookie.isReadOnly,
    state,
    dirs,
    ledgerDirCount: config.ledgerDirectories.length,
    gc,
  });
  const undo: Array<() => Promise<void>> = [() => bookie.close(), () => gc.close(), async () => dirs.stop()];
  const unwind = async () => {
    for (const f of undo.reverse()) await f().catch((err: unknown) => log.warn({ err }, 'cleanup after failed start'));
  };
  try {
    await dirs.start();
    if (state.isShuttingDown) throw new QuireError('IO_ERROR', `no writable disk at start and readOnlyModeEnabled=false: ${dirs.spaceState.reason}`);
    await server.start();
    undo.push(() => server.stop());
    let bookieId = bookieIdOf(config, server.port);
    const cluster = options.metadata && options.clusterClient ? options.clusterClient(options.metadata) : undefined;
    let http: { port: number; stop(): Promise<void> } | undefined;
    if (config.httpServerEnabled) {
      http = await startBookieHttp(
        config.listeningInterface,
        config.httpServerPort,
        {
          config,
          bookie,
          state,
          dirs,
          metadata: options.metadata,
          metrics,
          log: log.child({ part: 'http' }),
          bookieId: () => bookieId,
          gc: () => gc,
          cluster: () => cluster,
        },
        log,
      );
      undo.push(() => http!.stop());
    }
    bookieId = bookieIdOf(config, server.port);
    let registrar: BookieRegistrar | undefined;
    if (options.metadata) {
      registrar = new MetadataBookieRegistrar(
        options.metadata,
        {
          formatIfMissing: options.formatIfMissing ?? false,
          // Lost registration → writes refused; back → the read-only reasons decide (bookie-state-manager.ts).
          onWritableChange: (writable) => state.setRegistered(writable),
          ...(http ? { httpPort: http.port } : {}),
        },
        log.child({ part: 'registration' }),
      );
      const registeredReadOnly = state.isReadOnly;
      await registrar.register({
        bookieId,
        host: config.advertisedAddress ?? config.listeningInterface,
        port: server.port,
        readOnly: registeredReadOnly,
        journalDirs: [...config.journalDirectories],
        ledgerDirs: [...config.ledgerDirectories],
      });
      state.setRunning(registrar, registeredReadOnly);
    } else {
      state.setRunning(undefined, state.isReadOnly);
    }
    gc.start();
    let stopped: Promise<void> | undefined;
    const stop = (): Promise<void> => {
      stopped ??= (async () => {
        state.setShuttingDown();
        dirs.stop();
        if (registrar) await registrar.unregister().catch((err: unknown) => log.warn({ err }, 'unregister failed'));
        await http?.stop();
        await cluster?.close?.().catch((err: unknown) => log.warn({ err }, 'closing the admin client failed'));
        await server.stop();
        await gc.close();
        await bookie.close();
      })();
      return stopped;
    };
    stopService = stop;
    return { bookieId, port: server.port, bookie, server, httpPort: http?.port, gc, state, dirs, metrics, terminated, stop };
  } catch (e) {
    await unwind();
    throw e;
  }
}
