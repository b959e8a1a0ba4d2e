// BookKeeper's cluster nodes under the ledgers root (spec §7.1), created by `metaformat`:
// <root> (empty), <root>/available (writable registrations), <root>/available/readonly,
// <root>/INSTANCEID (random UUID, no newline), then <root>/LAYOUT
// ("2\norg.apache.bookkeeper.meta.HierarchicalLedgerManagerFactory:1", no trailing newline).
// ZooKeeper's multi-op is not offered by the npm client, so the nodes are created one by one and
// a half-done format is completed by the next call (every step tolerates "already exists").
import { randomUUID } from 'node:crypto';
import { QuireError, isQuireError } from '../common/errors.js';
import { joinPath, type MetadataStore } from './metadata-store.js';
import { deleteRecursive, ensureParents, getIfExists } from './store-helpers.js';

export const DEFAULT_LEDGERS_ROOT = '/ledgers';
export const AVAILABLE_NODE = 'available';
export const READONLY_NODE = 'readonly';
export const COOKIES_NODE = 'cookies';
export const LAYOUT_NODE = 'LAYOUT';
export const INSTANCEID_NODE = 'INSTANCEID';
export const UNDERREPLICATION_NODE = 'underreplication';
export const IDGEN_NODE = 'idgen';
export const IDGEN_LONG_NODE = 'idgen-long';
/** Names under the root that are never ledger-tree directories (spec §7.5). */
export const RESERVED_ROOT_NAMES: ReadonlySet<string> = new Set([AVAILABLE_NODE, COOKIES_NODE, LAYOUT_NODE, INSTANCEID_NODE, UNDERREPLICATION_NODE, IDGEN_NODE, IDGEN_LONG_NODE]);

export const HIERARCHICAL_FACTORY = 'org.apache.bookkeeper.meta.HierarchicalLedgerManagerFactory';
export const LAYOUT_FORMAT_VERSION = 2;
export const DEFAULT_LAYOUT_TEXT = `${LAYOUT_FORMAT_VERSION}\n${HIERARCHICAL_FACTORY}:1`;

export interface LedgerLayout {
  readonly formatVersion: number;
  readonly factoryClass: string;
  readonly managerVersion: number;
}

/** Parses LAYOUT (format 1 used short names such as "hierarchical"; format 2 class names). */
export function decodeLayout(bytes: Buffer, what: string): LedgerLayout {
  const text = bytes.toString('utf8');
  const lines = text.split('\n');
  const m = /^([0-9]+)$/.exec(lines[0]?.trim() ?? '');
  const m2 = /^(.+):([0-9]+)$/.exec(lines[1]?.trim() ?? '');
  if (!m || !m2 || lines.length > 3 || (lines.length === 3 && lines[2] !== '')) throw new QuireError('METADATA_CORRUPT', `layout at ${what}: cannot parse ${JSON.stringify(text.slice(0, 120))}`);
  const formatVersion = Number(m[1]);
  if (formatVersion < 1 || formatVersion > 2) throw new QuireError('METADATA_CORRUPT', `layout at ${what}: unsupported layout format version ${formatVersion}`);
  return { formatVersion, factoryClass: m2[1]!, managerVersion: Number(m2[2]) };
}

/** True for the layouts whose tree this code reads and writes (Hierarchical, also LongHierarchical's tree). */
export function isSupportedLayout(l: LedgerLayout): boolean {
  return l.factoryClass === HIERARCHICAL_FACTORY || (l.formatVersion === 1 && l.factoryClass === 'hierarchical');
}

export interface FormatResult {
  /** False when the cluster was already formatted (and force was not given). */
  readonly formatted: boolean;
  readonly instanceId: string;
}

/**
 * Formats the cluster under `root`. Without force, an already formatted cluster is left alone
 * (formatted: false). With force, everything under root is deleted first.
 */
export async function formatCluster(store: MetadataStore, root: string, options: { force?: boolean } = {}): Promise<FormatResult> {
  const layoutPath = joinPath(root, LAYOUT_NODE);
  if (options.force) {
    await deleteRecursive(store, root);
  } else {
    const existing = await getIfExists(store, layoutPath);
    if (existing) {
      decodeLayout(existing.data, layoutPath);
      return { formatted: false, instanceId: (await readInstanceId(store, root)) ?? '' };
    }
  }
  await ensureParents(store, root);
  const createIfAbsent = async (path: string, data: Buffer): Promise<void> => {
    try {
      await store.create(path, data, 'persistent');
    } catch (e) {
      if (!isQuireError(e, 'METADATA_EXISTS')) throw e;
    }
  };
  await createIfAbsent(root, Buffer.alloc(0));
  await createIfAbsent(joinPath(root, AVAILABLE_NODE), Buffer.alloc(0));
  await createIfAbsent(joinPath(root, `${AVAILABLE_NODE}/${READONLY_NODE}`), Buffer.alloc(0));
  await createIfAbsent(joinPath(root, INSTANCEID_NODE), Buffer.from(randomUUID(), 'utf8'));
  await createIfAbsent(layoutPath, Buffer.from(DEFAULT_LAYOUT_TEXT, 'utf8'));
  return { formatted: true, instanceId: (await readInstanceId(store, root)) ?? '' };
}

export async function readInstanceId(store: MetadataStore, root: string): Promise<string | undefined> {
  return (await getIfExists(store, joinPath(root, INSTANCEID_NODE)))?.data.toString('utf8');
}

/**
 * Checks that `root` holds a cluster in a layout Quire understands: METADATA_NOT_FOUND if not
 * formatted, METADATA_CORRUPT if LAYOUT is unparseable, CONFIG_INVALID for other ledger managers.
 */
export async function checkClusterLayout(store: MetadataStore, root: string): Promise<LedgerLayout> {
  const path = joinPath(root, LAYOUT_NODE);
  const node = await getIfExists(store, path);
  if (!node) throw new QuireError('METADATA_NOT_FOUND', `no cluster at ${root}: ${path} is missing (run metaformat)`);
  const layout = decodeLayout(node.data, path);
  if (!isSupportedLayout(layout)) {
    throw new QuireError('CONFIG_INVALID', `cluster at ${root} uses ledger manager ${layout.factoryClass}:${layout.managerVersion}; Quire supports ${HIERARCHICAL_FACTORY} only`);
  }
  return layout;
}
