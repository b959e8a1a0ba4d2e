// BookKeeper's shell verbs that read a bookie's configuration (-conf, BOOKIE_CONF) and its own
// files, as real processes: a real ZooKeeper, `quire bookie --conf <file>` processes, and
// `quire shell <verb>` processes reading the same bk_server.conf-style files.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readSync, rmSync, writeFileSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createBookKeeperClient } from '../../clients/quorum/connect.js';
import { startBookieProcess, type BookieProcess } from '../../harness/bookie-process.js';
import { compileCli, runCli, type CliRun, type CompiledCli } from '../../harness/compiled-cli.js';
import { freePort, startZooKeeper, type ZooKeeperServer } from '../../harness/zookeeper.js';

// The CLI transpiled once for this file (harness/compiled-cli.ts): every verb and bookie is still
// its own process, without paying tsx's start-up each time.
let cli: CompiledCli | undefined;

function compiled(): CompiledCli {
  if (!cli) throw new Error('the CLI is not compiled yet (before)');
  return cli;
}

function shell(args: string[], o: { env?: Record<string, string>; input?: string } = {}): Promise<CliRun> {
  return runCli(compiled(), ['shell', ...args], { env: { QUIRE_LOG_LEVEL: 'silent', BOOKIE_CONF: '', ...o.env }, ...(o.input !== undefined ? { input: o.input } : {}) });
}

function ok(r: CliRun): string {
  assert.equal(r.status, 0, `exit ${r.status}\nstdout:\n${r.out}\nstderr:\n${r.err}`);
  return r.out;
}

/** Polls a shell verb until its output matches (a checkpoint runs every flushInterval). */
async function until(args: string[], re: RegExp, what: string): Promise<string> {
  let last = '';
  for (let i = 0; i < 60; i++) {
    const r = await shell(args);
    last = r.out + r.err;
    if (r.status === 0 && re.test(r.out)) return r.out;
    await sleep(250);
  }
  assert.fail(`${what}: output never matched ${re}:\n${last}`);
}

