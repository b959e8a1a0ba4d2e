// Ledger znode paths of BookKeeper's (hybrid) HierarchicalLedgerManager (spec §7.5):
//   id < 2^31-1: short form <root>/<id10[0:2]>/<id10[2:6]>/L<id10[6:10]>
//   otherwise:   long form  <root>/<id19[0:3]>/<id19[3:7]>/<id19[7:11]>/<id19[11:15]>/L<id19[15:19]>
// e.g. 12345 → /ledgers/00/0001/L2345; 4294967296 → /ledgers/000/0000/0042/9496/L7296.
import { QuireError } from '../common/errors.js';
import { INT64_MAX } from '../common/ids.js';
import { RESERVED_ROOT_NAMES } from './cluster-layout.js';
import { joinPath, type MetadataStore } from './metadata-store.js';
import { childrenIfExists } from './store-helpers.js';

/** Largest id of the short form, exclusive (Integer.MAX_VALUE). */
export const SHORT_ID_LIMIT = 2147483647n;

export function ledgerPath(root: string, ledgerId: bigint): string {
  if (ledgerId < 0n || ledgerId > INT64_MAX) throw new QuireError('INVALID_ARGUMENT', `ledger id out of range: ${ledgerId}`);
  if (ledgerId < SHORT_ID_LIMIT) {
    const s = ledgerId.toString().padStart(10, '0');
    return joinPath(root, `${s.slice(0, 2)}/${s.slice(2, 6)}/L${s.slice(6, 10)}`);
  }
  const s = ledgerId.toString().padStart(19, '0');
  return joinPath(root, `${s.slice(0, 3)}/${s.slice(3, 7)}/${s.slice(7, 11)}/${s.slice(11, 15)}/L${s.slice(15, 19)}`);
}

/** The ledger id of a ledger node path, or undefined if the path is not one. */
export function ledgerIdFromPath(root: string, path: string): bigint | undefined {
  const prefix = root === '/' ? '/' : `${root}/`;
  if (!path.startsWith(prefix)) return undefined;
  const parts = path.slice(prefix.length).split('/');
  const short = parts.length === 3 && /^\d{2}$/.test(parts[0]!) && /^\d{4}$/.test(parts[1]!) && /^L\d{4}$/.test(parts[2]!);
  const long = parts.length === 5 && /^\d{3}$/.test(parts[0]!) && parts.slice(1, 4).every((p) => /^\d{4}$/.test(p)) && /^L\d{4}$/.test(parts[4]!);
  if (!short && !long) return undefined;
  const id = BigInt(parts.join('').replace('L', ''));
  return ledgerPath(root, id) === path ? id : undefined;
}

/**
 * Every ledger id under root, ascending, found by walking the tree as BookKeeper's GC and
 * `listledgers` do: top-level directories of 2 digits (short form) or 3 digits (long form);
 * reserved names and anything else are skipped.
 */
export async function listLedgerIds(store: MetadataStore, root: string): Promise<bigint[]> {
  const ids: bigint[] = [];
  const walk = async (path: string, depth: number, leafDepth: number): Promise<void> => {
    const children = await childrenIfExists(store, path);
    for (const c of children) {
      const child = joinPath(path, c);
      if (depth + 1 === leafDepth) {
        const id = ledgerIdFromPath(root, child);
        if (id !== undefined) ids.push(id);
      } else if (/^\d{4}$/.test(c)) {
        await walk(child, depth + 1, leafDepth);
      }
    }
  };
  for (const top of await childrenIfExists(store, root)) {
    if (RESERVED_ROOT_NAMES.has(top) || top.startsWith('ID-')) continue;
    if (/^\d{2}$/.test(top)) await walk(joinPath(root, top), 1, 3);
    else if (/^\d{3}$/.test(top)) await walk(joinPath(root, top), 1, 5);
  }
  return ids.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * At most `limit` ledger ids above `after`, ascending, reading only the directories that can hold
 * them: the tree's levels are fixed-width decimal chunks, so a directory whose largest possible id
 * is <= after is skipped unread, and the walk stops once the page is full. A page costs a few
 * directory listings (each at most 10 000 names), not one per ledger in the cluster.
 */
export async function listLedgerIdsAfter(store: MetadataStore, root: string, after: bigint, limit: number): Promise<bigint[]> {
  const ids: bigint[] = [];
  const sorted = (names: string[], re: RegExp) => names.filter((n) => re.test(n)).sort();
  // digits: the id's decimal digits so far; width: 10 (short form) or 19 (long form).
  const maxUnder = (digits: string, width: number) => BigInt(digits.padEnd(width, '9'));
  const walk = async (path: string, digits: string, width: number, levelsLeft: number): Promise<void> => {
    const leaf = levelsLeft === 1;
    for (const c of sorted(await childrenIfExists(store, path), leaf ? /^L\d{4}$/ : /^\d{4}$/)) {
      if (ids.length >= limit) return;
      const d = digits + (leaf ? c.slice(1) : c);
      if (maxUnder(d, width) <= after) continue;
      const child = joinPath(path, c);
      if (leaf) {
        const id = ledgerIdFromPath(root, child);
        if (id !== undefined && id > after) ids.push(id);
      } else {
        await walk(child, d, width, levelsLeft - 1);
      }
    }
  };
  const tops = (await childrenIfExists(store, root)).filter((t) => !RESERVED_ROOT_NAMES.has(t));
  // Every short-form id (< 2^31-1) is below every long-form one: short directories first.
  for (const [re, width, levels] of [[/^\d{2}$/, 10, 2], [/^\d{3}$/, 19, 4]] as const) {
    for (const top of sorted(tops, re)) {
      if (ids.length >= limit) return ids;
      if (maxUnder(top, width) <= after) continue;
      await walk(joinPath(root, top), top, width, levels);
    }
  }
  return ids;
}
