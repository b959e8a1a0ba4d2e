import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeShellArgv } from './shell-command.js';

const pre = ['node', 'quire', 'shell'];

test('-conf / --conf / --conf= anywhere after shell move right after it; one-dash long flags get two dashes', () => {
  assert.deepEqual(normalizeShellArgv([...pre, 'listbookies', '-rw', '--conf', 'bk.conf']), [...pre, '--conf', 'bk.conf', 'listbookies', '--readwrite']);
  assert.deepEqual(normalizeShellArgv([...pre, 'listbookies', '-rw', '-conf', 'bk.conf']), [...pre, '--conf', 'bk.conf', 'listbookies', '--readwrite']);
  assert.deepEqual(normalizeShellArgv([...pre, '-conf', 'bk.conf', 'readlog', '1', '-msg', '-ledgerid', '7']), [...pre, '--conf', 'bk.conf', 'readlog', '1', '--msg', '--ledgerid', '7']);
  assert.deepEqual(normalizeShellArgv([...pre, '--conf=a b.conf', 'lastmark']), [...pre, '--conf', 'a b.conf', 'lastmark']);
  // The last -conf wins, as a repeated option does; single-letter flags stay as they are.
  assert.deepEqual(normalizeShellArgv([...pre, '-conf', 'a', 'bookieformat', '-n', '-f', '-conf', 'b']), [...pre, '--conf', 'b', 'bookieformat', '-n', '-f']);
  // Nothing after `--` is touched, and argv without `shell` is left alone.
  assert.deepEqual(normalizeShellArgv([...pre, 'readjournal', '--', '-conf']), [...pre, 'readjournal', '--', '-conf']);
  assert.deepEqual(normalizeShellArgv(['node', 'quire', 'bookie', '-conf', 'x']), ['node', 'quire', 'bookie', '-conf', 'x']);
});
