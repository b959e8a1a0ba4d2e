// The short run of the decoder fuzzer (bench/codec-fuzz.ts): 2,000 inputs per codec, fixed seed,
// every codec must only return or refuse with a QuireError, each input within HANG_MS. The long
// run is `npm run bench -- fuzz --inputs 1000000`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { codecs, fuzzCodec } from '../../bench/codec-fuzz.js';

const INPUTS = 2000;

for (const c of codecs()) {
  test(`fuzz ${c.name}: ${INPUTS} inputs, no crash, hang or out-of-bounds read`, () => {
    const r = fuzzCodec(c, INPUTS, 20);
    assert.equal(r.failure, undefined, r.failure);
    assert.equal(r.inputs, INPUTS);
  });
}
