// How the etcd driver lays the metadata tree out in etcd's flat key space (docs/metadata.md, "etcd").
//
//   quire/n/<depth><path>   the node itself: value = the node's bytes as they are; etcd's own
//                           per-key `version` (1 on create, +1 per put) gives the data version;
//                           the key's lease is the owning session of an ephemeral node.
//   quire/m<path>           the node's bookkeeping: JSON {"cversion","ctime","mtime"}; same lease.
//
// The depth (number of path segments) in the node key makes "the children of P" one contiguous
// key range (quire/n/<depth+1><P>/…) that holds no grandchildren, so getChildren and children
// watches cost the number of children, not the size of the subtree (the hierarchical ledger tree
// below /ledgers holds every ledger).
import { QuireError } from '../../../common/errors.js';

const PREFIX = 'quire/';

function depthOf(path: string): number {
  return path === '/' ? 0 : path.split('/').length - 1;
}

export function nodeKey(path: string): string {
  return `${PREFIX}n/${depthOf(path)}${path}`;
}

export function metaKey(path: string): string {
  return `${PREFIX}m${path}`;
}

/** Key prefix of the children of `path` (their node keys); the child's name follows it. */
export function childrenPrefix(path: string): string {
  return `${PREFIX}n/${depthOf(path) + 1}${path === '/' ? '/' : `${path}/`}`;
}

/** End of the range that starts at `prefix` (etcd's "prefix" range_end: last byte + 1). */
export function prefixEnd(prefix: string): Buffer {
  const b = Buffer.from(prefix);
  b[b.length - 1] = b[b.length - 1]! + 1;
  return b;
}

export interface NodeMeta {
  /** Children created so far (names sequential children). */
  readonly cversion: number;
  readonly ctime: number;
  readonly mtime: number;
}

export function encodeMeta(m: NodeMeta): Buffer {
  return Buffer.from(JSON.stringify({ cversion: m.cversion, ctime: m.ctime, mtime: m.mtime }));
}

export function decodeMeta(path: string, value: Buffer): NodeMeta {
  try {
    const m = JSON.parse(value.toString('utf8')) as Partial<NodeMeta>;
    if (typeof m.cversion === 'number' && typeof m.ctime === 'number' && typeof m.mtime === 'number') return { cversion: m.cversion, ctime: m.ctime, mtime: m.mtime };
  } catch {
    // reported below
  }
  throw new QuireError('METADATA_CORRUPT', `etcd key ${metaKey(path)} (bookkeeping of ${path}) is not {"cversion","ctime","mtime"} JSON`);
}

/**
 * etcd endpoints from a metadataServiceUri authority, as BookKeeper's ServiceURI splits it:
 * "host:2379", "h1:2379;h2:2379" or "h1:2379,h2:2379" → ["http://h1:2379", ...].
 */
export function etcdEndpoints(authority: string): string[] {
  const hosts = authority.split(/[;,]/).filter((s) => s !== '');
  if (hosts.length === 0 || hosts.some((s) => !/^[A-Za-z0-9.\-_[\]:]+:\d+$/.test(s))) {
    throw new QuireError('CONFIG_INVALID', `etcd servers ${JSON.stringify(authority)} must be host:port separated by ';' or ','`);
  }
  return hosts.map((h) => `http://${h}`);
}
