// BookKeeper's client shell verbs, by their BookKeeper names and flags, over the quorum client:
//   simpletest   -ensemble 3 -writeQuorum 2 -ackQuorum 2 -numEntries N   create, write, read back, delete
//   readledger   -ledgerid N [-firstentryid A -lastentryid B]           print entries (no recovery)
//   recover      -ledgerid N                                             fence and close; print the end
//   bookiesanity [-entries N] [-bookie host:port]                        write/read a ledger on one bookie
// Each takes --metadataServiceUri (default: the embedded store in ./quire-data/metadata), like the
// metadata verbs. The verbs are plain functions returning their output lines; registerClientShellCommands
// wires them into commander and accepts BookKeeper's one-dash long flags (-ledgerid) as well as --ledgerid.
import { Command } from 'commander';
import { QuireError } from '../../common/errors.js';
import { parseId } from '../../common/ids.js';
import { createBookKeeperClient, type ConnectOptions } from '../../clients/quorum/connect.js';
import { LocalBookiePlacementPolicy } from '../../clients/quorum/ensemble/placement-policy.js';
import type { BookKeeperClient, ClientTlsSettings } from '../../clients/quorum/index.js';
import { openMetadataService } from '../../metadata/metadata-service.js';
import { tlsOf, uriOf } from './shell-config.js';
import { recoverbookie } from './autorecovery-commands.js';

export interface ClientVerbOptions {
  readonly metadataServiceUri?: string | undefined;
  /** 'v3' (default) or 'v2'. */
  readonly protocol?: 'v3' | 'v2' | undefined;
  /** The ledger password (BookKeeper's shell uses an empty one). */
  readonly password?: string | undefined;
  /** TLS to the bookies (the -conf file's tls* keys). */
  readonly tls?: ClientTlsSettings | undefined;
}

/** Appends in flight at once by simpletest/bookiesanity. */
const WRITE_WINDOW = 1000;
/** Largest range readledger prints in one go. */
const MAX_READLEDGER_ENTRIES = 100_000;

async function withClient<T>(o: ClientVerbOptions, fn: (bk: BookKeeperClient) => Promise<T>, extra: Partial<ConnectOptions> = {}): Promise<T> {
  const bk = await createBookKeeperClient({
    ...(o.metadataServiceUri !== undefined ? { metadataServiceUri: o.metadataServiceUri } : {}),
    ...(o.protocol ? { protocol: o.protocol } : {}),
    ...(o.tls ? { tls: o.tls } : {}),
    ...extra,
  });
  try {
    return await fn(bk);
  } finally {
    await bk.close();
  }
}

function positiveInt(v: number, what: string): number {
  if (!Number.isInteger(v) || v < 1) throw new QuireError('INVALID_ARGUMENT', `${what} must be a positive integer, got ${v}`);
  return v;
}

/** Writes count entries of entrySize bytes with a bounded window; returns the elapsed ms. */
async function writeEntries(w: { append(p: Uint8Array): Promise<bigint> }, count: number, payloadOf: (i: number) => Buffer): Promise<number> {
  const start = process.hrtime.bigint();
  let next = 0;
  const lane = async () => {
    while (next < count) {
      const i = next++;
      await w.append(payloadOf(i));
    }
  };
  await Promise.all(Array.from({ length: Math.min(WRITE_WINDOW, count) }, lane));
  return Number(process.hrtime.bigint() - start) / 1e6;
}

export interface SimpleTestOptions extends ClientVerbOptions {
  readonly ensemble: number;
  readonly writeQuorum: number;
  readonly ackQuorum: number;
  readonly numEntries: number;
  /** Payload size in bytes (default 1024). */
  readonly entrySize?: number;
}

