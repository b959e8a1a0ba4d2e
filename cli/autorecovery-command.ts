// `quire autorecovery`: BookKeeper's AutoRecoveryMain as its own process (an auditor candidate and
// a replication worker), and the same pair started inside `quire bookie` when
// autoRecoveryDaemonEnabled=true. Settings by BookKeeper's names (docs/autorecovery.md).
import { hostname } from 'node:os';
import type { Command } from 'commander';
import { childLogger } from '../common/logger.js';
import { startAutoRecovery, type AutoRecoveryMain } from '../autorecovery/autorecovery-main.js';
import { loadBookieConfig } from '../bookie/bookie-config.js';
import { clientTlsOfBookieConfig } from './bookie-client-tls.js';
import { openMetadataService } from '../metadata/metadata-service.js';
import { autoRecoveryOptionsOf } from './autorecovery-daemon.js';
import { metadataOptionsOf, metadataUriOf } from './bookie-metadata.js';

export function registerAutoRecoveryCommand(program: Command): void {
  program
    .command('autorecovery')
    .description('run an auditor candidate and a replication worker (BookKeeper\'s AutoRecoveryMain)')
    .option('-c, --conf <file>', 'properties file with BookKeeper key names (bk_server.conf)')
    .option('-m, --metadata-service-uri <uri>', 'metadataServiceUri (zk+hierarchical://host:2181/ledgers)')
    .option('--id <id>', 'identity in auditor votes and ledger locks (default: <hostname>:<pid>)')
    .option('-s, --set <key=value...>', 'any other setting, by its BookKeeper name')
    .action(async (opts: { conf?: string; metadataServiceUri?: string; id?: string; set?: string[] }) => {
      const log = childLogger('autorecovery');
      const overrides = new Map<string, string>();
      if (opts.metadataServiceUri) overrides.set('metadataServiceUri', opts.metadataServiceUri);
      for (const kv of opts.set ?? []) {
        const i = kv.indexOf('=');
        if (i <= 0) throw new Error(`--set expects key=value, got ${JSON.stringify(kv)}`);
        overrides.set(kv.slice(0, i), kv.slice(i + 1));
      }
      const { config } = loadBookieConfig(opts.conf, overrides);
      const service = await openMetadataService(metadataUriOf(config), metadataOptionsOf(config));
      const id = opts.id ?? `${hostname()}:${process.pid}`;
      let ar: AutoRecoveryMain;
      try {
        ar = await startAutoRecovery({ service, id, options: autoRecoveryOptionsOf(config), tls: clientTlsOfBookieConfig(config), log });
      } catch (e) {
        await service.close();
        throw e;
      }
      console.log(JSON.stringify({ event: 'autorecovery-started', id, pid: process.pid }));
      let stopping = false;
      const stop = (signal: string) => {
        if (stopping) return;
        stopping = true;
        log.info({ signal }, 'stopping auto-recovery');
        ar.stop().then(() => service.close()).then(
          () => process.exit(0),
          (err: unknown) => {
            log.error({ err }, 'error while stopping');
            process.exit(1);
          },
        );
      };
      process.on('SIGINT', () => stop('SIGINT'));
      process.on('SIGTERM', () => stop('SIGTERM'));
    });
}
