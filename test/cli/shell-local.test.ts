// BookKeeper's shell verbs that read a bookie's configuration (-conf, BOOKIE_CONF) and its own
// files, as real processes: a real ZooKeeper, `quire bookie --conf <file>` processes, and
// `quire shell <verb>` processes reading the same bk_server.conf-style files.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readSync, rmSync, writeFileSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { createBookKeeperClient } from '../../clients/quorum/connect.js';
import { startBookieProcess, type BookieProcess } from '../../harness/bookie-process.js';
import { freePort, startZooKeeper, type ZooKeeperServer } from '../../harness/zookeeper.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

interface Run {
  status: number | null;
  out: string;
  err: string;
}

function shell(args: string[], o: { env?: Record<string, string>; input?: string } = {}): Run {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'cli/main.ts', 'shell', ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, QUIRE_LOG_LEVEL: 'silent', BOOKIE_CONF: '', ...o.env },
    input: o.input ?? '',
    timeout: 120_000,
  });
  return { status: r.status, out: r.stdout, err: r.stderr };
}

function ok(r: Run): string {
  assert.equal(r.status, 0, `exit ${r.status}\nstdout:\n${r.out}\nstderr:\n${r.err}`);
  return r.out;
}

/** Polls a shell verb until its output matches (a checkpoint runs every flushInterval). */
async function until(args: string[], re: RegExp, what: string): Promise<string> {
  let last = '';
  for (let i = 0; i < 60; i++) {
    const r = shell(args);
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
    const b = await startBookieProcess(['--conf', file]);
    running[which] = b;
    return b;
  }

  async function stop(which: 'a' | 'b'): Promise<void> {
    await running[which]?.kill('SIGTERM');
    delete running[which];
  }

  before(async () => {
    zk = await startZooKeeper();
    uri = `zk+hierarchical://${zk.connectString}/ledgers`;
    dir = mkdtempSync(join(tmpdir(), 'quire-shell-local-'));
    for (const w of ['a', 'b'] as const) {
      ports[w] = await freePort();
      conf[w] = writeConf(w, ports[w], [join(dir, w, 'ledgers')]);
    }
    ok(shell(['-conf', conf.a, 'metaformat']));
    await start('a');
    await start('b');
  });
  after(async () => {
    await stop('a');
    await stop('b');
    await zk?.destroy();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('-conf before or after the verb, --conf, and BOOKIE_CONF all name the cluster', () => {
    const ids = [`127.0.0.1:${ports.a}`, `127.0.0.1:${ports.b}`];
    for (const args of [
      ['listbookies', '-rw', '--conf', conf.a],
      ['listbookies', '-rw', '-conf', conf.a],
      ['-conf', conf.a, 'listbookies', '-rw'],
      [`--conf=${conf.a}`, 'listbookies', '-rw'],
    ]) {
      const out = ok(shell(args));
      for (const id of ids) assert.ok(out.includes(id), `${args.join(' ')}:\n${out}`);
    }
    const env = ok(shell(['listbookies', '-rw'], { env: { BOOKIE_CONF: conf.a } }));
    for (const id of ids) assert.ok(env.includes(id), env);
    // --metadataServiceUri still wins over the file: an empty embedded store has no cluster.
    const other = shell(['listbookies', '-rw', '-metadataServiceUri', `embedded://${join(dir, 'nothing')}`], { env: { BOOKIE_CONF: conf.a } });
    assert.notEqual(other.status, 0, other.out);
    // A missing conf file is a clear error, not the defaults.
    const missing = shell(['listbookies', '-conf', join(dir, 'no-such.conf')]);
    assert.notEqual(missing.status, 0);
    assert.match(missing.err, /CONFIG_INVALID: cannot read config file/);
  });

  test('bookieinfo prints free and total disk space of each bookie and of the cluster', () => {
    const out = ok(shell(['bookieinfo'], { env: { BOOKIE_CONF: conf.b } }));
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
    const files = ok(shell(['listfilesondisc', '-txn', '-log', '-idx', '-conf', conf.a]));
    assert.match(files, /--------- Printing the list of Journal Files ---------/);
    const txn = /^(\/.*\/([0-9a-f]{16})\.txn)$/m.exec(files);
    assert.ok(txn, files);
    assert.ok(txn[1]!.startsWith(join(dir, 'a', 'journal')), files);
    assert.match(files, /--------- Printing the list of Index Files ---------\n(.*\n)*.*\/a\/ledgers\/index\/CURRENT$/m);

    // The journal holds every add as soon as it was acknowledged.
    const journalId = String(parseInt(txn[2]!, 16));
    const journal = ok(shell(['readjournal', journalId, '-msg', '-conf', conf.a]));
    assert.match(journal, new RegExp(`^Scan journal ${journalId} \\(${txn[2]}\\.txn\\)$`, 'm'));
    assert.match(journal, /^Journal Version: 1$/m);
    assert.match(journal, new RegExp(`^--------- Lid=${ledgerId}, Eid=-4096, ByteOffset=\\d+, EntrySize=\\d+ ---------\\nType:           META\\nMasterKey:      [0-9a-f]+$`, 'm'));
    for (let i = 0; i < 10; i++) assert.match(journal, new RegExp(`^--------- Lid=${ledgerId}, Eid=${i}, ByteOffset=\\d+, EntrySize=\\d+ ---------$`, 'm'));
    assert.match(journal, /^Data: .*local-7$/m);
    // By file name too, and without -msg no entry bytes.
    const byName = ok(shell(['readjournal', `${txn[2]}.txn`], { env: { BOOKIE_CONF: conf.a } }));
    assert.match(byName, new RegExp(`Lid=${ledgerId}, Eid=9,`));
    assert.doesNotMatch(byName, /^Data:/m);

    // The entry log gets them at the next checkpoint (flushInterval=200 ms).
    const log = await until(['readlog', '1', '-msg', '-ledgerid', ledgerId, '-conf', conf.a], new RegExp(`Lid=${ledgerId}, Eid=9,`), 'readlog');
    assert.match(log, new RegExp(`^Scan entry log 1 \\(0000000000000001\\.log\\) for LedgerId ${ledgerId}$`, 'm'));
    assert.match(log, /^LastConfirmed: {2}\d+$/m);
    assert.match(log, /^Data: .*local-3$/m);
    const one = ok(shell(['readlog', '0000000000000001.log', '-ledgerid', ledgerId, '-entryid', '4', '-conf', conf.a]));
    assert.equal((one.match(/^--------- Lid=/gm) ?? []).length, 1, one);
    assert.match(one, new RegExp(`Lid=${ledgerId}, Eid=4,`));
    assert.match(log, /^No ledgers map footer \(the log is being written/m);
    const none = ok(shell(['readlog', '1', '-ledgerid', '999999', '-conf', conf.a]));
    assert.match(none, /LedgerId 999999 is not available in entry log 1/);

    const mark = await until(['lastmark', '-conf', conf.a], /^LastLogMark : Journal Id - [1-9]\d*\([0-9a-f]{16}\.txn\), Pos - [1-9]\d*$/m, 'lastmark');
    assert.equal(mark.trim().split('\n').length, 1, mark);
  });

  test('the index verbs and bookieformat refuse while the bookie runs', () => {
    for (const args of [['ledger', '-ledgerid', ledgerId], ['localconsistencycheck'], ['bookieformat', '-nonInteractive', '-force'], ['updatecookie', '-delete', 'force']]) {
      const r = shell([...args, '-conf', conf.a]);
      assert.notEqual(r.status, 0, `${args.join(' ')}: ${r.out}`);
      assert.match(r.err, /DIRECTORY_IN_USE: the ledger index in .* is locked by a running bookie/, args.join(' '));
    }
    assert.ok(existsSync(join(dir, 'a', 'journal', 'current', 'VERSION')), 'the refused bookieformat deleted nothing');
  });

  test('ledger and localconsistencycheck read a stopped bookie\'s index; a damaged entry is reported', async () => {
    await stop('a');
    // A clean stop finishes the log: its ledgers map footer follows the records.
    const finished = ok(shell(['readlog', '1', '-conf', conf.a]));
    assert.equal((finished.match(new RegExp(`^--------- Lid=${ledgerId}, Eid=\\d+,`, 'gm')) ?? []).length, 10, finished);
    assert.match(finished, /^Ledgers map at offset \d+: \d+ ledgers$/m);
    assert.match(finished, new RegExp(`^--------- Lid=${ledgerId}, TotalSizeOfEntriesOfLedger=[1-9]\\d* ---------$`, 'm'));
    assert.doesNotMatch(finished, /Entry log data ends/);
    const meta = ok(shell(['ledger', '-ledgerid', ledgerId, '-meta', '-conf', conf.a]));
    assert.match(meta, new RegExp(`^===== LEDGER: ${ledgerId} =====$`, 'm'));
    assert.match(meta, /^master key {2}: [0-9a-f]+$/m);
    assert.match(meta, /^isFenced {5}: false$/m);
    for (let i = 0; i < 10; i++) assert.match(meta, new RegExp(`^entry ${i}\\t:\\t\\(log: \\d+, pos: \\d+\\)$`, 'm'));
    const msg = ok(shell(['ledger', ledgerId, '-msg'], { env: { BOOKIE_CONF: conf.a } }));
    assert.match(msg, /^Data: .*local-5$/m);
    const unknown = shell(['ledger', '424242', '-conf', conf.a]);
    assert.notEqual(unknown.status, 0);
    assert.match(unknown.err, /NO_SUCH_LEDGER: ledger 424242/);

    const check = ok(shell(['localconsistencycheck', '-conf', conf.a]));
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
    const bad = shell(['localconsistencycheck', '-conf', conf.a]);
    assert.equal(bad.status, 1, bad.out + bad.err);
    assert.match(bad.out, /^=== Check returned errors: ===$/m);
    assert.match(bad.out, new RegExp(`^Inconsistency detected for ledger ${ledgerId} entry 5: .*checksum mismatch`, 'm'));
    b[0] = b[0]! ^ 0xff; // repair it for the next tests
    const fd2 = openSync(logFile, 'r+');
    writeSync(fd2, b, 0, 1, at);
    closeSync(fd2);
  });

  test('updatecookie -list and -expandstorage; the bookie starts with the added directory', async () => {
    const list = ok(shell(['updatecookie', '-list', '-conf', conf.a]));
    assert.match(list, new RegExp(`^Listing local Cookie Files of Bookie 127\\.0\\.0\\.1:${ports.a}$`, 'm'));
    assert.ok(list.includes(join(dir, 'a', 'journal', 'current', 'VERSION')), list);
    assert.match(list, new RegExp(`^Cookie of Bookie 127\\.0\\.0\\.1:${ports.a} in metadata store: /ledgers/cookies/127\\.0\\.0\\.1:${ports.a}$`, 'm'));

    const expanded = writeConf('a2', ports.a, [join(dir, 'a', 'ledgers'), join(dir, 'a', 'ledgers2')]);
    // The bookie refuses the new directory until the cookie lists it.
    await assert.rejects(startBookieProcess(['--conf', expanded]), /COOKIE_MISMATCH/);
    mkdirSync(join(dir, 'a', 'ledgers2'), { recursive: true });
    const up = ok(shell(['updatecookie', '-expandstorage', '-conf', expanded]));
    assert.match(up, /^Updated cookie of Bookie .* for storage expansion: .*ledgers2$/m);
    await start('a', expanded);
    await stop('a');
  });

  test('bookieformat: -nonInteractive alone keeps the data, -force -deleteCookie wipes it; the bookie then starts afresh', async () => {
    const keep = shell(['bookieformat', '-nonInteractive', '-conf', conf.a]);
    assert.equal(keep.status, 1, keep.out + keep.err);
    assert.match(keep.out, /not formatting without -force/);
    const no = shell(['bookieformat', '-conf', conf.a], { input: 'N\n' });
    assert.equal(no.status, 1);
    assert.match(no.out, /Are you sure to format Bookie data\.\.\? \(Y or N\)/);
    assert.ok(existsSync(join(dir, 'a', 'journal', 'current', 'VERSION')));

    const wiped = ok(shell(['bookieformat', '-nonInteractive', '-force', '-deleteCookie', '-conf', conf.a]));
    assert.match(wiped, /^Deleted cookie of Bookie 127\.0\.0\.1:\d+ from metadata store$/m);
    assert.match(wiped, /^Bookie format completed$/m);
    assert.deepEqual(readdirSync(join(dir, 'a', 'journal')), []);
    assert.deepEqual(readdirSync(join(dir, 'a', 'ledgers')), []);
    const list = ok(shell(['updatecookie', '-list', '-conf', conf.a]));
    assert.match(list, /^No local cookies for Bookie/m);
    assert.match(list, /^No cookie for Bookie .* in metadata store$/m);
    await start('a');
    assert.match(ok(shell(['listbookies', '-rw', '-conf', conf.a])), new RegExp(`127\\.0\\.0\\.1:${ports.a}`));
  });

  test('deleteledger asks first; -force deletes', () => {
    const no = ok(shell(['deleteledger', '-ledgerid', ledgerId, '-conf', conf.b], { input: 'n\n' }));
    assert.match(no, new RegExp(`Are you sure to delete Ledger : ${ledgerId}\\? \\(Y or N\\)`));
    assert.match(no, new RegExp(`Not deleting ledger ${ledgerId}`));
    ok(shell(['ledgermetadata', '-ledgerid', ledgerId, '-conf', conf.b]));
    const yes = ok(shell(['deleteledger', '-ledgerid', ledgerId, '-force'], { env: { BOOKIE_CONF: conf.b } }));
    assert.match(yes, new RegExp(`^Deleted ledger ${ledgerId}$`, 'm'));
    const gone = shell(['ledgermetadata', '-ledgerid', ledgerId, '-conf', conf.b]);
    assert.notEqual(gone.status, 0);
  });

  test('updatecookie -bookieId hostname moves the cookie; -delete force removes it', async () => {
    await stop('b');
    const moved = ok(shell(['updatecookie', '-bookieId', 'hostname', '-conf', conf.b]));
    const m = /^Updated cookie: bookie id 127\.0\.0\.1:\d+ -> (.+)$/m.exec(moved);
    assert.ok(m, moved);
    const renamed = writeConf('b-host', ports.b, [join(dir, 'b', 'ledgers')], `bookieId=${m[1]}`);
    const list = ok(shell(['updatecookie', '-list', '-conf', renamed]));
    assert.match(list, new RegExp(`^Cookie of Bookie ${m[1]!.replace(/[.]/g, '\\.')} in metadata store`, 'm'));
    const old = ok(shell(['updatecookie', '-list', '-conf', conf.b]));
    assert.match(old, /^No cookie for Bookie 127\.0\.0\.1:\d+ in metadata store$/m);

    const del = ok(shell(['updatecookie', '-delete', 'force', '-conf', renamed]));
    assert.match(del, /^Deleted Local Cookies of Bookie /m);
    assert.match(del, /^Deleted Cookie from metadata store for Bookie /m);
    assert.ok(!existsSync(join(dir, 'b', 'journal', 'current', 'VERSION')));
    const bad = shell(['updatecookie', '-list', '-delete', '-conf', renamed]);
    assert.notEqual(bad.status, 0);
    assert.match(bad.err, /exactly one of/);
  });
});
