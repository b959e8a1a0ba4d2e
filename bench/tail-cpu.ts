// Tail reads, wall entries/s and CPU us per entry (process.cpuUsage: everything runs in this
// process, so CPU per entry is what a loaded shared machine distorts least): ReadHandle.tail and
// REST tail pages (1000/page) over a sealed ledger of 20,000 1 KB entries, E3/Qw2 (single reads)
// and E3/Qw3 (batch reads), two rounds each (round 0 cold). `npx tsx bench/tail-cpu.ts`.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalCluster } from '../cli/local-command.js';
import { createBookKeeperClient } from '../clients/quorum/connect.js';
import { startGateway } from '../gateway/gateway-server.js';
const dir = await mkdtemp(join(tmpdir(), 'tb-'));
const cluster = await startLocalCluster({ dataDir: dir, bookies: 3, basePort: 0, host: '127.0.0.1' });
const gw = await startGateway({ metadataServiceUri: cluster.metadataServiceUri, host: '127.0.0.1', restPort: 0, gatewayId: 'ab' });
const bk = await createBookKeeperClient({ metadataServiceUri: cluster.metadataServiceUri });
const payload = Buffer.alloc(1024, 0x61);
const out: string[] = [];
for (const qw of [2, 3]) {
  const tw = await bk.createLedger({ ensembleSize: 3, writeQuorumSize: qw, ackQuorumSize: 2, password: Buffer.alloc(0) });
  for (let n = 0; n < 20000; n += 500) await Promise.all(Array.from({ length: 500 }, () => tw.append(payload)));
  await tw.close();
  await new Promise((r) => setTimeout(r, 2000));
  for (let round = 0; round < 2; round++) {
    const m = async (name: string, f: () => Promise<number>) => {
      const t = performance.now(); const c0 = process.cpuUsage();
      const n = await f();
      const c = process.cpuUsage(c0);
      out.push(`E3Qw${qw} r${round} ${name}: ${(n / ((performance.now() - t) / 1000)).toFixed(0)} entries/s, ${((c.user + c.system) / n).toFixed(1)} cpu us/entry`);
    };
    await m('tail', async () => { const rh = await bk.openLedger(tw.ledgerId); let n = 0; for await (const _ of rh.tail(0n)) n++; return n; });
    await m('REST pages', async () => {
      let n = 0; let from = '0';
      for (;;) {
        const r = await fetch(new URL(`/v1/ledgers/${tw.ledgerId}/tail?from=${from}&waitMs=0&limit=1000`, gw.url), { headers: { accept: 'application/json' } });
        const page = (await r.json()) as { entries: unknown[]; nextEntryId?: string };
        n += page.entries.length; if (!page.nextEntryId) break; from = page.nextEntryId;
      }
      return n;
    });
  }
}
console.log(out.join('\n'));
await bk.close(); await gw.stop(); await cluster.stop(); await rm(dir, { recursive: true, force: true });
