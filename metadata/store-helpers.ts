// Multi-step helpers over a MetadataStore that BookKeeper's layout needs (ZooKeeper's own API has
// no "create with parents" or recursive delete; BookKeeper's ZkUtils adds the same ones).
import { isQuireError } from '../common/errors.js';
import { ANY_VERSION, joinPath, parentOf, type CreateMode, type MetadataStore, type NodeData } from './metadata-store.js';

/** Creates missing ancestors of `path` as empty persistent nodes (existing ones are fine). */
export async function ensureParents(store: MetadataStore, path: string): Promise<void> {
  const parts = parentOf(path).split('/').filter((p) => p !== '');
  let cur = '';
  for (const p of parts) {
    cur += `/${p}`;
    if ((await store.exists(cur)) !== undefined) continue;
    try {
      await store.create(cur, Buffer.alloc(0), 'persistent');
    } catch (e) {
      if (!isQuireError(e, 'METADATA_EXISTS')) throw e;
    }
  }
}

/** create, and on a missing parent create the parents and try once more. */
export async function createWithParents(store: MetadataStore, path: string, data: Buffer, mode: CreateMode): Promise<string> {
  try {
    return await store.create(path, data, mode);
  } catch (e) {
    if (!isQuireError(e, 'METADATA_NOT_FOUND')) throw e;
  }
  await ensureParents(store, path);
  return store.create(path, data, mode);
}

/** Data and stat, or undefined if the node is absent. */
export async function getIfExists(store: MetadataStore, path: string): Promise<NodeData | undefined> {
  try {
    return await store.get(path);
  } catch (e) {
    if (isQuireError(e, 'METADATA_NOT_FOUND')) return undefined;
    throw e;
  }
}

/** Children, or [] if the node is absent. */
export async function childrenIfExists(store: MetadataStore, path: string): Promise<string[]> {
  try {
    return await store.getChildren(path);
  } catch (e) {
    if (isQuireError(e, 'METADATA_NOT_FOUND')) return [];
    throw e;
  }
}

/** Deletes a node and everything under it (depth first). Absent nodes are fine. */
export async function deleteRecursive(store: MetadataStore, path: string): Promise<void> {
  for (const c of await childrenIfExists(store, path)) await deleteRecursive(store, joinPath(path, c));
  try {
    await store.delete(path, ANY_VERSION);
  } catch (e) {
    if (!isQuireError(e, 'METADATA_NOT_FOUND')) throw e;
  }
}
