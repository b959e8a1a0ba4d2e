// `npm run bench -- rereplication [--ledgers N] [--entries M] [--rate R]`: re-replication after a
// bookie is lost for good, Quire vs Apache BookKeeper 4.17.2, on the same data set:
//   4 bookies on a real ZooKeeper (quire bookie processes | Java bookies), N closed ledgers of
//   M × 1 KiB entries, E3 Qw2 Qa2, written by Quire's client; then the auto-recovery process
//   (quire autorecovery | Java AutoRecoveryMain, both lostBookieRecoveryDelay=0, periodic checks
//   off, BookKeeper's default rereplicationEntryBatchSize) and an open-loop writer adding 1 KiB
//   at R adds/s to its own ledger. The bookie outside the writer's ensemble is SIGKILLed (so the
//   writer sees no ensemble change and what it feels is the recovery's load only) and its data
//   directory removed; the clock runs until no ledger metadata names it and no mark is left.
// Reported: bytes and entries the lost bookie held (what had to be copied), MB/s, entries/s, the
// time to no under-replicated ledgers, and the writer's p50/p99 before the kill vs during recovery.
// Open loop: each add's latency is measured from the moment it was due, so a stalled writer shows.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createBookKeeperClient } from '../clients/quorum/connect.js';
import { entriesOf, fragmentsOf } from '../autorecovery/ledger-fragments.js';
import { formatCluster } from '../metadata/cluster-layout.js';
import { openMetadataService, type MetadataService } from '../metadata/metadata-service.js';
import { UnderreplicationManager } from '../metadata/underreplication-manager.js';
import { startBookieProcess } from '../harness/bookie-process.js';
import { startJavaBookie } from '../harness/java-bookie.js';
import { ensureJars, startZooKeeper } from '../harness/zookeeper.js';
import { formatTable, Histogram } from './stats.js';

const MB = 1e6;
const ENTRY = 1024;
const root = fileURLToPath(new URL('../', import.meta.url));
const compiled = import.meta.url.endsWith('.js');

export interface RereplicationBenchOptions {
  readonly ledgers: number;
  readonly entries: number;
  /** Foreground adds per second. */
  readonly rate: number;
  /** Seconds of foreground load measured before the kill. */
  readonly baselineSeconds: number;
  /** Give up on a side after this long (the row then says so). */
  readonly timeoutSeconds: number;
}

interface Row {
  readonly kind: string;
  readonly entries: number;
  /** Kill → no under-replicated ledger. */
  readonly seconds: number | undefined;
  /** The lost bookie's registration gone (its session expired) → no under-replicated ledger: the copy itself. */
  readonly copySeconds: number | undefined;
  readonly before: Histogram;
  readonly during: Histogram;
  readonly failedAdds: number;
}

interface Killable {
  readonly bookieId: string;
  readonly dir: string;
  kill(signal?: NodeJS.Signals): Promise<unknown>;
}

/** The bookies' ZooKeeper session timeout: a killed bookie counts as lost once it expires. */
const BOOKIE_ZK_TIMEOUT_MS = '4000';

/** Keys of the auto-recovery processes (its own zkTimeout is its session, not the bookies'). */
const AR_SETTINGS: Record<string, string> = {
  lostBookieRecoveryDelay: '0',
  auditorPeriodicBookieCheckInterval: '0',
  auditorPeriodicCheckInterval: '0',
  openLedgerRereplicationGracePeriod: '1000',
  rereplicationEntryBatchSize: '10',
  zkTimeout: '10000',
};

function startAutoRecovery(kind: 'quire' | 'java', zk: string, dir: string): ChildProcess {
  const uri = `zk+hierarchical://${zk}/ledgers`;
  if (kind === 'quire') {
    const cli = compiled ? ['cli/main.js'] : ['--import', 'tsx', 'cli/main.ts'];
    const sets = Object.entries(AR_SETTINGS).flatMap(([k, v]) => ['--set', `${k}=${v}`]);
    return spawn(process.execPath, [...cli, 'autorecovery', '--metadata-service-uri', uri, '--id', 'bench-ar', ...sets], { cwd: root, env: { ...process.env, QUIRE_LOG_LEVEL: 'warn' }, stdio: ['ignore', 'ignore', 'ignore'] });
  }
  const conf = join(dir, 'autorecovery.conf');
  writeFileSync(conf, [`metadataServiceUri=${uri}`, ...Object.entries(AR_SETTINGS).map(([k, v]) => `${k}=${v}`), 'allowLoopback=true', 'httpServerEnabled=false', ''].join('\n'));
  return spawn('java', ['-Xmx256m', '-cp', `${ensureJars()}/*`, 'org.apache.bookkeeper.replication.AutoRecoveryMain', '--conf', conf], { stdio: ['ignore', 'ignore', 'ignore'] });
}

