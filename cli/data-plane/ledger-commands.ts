// `quire ledger ...`: raw BookKeeper ledgers through the gateway (create, append from stdin, read,
// follow, close, recover, delete). The ledger password comes from --password or
// $QUIRE_LEDGER_PASSWORD.
import type { Command } from 'commander';
import type { LedgerInfo, QuireRestClient } from '../../clients/typescript/index.js';
import { action, int64, positiveInt } from './command-runner.js';
import type { Connection } from './gateway-connection.js';
import { jsonLine, parseFormat, readRecords, RecordWriter, type InFormat, type OutFormat } from './record-io.js';

interface PwOpts {
  password?: string;
}

const client = (conn: Connection, o: PwOpts): QuireRestClient => conn.ledgers(o.password ?? process.env.QUIRE_LEDGER_PASSWORD);

function printLedger(conn: Connection, l: LedgerInfo): void {
  if (conn.json) console.log(jsonLine(l));
  else console.log(`${l.ledgerId}\t${l.state}\tE${l.ensembleSize}/Qw${l.writeQuorumSize}/Qa${l.ackQuorumSize}\tlastEntryId=${l.lastEntryId}\tlength=${l.length}`);
}

async function append(conn: Connection, o: PwOpts & { format: string; batch: string }, id: string): Promise<void> {
  const rest = client(conn, o);
  const ledgerId = int64(id, 'ledger id');
  const format = parseFormat(o.format, ['lines', 'raw'] as InFormat[], '--format');
  const batch = positiveInt(o.batch, '--batch')!;
  let pending: Buffer[] = [];
  let n = 0;
  const flush = async (): Promise<void> => {
    if (pending.length === 0) return;
    const receipts = await rest.appendBatch(ledgerId, pending);
    n += receipts.length;
    if (conn.json) for (const r of receipts) console.log(jsonLine({ ledgerId: r.ledgerId, entryId: r.entryId, lastAddConfirmed: r.lastAddConfirmed }));
    pending = [];
  };
  for await (const r of readRecords(process.stdin, format)) {
    pending.push(r.data);
    if (pending.length >= batch) await flush();
  }
  await flush();
  if (!conn.json) console.error(`appended ${n} entr${n === 1 ? 'y' : 'ies'} to ledger ${ledgerId}`);
}

async function read(conn: Connection, o: PwOpts & { from: string; to?: string; follow?: boolean; format?: string; waitMs: string }, id: string): Promise<void> {
  const rest = client(conn, o);
  const ledgerId = int64(id, 'ledger id');
  const format = parseFormat(o.format ?? (conn.json ? 'json' : 'lines'), ['lines', 'raw', 'json'] as OutFormat[], '--format');
  const out = new RecordWriter(process.stdout, format);
  const to = o.to === undefined ? undefined : int64(o.to, '--to');
  let next = int64(o.from, '--from');
  if (o.follow) {
    for await (const e of rest.follow(ledgerId, { from: next, waitMs: positiveInt(o.waitMs, '--wait-ms')! })) {
      if (to !== undefined && e.entryId > to) return;
      await out.write(e.data, { entryId: e.entryId });
    }
    return;
  }
  for (;;) {
    const page = await rest.readEntries(ledgerId, { from: next });
    for (const e of page.entries) {
      if (to !== undefined && e.entryId > to) return;
      await out.write(e.data, { entryId: e.entryId });
      next = e.entryId + 1n;
    }
    if (page.entries.length === 0 || page.nextEntryId === undefined) return;
    next = page.nextEntryId;
  }
}

export function registerLedgerCommands(ledger: Command): void {
  const pw = (c: Command): Command => c.option('--password <password>', 'ledger password (default $QUIRE_LEDGER_PASSWORD)');
  pw(
    ledger
      .command('create')
      .description('create a ledger; prints its id')
      .option('--ensemble-size <n>', 'bookies striped over (gateway default 3)')
      .option('--write-quorum <n>', 'copies of each entry (gateway default 2)')
      .option('--ack-quorum <n>', 'acks before an entry is confirmed (gateway default 2)'),
  ).action(
    action(async (conn, o: PwOpts & { ensembleSize?: string; writeQuorum?: string; ackQuorum?: string }) => {
      const l = await client(conn, o).createLedger({
        ...(o.ensembleSize ? { ensembleSize: positiveInt(o.ensembleSize, '--ensemble-size')! } : {}),
        ...(o.writeQuorum ? { writeQuorumSize: positiveInt(o.writeQuorum, '--write-quorum')! } : {}),
        ...(o.ackQuorum ? { ackQuorumSize: positiveInt(o.ackQuorum, '--ack-quorum')! } : {}),
      });
      console.log(conn.json ? jsonLine(l) : String(l.ledgerId));
    }),
  );
  ledger
    .command('list')
    .description('list ledger ids (all pages)')
    .action(
      action(async (conn, o: PwOpts) => {
        let pageToken: string | undefined;
        do {
          const page = await client(conn, o).listLedgers({ pageSize: 1000, ...(pageToken ? { pageToken } : {}) });
          for (const id of page.ledgers) console.log(conn.json ? jsonLine({ ledgerId: id }) : String(id));
          pageToken = page.nextPageToken;
        } while (pageToken);
      }),
    );
  pw(ledger.command('info <ledgerId>').description("a ledger's state, quorums and segments")).action(
    action(async (conn, o: PwOpts, id: string) => printLedger(conn, await client(conn, o).getLedger(int64(id, 'ledger id')))),
  );
  pw(
    ledger
      .command('append <ledgerId>')
      .description('append the entries read from stdin')
      .option('--format <format>', 'input: lines (one entry per line) or raw (all of stdin, one entry)', 'lines')
      .option('--batch <n>', 'entries per append request', '100'),
  ).action(action(append));
  pw(
    ledger
      .command('read <ledgerId>')
      .description('print entries (confirmed ones), or follow with -f until the ledger is sealed')
      .option('--from <entryId>', 'first entry', '0')
      .option('--to <entryId>', 'last entry (inclusive)')
      .option('-f, --follow', 'keep waiting for new entries until the ledger is closed')
      .option('--format <format>', 'output: lines, raw or json (default lines, json with --json)')
      .option('--wait-ms <ms>', 'long-poll wait of each request with -f', '10000'),
  ).action(action(read));
  for (const [verb, what] of [
    ['close', 'seal the ledger at its last confirmed entry'],
    ['recover', 'fence, recover and seal a ledger whose writer may be gone'],
  ] as const) {
    pw(ledger.command(`${verb} <ledgerId>`).description(what)).action(
      action(async (conn, o: PwOpts, id: string) => {
        const rest = client(conn, o);
        const ledgerId = int64(id, 'ledger id');
        const r = verb === 'close' ? await rest.close(ledgerId) : await rest.recover(ledgerId);
        console.log(conn.json ? jsonLine(r) : `ledger ${r.ledgerId} sealed: lastEntryId=${r.lastEntryId} length=${r.storedLength}`);
      }),
    );
  }
  pw(ledger.command('delete <ledgerId>').description('delete a ledger')).action(action(async (conn, o: PwOpts, id: string) => client(conn, o).deleteLedger(int64(id, 'ledger id'))));
}
