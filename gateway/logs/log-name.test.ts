import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkCursorName, checkLogName, logNameOf, nodeNameOf } from './log-name.js';

test('hierarchical names: valid ones pass and map to one metadata node and back', () => {
  for (const n of ['orders', 'team/orders', 'a.b/c-d/e_f', 'x/'.repeat(7) + 'y']) {
    assert.equal(checkLogName(n), n);
    assert.equal(logNameOf(nodeNameOf(n)), n);
    assert.ok(!nodeNameOf(n).includes('/'));
  }
});

test('invalid names are refused with the field named', () => {
  for (const n of ['', '/a', 'a/', 'a//b', 'a/../b', '.', 'a~b', 'a b', 'ä', 'x'.repeat(201), 'a/'.repeat(8) + 'b']) {
    assert.throws(() => checkLogName(n), (e: Error & { code?: string; field?: string }) => e.code === 'INVALID_ARGUMENT' && e.field === 'name', n);
  }
  assert.throws(() => checkCursorName('a/b'), /cursor name/);
  assert.equal(checkCursorName('billing-1'), 'billing-1');
});
