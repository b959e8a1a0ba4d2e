import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InProgressLimiter } from './in-progress-limiter.js';

const tick = () => new Promise<void>((r) => process.nextTick(r));

test('0 = unlimited: everything is admitted and counted', () => {
  const l = new InProgressLimiter(0);
  for (let i = 0; i < 100; i++) assert.ok(l.tryAcquire());
  assert.deepEqual(l.stats, { inProgress: 100, maxInProgress: 100, blocked: 0 });
});

test('at the limit a waiter gets the next released permit, in arrival order, never passing the limit', async () => {
  const waited: number[] = [];
  const l = new InProgressLimiter(2, (s) => waited.push(s));
  assert.ok(l.tryAcquire());
  assert.ok(l.tryAcquire());
  assert.equal(l.tryAcquire(), false);
  const order: string[] = [];
  l.wait(() => order.push('a'));
  l.wait(() => order.push('b'));
  assert.equal(l.stats.blocked, 2);
  l.release();
  // The permit is reserved for 'a' at once (nobody can take it) and handed over on the next tick.
  assert.equal(l.tryAcquire(), false);
  assert.deepEqual(l.stats, { inProgress: 2, maxInProgress: 2, blocked: 1 });
  await tick();
  assert.deepEqual(order, ['a']);
  l.release();
  await tick();
  assert.deepEqual(order, ['a', 'b']);
  assert.equal(waited.length, 2);
  l.release();
  l.release();
  assert.deepEqual(l.stats, { inProgress: 0, maxInProgress: 2, blocked: 0 });
});

test('a cancelled waiter leaves the line; one cancelled after its grant gives the permit back', async () => {
  const l = new InProgressLimiter(1);
  assert.ok(l.tryAcquire());
  const order: string[] = [];
  const cancelA = l.wait(() => order.push('a'));
  l.wait(() => order.push('b'));
  cancelA();
  assert.equal(l.stats.blocked, 1);
  l.release();
  await tick();
  assert.deepEqual(order, ['b']);
  const cancelC = l.wait(() => order.push('c'));
  l.release();
  cancelC(); // granted, not yet run: the connection closed in between
  await tick();
  assert.deepEqual(order, ['b']);
  assert.deepEqual(l.stats, { inProgress: 0, maxInProgress: 1, blocked: 0 });
});
