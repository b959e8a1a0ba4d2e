// The metadata service a bookie's configuration names, and how to open it: shared by `quire
// bookie`, `quire autorecovery` and the shell (kept apart from bookie-command.ts so the shell
// does not import the bookie command, which imports the admin client, which imports shell verbs).
import type { BookieConfig } from '../bookie/bookie-config.js';
import type { OpenOptions } from '../metadata/metadata-service.js';
import { zooKeeperSecurityOptions } from '../metadata/drivers/zookeeper/zookeeper-digest.js';

/** metadataServiceUri, or the legacy zkServers + zkLedgersRootPath pair; undefined = embedded store. */
export function metadataUriOf(config: BookieConfig): string | undefined {
  if (config.metadataServiceUri) return config.metadataServiceUri;
  if (config.zkServers) return `zk+hierarchical://${config.zkServers.replace(/,/g, ';')}${config.zkLedgersRootPath}`;
  return undefined;
}

/**
 * The metadata store options a bk_server.conf gives: the session timeout and ZooKeeper security
 * (zkEnableSecurity without zkDigestCredentialsPath is CONFIG_INVALID here, before anything starts).
 */
export function metadataOptionsOf(config: BookieConfig, uri: string | undefined = metadataUriOf(config)): OpenOptions {
  const security = uri?.startsWith('zk') === true ? zooKeeperSecurityOptions(config) : {};
  return { zookeeper: { sessionTimeoutMs: config.zkTimeout, ...security }, etcd: { sessionTimeoutMs: config.zkTimeout } };
}
