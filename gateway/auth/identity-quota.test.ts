import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isQuireError } from '../../common/errors.js';
import { IdentityQuota } from './identity-quota.js';

test('token bucket: burst, then refusal with Retry-After, then refill with time', () => {
  let now = 0;
  const q = new IdentityQuota({ requestsPerSecond: 2, burst: 3, maxInFlight: 100 }, () => now);
  for (let i = 0; i < 3; i++) q.acquire('a')();
  assert.throws(() => q.acquire('a'), (e: unknown) => isQuireError(e, 'TOO_MANY_REQUESTS'));
  q.acquire('b')(); // another identity is not starved
  now += 500;
  q.acquire('a')();
});

test('in-flight quota: a slot comes back when the call ends, once', () => {
  const q = new IdentityQuota({ maxInFlight: 2 });
  const r1 = q.acquire('a');
  q.acquire('a');
  assert.throws(() => q.acquire('a'), (e: unknown) => isQuireError(e, 'TOO_MANY_REQUESTS'));
  r1();
  r1();
  q.acquire('a');
  assert.throws(() => q.acquire('a'));
});

test('the identity table is bounded: idle identities are forgotten first', () => {
  const q = new IdentityQuota({ maxIdentities: 2 });
  const busy = q.acquire('busy');
  q.acquire('idle')();
  q.acquire('new')();
  assert.equal(q.trackedIdentities, 2);
  busy();
});
