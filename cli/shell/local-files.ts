// What the local-file verbs share: the bookie's directories from the shell's config, the offline
// ledger index (refused while a bookie holds it), printing entry bytes, and the y/N prompt.
//
// LevelDB allows one process per database (an fcntl lock on index/LOCK), so a running bookie's
// index cannot be opened here: the verbs that need the index (ledger, localconsistencycheck) and
// the ones that change a bookie's files (bookieformat, updatecookie) stop with DIRECTORY_IN_USE.
// The journal, lastMark and entry logs are append-only or replaced atomically, so readjournal,
// readlog, lastmark and listfilesondisc read them while the bookie runs (a record being written
// shows up as an incomplete tail). With journalReuseFiles a live segment's records are followed by
// a reused file's stale bytes instead, and a trimmed segment may become another segment while it
// is read: readjournal then reports where its records end, or a bad header.
import fs from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { ClassicLevel } from 'classic-level';
import { QuireError } from '../../common/errors.js';
import type { BookieConfig } from '../../bookie/bookie-config.js';

type Db = ClassicLevel<Buffer, Buffer>;

// As configured (relative to the working directory, like the bookie): cookies record them so.
export function journalDirsOf(config: BookieConfig): string[] {
  return [...config.journalDirectories];
}

export function ledgerDirsOf(config: BookieConfig): string[] {
  return [...config.ledgerDirectories];
}

export function indexDirOf(ledgerDir: string): string {
  return path.join(ledgerDir, 'index');
}

function levelCode(e: unknown): string | undefined {
  for (let c: unknown = e; c instanceof Error; c = (c as Error & { cause?: unknown }).cause) {
    const code = (c as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('LEVEL_')) {
      if (code !== 'LEVEL_DATABASE_NOT_OPEN') return code;
    }
  }
  return undefined;
}

/** True when a LevelDB error (or its cause chain) says another process holds the lock. */
function isLocked(e: unknown): boolean {
  if (levelCode(e) === 'LEVEL_LOCKED') return true;
  for (let c: unknown = e; c instanceof Error; c = (c as Error & { cause?: unknown }).cause) {
    if (/lock/i.test(c.message)) return true;
  }
  return false;
}

function inUse(ledgerDir: string): QuireError {
  return new QuireError('DIRECTORY_IN_USE', `the ledger index in ${ledgerDir} is locked by a running bookie: stop it first (this verb reads or changes the bookie's files offline)`);
}

/**
 * Opens the ledger index of `ledgerDir` for this process alone, or undefined when the directory
 * has no index yet. A running bookie's index is DIRECTORY_IN_USE.
 */
export async function openIndexOffline(ledgerDir: string): Promise<Db | undefined> {
  const dir = indexDirOf(ledgerDir);
  if (!fs.existsSync(dir)) return undefined;
  const db: Db = new ClassicLevel<Buffer, Buffer>(dir, { keyEncoding: 'buffer', valueEncoding: 'buffer', createIfMissing: false });
  try {
    await db.open();
  } catch (e) {
    if (isLocked(e)) throw inUse(ledgerDir);
    throw new QuireError('IO_ERROR', `cannot open the ledger index in ${ledgerDir}: ${(e as Error).message}`, { cause: e });
  }
  return db;
}

/** Throws DIRECTORY_IN_USE when a bookie holds any of the ledger directories' index. */
export async function assertNoBookieRunning(ledgerDirs: readonly string[]): Promise<void> {
  for (const d of ledgerDirs) {
    const db = await openIndexOffline(d);
    await db?.close();
  }
}

/**
 * Entry bytes for a terminal: printable ASCII as is, other bytes as \xNN (a digest-wrapped entry
 * carries binary header and digest bytes before the payload).
 */
export function escapeBytes(b: Buffer): string {
  let s = '';
  for (const x of b) s += x >= 0x20 && x < 0x7f && x !== 0x5c ? String.fromCharCode(x) : `\\x${x.toString(16).padStart(2, '0')}`;
  return s;
}

/** The lines BookKeeper's shell prints for one stored entry (the 24-byte entry header decoded). */
export function describeEntry(ledgerId: bigint, entryId: bigint, offset: number, entry: Buffer, printMsg: boolean): string[] {
  const lines = [`--------- Lid=${ledgerId}, Eid=${entryId}, ByteOffset=${offset}, EntrySize=${entry.length} ---------`];
  if (entry.length < 32) {
    lines.push('Type:           DATA', `Data:           (entry of ${entry.length} bytes, too short for an entry header)`);
    return lines;
  }
  lines.push('Type:           DATA', `LastConfirmed:  ${entry.readBigInt64BE(16)}`, `Length:         ${entry.readBigInt64BE(24)}`);
  // Digest bytes and payload follow the 32-byte header; the digest's size depends on the ledger's
  // digest type, which only the metadata knows, so both are printed (as BookKeeper's shell does).
  if (printMsg) lines.push(`Data:           ${escapeBytes(entry.subarray(32))}`);
  return lines;
}

/** Absolute paths of the files in `dirs` whose name ends with `suffix`, sorted. */
export async function listFiles(dirs: readonly string[], suffix: string): Promise<string[]> {
  const out: string[] = [];
  for (const d of dirs) {
    let names: string[];
    try {
      names = await fs.promises.readdir(d);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw new QuireError('IO_ERROR', `cannot list ${d}: ${(e as Error).message}`, { cause: e });
    }
    for (const n of names) if (n.endsWith(suffix)) out.push(path.resolve(d, n));
  }
  return out.sort();
}

/**
 * BookKeeper's confirmPrompt: asks on stdout, reads one line from stdin; only y/yes confirms.
 * End of input (a script piping nothing) is a no.
 */
export async function confirmPrompt(question: string): Promise<boolean> {
  process.stdout.write(`${question} (Y or N) `);
  const rl = createInterface({ input: process.stdin });
  try {
    const answer = await new Promise<string>((resolve) => {
      rl.once('line', (l) => resolve(l));
      rl.once('close', () => resolve(''));
    });
    process.stdout.write('\n');
    return /^(y|yes)$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}