/** simpletest: create a ledger, write numEntries, read them back and compare, delete it. */
export async function simpletest(o: SimpleTestOptions): Promise<string[]> {
  const n = positiveInt(o.numEntries, 'numEntries');
  const size = positiveInt(o.entrySize ?? 1024, 'entrySize');
  return withClient(o, async (bk) => {
    const lines: string[] = [];
    const w = await bk.createLedger({ ensembleSize: o.ensemble, writeQuorumSize: o.writeQuorum, ackQuorumSize: o.ackQuorum, digestType: 'CRC32C', password: o.password ?? '' });
    lines.push(`Created ledger ${w.ledgerId} (ensemble ${w.ledgerMetadata.segments[0]!.bookies.join(',')})`);
    const payloadOf = (i: number) => {
      const b = Buffer.alloc(size, 0x61 + (i % 26));
      b.write(`${i}:`, 0, 'latin1');
      return b;
    };
    const ms = await writeEntries(w, n, payloadOf);
    lines.push(`Wrote ${n} entries of ${size} bytes in ${ms.toFixed(0)} ms: ${((n * 1000) / ms).toFixed(0)} adds/s, ${((n * size * 1000) / ms / 1e6).toFixed(2)} MB/s`);
    await w.close();
    const r = await bk.openLedger(w.ledgerId, { password: o.password ?? '' });
    let read = 0;
    for (let first = 0n; first <= r.lastAddConfirmed; first += 10_000n) {
      const last = first + 9_999n < r.lastAddConfirmed ? first + 9_999n : r.lastAddConfirmed;
      for (const e of await r.read(first, last)) {
        if (!e.payload.equals(payloadOf(Number(e.entryId)))) throw new QuireError('INTERNAL', `entry ${e.entryId} of ledger ${w.ledgerId} read back different bytes`);
        read++;
      }
    }
    if (read !== n) throw new QuireError('INTERNAL', `read back ${read} entries of ledger ${w.ledgerId}, wrote ${n}`);
    lines.push(`Read back ${read} entries: all match`);
    await bk.deleteLedger(w.ledgerId);
    lines.push(`Deleted ledger ${w.ledgerId}`);
    return lines;
  });
}

function printable(b: Buffer): string {
  return /^[\x20-\x7e]*$/.test(b.toString('latin1')) ? b.toString('latin1') : `0x${b.toString('hex')}`;
}

export interface ReadLedgerOptions extends ClientVerbOptions {
  readonly ledgerId: bigint;
  readonly firstEntryId?: bigint | undefined;
  /** Default: the last entry (closed) or the LAC (open). */
  readonly lastEntryId?: bigint | undefined;
}

/** readledger: prints entries without recovering the ledger (BookKeeper's openLedgerNoRecovery). */
export async function readledger(o: ReadLedgerOptions): Promise<string[]> {
  return withClient(o, async (bk) => {
    const r = await bk.openLedger(o.ledgerId, { password: o.password ?? '' });
    const first = o.firstEntryId ?? 0n;
    const last = o.lastEntryId ?? r.lastAddConfirmed;
    if (first < 0n) throw new QuireError('INVALID_ARGUMENT', `firstentryid must be >= 0, got ${first}`);
    if (last < first) return [`Ledger ${o.ledgerId}: no entries in [${first}, ${last}] (last add confirmed ${r.lastAddConfirmed})`];
    if (last - first + 1n > BigInt(MAX_READLEDGER_ENTRIES)) throw new QuireError('INVALID_ARGUMENT', `range of ${last - first + 1n} entries; readledger prints at most ${MAX_READLEDGER_ENTRIES}`);
    // Past the LAC of an open ledger: unconfirmed entries, which recovery might still drop.
    const entries = last > r.lastAddConfirmed && !r.isClosed ? await r.readUnconfirmed(first, last) : await r.read(first, last);
    return entries.map((e) => `--------- Lid=${o.ledgerId}, Eid=${e.entryId}, length=${e.payload.length} ---------\n${printable(e.payload)}`);
  });
}

export interface RecoverOptions extends ClientVerbOptions {
  readonly ledgerId: bigint;
}

/** recover: fences the ledger's bookies and closes it (ledger recovery); prints its end. */
export async function recover(o: RecoverOptions): Promise<string[]> {
  return withClient(o, async (bk) => {
    const r = await bk.openLedger(o.ledgerId, { password: o.password ?? '', recovery: true });
    const m = r.ledgerMetadata;
    return [`Ledger ${o.ledgerId} is ${m.state}: lastEntryId=${m.lastEntryId}, length=${m.length}, segments=${m.segments.length}`];
  });
}

