import { test } from 'node:test';
import assert from 'node:assert/strict';
import { status } from '@grpc/grpc-js';
import { ERROR_TABLE, QuireError, type ErrorCode } from '../../common/errors.js';
import { GatewayError } from '../gateway-error.js';
import { digestTypeOf, entryIdOf, ledgerIdOf, optional64 } from './grpc-codec.js';
import { grpcFieldName, quireCodeOf, toGrpcError } from './grpc-errors.js';

test('64-bit ids: decimal strings within [0, 2^63-1] become bigint; anything else is INVALID_ARGUMENT', () => {
  assert.equal(ledgerIdOf('9223372036854775807'), (1n << 63n) - 1n);
  assert.equal(ledgerIdOf(undefined), 0n); // proto3: unset is 0
  assert.equal(entryIdOf('42', 'entry_id'), 42n);
  assert.equal(optional64(undefined, 'sequence'), undefined);
  assert.equal(optional64('0', 'sequence'), 0n);
  for (const bad of ['9223372036854775808', '18446744073709551615', '-1', '1e3', 'abc', ' 1']) {
    assert.throws(() => ledgerIdOf(bad), (e: unknown) => e instanceof QuireError && e.code === 'INVALID_ARGUMENT' && /ledger_id/.test(e.message), bad);
  }
});

test('digest types map both ways; unknown values are refused', () => {
  assert.equal(digestTypeOf('DIGEST_TYPE_CRC32C'), 'CRC32C');
  assert.equal(digestTypeOf('DIGEST_TYPE_UNSPECIFIED'), undefined);
  assert.throws(() => digestTypeOf(9), (e: unknown) => e instanceof QuireError && e.code === 'INVALID_ARGUMENT');
});

test('every error-table code maps to its gRPC status and retry flag, nothing else', () => {
  for (const code of Object.keys(ERROR_TABLE) as ErrorCode[]) {
    const err = toGrpcError(new QuireError(code, 'x'));
    assert.equal(err.code as number, ERROR_TABLE[code].grpc, code);
    assert.deepEqual([quireCodeOf(err).code, quireCodeOf(err).retryable], [code, ERROR_TABLE[code].retryable]);
  }
  const bug = toGrpcError(new TypeError('boom'));
  assert.equal(bug.code, status.INTERNAL);
  assert.equal(quireCodeOf(bug).code, 'INTERNAL');
});

test('fields and details travel as trailers, named as in the .proto', () => {
  const err = toGrpcError(new GatewayError('LEDGER_CLOSED', 'sealed', { field: 'expectedEntryId', details: { lastEntryId: '41', length: '100' } }));
  assert.equal(quireCodeOf(err).lastEntryId, '41');
  assert.equal(quireCodeOf(err).field, 'expected_entry_id');
  assert.equal(err.metadata.get('quire-length')[0], '100');
  const overload = toGrpcError(new GatewayError('TOO_MANY_REQUESTS', 'busy', { details: { retryAfterSeconds: 2 } }));
  assert.equal(overload.code, status.RESOURCE_EXHAUSTED);
  assert.equal(overload.metadata.get('quire-retry-after-ms')[0], '2000');
  assert.equal(grpcFieldName('entries/3'), 'entries[3]');
  assert.equal(grpcFieldName('Quire-Ledger-Password'), 'password');
  assert.equal(grpcFieldName('from'), 'from_entry_id');
});
