// BookKeeper's shell verbs over a bookie's identity and directories (the bookie must be stopped:
// each checks the ledger index lock first, see local-files.ts):
//   updatecookie -bookieId hostname|ip | -expandstorage | -list | -delete [force]
//   bookieformat [-nonInteractive] [-force] [-deleteCookie]
// The cookie lives in <root>/cookies/<bookieId> and in every directory's current/VERSION
// (metadata/cookie.ts); the bookie id is the config's (bookieIdOf, with bookiePort).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import { QuireError, isQuireError } from '../../common/errors.js';
import { bookieIdOf, type BookieConfig } from '../../bookie/bookie-config.js';
import { readInstanceId } from '../../metadata/cluster-layout.js';
import { cookieDifferences, cookieFile, cookiePath, makeCookie, readCookie, readCookieFromDirectory, writeCookie, writeCookieToDirectory, type Cookie } from '../../metadata/cookie.js';
import type { MetadataService } from '../../metadata/metadata-service.js';
import { assertNoBookieRunning, confirmPrompt, journalDirsOf, ledgerDirsOf } from './local-files.js';
import { openShellMetadata, settingsOf, type ShellSettings } from './shell-config.js';

async function withService<T>(s: ShellSettings, fn: (svc: MetadataService) => Promise<T>): Promise<T> {
  const svc = await openShellMetadata(s.metadataServiceUri);
  try {
    return await fn(svc);
  } finally {
    await svc.close();
  }
}

function allDirs(config: BookieConfig): string[] {
  return [...journalDirsOf(config), ...ledgerDirsOf(config)];
}

/** The directories the bookie writes cookies to (bookie-registrar.ts: every configured directory, as BookKeeper). */
function cookieDirs(config: BookieConfig): string[] {
  return [...new Set(allDirs(config))];
}

function bookieIdOfConfig(config: BookieConfig): string {
  return bookieIdOf(config, config.bookiePort);
}

async function deleteLocalCookies(config: BookieConfig): Promise<string[]> {
  const deleted: string[] = [];
  for (const d of allDirs(config)) {
    const f = cookieFile(d);
    try {
      await fs.promises.unlink(f);
      deleted.push(f);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw new QuireError('IO_ERROR', `cannot delete ${f}: ${(e as Error).message}`, { cause: e });
    }
  }
  return deleted;
}

/** Deletes <root>/cookies/<bookieId> (compare-and-set on its version); false when there is none. */
export async function deleteClusterCookie(svc: MetadataService, bookieId: string): Promise<boolean> {
  const stored = await readCookie(svc.store, svc.root, bookieId);
  if (!stored) return false;
  await svc.store.delete(cookiePath(svc.root, bookieId), stored.version);
  return true;
}

/** updatecookie -list / -delete [force]: the local cookie files and the cluster's cookie. */
export async function listOrDeleteCookies(s: ShellSettings, o: { delete: boolean; force: boolean }): Promise<string[]> {
  const id = bookieIdOfConfig(s.config);
  const lines: string[] = [];
  if (o.delete) await assertNoBookieRunning(ledgerDirsOf(s.config));
  const local: string[] = [];
  for (const d of allDirs(s.config)) if (fs.existsSync(cookieFile(d))) local.push(cookieFile(d));
  if (local.length === 0) lines.push(`No local cookies for Bookie ${id}`);
  else if (o.delete) {
    if (o.force || (await confirmPrompt('Are you sure you want to delete Cookies locally?'))) {
      await deleteLocalCookies(s.config);
      lines.push(`Deleted Local Cookies of Bookie ${id}`, ...local.map((f) => `  ${f}`));
    } else lines.push(`Skipping deleting local Cookies of Bookie ${id}`);
  } else lines.push(`Listing local Cookie Files of Bookie ${id}`, ...local);
  await withService(s, async (svc) => {
    const stored = await readCookie(svc.store, svc.root, id);
    if (!stored) lines.push(`No cookie for Bookie ${id} in metadata store`);
    else if (o.delete) {
      if (o.force || (await confirmPrompt('Are you sure you want to delete Cookies from metadata store?'))) {
        await deleteClusterCookie(svc, id);
        lines.push(`Deleted Cookie from metadata store for Bookie ${id}`);
      } else lines.push(`Skipping deleting cookie from metadata store for Bookie ${id}`);
    } else lines.push(`Cookie of Bookie ${id} in metadata store: ${cookiePath(svc.root, id)}`);
  });
  return lines;
}

function isEmptyDir(d: string): boolean {
  try {
    return fs.readdirSync(d).filter((n) => n !== 'current').length === 0;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return true;
    throw e;
  }
}

