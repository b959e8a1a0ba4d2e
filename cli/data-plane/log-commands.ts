// `quire log ...`: named logs from the command line, composing in pipelines:
//   printf 'a\nb\n' | quire log append team/orders     (one record per line, exactly-once batches)
//   quire log tail team/orders --from beginning -f      (records to stdout as they commit)
import type { Command } from 'commander';
import { LogProducer, type LogReceipt } from '../../clients/typescript/index.js';
import { action, int64, positiveInt, UsageError } from './command-runner.js';
import type { Connection } from './gateway-connection.js';
import { jsonLine, parseFormat, readRecords, RecordWriter, type InFormat, type OutFormat } from './record-io.js';

const IN_FORMATS: readonly InFormat[] = ['lines', 'raw', 'json'];
const OUT_FORMATS: readonly OutFormat[] = ['lines', 'raw', 'json'];

interface CreateOpts {
  ensembleSize?: string;
  writeQuorum?: string;
  ackQuorum?: string;
  digestType?: string;
}
interface AppendOpts {
  format: string;
  key?: string;
  producerId?: string;
  batch: string;
}
interface TailOpts {
  from: string;
  follow?: boolean;
  count?: string;
  format?: string;
  cursor?: string;
  waitMs: string;
}

function printInfo(conn: Connection, info: { name: string; firstOffset: string; nextOffset: string; segments: readonly unknown[] } & Record<string, unknown>): void {
  if (conn.json) console.log(jsonLine(info));
  else console.log(`${info.name}\tfirstOffset=${info.firstOffset}\tnextOffset=${info.nextOffset}\tsegments=${info.segments.length}`);
}

async function append(conn: Connection, o: AppendOpts, name: string): Promise<void> {
  const format = parseFormat(o.format, IN_FORMATS, '--format');
  const batch = positiveInt(o.batch, '--batch')!;
  const producer = new LogProducer(conn.logs, name, { maxBatchRecords: batch, ...(o.producerId ? { producerId: o.producerId } : {}) });
  const key = o.key !== undefined ? Buffer.from(o.key) : undefined;
  // Bounded in flight: at most 4 batches queued ahead of the gateway, so a huge stdin streams.
  const inflight = new Set<Promise<LogReceipt>>();
  const receipts: LogReceipt[] = [];
  let failed: unknown;
  let n = 0;
  for await (const r of readRecords(process.stdin, format)) {
    if (failed !== undefined) break;
    const p = producer.send({ data: r.data, ...(r.key ?? key ? { key: r.key ?? key! } : {}) });
    inflight.add(p);
    n++;
    void p.then(
      (rc) => {
        inflight.delete(p);
        if (conn.json) receipts.push(rc);
      },
      (e: unknown) => {
        inflight.delete(p);
        failed ??= e;
      },
    );
    if (inflight.size >= batch * 4) await Promise.race(inflight).catch(() => undefined);
  }
  await producer.close();
  await Promise.allSettled([...inflight]);
  if (failed !== undefined) throw failed;
  receipts.sort((a, b) => (a.offset < b.offset ? -1 : a.offset > b.offset ? 1 : 0));
  if (conn.json) for (const r of receipts) console.log(jsonLine({ offset: r.offset, ledgerId: r.ledgerId, entryId: r.entryId, duplicate: r.duplicate }));
  else console.error(`appended ${n} record${n === 1 ? '' : 's'} to ${name} (producer ${producer.producerId})`);
}

async function startOffset(conn: Connection, name: string, from: string, cursor: string | undefined): Promise<bigint> {
  if (cursor !== undefined) {
    try {
      return (await conn.logs.getCursor(name, cursor)).offset;
    } catch (e) {
      if (!(e instanceof Error && 'code' in e && e.code === 'NO_SUCH_CURSOR')) throw e;
    }
  }
  if (from === 'beginning' || from === 'end') {
    const info = await conn.logs.getLog(name);
    return BigInt(from === 'beginning' ? info.firstOffset : info.nextOffset);
  }
  return int64(from, '--from');
}

