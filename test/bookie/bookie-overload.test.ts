// Overload on one bookie process (issues 17 and 20): many connections pipeline adds far past
// maxAddsInProgressLimit. The bookie stops reading from them instead of queuing: adds in progress
// never pass the limit (the high-water gauge), connections block and unblock (BookKeeper's
// ADD_ENTRY_BLOCKED_WAIT), its RSS stays within a loose bound, and every acknowledged add reads
// back — through maxReadsInProgressLimit, which throttles the read-back the same way.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StatusCode } from '../../common/errors.js';
import { rssBytesOf, scrapeBookieMetrics, startBookieProcess, type BookieProcess } from '../../harness/bookie-process.js';
import { addReq, dummyEntry, readReq, WireClient } from '../../harness/wire-client.js';

const KEY = Buffer.alloc(20, 7);
const LIMIT = 4;
const CONNECTIONS = 8;
const ROUNDS = 2;
/** Adds each connection has outstanding at once: 32× the limit per connection, 256× in total. */
const PIPELINE = 128;
const ENTRY_BYTES = 16 * 1024;
const RSS_BOUND = 200 * 1024 * 1024;

async function metrics(p: BookieProcess): Promise<Map<string, number>> {
  return scrapeBookieMetrics(p.httpPort!);
}

function payload(ledger: bigint, entry: bigint): Buffer {
  return Buffer.alloc(ENTRY_BYTES, Number((ledger * 31n + entry) % 251n));
}

test('adds pipelined far past maxAddsInProgressLimit are throttled, not queued: bounded in progress and RSS, nothing acknowledged lost', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'quire-overload-'));
  const bookie = await startBookieProcess([
    '--port', '0', '--journal-dir', join(dir, 'journal'), '--ledger-dir', join(dir, 'ledgers'),
    '--metadata-service-uri', `embedded://${join(dir, 'metadata')}`,
    '--set', `maxAddsInProgressLimit=${LIMIT}`, '--set', `maxReadsInProgressLimit=${LIMIT}`,
    '--set', 'httpServerEnabled=true', '--set', 'httpServerPort=0',
  ]);
  const clients: WireClient[] = [];
  try {
    const pid = bookie.child.pid!;
    // Replies to throttled requests come late by design: the clients' timeout is not what is tested.
    for (let i = 0; i < CONNECTIONS; i++) clients.push(await WireClient.connect(bookie.port, '127.0.0.1', 300_000));
    // Warm-up so the baseline RSS includes the bookie's steady state (JIT, buffers, first checkpoint files).
    await Promise.all(clients.map((c, i) => c.send(addReq(BigInt(i + 1), 0n, KEY, dummyEntry(BigInt(i + 1), 0n, -1n, payload(BigInt(i + 1), 0n))))));
    const rssBefore = rssBytesOf(pid);
    let rssPeak = rssBefore;
    const sampler = setInterval(() => {
      rssPeak = Math.max(rssPeak, rssBytesOf(pid));
    }, 50);

    const acked: Array<[bigint, bigint]> = [];
    const refused = new Map<number, number>();
    try {
      for (let round = 0; round < ROUNDS; round++) {
        await Promise.all(clients.map(async (c, i) => {
          const ledger = BigInt(i + 1);
          const first = BigInt(1 + round * PIPELINE);
          const sends = Array.from({ length: PIPELINE }, (_, k) => {
            const e = first + BigInt(k);
            return c.send(addReq(ledger, e, KEY, dummyEntry(ledger, e, -1n, payload(ledger, e)))).then((r) => {
              if (r.status === StatusCode.EOK) acked.push([ledger, e]);
              else refused.set(r.status, (refused.get(r.status) ?? 0) + 1);
            });
          });
          await Promise.all(sends);
        }));
      }
    } finally {
      clearInterval(sampler);
    }
    const afterAdds = await metrics(bookie);
    // Throttled, not refused: with the in-flight bounds far above the limit nothing is turned away.
    assert.deepEqual([...refused], [], 'adds refused');
    assert.equal(acked.length, CONNECTIONS * ROUNDS * PIPELINE);
    const maxAdds = afterAdds.get('quire_bookie_add_entry_in_progress_max')!;
    assert.ok(maxAdds <= LIMIT, `adds in progress reached ${maxAdds}, limit ${LIMIT}`);
    assert.equal(maxAdds, LIMIT, 'the limit was reached');
    assert.ok(afterAdds.get('bookkeeper_server_ADD_ENTRY_BLOCKED_WAIT_count{success="true"}')! > 0, 'no connection was ever blocked');
    assert.equal(afterAdds.get('bookkeeper_server_ADD_ENTRY_IN_PROGRESS'), 0);
    assert.equal(afterAdds.get('bookkeeper_server_ADD_ENTRY_BLOCKED'), 0);
    const grown = rssPeak - rssBefore;
    t.diagnostic(`adds in progress at most ${maxAdds}; blocked ${afterAdds.get('bookkeeper_server_ADD_ENTRY_BLOCKED_WAIT_count{success="true"}')} times; RSS ${(rssBefore / 2 ** 20).toFixed(0)} → peak ${(rssPeak / 2 ** 20).toFixed(0)} MiB`);
    assert.ok(grown < RSS_BOUND, `bookie RSS grew by ${(grown / 2 ** 20).toFixed(0)} MiB (${(rssBefore / 2 ** 20).toFixed(0)} → ${(rssPeak / 2 ** 20).toFixed(0)} MiB)`);

    // Every acknowledged add reads back, pipelined the same way through maxReadsInProgressLimit.
    const byLedger = new Map<bigint, bigint[]>();
    for (const [l, e] of acked) byLedger.set(l, [...(byLedger.get(l) ?? []), e]);
    await Promise.all(clients.map(async (c, i) => {
      const ledger = BigInt(i + 1);
      await Promise.all((byLedger.get(ledger) ?? []).map(async (e) => {
        const r = await c.send(readReq(ledger, e));
        assert.equal(r.status, StatusCode.EOK, `acknowledged entry ${ledger}:${e} not readable`);
        assert.deepEqual(r.readResponse!.body, dummyEntry(ledger, e, -1n, payload(ledger, e)));
      }));
    }));
    const afterReads = await metrics(bookie);
    const maxReads = afterReads.get('quire_bookie_read_entry_in_progress_max')!;
    assert.ok(maxReads <= LIMIT, `reads in progress reached ${maxReads}, limit ${LIMIT}`);
    assert.ok(afterReads.get('bookkeeper_server_READ_ENTRY_BLOCKED_WAIT_count{success="true"}')! > 0, 'no reader was ever blocked');
  } finally {
    for (const c of clients) c.close();
    await bookie.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
});
