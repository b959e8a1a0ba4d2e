// The chaos checker itself (chaos/checker, Go + porcupine): its model unit tests, and histories
// written by chaos/history.ts — a correct one passes, and each kind of anomaly (lost, duplicated,
// phantom, a stale-but-wrong read, an append after close) is found.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { History } from '../../chaos/history.js';
import { runChecker } from '../../chaos/run-chaos.js';

const checkerDir = fileURLToPath(new URL('../../chaos/checker/', import.meta.url));

test('go vet and the models\' unit tests', () => {
  for (const args of [['vet', '.'], ['test', '.']]) {
    const r = spawnSync('go', args, { cwd: checkerDir, encoding: 'utf8' });
    assert.equal(r.status, 0, `go ${args.join(' ')}:\n${r.stdout}${r.stderr}`);
  }
});

type Step = (h: History) => void;
const ok = (h: History, proc: number, f: string, key: string, fields: Record<string, unknown>, outcome: Record<string, unknown>) => {
  const id = h.invoke(proc, { f, key, ...fields });
  h.complete(id, proc, 'ok', f, key, outcome);
};
const base: Step[] = [
  (h) => ok(h, 0, 'append', 'L1', { payload: 'a' }, { entryId: 0 }),
  (h) => ok(h, 1, 'append', 'L1', { payload: 'b' }, { entryId: 1 }),
  (h) => ok(h, 0, 'read', 'L1', { from: 1 }, { payload: 'b' }),
  (h) => ok(h, 0, 'log-append', 'Gx', { payload: 'r0' }, { offset: 0 }),
  (h) => ok(h, 1, 'cursor-advance', 'Cx/c', { offset: 1 }, { offset: 1 }),
];

async function check(steps: Step[]) {
  const dir = mkdtempSync(join(tmpdir(), 'quire-checker-'));
  try {
    const h = new History(join(dir, 'h.jsonl'));
    for (const s of steps) s(h);
    await h.close();
    return runChecker(join(dir, 'h.jsonl'), join(dir, 'viz'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('a correct history has no anomaly; each seeded anomaly is found', async () => {
  const good = await check([...base, (h) => ok(h, 2, 'final', 'L1', {}, { payloads: ['a', 'b'] }), (h) => ok(h, 2, 'log-final', 'Gx', {}, { payloads: ['r0'] })]);
  assert.deepEqual(good.anomalies, []);
  assert.equal(good.linearizable, 3);
  assert.equal(good.verifiedAcked, 3);
  const kinds = async (steps: Step[]) => (await check(steps)).anomalies.map((a) => a.kind).sort();
  assert.deepEqual(await kinds([...base, (h) => ok(h, 2, 'final', 'L1', {}, { payloads: ['a'] })]), ['lost', 'not-linearizable']);
  assert.deepEqual(await kinds([...base, (h) => ok(h, 2, 'log-final', 'Gx', {}, { payloads: ['r0', 'r0'] })]), ['duplicated', 'not-linearizable']);
  assert.deepEqual(await kinds([...base, (h) => ok(h, 2, 'final', 'L1', {}, { payloads: ['a', 'b', 'zz'] })]), ['not-linearizable', 'phantom']);
  assert.deepEqual(await kinds([...base, (h) => ok(h, 0, 'read', 'L1', { from: 0 }, { payload: 'b' })]), ['not-linearizable']);
  assert.deepEqual(await kinds([...base, (h) => ok(h, 0, 'close', 'L1', {}, { entryId: 1 }), (h) => ok(h, 1, 'append', 'L1', { payload: 'c' }, { entryId: 2 })]), ['not-linearizable']);
  assert.deepEqual(await kinds([...base, (h) => ok(h, 0, 'cursor-get', 'Cx/c', {}, { offset: 0 })]), ['not-linearizable']);
});
