// Found in review: a cursor commit through a gateway that does not write the log answered 400
// "past the committed end" for an offset the writing gateway had already acknowledged. That
// gateway's end came from the bookies' LAC, which trails the writer until its next explicit LAC
// (explicitLacIntervalMs). The commit must wait, bounded (CURSOR_END_WAIT_MS), for the end to
// catch up instead of refusing. Since then a non-writer never takes the end from the LAC: it asks
// the owner over the peer link (gateway/logs/log-reads.ts view()). The explicit LAC goes out only
// once a second here, so the check runs while the bookies' LAC is still a record behind.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startLogInstances, type LogInstances } from './log-instances.js';
import { GatewayError } from '../../../gateway/gateway-error.js';

let li: LogInstances;
before(async () => {
  li = await startLogInstances({ instances: 2, bookies: 3, explicitLacIntervalMs: 1000 });
});
after(async () => {
  await li?.stop();
});

test('a cursor commit through a non-writer at the offset the writer just acknowledged succeeds', async () => {
  const [a, b] = li.instances.map((i) => i.service);
  await a!.createLog({ name: 'lag' });
  for (let round = 0; round < 5; round++) {
    const [receipt] = await a!.append('lag', [{ payload: Buffer.from(`r${round}`) }]);
    const end = receipt!.offset + 1n;
    const c = await b!.advanceCursor('lag', 'c', end);
    assert.equal(c.offset, end);
  }
  // An offset nobody acknowledged is still refused, after the bounded wait.
  await assert.rejects(b!.advanceCursor('lag', 'c', 100n), (e: GatewayError) => e.code === 'INVALID_ARGUMENT' && e.field === 'offset');
});