export interface BookieSanityOptions extends ClientVerbOptions {
  /** Entries to write (BookKeeper's default 10). */
  readonly entries?: number;
  /** The bookie to test; default: the only writable bookie, or the first one listening on loopback. */
  readonly bookieId?: string | undefined;
}

/** bookiesanity: writes and reads back a few entries on a ledger placed on one (the local) bookie. */
export async function bookiesanity(o: BookieSanityOptions): Promise<string[]> {
  const n = positiveInt(o.entries ?? 10, 'entries');
  let bookieId = o.bookieId;
  if (bookieId === undefined) {
    const svc = await openMetadataService(o.metadataServiceUri);
    try {
      const ids = await svc.registration.getWritableBookies();
      const local = ids.filter((id) => /^(127\.|localhost:|\[::1\]:)/.test(id));
      bookieId = ids.length === 1 ? ids[0] : local[0];
      if (bookieId === undefined) throw new QuireError('NOT_ENOUGH_BOOKIES', ids.length === 0 ? 'no writable bookie is registered' : `several bookies are registered (${ids.join(', ')}); choose one with -bookie`);
    } finally {
      await svc.close();
    }
  }
  const target = bookieId;
  return withClient(
    o,
    async (bk) => {
      const w = await bk.createLedger({ ensembleSize: 1, writeQuorumSize: 1, ackQuorumSize: 1, digestType: 'CRC32C', password: o.password ?? '' });
      const payloadOf = (i: number) => Buffer.from(`bookiesanity-${i}`);
      await writeEntries(w, n, payloadOf);
      await w.close();
      const r = await bk.openLedger(w.ledgerId, { password: o.password ?? '' });
      const back = await r.read(0n, r.lastAddConfirmed);
      const ok = back.length === n && back.every((e, i) => e.payload.equals(payloadOf(i)));
      await bk.deleteLedger(w.ledgerId);
      if (!ok) throw new QuireError('INTERNAL', `bookie sanity test failed on ${target}: read back ${back.length} entries, some differ or are missing`);
      return [`Bookie sanity test succeeded on ${target}: wrote and read back ${n} entries on ledger ${w.ledgerId}`];
    },
    { placement: new LocalBookiePlacementPolicy(target) },
  );
}

/** BookKeeper's one-dash long flags → commander's long options. */
const ONE_DASH_FLAGS: Record<string, string> = {
  '-ensemble': '--ensemble',
  '-writeQuorum': '--writeQuorum',
  '-ackQuorum': '--ackQuorum',
  '-numEntries': '--numEntries',
  '-entrySize': '--entrySize',
  '-ledgerid': '--ledgerid',
  '-firstentryid': '--firstentryid',
  '-lastentryid': '--lastentryid',
  '-entries': '--entries',
  '-bookie': '--bookie',
  '-password': '--password',
  '-metadataServiceUri': '--metadataServiceUri',
};

export function normalizeClientShellFlags(argv: readonly string[]): string[] {
  return argv.map((a) => ONE_DASH_FLAGS[a] ?? a);
}

/** A verb that also accepts -flag for --flag (commander would split -ledgerid into -l -e -d ...). */
class BookKeeperVerb extends Command {
  override parseOptions(argv: string[]): ReturnType<Command['parseOptions']> {
    return super.parseOptions(normalizeClientShellFlags(argv));
  }
}

function intOption(name: string): (v: string) => number {
  return (v) => {
    if (!/^[0-9]{1,9}$/.test(v)) throw new QuireError('INVALID_ARGUMENT', `${name} must be a non-negative integer, got ${JSON.stringify(v)}`);
    return Number(v);
  };
}

interface CommonFlags {
  metadataServiceUri?: string;
  password?: string;
  protocol?: string;
}

function common(o: CommonFlags, cmd: Command): ClientVerbOptions {
  if (o.protocol !== undefined && o.protocol !== 'v2' && o.protocol !== 'v3') throw new QuireError('INVALID_ARGUMENT', `--protocol must be v2 or v3, got ${JSON.stringify(o.protocol)}`);
  return { metadataServiceUri: uriOf(cmd, o), password: o.password, protocol: o.protocol as 'v2' | 'v3' | undefined, tls: tlsOf(cmd, o) };
}