describe('quire shell -conf / BOOKIE_CONF and the local-file verbs, against bookie processes', () => {
  let zk: ZooKeeperServer;
  let dir: string;
  let uri: string;
  const conf: Record<'a' | 'b', string> = { a: '', b: '' };
  const ports: Record<'a' | 'b', number> = { a: 0, b: 0 };
  const running: Partial<Record<'a' | 'b', BookieProcess>> = {};
  let ledgerId = '';

  function writeConf(name: string, port: number, ledgerDirs: string[], extra = ''): string {
    const file = join(dir, `${name}.conf`);
    // A stock bk_server.conf carries keys Quire does not use; the shell must take it as it is.
    writeFileSync(
      file,
      [
        '# bookie configuration (BookKeeper key names)',
        `bookiePort=${port}`,
        `journalDirectories=${join(dir, name.slice(0, 1), 'journal')}`,
        `ledgerDirectories=${ledgerDirs.join(',')}`,
        `metadataServiceUri=${uri}`,
        'flushInterval=200',
        'allowLoopback=true',
        'ledgerStorageClass=org.apache.bookkeeper.bookie.storage.ldb.DbLedgerStorage',
        extra,
      ].join('\n'),
    );
    return file;
  }

  async function start(which: 'a' | 'b', file = conf[which]): Promise<BookieProcess> {
    const b = await startBookieProcess(['bookie', '--conf', file], {}, 30_000, compiled().main);
    running[which] = b;
    return b;
  }

  async function stop(which: 'a' | 'b'): Promise<void> {
    await running[which]?.kill('SIGTERM');
    delete running[which];
  }

  before(async () => {
    [cli, zk] = await Promise.all([compileCli(), startZooKeeper()]);
    uri = `zk+hierarchical://${zk.connectString}/ledgers`;
    dir = mkdtempSync(join(tmpdir(), 'quire-shell-local-'));
    for (const w of ['a', 'b'] as const) {
      ports[w] = await freePort();
      conf[w] = writeConf(w, ports[w], [join(dir, w, 'ledgers')]);
    }
    ok(await shell(['-conf', conf.a, 'metaformat']));
    // Side by side: each bookie registers itself (allSettled: a bookie that started is stopped in after()).
    const started = await Promise.allSettled([start('a'), start('b')]);
    for (const s of started) if (s.status === 'rejected') throw s.reason;
  });
  after(async () => {
    await Promise.all([stop('a'), stop('b')]);
    await zk?.destroy();
    if (dir) rmSync(dir, { recursive: true, force: true });
    cli?.remove();
  });

  test('-conf before or after the verb, --conf, and BOOKIE_CONF all name the cluster', async () => {
    const ids = [`127.0.0.1:${ports.a}`, `127.0.0.1:${ports.b}`];
    const forms = [
      ['listbookies', '-rw', '--conf', conf.a],
      ['listbookies', '-rw', '-conf', conf.a],
      ['-conf', conf.a, 'listbookies', '-rw'],
      [`--conf=${conf.a}`, 'listbookies', '-rw'],
    ];
    // Read-only verbs, independent of each other: side by side, checked in order.
    const [runs, envRun, other, missing] = await Promise.all([
      Promise.all(forms.map((args) => shell(args))),
      shell(['listbookies', '-rw'], { env: { BOOKIE_CONF: conf.a } }),
      // --metadataServiceUri still wins over the file: an empty embedded store has no cluster.
      shell(['listbookies', '-rw', '-metadataServiceUri', `embedded://${join(dir, 'nothing')}`], { env: { BOOKIE_CONF: conf.a } }),
      // A missing conf file is a clear error, not the defaults.
      shell(['listbookies', '-conf', join(dir, 'no-such.conf')]),
    ]);
    forms.forEach((args, i) => {
      const out = ok(runs[i]!);
      for (const id of ids) assert.ok(out.includes(id), `${args.join(' ')}:\n${out}`);
    });
    const env = ok(envRun);
    for (const id of ids) assert.ok(env.includes(id), env);
    assert.notEqual(other.status, 0, other.out);
    assert.notEqual(missing.status, 0);
    assert.match(missing.err, /CONFIG_INVALID: cannot read config file/);
  });

  test('bookieinfo prints free and total disk space of each bookie and of the cluster', async () => {
    const out = ok(await shell(['bookieinfo'], { env: { BOOKIE_CONF: conf.b } }));
    assert.match(out, /^Free disk space info:$/m);
    for (const p of [ports.a, ports.b]) assert.match(out, new RegExp(`^127\\.0\\.0\\.1:${p}:\\tFree: \\d+\\(.*\\)\\tTotal: \\d+\\(.*\\)$`, 'm'));
    assert.match(out, /^Total free disk space in the cluster:\t\d+/m);
    assert.match(out, /^Total disk capacity in the cluster:\t[1-9]\d*/m);
  });

  test('lastmark, listfilesondisc, readjournal and readlog read a running bookie\'s files', async () => {
    const bk = await createBookKeeperClient({ metadataServiceUri: uri });
    try {
      const w = await bk.createLedger({ ensembleSize: 2, writeQuorumSize: 2, ackQuorumSize: 2, password: '' });
      for (let i = 0; i < 10; i++) await w.append(Buffer.from(`local-${i}`));
      await w.close();
      ledgerId = String(w.ledgerId);
    } finally {
      await bk.close();
    }
    const files = ok(await shell(['listfilesondisc', '-txn', '-log', '-idx', '-conf', conf.a]));
    assert.match(files, /--------- Printing the list of Journal Files ---------/);
    const txn = /^(\/.*\/([0-9a-f]{16})\.txn)$/m.exec(files);
    assert.ok(txn, files);
    assert.ok(txn[1]!.startsWith(join(dir, 'a', 'journal')), files);
    assert.match(files, /--------- Printing the list of Index Files ---------\n(.*\n)*.*\/a\/ledgers\/index\/CURRENT$/m);

    // Read-only verbs on the running bookie's files, side by side: the journal holds every add as
    // soon as it was acknowledged; the entry log and lastMark get them at the next checkpoint
    // (flushInterval=200 ms), so those two are polled.
    const journalId = String(parseInt(txn[2]!, 16));
    const [journalRun, byNameRun, log, mark] = await Promise.all([
      shell(['readjournal', journalId, '-msg', '-conf', conf.a]),
      // By file name too, and without -msg no entry bytes.
      shell(['readjournal', `${txn[2]}.txn`], { env: { BOOKIE_CONF: conf.a } }),
      until(['readlog', '1', '-msg', '-ledgerid', ledgerId, '-conf', conf.a], new RegExp(`Lid=${ledgerId}, Eid=9,`), 'readlog'),
      until(['lastmark', '-conf', conf.a], /^LastLogMark : Journal Id - [1-9]\d*\([0-9a-f]{16}\.txn\), Pos - [1-9]\d*$/m, 'lastmark'),
    ]);
    const journal = ok(journalRun);
    assert.match(journal, new RegExp(`^Scan journal ${journalId} \\(${txn[2]}\\.txn\\)$`, 'm'));
    assert.match(journal, /^Journal Version: 1$/m);
    assert.match(journal, new RegExp(`^--------- Lid=${ledgerId}, Eid=-4096, ByteOffset=\\d+, EntrySize=\\d+ ---------\\nType:           META\\nMasterKey:      [0-9a-f]+$`, 'm'));
    for (let i = 0; i < 10; i++) assert.match(journal, new RegExp(`^--------- Lid=${ledgerId}, Eid=${i}, ByteOffset=\\d+, EntrySize=\\d+ ---------$`, 'm'));
    assert.match(journal, /^Data: .*local-7$/m);
    const byName = ok(byNameRun);
    assert.match(byName, new RegExp(`Lid=${ledgerId}, Eid=9,`));
    assert.doesNotMatch(byName, /^Data:/m);

    assert.match(log, new RegExp(`^Scan entry log 1 \\(0000000000000001\\.log\\) for LedgerId ${ledgerId}$`, 'm'));
    assert.match(log, /^LastConfirmed: {2}\d+$/m);
    assert.match(log, /^Data: .*local-3$/m);
    // Entry log 1 holds the ledger now: one entry of it, and a ledger it does not hold, side by side.
    const [oneRun, noneRun] = await Promise.all([
      shell(['readlog', '0000000000000001.log', '-ledgerid', ledgerId, '-entryid', '4', '-conf', conf.a]),
      shell(['readlog', '1', '-ledgerid', '999999', '-conf', conf.a]),
    ]);
    const one = ok(oneRun);
    assert.equal((one.match(/^--------- Lid=/gm) ?? []).length, 1, one);
    assert.match(one, new RegExp(`Lid=${ledgerId}, Eid=4,`));
    assert.match(log, /^No ledgers map footer \(the log is being written/m);
    const none = ok(noneRun);
    assert.match(none, /LedgerId 999999 is not available in entry log 1/);

    assert.equal(mark.trim().split('\n').length, 1, mark);
  });

  test('the index verbs and bookieformat refuse while the bookie runs', async () => {
    const verbs = [['ledger', '-ledgerid', ledgerId], ['localconsistencycheck'], ['bookieformat', '-nonInteractive', '-force'], ['updatecookie', '-delete', 'force']];
    // Each is refused before it touches anything, so they may run side by side.
    const runs = await Promise.all(verbs.map((args) => shell([...args, '-conf', conf.a])));
    for (const [i, args] of verbs.entries()) {
      const r = runs[i]!;
      assert.notEqual(r.status, 0, `${args.join(' ')}: ${r.out}`);
      assert.match(r.err, /DIRECTORY_IN_USE: the ledger index in .* is locked by a running bookie/, args.join(' '));
    }
    assert.ok(existsSync(join(dir, 'a', 'journal', 'current', 'VERSION')), 'the refused bookieformat deleted nothing');
  });

  test('ledger and localconsistencycheck read a stopped bookie\'s index; a damaged entry is reported', async () => {
    await stop('a');
    // readlog reads only the entry log, so it may run beside `ledger`, which holds the index
    // (one index user at a time: LevelDB's lock).
    const [finishedRun, metaRun] = await Promise.all([shell(['readlog', '1', '-conf', conf.a]), shell(['ledger', '-ledgerid', ledgerId, '-meta', '-conf', conf.a])]);
    // A clean stop finishes the log: its ledgers map footer follows the records.
    const finished = ok(finishedRun);
    assert.equal((finished.match(new RegExp(`^--------- Lid=${ledgerId}, Eid=\\d+,`, 'gm')) ?? []).length, 10, finished);
    assert.match(finished, /^Ledgers map at offset \d+: \d+ ledgers$/m);
    assert.match(finished, new RegExp(`^--------- Lid=${ledgerId}, TotalSizeOfEntriesOfLedger=[1-9]\\d* ---------$`, 'm'));
    assert.doesNotMatch(finished, /Entry log data ends/);
    const meta = ok(metaRun);
    assert.match(meta, new RegExp(`^===== LEDGER: ${ledgerId} =====$`, 'm'));
    assert.match(meta, /^master key {2}: [0-9a-f]+$/m);
    assert.match(meta, /^isFenced {5}: false$/m);
    for (let i = 0; i < 10; i++) assert.match(meta, new RegExp(`^entry ${i}\\t:\\t\\(log: \\d+, pos: \\d+\\)$`, 'm'));
    const msg = ok(await shell(['ledger', ledgerId, '-msg'], { env: { BOOKIE_CONF: conf.a } }));
    assert.match(msg, /^Data: .*local-5$/m);
    const unknown = await shell(['ledger', '424242', '-conf', conf.a]);
    assert.notEqual(unknown.status, 0);
    assert.match(unknown.err, /NO_SUCH_LEDGER: ledger 424242/);

    const check = ok(await shell(['localconsistencycheck', '-conf', conf.a]));
    assert.match(check, /^=== Performing local consistency check ===$/m);
    assert.match(check, /^Checked \d+ entries of \d+ ledgers$/m);
    assert.match(check, /^=== Check passed ===$/m);

    // Flip the last byte of entry 5's record in the entry log: the check must name it.
    const loc = /^entry 5\t:\t\(log: (\d+), pos: (\d+)\)$/m.exec(meta)!;
    const logFile = join(dir, 'a', 'ledgers', readdirSync(join(dir, 'a', 'ledgers')).find((n) => parseInt(n, 16) === Number(loc[1]) && n.endsWith('.log'))!);
    const fd = openSync(logFile, 'r+');
    const hdr = Buffer.alloc(8);
    readSync(fd, hdr, 0, 8, Number(loc[2]));
    const at = Number(loc[2]) + 24 + hdr.readUInt32BE(4) - 1;
    const b = Buffer.alloc(1);
    readSync(fd, b, 0, 1, at);
    b[0] = b[0]! ^ 0xff;
    writeSync(fd, b, 0, 1, at);
    closeSync(fd);
    const bad = await shell(['localconsistencycheck', '-conf', conf.a]);
    assert.equal(bad.status, 1, bad.out + bad.err);
    assert.match(bad.out, /^=== Check returned errors: ===$/m);
    assert.match(bad.out, new RegExp(`^Inconsistency detected for ledger ${ledgerId} entry 5: .*checksum mismatch`, 'm'));
    b[0] = b[0]! ^ 0xff; // repair it for the next tests
    const fd2 = openSync(logFile, 'r+');
    writeSync(fd2, b, 0, 1, at);
    closeSync(fd2);
  });

  test('updatecookie -list and -expandstorage; the bookie starts with the added directory', async () => {
    const list = ok(await shell(['updatecookie', '-list', '-conf', conf.a]));
    assert.match(list, new RegExp(`^Listing local Cookie Files of Bookie 127\\.0\\.0\\.1:${ports.a}$`, 'm'));
    assert.ok(list.includes(join(dir, 'a', 'journal', 'current', 'VERSION')), list);
    assert.match(list, new RegExp(`^Cookie of Bookie 127\\.0\\.0\\.1:${ports.a} in metadata store: /ledgers/cookies/127\\.0\\.0\\.1:${ports.a}$`, 'm'));

    const expanded = writeConf('a2', ports.a, [join(dir, 'a', 'ledgers'), join(dir, 'a', 'ledgers2')]);
    // The bookie refuses the new directory until the cookie lists it.
    await assert.rejects(startBookieProcess(['bookie', '--conf', expanded], {}, 30_000, compiled().main), /COOKIE_MISMATCH/);
    mkdirSync(join(dir, 'a', 'ledgers2'), { recursive: true });
    const up = ok(await shell(['updatecookie', '-expandstorage', '-conf', expanded]));
    assert.match(up, /^Updated cookie of Bookie .* for storage expansion: .*ledgers2$/m);
    await start('a', expanded);
    await stop('a');
  });

  test('bookieformat: -nonInteractive alone keeps the data, -force -deleteCookie wipes it; the bookie then starts afresh', async () => {
    const keep = await shell(['bookieformat', '-nonInteractive', '-conf', conf.a]);
    assert.equal(keep.status, 1, keep.out + keep.err);
    assert.match(keep.out, /not formatting without -force/);
    const no = await shell(['bookieformat', '-conf', conf.a], { input: 'N\n' });
    assert.equal(no.status, 1);
    assert.match(no.out, /Are you sure to format Bookie data\.\.\? \(Y or N\)/);
    assert.ok(existsSync(join(dir, 'a', 'journal', 'current', 'VERSION')));

    const wiped = ok(await shell(['bookieformat', '-nonInteractive', '-force', '-deleteCookie', '-conf', conf.a]));
    assert.match(wiped, /^Deleted cookie of Bookie 127\.0\.0\.1:\d+ from metadata store$/m);
    assert.match(wiped, /^Bookie format completed$/m);
    assert.deepEqual(readdirSync(join(dir, 'a', 'journal')), []);
    assert.deepEqual(readdirSync(join(dir, 'a', 'ledgers')), []);
    const list = ok(await shell(['updatecookie', '-list', '-conf', conf.a]));
    assert.match(list, /^No local cookies for Bookie/m);
    assert.match(list, /^No cookie for Bookie .* in metadata store$/m);
    await start('a');
    assert.match(ok(await shell(['listbookies', '-rw', '-conf', conf.a])), new RegExp(`127\\.0\\.0\\.1:${ports.a}`));
  });

  test('deleteledger asks first; -force deletes', async () => {
    const no = ok(await shell(['deleteledger', '-ledgerid', ledgerId, '-conf', conf.b], { input: 'n\n' }));
    assert.match(no, new RegExp(`Are you sure to delete Ledger : ${ledgerId}\\? \\(Y or N\\)`));
    assert.match(no, new RegExp(`Not deleting ledger ${ledgerId}`));
    ok(await shell(['ledgermetadata', '-ledgerid', ledgerId, '-conf', conf.b]));
    const yes = ok(await shell(['deleteledger', '-ledgerid', ledgerId, '-force'], { env: { BOOKIE_CONF: conf.b } }));
    assert.match(yes, new RegExp(`^Deleted ledger ${ledgerId}$`, 'm'));
    const gone = await shell(['ledgermetadata', '-ledgerid', ledgerId, '-conf', conf.b]);
    assert.notEqual(gone.status, 0);
  });

  test('updatecookie -bookieId hostname moves the cookie; -delete force removes it', async () => {
    await stop('b');
    const moved = ok(await shell(['updatecookie', '-bookieId', 'hostname', '-conf', conf.b]));
    const m = /^Updated cookie: bookie id 127\.0\.0\.1:\d+ -> (.+)$/m.exec(moved);
    assert.ok(m, moved);
    const renamed = writeConf('b-host', ports.b, [join(dir, 'b', 'ledgers')], `bookieId=${m[1]}`);
    const list = ok(await shell(['updatecookie', '-list', '-conf', renamed]));
    assert.match(list, new RegExp(`^Cookie of Bookie ${m[1]!.replace(/[.]/g, '\\.')} in metadata store`, 'm'));
    const old = ok(await shell(['updatecookie', '-list', '-conf', conf.b]));
    assert.match(old, /^No cookie for Bookie 127\.0\.0\.1:\d+ in metadata store$/m);

    const del = ok(await shell(['updatecookie', '-delete', 'force', '-conf', renamed]));
    assert.match(del, /^Deleted Local Cookies of Bookie /m);
    assert.match(del, /^Deleted Cookie from metadata store for Bookie /m);
    assert.ok(!existsSync(join(dir, 'b', 'journal', 'current', 'VERSION')));
    const bad = await shell(['updatecookie', '-list', '-delete', '-conf', renamed]);
    assert.notEqual(bad.status, 0);
    assert.match(bad.err, /exactly one of/);
  });
});
