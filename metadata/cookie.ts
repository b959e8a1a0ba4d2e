// Bookie cookies (spec §7.2): the cluster's record of which directories a bookie id owns, kept in
// <root>/cookies/<bookieId> (persistent, compare-and-set by version) and in every journal/ledger
// directory as current/VERSION. A bookie starting with the wrong disks (or a disk from another
// bookie or cluster) is stopped by verifyCookie with a message naming each difference.
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../common/durable-file.js';
import { QuireError, isQuireError } from '../common/errors.js';
import { COOKIES_NODE } from './cluster-layout.js';
import { COOKIE_LAYOUT_VERSION, decodeCookie, encodeCookie, type Cookie } from './formats/cookie-format.js';
import { joinPath, type MetadataStore } from './metadata-store.js';
import { createWithParents, getIfExists } from './store-helpers.js';

export type { Cookie };

export function cookiePath(root: string, bookieId: string): string {
  return joinPath(root, `${COOKIES_NODE}/${bookieId}`);
}

/** The cookie this bookie would write for its current configuration. */
export function makeCookie(bookieId: string, dirs: { journalDirs: readonly string[]; ledgerDirs: readonly string[]; indexDirs?: readonly string[] }, instanceId?: string): Cookie {
  return {
    layoutVersion: COOKIE_LAYOUT_VERSION,
    bookieId,
    journalDirs: [...dirs.journalDirs],
    ledgerDirs: [...dirs.ledgerDirs],
    ...(instanceId !== undefined ? { instanceId } : {}),
    ...(dirs.indexDirs !== undefined && dirs.indexDirs.length > 0 ? { indexDirs: [...dirs.indexDirs] } : {}),
  };
}

export async function readCookie(store: MetadataStore, root: string, bookieId: string): Promise<{ cookie: Cookie; version: number } | undefined> {
  const path = cookiePath(root, bookieId);
  const node = await getIfExists(store, path);
  return node ? { cookie: decodeCookie(node.data, path), version: node.stat.version } : undefined;
}

/** Creates the cookie (version undefined) or replaces it by compare-and-set. Returns the new version. */
export async function writeCookie(store: MetadataStore, root: string, cookie: Cookie, version?: number): Promise<number> {
  const path = cookiePath(root, cookie.bookieId);
  const data = encodeCookie(cookie);
  if (version === undefined) {
    await createWithParents(store, path, data, 'persistent');
    return 0;
  }
  return (await store.set(path, data, version)).version;
}

export function cookieFile(dir: string): string {
  return join(dir, 'current', 'VERSION');
}

/** Writes <dir>/current/VERSION durably (temp file, fsync, rename, fsync of the directory). */
export async function writeCookieToDirectory(dir: string, cookie: Cookie): Promise<void> {
  await mkdir(join(dir, 'current'), { recursive: true });
  await writeFileAtomic(cookieFile(dir), encodeCookie(cookie));
}

/** The cookie in a directory, or undefined if it has none (a new disk). */
export async function readCookieFromDirectory(dir: string): Promise<Cookie | undefined> {
  const file = cookieFile(dir);
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new QuireError('IO_ERROR', `cannot read cookie ${file}: ${(e as Error).message}`, { cause: e });
  }
  return decodeCookie(bytes, file);
}

/** Differences between two cookies, one line per field ("" entries never appear). */
export function cookieDifferences(expected: Cookie, actual: Cookie): string[] {
  const diffs: string[] = [];
  const cmp = (name: string, a: unknown, b: unknown): void => {
    const sa = JSON.stringify(a ?? null);
    const sb = JSON.stringify(b ?? null);
    if (sa !== sb) diffs.push(`${name}: expected ${sa}, found ${sb}`);
  };
  cmp('bookieId', expected.bookieId, actual.bookieId);
  cmp('journalDirs', expected.journalDirs, actual.journalDirs);
  cmp('ledgerDirs', expected.ledgerDirs, actual.ledgerDirs);
  cmp('indexDirs', expected.indexDirs ?? [], actual.indexDirs ?? []);
  if (expected.instanceId !== undefined || actual.instanceId !== undefined) cmp('instanceId', expected.instanceId, actual.instanceId);
  return diffs;
}

/**
 * Throws COOKIE_MISMATCH naming exactly what differs between the cookie this bookie expects
 * (its configuration) and one found at `where` (a znode path or a directory).
 */
export function verifyCookie(expected: Cookie, actual: Cookie, where: string): void {
  const diffs = cookieDifferences(expected, actual);
  if (diffs.length > 0) {
    throw new QuireError('COOKIE_MISMATCH', `cookie at ${where} does not match this bookie: ${diffs.join('; ')}`);
  }
}

/**
 * The start-up check: every directory and the cluster either agree with `expected` or (all of
 * them) have no cookie yet, in which case the cookie is written everywhere. A mix of new and
 * known directories, or any difference, is COOKIE_MISMATCH.
 */
export async function checkAndWriteCookies(store: MetadataStore, root: string, expected: Cookie, dirs: readonly string[]): Promise<{ created: boolean }> {
  const stored = await readCookie(store, root, expected.bookieId);
  const found: { dir: string; cookie: Cookie | undefined }[] = [];
  for (const dir of dirs) found.push({ dir, cookie: await readCookieFromDirectory(dir) });
  if (stored) verifyCookie(expected, stored.cookie, cookiePath(root, expected.bookieId));
  for (const f of found) if (f.cookie) verifyCookie(expected, f.cookie, cookieFile(f.dir));
  const missing = found.filter((f) => f.cookie === undefined).map((f) => f.dir);
  if (stored === undefined && missing.length === found.length) {
    try {
      await writeCookie(store, root, expected);
    } catch (e) {
      if (isQuireError(e, 'METADATA_EXISTS')) throw new QuireError('COOKIE_MISMATCH', `another bookie registered a cookie for ${expected.bookieId} at the same time`);
      throw e;
    }
    for (const dir of dirs) await writeCookieToDirectory(dir, expected);
    return { created: true };
  }
  if (missing.length > 0) {
    throw new QuireError('COOKIE_MISMATCH', `directories without a cookie while the bookie ${stored ? 'is known to the cluster' : 'has cookies in other directories'}: ${missing.join(', ')} (a disk was replaced or wiped?)`);
  }
  if (stored === undefined) {
    throw new QuireError('COOKIE_MISMATCH', `directories carry a cookie for ${expected.bookieId} but the cluster has none at ${cookiePath(root, expected.bookieId)} (wrong cluster, or the cluster was reformatted?)`);
  }
  return { created: false };
}
