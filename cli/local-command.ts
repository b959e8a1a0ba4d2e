// `quire local` (what `npm start` runs): a whole cluster in one process on this machine — the
// embedded metadata store and three bookies — with data kept under one directory across restarts.
// Each bookie has its own metadata session, so stopping one removes only its registration.
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { childLogger } from '../common/logger.js';
import { resolveBookieConfig } from '../bookie/bookie-config.js';
import { startBookieService, type RunningBookie } from '../bookie/bookie-service.js';
import { openMetadataService, type MetadataService } from '../metadata/metadata-service.js';

export interface LocalClusterOptions {
  readonly dataDir: string;
  readonly bookies: number;
  /** First bookie port; the others follow. 0 = any free ports. */
  readonly basePort: number;
  readonly host: string;
}

export interface LocalCluster {
  readonly metadataServiceUri: string;
  readonly bookies: RunningBookie[];
  stop(): Promise<void>;
}

export async function startLocalCluster(opts: LocalClusterOptions): Promise<LocalCluster> {
  const log = childLogger('local');
  const dataDir = resolve(opts.dataDir);
  const metadataServiceUri = `embedded://${join(dataDir, 'metadata')}`;
  const sessions: MetadataService[] = [];
  const bookies: RunningBookie[] = [];
  const stop = async () => {
    for (const b of bookies.splice(0).reverse()) await b.stop().catch((err: unknown) => log.warn({ err }, 'bookie stop failed'));
    for (const s of sessions.splice(0)) await s.close().catch((err: unknown) => log.warn({ err }, 'metadata close failed'));
  };
  try {
    for (let i = 0; i < opts.bookies; i++) {
      const dir = join(dataDir, `bookie-${i + 1}`);
      const port = opts.basePort === 0 ? 0 : opts.basePort + i;
      const { config } = resolveBookieConfig(
        new Map([
          ['bookiePort', String(port)],
          ['listeningInterface', opts.host],
          ['journalDirectories', join(dir, 'journal')],
          ['ledgerDirectories', join(dir, 'ledgers')],
          // Stable ids across restarts even with ephemeral ports: the cookie binds dirs to the id.
          ...(port === 0 ? [['bookieId', `local-bookie-${i + 1}`] as [string, string]] : []),
        ]),
      );
      const metadata = await openMetadataService(metadataServiceUri);
      sessions.push(metadata);
      bookies.push(await startBookieService(config, log.child({ bookie: i + 1 }), { metadata, formatIfMissing: true }));
    }
  } catch (e) {
    await stop();
    throw e;
  }
  return { metadataServiceUri, bookies, stop };
}

export function registerLocalCommand(program: Command): void {
  program
    .command('local')
    .description('run a local cluster in one process: embedded metadata store + 3 bookies')
    .option('-d, --data-dir <dir>', 'where the cluster keeps its data', './quire-data')
    .option('-n, --bookies <n>', 'number of bookies', '3')
    .option('-p, --base-port <port>', 'first bookie port (0 = any free port)', '3181')
    .option('--host <address>', 'address to bind', '127.0.0.1')
    .action(async (o: { dataDir: string; bookies: string; basePort: string; host: string }) => {
      const cluster = await startLocalCluster({ dataDir: o.dataDir, bookies: Number(o.bookies), basePort: Number(o.basePort), host: o.host });
      console.log(JSON.stringify({ event: 'local-cluster-started', metadataServiceUri: cluster.metadataServiceUri, bookies: cluster.bookies.map((b) => ({ id: b.bookieId, port: b.port })) }));
      console.log(`\nQuire local cluster is up (data in ${resolve(o.dataDir)}):`);
      for (const b of cluster.bookies) console.log(`  bookie ${b.bookieId}  (BookKeeper wire protocol v2/v3 on port ${b.port})`);
      console.log(`  metadata: ${cluster.metadataServiceUri}`);
      console.log('Ctrl-C stops the cluster cleanly.');
      let stopping = false;
      const stop = () => {
        if (stopping) return;
        stopping = true;
        cluster.stop().then(
          () => process.exit(0),
          () => process.exit(1),
        );
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
}
