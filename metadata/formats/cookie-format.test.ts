import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeCookie, encodeCookie } from './cookie-format.js';
import { isQuireError } from '../../common/errors.js';

test('cookie layout 5 golden text and round trip', () => {
  const c = { layoutVersion: 5, bookieId: '10.0.0.5:3181', journalDirs: ['/data/journal'], ledgerDirs: ['/data/ledgers'], instanceId: '3f25' };
  const text = encodeCookie(c).toString();
  assert.equal(text, '5\nbookieHost: "10.0.0.5:3181"\njournalDir: "/data/journal"\nledgerDirs: "1\\t/data/ledgers"\ninstanceId: "3f25"\n');
  assert.deepEqual(decodeCookie(Buffer.from(text), 'x'), c);
  const withIndex = { ...c, ledgerDirs: ['/a', '/b'], journalDirs: ['/j1', '/j2'], indexDirs: ['/i'] };
  assert.deepEqual(decodeCookie(encodeCookie(withIndex), 'x'), withIndex);
});

test('cookie layouts 3 and 4 are read; garbage is METADATA_CORRUPT', () => {
  assert.deepEqual(decodeCookie(Buffer.from('3\nh:1\n/j\n1\t/l\n'), 'x'), { layoutVersion: 3, bookieId: 'h:1', journalDirs: ['/j'], ledgerDirs: ['/l'] });
  assert.equal(decodeCookie(Buffer.from('4\nbookieHost: "h:1"\njournalDir: "/j"\nledgerDirs: "1\\t/l"\n'), 'x').layoutVersion, 4);
  for (const bad of ['', 'x\n', '9\nbookieHost: "h"\n', '5\nbookieHost: "h:1"\n', '5\nbookieHost: "h:1"\njournalDir: "/j"\nledgerDirs: "2\\t/l"\n']) {
    assert.throws(() => decodeCookie(Buffer.from(bad), '/ledgers/cookies/h:1'), (e) => isQuireError(e, 'METADATA_CORRUPT') && e.message.includes('/ledgers/cookies/h:1'));
  }
});
