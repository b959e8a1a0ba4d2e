// The parts of the `zookeeper` npm package (the official C client, a native binding) the driver
// uses, typed; its constants; and how its return codes and stats map to Quire's.
import ZooKeeperModule from 'zookeeper';
import { QuireError, type ErrorCode } from '../../../common/errors.js';
import type { CreateMode, NodeStat } from '../../metadata-store.js';

/** The parts of the npm client's callback API this driver uses. */
export interface ZkStat {
  czxid: number;
  mzxid: number;
  pzxid: number;
  ctime: number | Date;
  mtime: number | Date;
  version: number;
  cversion: number;
  ephemeralOwner: number | string;
  createdInThisSession?: boolean;
  numChildren: number;
}
export type WatchCb = (type: number, state: number, path: string) => void;
/** One ACL entry, as the binding takes and returns it. */
export interface ZkAcl {
  readonly perms: number;
  readonly scheme: string;
  readonly auth: string;
}
export interface ZkClient {
  init(config: object): unknown;
  close(): unknown;
  on(event: string, listener: (...args: unknown[]) => void): unknown;
  removeAllListeners(): unknown;
  readonly client_id: string;
  readonly client_password: string;
  a_create(path: string, data: Buffer, flags: number, cb: (rc: number, err: string, path: string) => void): number;
  a_get(path: string, watch: boolean, cb: (rc: number, err: string, stat: ZkStat | null, data: Buffer | null) => void): number;
  a_exists(path: string, watch: boolean, cb: (rc: number, err: string, stat: ZkStat | null) => void): number;
  aw_exists(path: string, watchCb: WatchCb, cb: (rc: number, err: string, stat: ZkStat | null) => void): number;
  a_set(path: string, data: Buffer, version: number, cb: (rc: number, err: string, stat: ZkStat | null) => void): number;
  a_delete_(path: string, version: number, cb: (rc: number, err: string) => void): number;
  a_get_children(path: string, watch: boolean, cb: (rc: number, err: string, children: string[]) => void): number;
  aw_get_children2(path: string, watchCb: WatchCb, cb: (rc: number, err: string, children: string[], stat: ZkStat | null) => void): number;
  add_auth(scheme: string, auth: string, cb: (rc: number, err: string) => void): number;
  a_set_acl(path: string, version: number, acl: readonly ZkAcl[], cb: (rc: number, err: string) => void): number;
  a_get_acl(path: string, cb: (rc: number, err: string, acl: ZkAcl[] | null, stat: ZkStat | null) => void): number;
}
interface ZkModule {
  new (config: object): ZkClient;
  constants: Record<string, number>;
  readonly ZOO_CREATOR_ALL_ACL: ZkAcl;
}
export const ZooKeeper = ZooKeeperModule as unknown as ZkModule;
const C = ZooKeeper.constants;
export const ZOK = C.ZOK!;
export const ZNONODE = C.ZNONODE!;
export const ZOO_SESSION_EVENT = C.ZOO_SESSION_EVENT!;
export const ZOO_PERM_ALL = C.ZOO_PERM_ALL!;
/** ZooDefs.Ids.CREATOR_ALL_ACL: every permission for the identities the session authenticated as. */
export const CREATOR_ALL_ACL: readonly ZkAcl[] = [ZooKeeper.ZOO_CREATOR_ALL_ACL];

const RC_CODES = new Map<number, ErrorCode>([
  [ZNONODE, 'METADATA_NOT_FOUND'],
  [C.ZNODEEXISTS!, 'METADATA_EXISTS'],
  [C.ZBADVERSION!, 'METADATA_VERSION_CONFLICT'],
  [C.ZNOTEMPTY!, 'INVALID_ARGUMENT'],
  [C.ZNOCHILDRENFOREPHEMERALS!, 'INVALID_ARGUMENT'],
  [C.ZBADARGUMENTS!, 'INVALID_ARGUMENT'],
  // zkEnableSecurity: the node's ACL does not grant this session's identity (or the server refused it).
  [C.ZNOAUTH!, 'METADATA_ACCESS_DENIED'],
  [C.ZAUTHFAILED!, 'METADATA_ACCESS_DENIED'],
  [C.ZINVALIDACL!, 'METADATA_ACCESS_DENIED'],
]);

export const FLAGS: Record<CreateMode, number> = {
  persistent: C.ZOO_PERSISTENT!,
  ephemeral: C.ZOO_EPHEMERAL!,
  'persistent-sequential': C.ZOO_PERSISTENT_SEQUENTIAL!,
  'ephemeral-sequential': C.ZOO_EPHEMERAL_SEQUENTIAL!,
};

export function rcError(rc: number, err: string, what: string): QuireError {
  const code = RC_CODES.get(rc) ?? 'METADATA_UNAVAILABLE';
  return new QuireError(code, `ZooKeeper ${what}: ${err} (rc ${rc})`);
}

export function toStat(s: ZkStat): NodeStat {
  const owner = s.ephemeralOwner;
  return {
    version: s.version,
    cversion: s.cversion,
    ctime: Number(s.ctime),
    mtime: Number(s.mtime),
    ephemeral: owner !== 0 && owner !== '0',
    ownedByThisSession: s.createdInThisSession === true && owner !== 0 && owner !== '0',
    numChildren: s.numChildren,
  };
}