/** Adds simpletest, readledger, recover and bookiesanity to `shell`. Output goes to print (stdout by default). */
export function registerClientShellCommands(shell: Command, print: (line: string) => void = (l) => console.log(l)): Command {
  const uriHelp = 'metadata service URI, e.g. zk+hierarchical://127.0.0.1:2181/ledgers or embedded:///path (default: embedded ./quire-data/metadata)';
  const out = (lines: string[]): void => lines.forEach((l) => print(l));
  const verb = (name: string, description: string) =>
    shell
      .addCommand(new BookKeeperVerb(name).description(description))
      .commands.at(-1)!
      .option('--metadataServiceUri <uri>', uriHelp)
      .option('--password <password>', 'ledger password (default empty, as BookKeeper\'s shell)')
      .option('--protocol <v3|v2>', 'bookie wire protocol (default v3)');

  verb('simpletest', 'create a ledger, write entries, read them back, delete it (-ensemble -writeQuorum -ackQuorum -numEntries)')
    .option('--ensemble <n>', 'ensemble size', intOption('ensemble'), 3)
    .option('--writeQuorum <n>', 'write quorum size', intOption('writeQuorum'), 2)
    .option('--ackQuorum <n>', 'ack quorum size', intOption('ackQuorum'), 2)
    .option('--numEntries <n>', 'entries to write', intOption('numEntries'), 100)
    .option('--entrySize <bytes>', 'payload size', intOption('entrySize'), 1024)
    .action(async (o: CommonFlags & { ensemble: number; writeQuorum: number; ackQuorum: number; numEntries: number; entrySize: number }, cmd: Command) =>
      out(await simpletest({ ...common(o, cmd), ensemble: o.ensemble, writeQuorum: o.writeQuorum, ackQuorum: o.ackQuorum, numEntries: o.numEntries, entrySize: o.entrySize })),
    );

  verb('readledger', 'print the entries of a ledger without recovering it (-ledgerid [-firstentryid -lastentryid])')
    .requiredOption('--ledgerid <id>', 'ledger id')
    .option('--firstentryid <id>', 'first entry (default 0)')
    .option('--lastentryid <id>', 'last entry (default: the last confirmed one)')
    .action(async (o: CommonFlags & { ledgerid: string; firstentryid?: string; lastentryid?: string }, cmd: Command) =>
      out(
        await readledger({
          ...common(o, cmd),
          ledgerId: parseId(o.ledgerid, 'ledgerid'),
          firstEntryId: o.firstentryid === undefined ? undefined : parseId(o.firstentryid, 'firstentryid'),
          lastEntryId: o.lastentryid === undefined ? undefined : parseId(o.lastentryid, 'lastentryid'),
        }),
      ),
    );

  verb('recover', 'recover <bookie[,bookie]>: re-replicate everything on those bookies elsewhere (BookKeeper\'s recover); recover -ledgerid N: fence and close one ledger')
    .argument('[bookies]', 'bookie ids, comma-separated')
    .option('--ledgerid <id>', 'ledger id')
    .action(async (bookies: string | undefined, o: CommonFlags & { ledgerid?: string }, cmd: Command) => {
      if (bookies !== undefined) {
        const r = await recoverbookie(uriOf(cmd, o), bookies.split(',').filter((b) => b !== ''), tlsOf(cmd, o));
        out(r.lines);
        if (!r.ok) process.exitCode = 1;
        return;
      }
      if (o.ledgerid === undefined) throw new QuireError('INVALID_ARGUMENT', 'recover needs <bookie[,bookie]> or -ledgerid N');
      out(await recover({ ...common(o, cmd), ledgerId: parseId(o.ledgerid, 'ledgerid') }));
    });

  verb('bookiesanity', 'write and read back a few entries on a ledger placed on one bookie (-entries, -bookie)')
    .option('--entries <n>', 'entries to write', intOption('entries'), 10)
    .option('--bookie <bookieId>', 'bookie to test (default: the local one)')
    .action(async (o: CommonFlags & { entries: number; bookie?: string }, cmd: Command) => out(await bookiesanity({ ...common(o, cmd), entries: o.entries, bookieId: o.bookie })));
  return shell;
}