/**
 * updatecookie -expandstorage: the conf lists new, empty directories besides the known ones; the
 * cookie (cluster and every directory) is rewritten to list them all.
 */
export async function expandStorage(s: ShellSettings): Promise<string[]> {
  await assertNoBookieRunning(ledgerDirsOf(s.config));
  const id = bookieIdOfConfig(s.config);
  return withService(s, async (svc) => {
    const stored = await readCookie(svc.store, svc.root, id);
    if (!stored) throw new QuireError('COOKIE_MISMATCH', `no cookie for bookie ${id} at ${cookiePath(svc.root, id)}: start the bookie once before expanding its storage`);
    const old = stored.cookie;
    const added: string[] = [];
    for (const d of allDirs(s.config)) {
      const local = await readCookieFromDirectory(d);
      if (local) {
        const diffs = cookieDifferences(old, local);
        if (diffs.length > 0) throw new QuireError('COOKIE_MISMATCH', `cookie in ${cookieFile(d)} differs from the cluster's: ${diffs.join('; ')}`);
      } else if (!old.journalDirs.includes(d) && !old.ledgerDirs.includes(d)) {
        if (!isEmptyDir(d)) throw new QuireError('COOKIE_MISMATCH', `new directory ${d} is not empty: expanding storage takes empty directories only`);
        added.push(d);
      }
    }
    for (const d of [...old.journalDirs, ...old.ledgerDirs]) {
      if (!allDirs(s.config).includes(d)) throw new QuireError('COOKIE_MISMATCH', `directory ${d} is in the cookie but not in the configuration: -expandstorage only adds directories`);
    }
    const next: Cookie = makeCookie(id, { journalDirs: journalDirsOf(s.config), ledgerDirs: ledgerDirsOf(s.config) }, old.instanceId ?? (await readInstanceId(svc.store, svc.root)));
    await writeCookie(svc.store, svc.root, next, stored.version);
    for (const d of cookieDirs(s.config)) await writeCookieToDirectory(d, next);
    return [`Updated cookie of Bookie ${id} for storage expansion: journalDirs=${next.journalDirs.join(',')} ledgerDirs=${next.ledgerDirs.join(',')}`, ...added.map((d) => `  added ${d}`)];
  });
}

/** The bookie id with its host written as this machine's hostname or as its IP address. */
async function bookieIdAs(config: BookieConfig, form: 'hostname' | 'ip'): Promise<string> {
  const port = config.bookiePort;
  if (form === 'hostname') return `${os.hostname()}:${port}`;
  const host = config.advertisedAddress ?? config.listeningInterface;
  if (/^[0-9.]+$/.test(host) || host.includes(':')) return `${host}:${port}`;
  const { lookup } = await import('node:dns/promises');
  return `${(await lookup(host, { family: 4 })).address}:${port}`;
}

/**
 * updatecookie -bookieId hostname|ip: moves the cookie of the configured bookie id to the id in
 * the other form (cluster and directories). Set bookieId in the conf to the new id afterwards.
 */
export async function updateBookieId(s: ShellSettings, form: 'hostname' | 'ip'): Promise<string[]> {
  await assertNoBookieRunning(ledgerDirsOf(s.config));
  const oldId = bookieIdOfConfig(s.config);
  const newId = await bookieIdAs(s.config, form);
  if (newId === oldId) throw new QuireError('INVALID_ARGUMENT', `the bookie id ${oldId} is already in ${form} form`);
  return withService(s, async (svc) => {
    const stored = await readCookie(svc.store, svc.root, oldId);
    if (!stored) throw new QuireError('COOKIE_MISMATCH', `no cookie for bookie ${oldId} at ${cookiePath(svc.root, oldId)} (already updated, or never registered)`);
    for (const d of cookieDirs(s.config)) {
      const local = await readCookieFromDirectory(d);
      if (local && cookieDifferences(stored.cookie, local).length > 0) throw new QuireError('COOKIE_MISMATCH', `cookie in ${cookieFile(d)} differs from the cluster's`);
    }
    const next: Cookie = { ...stored.cookie, bookieId: newId };
    await writeCookie(svc.store, svc.root, next);
    for (const d of cookieDirs(s.config)) await writeCookieToDirectory(d, next);
    await svc.store.delete(cookiePath(svc.root, oldId), stored.version);
    return [`Updated cookie: bookie id ${oldId} -> ${newId}`, `Set bookieId=${newId} in the bookie's configuration before starting it`];
  });
}

