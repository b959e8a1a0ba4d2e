// invariant() failures are programmer errors: over a real TCP connection to a bookie server on
// real storage, a request that hits one is never answered with a status (least of all the
// retryable EIO): the server logs it and closes that connection; other connections go on. An I/O
// error still answers EIO. The fault is injected by a thin wrapper around the real bookie.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { InvariantViolation, QuireError, StatusCode, invariant, isProgrammerError, statusOfError } from '../../common/errors.js';
import type { Bookie } from '../../bookie/bookie.js';
import { type BookieImpl, openBookie } from '../../bookie/bookie-impl.js';
import { BookieServer, DEFAULT_BOOKIE_SERVER_OPTIONS } from '../../bookie/server/bookie-server.js';
import { addReq, dummyEntry, readReq, WireClient } from '../../harness/wire-client.js';

const KEY = Buffer.alloc(20, 3);
const BUG_LEDGER = 66n;
const IO_LEDGER = 67n;

/** The real bookie, except that ledger 66 hits an invariant and reads of ledger 67 an I/O error. */
function faulty(real: BookieImpl): Bookie {
  return {
    addEntry: (l, e, k, entry, o) => real.addEntry(l, e, k, entry, o),
    addEntryCb: (l, e, k, entry, o, done) => {
      // Asynchronous completion, as from the journal's group commit.
      if (l === BUG_LEDGER) setImmediate(() => done(new InvariantViolation('test: add path')));
      else real.addEntryCb(l, e, k, entry, o, done);
    },
    readEntry: async (l, e) => {
      invariant(l !== BUG_LEDGER, 'test: read path');
      if (l === IO_LEDGER) throw new QuireError('IO_ERROR', 'test: injected read error');
      return real.readEntry(l, e);
    },
    fenceLedger: (l, k) => real.fenceLedger(l, k),
    getLastAddConfirmed: (l) => real.getLastAddConfirmed(l),
    waitForLacUpdate: (l, p, t) => real.waitForLacUpdate(l, p, t),
    setExplicitLac: (l, k, b) => real.setExplicitLac(l, k, b),
    readLac: (l) => real.readLac(l),
    forceLedger: (l) => real.forceLedger(l),
    listEntries: (l) => real.listEntries(l),
    getBookieInfo: () => real.getBookieInfo(),
    get isReadOnly() {
      return real.isReadOnly;
    },
    close: () => real.close(),
  };
}

describe('programmer errors close the connection, never travel as EIO', () => {
  let dir: string;
  let real: BookieImpl;
  let server: BookieServer;
  const logged: { level: number; msg: string }[] = [];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'quire-bug-'));
    real = await openBookie({ journalDirectories: [join(dir, 'journal')], ledgerDirectories: [join(dir, 'ledgers')] });
    const log = pino({ level: 'warn' }, { write: (line: string) => void logged.push(JSON.parse(line) as { level: number; msg: string }) });
    server = new BookieServer(faulty(real), { ...DEFAULT_BOOKIE_SERVER_OPTIONS, port: 0 }, log);
    await server.start();
  });
  after(async () => {
    await server.stop();
    await real.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('the error table: an invariant violation is a programmer error; statusOfError alone would say EIO', () => {
    const e = new InvariantViolation('x');
    assert.ok(isProgrammerError(e));
    assert.ok(isProgrammerError(new TypeError('x')));
    assert.ok(!isProgrammerError(new QuireError('IO_ERROR')));
    assert.ok(!isProgrammerError(new Error('disk on fire')));
    assert.equal(statusOfError(e), StatusCode.EIO, 'which is why the server must not ask it for a status');
  });

  test('a read that hits an invariant closes its connection and is logged; an I/O error answers EIO', async () => {
    const good = await WireClient.connect(server.port);
    assert.equal((await good.send(addReq(1n, 0n, KEY, dummyEntry(1n, 0n, -1n, Buffer.from('ok'))))).status, StatusCode.EOK);
    assert.equal((await good.send(readReq(IO_LEDGER, 0n))).status, StatusCode.EIO);

    const victim = await WireClient.connect(server.port);
    await assert.rejects(victim.send(readReq(BUG_LEDGER, 0n)), (e) => e instanceof QuireError && e.code === 'BOOKIE_UNAVAILABLE');
    await victim.closed;
    assert.ok(logged.some((l) => l.level >= 50 && /programmer error/.test(l.msg)), `an error-level log line: ${JSON.stringify(logged)}`);

    const r = await good.send(readReq(1n, 0n));
    assert.equal(r.status, StatusCode.EOK, 'other connections are unaffected');
    good.close();
  });

  test('an add whose completion is an invariant violation closes its connection (v3 and v2)', async () => {
    const v3 = await WireClient.connect(server.port);
    await assert.rejects(v3.send(addReq(BUG_LEDGER, 0n, KEY, dummyEntry(BUG_LEDGER, 0n, -1n, Buffer.from('x')))), (e) => e instanceof QuireError && e.code === 'BOOKIE_UNAVAILABLE');
    await v3.closed;

    const v2 = await WireClient.connect(server.port);
    await assert.rejects(
      v2.sendV2({ kind: 'add', version: 2, ledgerId: BUG_LEDGER, entryId: 1n, masterKey: KEY, flags: 0, body: dummyEntry(BUG_LEDGER, 1n, -1n, Buffer.from('y')) }),
      (e) => e instanceof QuireError && e.code === 'BOOKIE_UNAVAILABLE',
    );
    await v2.closed;
    assert.equal(server.inFlightRequests, 0, 'the in-flight budget was released');
  });
});
