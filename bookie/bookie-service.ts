// BookieService: one running bookie = storage (journal + ledger storage) + TCP server, and, when a
// metadata store is given, its registration and cookie. Start order: storage (replay) before the
// port opens, registration after it listens; stop order is the reverse.
import type { Logger } from '../common/logger.js';
import type { BookieConfig } from './bookie-config.js';
import { bookieIdOf } from './bookie-config.js';
import { openBookie, type BookieImpl, type BookieStorageOptions } from './bookie-impl.js';
import { BookieServer, DEFAULT_BOOKIE_SERVER_OPTIONS } from './server/bookie-server.js';
import { bookieMetricsRegistry, startBookieHttp } from './bookie-http.js';

/** What the bookie needs from the metadata layer: register once listening, unregister on stop. */
export interface BookieRegistrar {
  register(bookie: { bookieId: string; host: string; port: number; readOnly: boolean; journalDirs: string[]; ledgerDirs: string[] }): Promise<void>;
  unregister(): Promise<void>;
}

export interface RunningBookie {
  readonly bookieId: string;
  readonly port: number;
  readonly bookie: BookieImpl;
  readonly server: BookieServer;
  /** Port of the HTTP admin endpoint, when httpServerEnabled. */
  readonly httpPort: number | undefined;
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
    maxLongPollWaiters: config.maxLongPollWaiters,
    maxLongPollTimeoutMs: config.maxLongPollTimeoutMs,
    readOnly: config.forceReadOnlyBookie,
  };
}

export async function startBookieService(config: BookieConfig, log: Logger, registrar?: BookieRegistrar): Promise<RunningBookie> {
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
  try {
    await server.start();
  } catch (e) {
    await bookie.close();
    throw e;
  }
  const bookieId = bookieIdOf(config, server.port);
  if (registrar) {
    try {
      await registrar.register({
        bookieId,
        host: config.advertisedAddress ?? config.listeningInterface,
        port: server.port,
        readOnly: bookie.isReadOnly,
        journalDirs: [...config.journalDirectories],
        ledgerDirs: [...config.ledgerDirectories],
      });
    } catch (e) {
      await server.stop();
      await bookie.close();
      throw e;
    }
  }
  let http: { port: number; stop(): Promise<void> } | undefined;
  if (config.httpServerEnabled) {
    http = await startBookieHttp(config.listeningInterface, config.httpServerPort, bookieMetricsRegistry(bookie, server), log);
  }
  let stopped: Promise<void> | undefined;
  return {
    bookieId,
    port: server.port,
    bookie,
    server,
    httpPort: http?.port,
    stop() {
      stopped ??= (async () => {
        if (registrar) await registrar.unregister().catch((err: unknown) => log.warn({ err }, 'unregister failed'));
        await http?.stop();
        await server.stop();
        await bookie.close();
      })();
      return stopped;
    },
  };
}
