// The GC endpoints over real HTTP, against a recording GcControl: this checks the HTTP side
// (methods, BookKeeper's flag defaults and JSON fields). The collector itself is tested in
// bookie/storage; the bookie service hands its collector to these endpoints.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { rootLogger } from '../../common/logger.js';
import type { AdminContext } from './admin-context.js';
import { addGcEndpoints, type GcControl, type GcStatusJson } from './gc-endpoints.js';
import { AdminRouter, startAdminServer } from './http-router.js';

class RecordingGc implements GcControl {
  calls: string[] = [];
  isInForceGc = false;
  isMajorGcSuspended = false;
  isMinorGcSuspended = false;
  triggerGc(o?: { forceMajor?: boolean; forceMinor?: boolean }): Promise<void> {
    this.calls.push(`trigger ${JSON.stringify(o ?? {})}`);
    this.isInForceGc = true;
    return Promise.resolve();
  }
  suspendMajor(): void {
    this.isMajorGcSuspended = true;
    this.calls.push('suspendMajor');
  }
  suspendMinor(): void {
    this.isMinorGcSuspended = true;
    this.calls.push('suspendMinor');
  }
  resumeMajor(): void {
    this.isMajorGcSuspended = false;
    this.calls.push('resumeMajor');
  }
  resumeMinor(): void {
    this.isMinorGcSuspended = false;
    this.calls.push('resumeMinor');
  }
  details(): GcStatusJson[] {
    return [{ forceCompacting: false, majorCompacting: false, minorCompacting: false, lastMajorCompactionTime: 1, lastMinorCompactionTime: 2, lastEntryLocationCompactionTime: 3, majorCompactionCounter: 4, minorCompactionCounter: 5, entryLocationCompactionCounter: 0 }];
  }
  stats(): ReturnType<GcControl['stats']> {
    throw new Error('not used');
  }
  onDiskFull(): void {}
  onDiskAlmostFull(): void {}
  onDiskWritable(): void {}
}

describe('GC endpoints', () => {
  const gc = new RecordingGc();
  let port: number;
  let stop: () => Promise<void>;
  let withGc = true;
  before(async () => {
    const router = new AdminRouter();
    addGcEndpoints(router, { bookieId: () => 'b1:3181', gc: () => (withGc ? gc : undefined) } as unknown as AdminContext);
    ({ port, stop } = await startAdminServer('127.0.0.1', 0, router, rootLogger));
  });
  after(() => stop());

  const call = async (method: string, path: string, body?: string) => {
    const r = await fetch(`http://127.0.0.1:${port}${path}`, { method, ...(body !== undefined ? { body } : {}) });
    return { status: r.status, text: await r.text() };
  };

  test('gc: GET is_in_force_gc; PUT triggers, forceMajor/forceMinor default to "not suspended"', async () => {
    assert.deepEqual(JSON.parse((await call('GET', '/api/v1/bookie/gc')).text), { is_in_force_gc: 'false' });
    const put = await call('PUT', '/api/v1/bookie/gc');
    assert.equal(put.status, 200);
    assert.equal(JSON.parse(put.text), 'Triggered GC on BookieServer: b1:3181');
    assert.deepEqual(JSON.parse((await call('GET', '/api/v1/bookie/gc')).text), { is_in_force_gc: 'true' });
    gc.isMajorGcSuspended = true;
    await call('PUT', '/api/v1/bookie/gc', JSON.stringify({ forceMinor: 'true' }));
    await call('PUT', '/api/v1/bookie/gc', JSON.stringify({ forceMajor: true, forceMinor: false }));
    gc.isMajorGcSuspended = false;
    assert.deepEqual(gc.calls.splice(0), ['trigger {}', 'trigger {"forceMajor":false,"forceMinor":true}', 'trigger {"forceMajor":true,"forceMinor":false}']);
    assert.equal((await call('POST', '/api/v1/bookie/gc')).status, 405);
    assert.equal((await call('PUT', '/api/v1/bookie/gc', '{nope')).status, 400);
  });

  test('gc_details: GarbageCollectionStatus fields', async () => {
    const d = JSON.parse((await call('GET', '/api/v1/bookie/gc_details')).text) as GcStatusJson[];
    assert.deepEqual(Object.keys(d[0]!).sort(), [
      'entryLocationCompactionCounter',
      'forceCompacting',
      'lastEntryLocationCompactionTime',
      'lastMajorCompactionTime',
      'lastMinorCompactionTime',
      'majorCompacting',
      'majorCompactionCounter',
      'minorCompacting',
      'minorCompactionCounter',
    ]);
    assert.equal((await call('PUT', '/api/v1/bookie/gc_details')).status, 404);
  });

  test('suspend_compaction / resume_compaction', async () => {
    assert.deepEqual(JSON.parse((await call('GET', '/api/v1/bookie/gc/suspend_compaction')).text), { isMajorGcSuspended: 'false', isMinorGcSuspended: 'false' });
    const s = await call('PUT', '/api/v1/bookie/gc/suspend_compaction', JSON.stringify({ suspendMajor: true, suspendMinor: true }));
    assert.equal(JSON.parse(s.text), 'Suspend majorGC on BookieServer: b1:3181, Suspend minorGC on BookieServer: b1:3181');
    assert.deepEqual(JSON.parse((await call('GET', '/api/v1/bookie/gc/suspend_compaction')).text), { isMajorGcSuspended: 'true', isMinorGcSuspended: 'true' });
    assert.equal((await call('PUT', '/api/v1/bookie/gc/suspend_compaction', '{}')).status, 400);
    assert.equal((await call('PUT', '/api/v1/bookie/gc/resume_compaction', JSON.stringify({ resumeMinor: true }))).status, 200);
    assert.deepEqual(JSON.parse((await call('GET', '/api/v1/bookie/gc/suspend_compaction')).text), { isMajorGcSuspended: 'true', isMinorGcSuspended: 'false' });
    assert.equal((await call('GET', '/api/v1/bookie/gc/resume_compaction')).status, 404);
    assert.deepEqual(gc.calls.splice(0), ['suspendMajor', 'suspendMinor', 'resumeMinor']);
  });

  test('without a garbage collector every GC endpoint answers 503', async () => {
    withGc = false;
    try {
      for (const p of ['/api/v1/bookie/gc', '/api/v1/bookie/gc_details', '/api/v1/bookie/gc/suspend_compaction', '/api/v1/bookie/gc/resume_compaction']) {
        assert.equal((await call('GET', p)).status, 503, p);
      }
    } finally {
      withGc = true;
    }
  });
});