async function tail(conn: Connection, o: TailOpts, name: string): Promise<void> {
  const format = parseFormat(o.format ?? (conn.json ? 'json' : 'lines'), OUT_FORMATS, '--format');
  const count = positiveInt(o.count, '--count');
  const waitMs = positiveInt(o.waitMs, '--wait-ms')!;
  const out = new RecordWriter(process.stdout, format);
  let next = await startOffset(conn, name, o.from, o.cursor);
  let committed = next;
  let written = 0;
  // With --cursor, the cursor moves past what was written to stdout (at-least-once: a record is
  // printed before it is acknowledged, so a crash repeats, never skips).
  const commit = async (): Promise<void> => {
    if (o.cursor === undefined || next <= committed) return;
    await conn.logs.advanceCursor(name, o.cursor, next);
    committed = next;
  };
  let stop = false;
  const onSignal = (): void => {
    stop = true;
    void commit().finally(() => process.exit(0));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    while (!stop && (count === undefined || written < count)) {
      const limit = count === undefined ? undefined : Math.min(1000, count - written);
      const page = o.follow
        ? await conn.logs.tail(name, { from: next, waitMs, ...(limit !== undefined ? { limit } : {}) })
        : await conn.logs.read(name, { from: next, ...(limit !== undefined ? { limit } : {}) });
      for (const r of page.records) {
        await out.write(r.data, { offset: r.offset, timestampMs: r.timestampMs, ...(r.producerId !== undefined ? { producerId: r.producerId, sequence: r.sequence } : {}) }, r.key);
        next = r.offset + 1n;
        written++;
      }
      if (page.records.length > 0) await commit();
      if (!o.follow && (page.records.length === 0 || next >= page.endOffset)) break;
    }
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  await commit();
}

export function registerLogCommands(log: Command): void {
  log
    .command('create <name>')
    .description('create a named log')
    .option('--ensemble-size <n>', 'bookies per segment (gateway default 3)')
    .option('--write-quorum <n>', 'copies of each record (gateway default 2)')
    .option('--ack-quorum <n>', 'acks before a record is committed (gateway default 2)')
    .option('--digest-type <type>', 'CRC32C, CRC32, MAC or DUMMY')
    .action(
      action(async (conn, o: CreateOpts, name: string) => {
        const sizes = {
          ...(o.ensembleSize ? { ensembleSize: positiveInt(o.ensembleSize, '--ensemble-size')! } : {}),
          ...(o.writeQuorum ? { writeQuorumSize: positiveInt(o.writeQuorum, '--write-quorum')! } : {}),
          ...(o.ackQuorum ? { ackQuorumSize: positiveInt(o.ackQuorum, '--ack-quorum')! } : {}),
          ...(o.digestType ? { digestType: o.digestType as 'CRC32C' } : {}),
        };
        printInfo(conn, await conn.logs.createLog({ name, ...sizes }));
      }),
    );
  log
    .command('list')
    .description('list logs (all pages)')
    .option('--prefix <prefix>', 'only names starting with this')
    .action(
      action(async (conn, o: { prefix?: string }) => {
        let pageToken: string | undefined;
        do {
          const page = await conn.logs.listLogs({ ...(o.prefix !== undefined ? { prefix: o.prefix } : {}), pageSize: 1000, ...(pageToken ? { pageToken } : {}) });
          for (const n of page.logs) console.log(conn.json ? jsonLine({ name: n }) : n);
          pageToken = page.nextPageToken;
        } while (pageToken);
      }),
    );
  log
    .command('info <name>')
    .description("a log's offsets, segments and settings")
    .action(action(async (conn, _o: object, name: string) => printInfo(conn, await conn.logs.getLog(name))));
  log
    .command('delete <name>')
    .description('delete a log and its segments')
    .action(action(async (conn, _o: object, name: string) => conn.logs.deleteLog(name)));
  log
    .command('append <name>')
    .description('append the records read from stdin (exactly-once batches; prints receipts with --json)')
    .option('--format <format>', `input: ${IN_FORMATS.join(', ')} (lines: one record per line)`, 'lines')
    .option('--key <key>', 'record key for every record')
    .option('--producer-id <id>', 'producer id for exactly-once (default: a new one per run)')
    .option('--batch <n>', 'records per append request', '100')
    .action(action(append));
  log
    .command('tail <name>')
    .description('print records from an offset to the end, or follow with -f')
    .option('--from <offset>', 'beginning, end or an offset', 'beginning')
    .option('-f, --follow', 'keep waiting for new records')
    .option('-n, --count <n>', 'stop after this many records')
    .option('--format <format>', `output: ${OUT_FORMATS.join(', ')} (default lines, json with --json)`)
    .option('--cursor <name>', 'start at this durable cursor and advance it past what was printed')
    .option('--wait-ms <ms>', 'long-poll wait of each request with -f', '10000')
    .action(action(tail));
  log
    .command('truncate <name>')
    .description('drop whole segments below an offset (retention by hand)')
    .requiredOption('--before <offset>', 'records below this offset may go')
    .action(
      action(async (conn, o: { before: string }, name: string) => {
        const r = await conn.logs.truncate(name, int64(o.before, '--before'));
        console.log(conn.json ? jsonLine(r) : `firstOffset=${r.firstOffset} deletedSegments=${r.deletedSegments}`);
      }),
    );
  const cursor = log.command('cursor').description("a log's durable cursors (offset store)");
  const printCursor = (conn: Connection, c: { name: string; offset: bigint; version: number }): void =>
    console.log(conn.json ? jsonLine(c) : `${c.name}\toffset=${c.offset}\tversion=${c.version}`);
  cursor
    .command('list <log>')
    .description("the log's cursors")
    .action(
      action(async (conn, _o: object, name: string) => {
        const r = await conn.logs.api.GET('/v1/logs/{log}/cursors', { params: { path: { log: name } } });
        if (!r.data) throw new UsageError(`cannot list cursors of ${name}: HTTP ${r.response.status}`);
        for (const c of r.data.cursors) printCursor(conn, { ...c, offset: BigInt(c.offset) });
      }),
    );
  cursor
    .command('get <log> <cursor>')
    .action(action(async (conn, _o: object, name: string, c: string) => printCursor(conn, await conn.logs.getCursor(name, c))));
  cursor
    .command('set <log> <cursor> <offset>')
    .description('set a cursor (with --expected-version: compare-and-set; -1 = create only)')
    .option('--expected-version <v>', 'write only at this version')
    .action(
      action(async (conn, o: { expectedVersion?: string }, name: string, c: string, offset: string) => {
        const v = o.expectedVersion === undefined ? undefined : Number(int64(o.expectedVersion, '--expected-version'));
        printCursor(conn, await conn.logs.setCursor(name, c, int64(offset, 'offset'), v));
      }),
    );
  cursor
    .command('advance <log> <cursor> <offset>')
    .description('move a cursor forward to an offset (never back)')
    .action(action(async (conn, _o: object, name: string, c: string, offset: string) => printCursor(conn, await conn.logs.advanceCursor(name, c, int64(offset, 'offset')))));
}
