// `quire bookie`: one storage server, configured by a bk_server.conf-style file plus flags.
import type { Command } from 'commander';
import { childLogger } from '../common/logger.js';
import { readFileSync } from 'node:fs';
import { loadBookieConfig, parseProperties } from '../bookie/bookie-config.js';
import { startBookieService } from '../bookie/bookie-service.js';
import { bookieAdminClient } from './bookie-admin-client.js';
import { clientTlsOfBookieConfig } from './bookie-client-tls.js';
import { placementConfigFromProperties } from '../clients/quorum/index.js';
import { openMetadataService } from '../metadata/metadata-service.js';
import { metadataOptionsOf, metadataUriOf } from './bookie-metadata.js';
import { addTracingFlag, startProcessTracing, type TracingFlagValues } from './tracing-flags.js';
import { maybeStartAutoRecovery } from './autorecovery-daemon.js';

export function registerBookieCommand(program: Command): void {
  addTracingFlag(program
    .command('bookie')
    .description('run a bookie (storage server) speaking Apache BookKeeper\'s wire protocol')
    .option('-c, --conf <file>', 'properties file with BookKeeper key names (bk_server.conf)')
    .option('-p, --port <port>', 'bookiePort')
    .option('--host <address>', 'listeningInterface')
    .option('-j, --journal-dir <dir>', 'journalDirectories')
    .option('-l, --ledger-dir <dir>', 'ledgerDirectories')
    .option('-m, --metadata-service-uri <uri>', 'metadataServiceUri (zk+hierarchical://host:2181/ledgers or etcd://host:2379/ledgers); default: embedded store')
    .option('-s, --set <key=value...>', 'any other setting, by its BookKeeper name'))
    .action(async (opts: { conf?: string; port?: string; host?: string; journalDir?: string; ledgerDir?: string; metadataServiceUri?: string; set?: string[] } & TracingFlagValues) => {
      const log = childLogger('bookie');
      const tracing = startProcessTracing('quire-bookie', opts);
      const overrides = new Map<string, string>();
      if (opts.port) overrides.set('bookiePort', opts.port);
      if (opts.host) overrides.set('listeningInterface', opts.host);
      if (opts.journalDir) overrides.set('journalDirectories', opts.journalDir);
      if (opts.ledgerDir) overrides.set('ledgerDirectories', opts.ledgerDir);
      if (opts.metadataServiceUri) overrides.set('metadataServiceUri', opts.metadataServiceUri);
      for (const kv of opts.set ?? []) {
        const i = kv.indexOf('=');
        if (i <= 0) throw new Error(`--set expects key=value, got ${JSON.stringify(kv)}`);
        overrides.set(kv.slice(0, i), kv.slice(i + 1));
      }
      const { config, unknownKeys } = loadBookieConfig(opts.conf, overrides);
      if (unknownKeys.length > 0) log.warn({ unknownKeys }, `ignoring settings Quire does not use: ${unknownKeys.join(', ')}`);
      const uri = metadataUriOf(config);
      // Re-replication (auto-recovery and the HTTP recover/decommission) places copies by the same keys a client uses (ensemblePlacementPolicy, racks).
      const props = new Map([...(opts.conf ? parseProperties(readFileSync(opts.conf, 'utf8')) : new Map<string, string>()), ...overrides]);
      const metadata = await openMetadataService(uri, metadataOptionsOf(config));
      let service;
      try {
        // The embedded store belongs to this machine: format it on first use. A ZooKeeper cluster
        // is formatted on purpose (quire shell metaformat), as with BookKeeper.
        service = await startBookieService(config, log, { metadata, formatIfMissing: metadata.config.driver === 'embedded', clusterClient: (md) => bookieAdminClient(md, { clientConfig: placementConfigFromProperties(props), tls: clientTlsOfBookieConfig(config) }) });
      } catch (e) {
        await metadata.close();
        throw e;
      }
      let autoRecovery;
      try {
        autoRecovery = await maybeStartAutoRecovery(config, metadata, service.bookieId, props);
        const ar = autoRecovery;
        if (ar) service.metrics.bindAuditor(() => ar.elector.auditor?.stats);
      } catch (e) {
        await service.stop();
        await metadata.close();
        throw e;
      }
      // Machine-readable line for scripts and tests that start bookies as processes.
      // execArgv: the node flags it runs with (bin/quire's BOOKIE_GC_OPTS), for operators and tests.
      console.log(JSON.stringify({ event: 'bookie-started', bookieId: service.bookieId, port: service.port, httpPort: service.httpPort, pid: process.pid, execArgv: process.execArgv }));
      let stopping = false;
      const stop = (signal: string) => {
        if (stopping) return;
        stopping = true;
        log.info({ signal }, 'stopping bookie');
        Promise.resolve(autoRecovery?.stop())
          .then(() => service.stop())
          .then(() => metadata.close())
          .then(() => tracing?.shutdown())
          .then(
          () => process.exit(0),
          (err: unknown) => {
            log.error({ err }, 'error while stopping');
            process.exit(1);
          },
        );
      };
      // readOnlyModeEnabled=false and a full disk or failed journal: the bookie stopped itself.
      void service.terminated.then((reason) => {
        if (stopping) return;
        stopping = true;
        log.error({ reason }, 'bookie stopped itself');
        Promise.resolve(autoRecovery?.stop())
          .catch(() => undefined)
          .then(() => metadata.close())
          .finally(() => process.exit(1));
      });
      process.on('SIGINT', () => stop('SIGINT'));
      process.on('SIGTERM', () => stop('SIGTERM'));
    });
}
