// `quire gateway`'s ZooKeeper security flags, by BookKeeper's key names in flag form:
// --zk-enable-security (zkEnableSecurity) and --zk-digest-credentials-path (zkDigestCredentialsPath;
// a file, so the password is never in argv). The bookie, `quire autorecovery` and `quire shell` read
// the same keys from their bk_server.conf (metadataOptionsOf in bookie-command.ts).
import type { Command } from 'commander';
import { zooKeeperSecurityOptions } from '../metadata/drivers/zookeeper/zookeeper-digest.js';
import type { OpenOptions } from '../metadata/metadata-service.js';

export interface ZooKeeperSecurityFlagValues {
  zkEnableSecurity?: boolean;
  zkDigestCredentialsPath?: string;
}

export function addZooKeeperSecurityFlags(cmd: Command): Command {
  return cmd
    .option('--zk-enable-security', 'zkEnableSecurity: every znode this gateway creates gets CREATOR_ALL_ACL (needs --zk-digest-credentials-path)')
    .option('--zk-digest-credentials-path <file>', 'zkDigestCredentialsPath: file holding "user:password" for ZooKeeper digest authentication');
}

/** The metadata store options for those flags (CONFIG_INVALID: security without credentials). */
export function zooKeeperOptionsFromFlags(o: ZooKeeperSecurityFlagValues): OpenOptions {
  const security = zooKeeperSecurityOptions({ zkEnableSecurity: o.zkEnableSecurity === true, zkDigestCredentialsPath: o.zkDigestCredentialsPath });
  return { zookeeper: security };
}
