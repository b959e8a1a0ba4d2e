import { test } from 'node:test';
import assert from 'node:assert/strict';
import { QuireError } from '../common/errors.js';
import { bookieIdOf, parseProperties, resolveBookieConfig } from './bookie-config.js';

test('properties: comments, both separators, continuation lines', () => {
  const p = parseProperties('# comment\n! also\nbookiePort=3182\njournalSyncData : false\nledgerDirectories=/a,\\\n  /b\n\n');
  assert.deepEqual([...p], [['bookiePort', '3182'], ['journalSyncData', 'false'], ['ledgerDirectories', '/a,/b']]);
});

test('BookKeeper key names, defaults, flags over file, unknown keys listed', () => {
  const { config, unknownKeys } = resolveBookieConfig(
    new Map([['bookiePort', '3182'], ['journalDirectory', '/j'], ['gcWaitTime', '1000'], ['minorCompactionThreshold', '0.25'], ['useTransactionalCompaction', 'true']]),
    new Map([['bookiePort', '4000']]),
  );
  assert.equal(config.bookiePort, 4000);
  assert.deepEqual(config.journalDirectories, ['/j'], 'legacy journalDirectory is honoured');
  assert.equal(config.journalMaxGroupWaitMSec, 2);
  assert.equal(config.nettyMaxFrameSizeBytes, 5 * 1024 * 1024);
  assert.equal(config.gcWaitTime, 1000);
  assert.equal(config.minorCompactionThreshold, 0.25);
  assert.equal(config.majorCompactionThreshold, 0.8);
  assert.deepEqual(unknownKeys, ['useTransactionalCompaction']);
  assert.equal(bookieIdOf(config, 4000), '127.0.0.1:4000');
});

test('invalid values stop the start with a message naming the key', () => {
  const bad = (k: string, v: string, re: RegExp) =>
    assert.throws(() => resolveBookieConfig(new Map([[k, v]])), (e: unknown) => e instanceof QuireError && e.code === 'CONFIG_INVALID' && re.test(e.message));
  bad('bookiePort', 'eighty', /bookiePort: expected an integer/);
  bad('bookiePort', '70000', /bookiePort: 70000 is above the maximum 65535/);
  bad('journalSyncData', 'yes', /journalSyncData: expected true or false/);
  bad('ledgerDirectories', ' , ', /ledgerDirectories: expected a comma-separated list/);
  bad('nettyMaxFrameSizeBytes', '10', /below the minimum/);
  bad('majorCompactionThreshold', '1.5', /majorCompactionThreshold: 1.5 is above the maximum 1/);
  bad('minorCompactionThreshold', 'low', /minorCompactionThreshold: expected a number/);
});
