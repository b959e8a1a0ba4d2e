import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BookieStateManager } from './bookie-state-manager.js';

const readOnlyError = { code: 'BOOKIE_READ_ONLY' };

test('a lost registration makes the bookie read-only; its return restores writes', () => {
  const s = new BookieStateManager({ forceReadOnly: false, allowHighPriorityWritesWhenReadOnly: false });
  assert.equal(s.isReadOnly, false);
  s.checkAddAllowed(false);
  s.setRegistered(false);
  assert.equal(s.isReadOnly, true);
  assert.throws(() => s.checkAddAllowed(false), readOnlyError);
  assert.throws(() => s.checkAddAllowed(true), readOnlyError);
  assert.throws(() => s.checkWriteAllowed(), readOnlyError);
  s.setRegistered(true);
  assert.equal(s.isReadOnly, false);
  s.checkWriteAllowed();
});

test('forceReadOnlyBookie stays read-only when the registration comes back', () => {
  const s = new BookieStateManager({ forceReadOnly: true, allowHighPriorityWritesWhenReadOnly: false });
  assert.equal(s.isForceReadOnly, true);
  s.setRegistered(false);
  s.setRegistered(true);
  assert.equal(s.isReadOnly, true);
  assert.throws(() => s.checkAddAllowed(false), readOnlyError);
});

test('high-priority adds pass a read-only bookie only when allowed', () => {
  const s = new BookieStateManager({ forceReadOnly: false, allowHighPriorityWritesWhenReadOnly: true });
  s.setReadOnly(true);
  s.checkAddAllowed(true);
  assert.throws(() => s.checkAddAllowed(false), readOnlyError);
  assert.throws(() => s.checkWriteAllowed(), readOnlyError);
});