/** bookieformat: wipes the bookie's journal and ledger directories (and its cluster cookie). */
export async function bookieformat(s: ShellSettings, o: { nonInteractive: boolean; force: boolean; deleteCookie: boolean }): Promise<{ lines: string[]; ok: boolean }> {
  await assertNoBookieRunning(ledgerDirsOf(s.config));
  const dirs = allDirs(s.config);
  const hasData = dirs.some((d) => fs.existsSync(d) && fs.readdirSync(d).length > 0);
  if (hasData) {
    const go = o.nonInteractive ? o.force : o.force || (await confirmPrompt('Are you sure to format Bookie data..?'));
    if (!go) return { lines: [o.nonInteractive ? 'Bookie directories hold data; not formatting without -force' : 'Bookie format aborted'], ok: false };
  }
  const lines: string[] = [];
  for (const d of dirs) {
    await fs.promises.mkdir(d, { recursive: true });
    for (const n of await fs.promises.readdir(d)) await fs.promises.rm(path.join(d, n), { recursive: true, force: true });
    lines.push(`Formatted ${d}`);
  }
  if (o.deleteCookie) {
    const id = bookieIdOfConfig(s.config);
    await withService(s, async (svc) => {
      try {
        lines.push((await deleteClusterCookie(svc, id)) ? `Deleted cookie of Bookie ${id} from metadata store` : `No cookie for Bookie ${id} in metadata store`);
      } catch (e) {
        if (!isQuireError(e, 'METADATA_NOT_FOUND')) throw e;
        lines.push(`No cookie for Bookie ${id} in metadata store`);
      }
    });
  }
  lines.push('Bookie format completed');
  return { lines, ok: true };
}

/** Adds updatecookie and bookieformat to `shell`. */
export function registerCookieShellCommands(shell: Command, print: (line: string) => void = (l) => console.log(l)): Command {
  const uriHelp = 'metadata service URI (default: the -conf file\'s, else the embedded store)';
  const out = (lines: string[]): void => lines.forEach((l) => print(l));
  shell
    .command('updatecookie')
    .description("update the bookie's cookie: exactly one of -bookieId hostname|ip, -expandstorage, -list, -delete [force]")
    .option('--metadataServiceUri <uri>', uriHelp)
    .option('--bookieId <form>', 'rewrite the bookie id in the cookie as hostname or ip')
    .option('--expandstorage', 'add the new, empty directories of the conf to the cookie')
    .option('--list', 'list the local cookie files and the cluster cookie')
    .option('--delete [force]', 'delete the cookie locally and in the metadata store (force: no prompt)')
    .action(async (o: { metadataServiceUri?: string; bookieId?: string; expandstorage?: boolean; list?: boolean; delete?: string | boolean }, cmd: Command) => {
      const chosen = [o.bookieId !== undefined, o.expandstorage === true, o.list === true, o.delete !== undefined].filter(Boolean).length;
      if (chosen !== 1) throw new QuireError('INVALID_ARGUMENT', 'updatecookie: give exactly one of -bookieId hostname|ip, -expandstorage, -list, -delete [force]');
      const s = settingsOf(cmd, o);
      if (o.bookieId !== undefined) {
        if (o.bookieId !== 'hostname' && o.bookieId !== 'ip') throw new QuireError('INVALID_ARGUMENT', `-bookieId takes hostname or ip, got ${JSON.stringify(o.bookieId)}`);
        out(await updateBookieId(s, o.bookieId));
      } else if (o.expandstorage) out(await expandStorage(s));
      else if (o.list) out(await listOrDeleteCookies(s, { delete: false, force: false }));
      else {
        if (o.delete !== true && o.delete !== 'force') throw new QuireError('INVALID_ARGUMENT', `-delete takes no value or "force", got ${JSON.stringify(o.delete)}`);
        out(await listOrDeleteCookies(s, { delete: true, force: o.delete === 'force' }));
      }
    });
  shell
    .command('bookieformat')
    .description("format the bookie's journal and ledger directories (the bookie must be stopped)")
    .option('--metadataServiceUri <uri>', uriHelp)
    .option('-n, --nonInteractive', 'do not prompt; without -force, refuse when data exists')
    .option('-f, --force', 'delete existing data without prompting')
    .option('-d, --deleteCookie', "also delete the bookie's cookie in the metadata store")
    .action(async (o: { metadataServiceUri?: string; nonInteractive?: boolean; force?: boolean; deleteCookie?: boolean }, cmd: Command) => {
      const r = await bookieformat(settingsOf(cmd, o), { nonInteractive: o.nonInteractive === true, force: o.force === true, deleteCookie: o.deleteCookie === true });
      out(r.lines);
      if (!r.ok) process.exitCode = 1;
    });
  return shell;
}