async function startBookies(kind: 'quire' | 'java', zk: string, dir: string): Promise<Killable[]> {
  const out: Killable[] = [];
  for (let i = 0; i < 4; i++) {
    const d = join(dir, `b${i}`);
    if (kind === 'quire') {
      const p = await startBookieProcess(['--port', '0', '--journal-dir', join(d, 'journal'), '--ledger-dir', join(d, 'ledgers'), '--metadata-service-uri', `zk+hierarchical://${zk}/ledgers`, '--set', `zkTimeout=${BOOKIE_ZK_TIMEOUT_MS}`], {}, 60_000);
      out.push({ bookieId: p.bookieId, dir: d, kill: (s) => p.kill(s) });
    } else {
      const b = await startJavaBookie({ zkConnect: zk, dir: d, settings: { ledgerStorageClass: 'org.apache.bookkeeper.bookie.storage.ldb.DbLedgerStorage', zkTimeout: BOOKIE_ZK_TIMEOUT_MS } });
      out.push({ bookieId: b.bookieId, dir: d, kill: (s) => b.kill(s) });
    }
  }
  return out;
}

async function poll(what: string, cond: () => Promise<boolean>, timeoutMs: number, stepMs = 200): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await cond()) return true;
    await new Promise((r) => setTimeout(r, stepMs));
  }
  console.error(`rereplication bench: gave up waiting for ${what}`);
  return false;
}

/** Entries of the data ledgers the victim holds (what re-replication has to copy). */
async function entriesOn(svc: MetadataService, ids: readonly bigint[], bookie: string): Promise<number> {
  let n = 0;
  for (const id of ids) {
    const md = (await svc.ledgers.readLedgerMetadata(id)).metadata;
    for (const f of fragmentsOf(md)) if (f.bookie === bookie) for (const _ of entriesOf(md, f)) n++;
  }
  return n;
}

