// ZooKeeper ACLs and authentication of the ZooKeeper driver.
//
// digestCredentials: every session authenticates as that digest identity (add_auth) before any
// other call, so the store can work on nodes protected for it.
//
// zkEnableSecurity (BookKeeper's key; ZkUtils.getACLs): every node the store creates gets
// CREATOR_ALL_ACL, i.e. all permissions for the digest identity the session authenticated as.
// The binding's create always sends OPEN_ACL_UNSAFE (it takes no ACL), so the ACL is set right
// after the create: between the two the node is open to anyone (docs/security.md, "ZooKeeper ACLs").
import { QuireError } from '../../../common/errors.js';
import { childLogger } from '../../../common/logger.js';
import { checkPath } from '../../metadata-store.js';
import { CREATOR_ALL_ACL, ZOO_PERM_ALL, type ZkAcl, type ZkClient, type ZkStat } from './zookeeper-client.js';
import type { DigestCredentials } from './zookeeper-digest.js';

const log = childLogger('metadata-zookeeper');

/** A C-client callback: rc, error text, then the call's results. */
export type ZkCallback<T extends unknown[]> = (rc: number, err: string, ...rest: T) => void;

/**
 * What ACL handling needs of the store: its two ways of running a call (the store owns the
 * session and the retry policy, so both stay there) and its record of ephemeral nodes.
 */
export interface ZkCalls {
  readonly location: string;
  /** One call on the given session's client, bounded by opTimeoutMs. */
  call<T extends unknown[]>(zk: ZkClient, what: string, start: (cb: ZkCallback<T>) => number): Promise<T>;
  /** One operation on the current session, retried when the connection is lost under it. */
  op<T extends unknown[]>(what: string, start: (zk: ZkClient, cb: ZkCallback<T>) => number, afterRetry?: (e: QuireError) => Promise<T | undefined>): Promise<T>;
  /** A node that could not be protected was deleted: it must not be re-created after expiry. */
  forgetEphemeral(path: string): void;
}

export class ZooKeeperAcl {
  constructor(
    private readonly calls: ZkCalls,
    private readonly enableSecurity: boolean,
    private readonly credentials: DigestCredentials | undefined,
  ) {
    if (enableSecurity && credentials === undefined) {
      throw new QuireError('CONFIG_INVALID', 'zkEnableSecurity=true needs ZooKeeper credentials (zkDigestCredentialsPath): without an identity, CREATOR_ALL_ACL protects nothing');
    }
  }

  /** add_auth('digest', ...) on a new session; the C client re-sends it itself on reconnects of that session. */
  async authenticate(zk: ZkClient): Promise<void> {
    const creds = this.credentials;
    if (!creds) return;
    try {
      await this.calls.call<[]>(zk, `add_auth digest as ${creds.user}`, (cb) => zk.add_auth('digest', creds.authString(), cb));
    } catch (e) {
      const code = e instanceof QuireError && e.code === 'METADATA_ACCESS_DENIED' ? 'METADATA_ACCESS_DENIED' : 'METADATA_UNAVAILABLE';
      throw new QuireError(code, `ZooKeeper at ${this.calls.location} did not accept digest authentication as ${creds.user}: ${(e as Error).message}`, { cause: e });
    }
  }

  /**
   * zkEnableSecurity: CREATOR_ALL_ACL on a node this session just created. Version 0 (a new node's
   * ACL version): if anyone changed the ACL in the window since the create, this fails rather than
   * overwrite it. On failure the node is deleted again (a node Quire made must not stay open) and
   * the error says whether that worked. `zk`: the session to use (recovery's new one, not yet
   * ready), or undefined for the current one with the store's retries.
   */
  async protect(zk: ZkClient | undefined, path: string): Promise<void> {
    if (!this.enableSecurity) return;
    const what = `setACL ${path}`;
    const { calls } = this;
    try {
      if (zk) await calls.call<[]>(zk, what, (cb) => zk.a_set_acl(path, 0, CREATOR_ALL_ACL, cb));
      else await calls.op<[]>(what, (z, cb) => z.a_set_acl(path, 0, CREATOR_ALL_ACL, cb), async (e) => (e.code === 'METADATA_VERSION_CONFLICT' && (await this.hasCreatorAcl(path)) ? [] : undefined));
    } catch (e) {
      const err = e instanceof QuireError ? e : new QuireError('METADATA_UNAVAILABLE', String(e));
      let outcome: string;
      try {
        if (zk) await calls.call<[]>(zk, `delete ${path}`, (cb) => zk.a_delete_(path, -1, cb));
        else await calls.op<[]>(`delete ${path}`, (z, cb) => z.a_delete_(path, -1, cb));
        outcome = 'the node was deleted again';
      } catch (d) {
        // NOT_FOUND: already gone (an ephemeral whose session expired in the meantime).
        if (d instanceof QuireError && d.code === 'METADATA_NOT_FOUND') outcome = 'the node is gone';
        else outcome = `deleting it failed too (${(d as Error).message}): it is left with an open ACL; delete it or set its ACL by hand`;
      }
      calls.forgetEphemeral(path);
      log.error({ path, err: err.message }, `zkEnableSecurity: could not set the ACL of a node just created; ${outcome}`);
      // Refused or tampered with (ACL version moved): a retry will not help. Connection or session
      // lost (an ephemeral is then gone, NOT_FOUND): it may.
      const denied = err.code === 'METADATA_ACCESS_DENIED' || err.code === 'METADATA_VERSION_CONFLICT' || err.code === 'INVALID_ARGUMENT';
      const code = denied ? 'METADATA_ACCESS_DENIED' : 'METADATA_UNAVAILABLE';
      throw new QuireError(code, `ZooKeeper ${what}: created ${path} but could not give it CREATOR_ALL_ACL (${err.message}); ${outcome}`, { cause: e });
    }
  }

  /** Whether the node's ACL is exactly all permissions for this store's digest identity. */
  private async hasCreatorAcl(path: string): Promise<boolean> {
    const [acl] = await this.calls.op<[ZkAcl[] | null, ZkStat | null]>(`getACL ${path}`, (zk, cb) => zk.a_get_acl(path, cb));
    const id = this.credentials?.id();
    return acl?.length === 1 && acl[0]!.scheme === 'digest' && acl[0]!.auth === id && acl[0]!.perms === ZOO_PERM_ALL;
  }

  /** The node's ACL (as the server holds it), e.g. for checks and tests. */
  async getAcl(path: string): Promise<{ perms: number; scheme: string; id: string }[]> {
    checkPath(path);
    const [acl] = await this.calls.op<[ZkAcl[] | null, ZkStat | null]>(`getACL ${path}`, (zk, cb) => zk.a_get_acl(path, cb));
    return (acl ?? []).map((a) => ({ perms: a.perms, scheme: a.scheme, id: a.auth }));
  }
}
