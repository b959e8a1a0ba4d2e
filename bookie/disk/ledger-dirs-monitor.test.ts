// The disk checker's groups: ledger directories stand in for each other (out of space only when
// all are full); journal directories do not (each ledger is bound to one journal), so one full
// journal directory is out of space until its own usage falls below the low-water mark.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { childLogger } from '../../common/logger.js';
import type { DiskUsage } from './disk-checker.js';
import { LedgerDirsMonitor } from './ledger-dirs-monitor.js';

const log = childLogger('dirs-monitor-test');
log.level = 'silent';

test('one full journal directory of two is out of space; it comes back below the low-water mark', async () => {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-dirs-'));
  try {
    const [l0, l1, j0, j1] = ['l0', 'l1', 'j0', 'j1'].map((n) => path.join(base, n)) as [string, string, string, string];
    for (const d of [l0, l1, j0, j1]) fs.mkdirSync(d);
    const usage = new Map<string, number>([l0, l1, j0, j1].map((d) => [d, 0.5]));
    const usageOf = async (dir: string): Promise<DiskUsage> => ({ dir, usage: usage.get(dir)!, freeBytes: 1000n, totalBytes: 2000n });
    const m = new LedgerDirsMonitor({
      groups: [
        { name: 'ledger', dirs: [l0, l1] },
        { name: 'journal', dirs: [j0, j1], eachRequired: true },
      ],
      threshold: 0.9,
      warnThreshold: 0.85,
      lwmThreshold: 0.7,
      intervalMs: 0,
      log,
      usageOf,
    });
    const changes: boolean[] = [];
    m.addListener({ onSpaceChange: (s) => changes.push(s.outOfSpace) });
    await m.start();
    assert.equal(m.spaceState.outOfSpace, false);

    usage.set(l1, 0.95);
    await m.check();
    assert.equal(m.spaceState.outOfSpace, false, 'a full ledger directory is skipped');
    assert.deepEqual(m.writableDirs('ledger'), [l0]);

    usage.set(j1, 0.95);
    await m.check();
    assert.equal(m.spaceState.outOfSpace, true, 'a full journal directory: out of space');
    assert.match(m.spaceState.reason, /journal/);
    assert.deepEqual(m.writableDirs('journal'), [j0]);

    usage.set(j1, 0.8); // below the threshold, above the low-water mark: no flapping
    await m.check();
    assert.equal(m.spaceState.outOfSpace, true);
    usage.set(j1, 0.6);
    await m.check();
    assert.equal(m.spaceState.outOfSpace, false, 'back below the low-water mark');
    assert.deepEqual(m.writableDirs('journal'), [j0, j1]);
    assert.deepEqual(changes, [false, true, false]);
    m.stop();
  } finally {
    fs.rmSync(base, { recursive: true, force: true });
  }
});