async function runSide(kind: 'quire' | 'java', o: RereplicationBenchOptions): Promise<Row> {
  const zk = await startZooKeeper();
  const dir = mkdtempSync(join(tmpdir(), `quire-rerep-${kind}-`));
  const uri = `zk+hierarchical://${zk.connectString}/ledgers`;
  let bookies: Killable[] = [];
  let ar: ChildProcess | undefined;
  const svc = await openMetadataService(uri);
  try {
    await formatCluster(svc.store, svc.root);
    bookies = await startBookies(kind, zk.connectString, dir);
    await poll('4 registered bookies', async () => (await svc.registration.getWritableBookies()).length === 4, 60_000);
    const bk = await createBookKeeperClient({ metadataServiceUri: uri });
    const payload = Buffer.alloc(ENTRY, 0x62);
    const ids: bigint[] = [];
    try {
      for (let l = 0; l < o.ledgers; l++) {
        const w = await bk.createLedger({ ensembleSize: 3, writeQuorumSize: 2, ackQuorumSize: 2, digestType: 'CRC32C', password: 'rerep' });
        const pending: Promise<bigint>[] = [];
        for (let e = 0; e < o.entries; e++) {
          pending.push(w.append(payload));
          if (pending.length >= 200) await Promise.all(pending.splice(0));
        }
        await Promise.all(pending);
        await w.close();
        ids.push(w.ledgerId);
      }
      ar = startAutoRecovery(kind, zk.connectString, dir);
      await poll('an elected auditor', async () => (await svc.store.getChildren('/ledgers/underreplication/auditorelection').catch(() => [])).length > 0, 120_000);

      // The foreground writer, open loop at o.rate adds/s.
      const fg = await bk.createLedger({ ensembleSize: 3, writeQuorumSize: 2, ackQuorumSize: 2, digestType: 'CRC32C', password: 'rerep' });
      const fgBookies = new Set((await svc.ledgers.readLedgerMetadata(fg.ledgerId)).metadata.segments[0]!.bookies);
      const victim = bookies.find((b) => !fgBookies.has(b.bookieId))!;
      const before = new Histogram();
      const during = new Histogram();
      let phase: Histogram | undefined = before;
      let failedAdds = 0;
      const inflight = new Set<Promise<unknown>>();
      const t0 = performance.now();
      let issued = 0;
      const tick = setInterval(() => {
        const due = Math.floor(((performance.now() - t0) / 1000) * o.rate);
        for (; issued < due && inflight.size < 10_000; issued++) {
          const dueAt = t0 + (issued / o.rate) * 1000;
          const h = phase;
          const p = fg.append(payload).then(
            () => h?.record(performance.now() - dueAt),
            () => failedAdds++,
          );
          inflight.add(p);
          void p.finally(() => inflight.delete(p));
        }
      }, 5);
      try {
        await new Promise((r) => setTimeout(r, o.baselineSeconds * 1000));
        const entries = await entriesOn(svc, ids, victim.bookieId);
        phase = during;
        const killedAt = performance.now();
        await victim.kill('SIGKILL');
        rmSync(victim.dir, { recursive: true, force: true });
        const urm = await UnderreplicationManager.open(svc.store, svc.root);
        let goneAt: number | undefined;
        const done = await poll(
          'no ledger naming the lost bookie and no marks',
          async () => {
            if (goneAt === undefined && !(await svc.registration.getWritableBookies()).includes(victim.bookieId)) goneAt = performance.now();
            if (goneAt === undefined) return false;
            for (const id of ids) if ((await svc.ledgers.readLedgerMetadata(id)).metadata.segments.some((s) => s.bookies.includes(victim.bookieId))) return false;
            for await (const _ of urm.listLedgersToRereplicate()) return false;
            return true;
          },
          o.timeoutSeconds * 1000,
        );
        const doneAt = performance.now();
        const seconds = done ? (doneAt - killedAt) / 1000 : undefined;
        const copySeconds = done && goneAt !== undefined ? (doneAt - goneAt) / 1000 : undefined;
        phase = undefined;
        await urm.close();
        return { kind: kind === 'quire' ? 'Quire bookies + quire autorecovery' : 'BookKeeper 4.17.2 bookies + AutoRecoveryMain', entries, seconds, copySeconds, before, during, failedAdds };
      } finally {
        clearInterval(tick);
        await Promise.allSettled([...inflight]);
        await fg.close().catch(() => undefined);
      }
    } finally {
      await bk.close();
    }
  } finally {
    if (ar && ar.exitCode === null) ar.kill('SIGKILL');
    for (const b of bookies) await b.kill('SIGKILL');
    await svc.close();
    await zk.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function rereplicationBench(o: RereplicationBenchOptions): Promise<string> {
  const lines: string[] = [];
  const say = (s: string): void => {
    console.log(s);
    lines.push(s);
  };
  say(`\n## Re-replication after losing one of 4 bookies for good (${o.ledgers} closed ledgers × ${o.entries} × 1 KiB, E3 Qw2 Qa2; foreground writer ${o.rate} adds/s open loop, ${o.baselineSeconds} s baseline)`);
  say(`bookies on both sides: zkTimeout=${BOOKIE_ZK_TIMEOUT_MS}; auto-recovery process settings on both sides: ${Object.entries(AR_SETTINGS).map(([k, v]) => `${k}=${v}`).join(' ')}`);
  const rows: Row[] = [];
  for (const kind of ['quire', 'java'] as const) rows.push(await runSide(kind, o));
  const fmt = (n: number, d = 2) => (Number.isFinite(n) ? n.toFixed(d) : '-');
  say('');
  say(
    formatTable(
      ['cluster', 'entries copied', 'MB copied', 'kill → 0 UR (s)', 'expiry → 0 UR (s)', 'MB/s', 'entries/s', 'fg p50 before', 'fg p99 before', 'fg p50 during', 'fg p99 during', 'fg adds failed'],
      rows.map((r) => {
        const s = r.copySeconds;
        return [
          r.kind,
          String(r.entries),
          fmt((r.entries * ENTRY) / MB, 1),
          r.seconds === undefined ? `> ${o.timeoutSeconds}` : fmt(r.seconds, 1),
          s === undefined ? '-' : fmt(s, 1),
          s === undefined ? '-' : fmt((r.entries * ENTRY) / MB / s),
          s === undefined ? '-' : fmt(r.entries / s, 0),
          fmt(r.before.p(50)),
          fmt(r.before.p(99)),
          fmt(r.during.p(50)),
          fmt(r.during.p(99)),
          String(r.failedAdds),
        ];
      }),
    ),
  );
  say(`(fg = the foreground writer, ms from the moment each add was due; "during" = from the kill until no ledger is under-replicated. kill → 0 UR includes the lost bookie’s ZooKeeper session expiring (bookie zkTimeout=${BOOKIE_ZK_TIMEOUT_MS}); MB/s and entries/s are over expiry → 0 UR, i.e. audit + copy + metadata swaps.)`);
  return lines.join('\n');
}
