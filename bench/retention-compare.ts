// `npm run bench -- retention-compare [--seconds N]`: the retention workload (retention-bench.ts)
// over the network against one Quire bookie and one Apache BookKeeper 4.17.2 Java bookie
// (DbLedgerStorage), in turn, with the same GC and compaction settings (BookKeeper's keys) and a
// real ZooKeeper. The load comes from Quire's quorum client (E1/Qw1/Qa1): writers create, fill,
// close and delete ledgers in a rolling window with mixed retention. Prints each bookie's ledger
// directory size over time and the add throughput and p99 the client saw.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBookKeeperClient } from '../clients/quorum/connect.js';
import { formatCluster } from '../metadata/cluster-layout.js';
import { openMetadataService } from '../metadata/metadata-service.js';
import { startBookieProcess } from '../harness/bookie-process.js';
import { startJavaBookie } from '../harness/java-bookie.js';
import { startZooKeeper } from '../harness/zookeeper.js';
import { dirBytes } from '../harness/gc-fixtures.js';
import { formatTable, Histogram } from './stats.js';

const MB = 1024 * 1024;

/** The same settings for both bookies, by BookKeeper's names. */
const GC_SETTINGS: Record<string, string> = {
  gcWaitTime: '2000',
  majorCompactionThreshold: '0.5',
  majorCompactionInterval: '2',
  minorCompactionThreshold: '0',
  minorCompactionInterval: '0',
  isThrottleByBytes: 'true',
  compactionRateByBytes: String(64 * MB),
  dbStorage_writeCacheMaxSizeMb: '16',
  flushInterval: '1000',
};

interface Run {
  readonly kind: string;
  readonly adds: number;
  readonly seconds: number;
  readonly hist: Histogram;
  readonly samples: number[];
}

async function load(zk: string, ledgerDir: string, seconds: number, kind: string): Promise<Run> {
  const bk = await createBookKeeperClient({ metadataServiceUri: `zk+hierarchical://${zk}/ledgers` });
  const hist = new Histogram();
  const samples: number[] = [];
  const data = Buffer.alloc(1024, 0x61);
  let adds = 0;
  const t0 = Date.now();
  const endAt = t0 + seconds * 1000;
  const sampler = setInterval(() => samples.push(dirBytes(ledgerDir)), 1000);
  const writer = async (k: number): Promise<void> => {
    const keep = 1 << k % 4;
    const mine: bigint[] = [];
    while (Date.now() < endAt) {
      const w = await bk.createLedger({ ensembleSize: 1, writeQuorumSize: 1, ackQuorumSize: 1, digestType: 'CRC32C', password: 'retention' });
      mine.push(w.ledgerId);
      let n = 0;
      const lane = async (): Promise<void> => {
        while (n < 2000 && Date.now() < endAt) {
          n++;
          const s = performance.now();
          await w.append(data);
          hist.record(performance.now() - s);
          adds++;
        }
      };
      await Promise.all(Array.from({ length: 32 }, () => lane()));
      await w.close();
      while (mine.length > keep) await bk.deleteLedger(mine.shift()!);
    }
  };
  try {
    await Promise.all(Array.from({ length: 4 }, (_, k) => writer(k)));
  } finally {
    clearInterval(sampler);
    await bk.close();
  }
  samples.push(dirBytes(ledgerDir));
  return { kind, adds, seconds: (Date.now() - t0) / 1000, hist, samples };
}

export async function retentionCompare(seconds: number): Promise<string> {
  const lines: string[] = [];
  const say = (s: string): void => {
    console.log(s);
    lines.push(s);
  };
  say(`\n## Retention, Quire bookie vs Apache BookKeeper 4.17.2 bookie (DbLedgerStorage), ${seconds} s each`);
  say('one bookie, E1/Qw1/Qa1, Quire client; 4 writers keeping their last 1/2/4/8 ledgers of 2000 × 1 KiB; ' + Object.entries(GC_SETTINGS).map(([k, v]) => `${k}=${v}`).join(' ') + '; 8 MiB entry logs');
  const zk = await startZooKeeper();
  const dir = mkdtempSync(join(tmpdir(), 'quire-retention-compare-'));
  const runs: Run[] = [];
  try {
    const md = await openMetadataService(`zk+hierarchical://${zk.connectString}/ledgers`);
    await formatCluster(md.store, md.root);
    await md.close();
    for (const kind of ['quire', 'java'] as const) {
      const d = join(dir, kind);
      const ledgerDir = join(d, 'ledgers');
      let stop: () => Promise<unknown>;
      if (kind === 'quire') {
        const sets = Object.entries({ ...GC_SETTINGS, gcLedgerMinAgeMs: '0', entryLogSizeLimit: String(8 * MB) }).flatMap(([k, v]) => ['--set', `${k}=${v}`]);
        const p = await startBookieProcess(['--port', '0', '--journal-dir', join(d, 'journal'), '--ledger-dir', ledgerDir, '--metadata-service-uri', `zk+hierarchical://${zk.connectString}/ledgers`, ...sets]);
        stop = () => p.kill('SIGTERM');
      } else {
        const b = await startJavaBookie({
          zkConnect: zk.connectString,
          dir: d,
          settings: { ...GC_SETTINGS, logSizeLimit: String(8 * MB), ledgerStorageClass: 'org.apache.bookkeeper.bookie.storage.ldb.DbLedgerStorage' },
        });
        stop = () => b.kill('SIGTERM');
      }
      // Registration: the client picks from the writable bookies; wait until this one is listed.
      const reg = await openMetadataService(`zk+hierarchical://${zk.connectString}/ledgers`);
      for (let i = 0; i < 300 && (await reg.registration.getWritableBookies()).length === 0; i++) await new Promise((r) => setTimeout(r, 200));
      await reg.close();
      try {
        runs.push(await load(zk.connectString, ledgerDir, seconds, kind === 'quire' ? 'Quire' : 'BookKeeper (Java)'));
      } finally {
        await stop();
        // The next bookie must not find this one still registered.
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
  } finally {
    await zk.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
  const n = Math.max(...runs.map((r) => r.samples.length));
  const step = Math.max(1, Math.round(n / 15));
  const rows: string[][] = [];
  for (let i = 0; i < n; i += step) rows.push([String(i + 1), ...runs.map((r) => (r.samples[i] !== undefined ? (r.samples[i]! / MB).toFixed(1) : ''))]);
  rows.push(['end', ...runs.map((r) => (r.samples.at(-1)! / MB).toFixed(1))]);
  say('\nLedger directory size (MiB) over time:\n');
  say(formatTable(['t (s)', ...runs.map((r) => r.kind)], rows));
  say('\nAdds (client side):\n');
  say(formatTable(['bookie', 'adds/s', 'p50 ms', 'p99 ms', 'written MiB'], runs.map((r) => [r.kind, (r.adds / r.seconds).toFixed(0), r.hist.p(50).toFixed(2), r.hist.p(99).toFixed(2), ((r.adds * 1024) / MB).toFixed(0)])));
  return lines.join('\n');
}
