// Opening the metadata service from BookKeeper's metadataServiceUri:
//   zk+hierarchical://host:2181;host2:2181/ledgers   (also zk://...; ';' or ',' between servers)
//   etcd://host:2379;host2:2379/ledgers              (etcd v3; ';' or ',' between servers)
//   embedded:///absolute/dir  or  embedded:relative/dir   (root is /ledgers)
//   (none)                    the embedded store in ./quire-data/metadata
// and the layout objects every part uses on top of it.
import { resolve } from 'node:path';
import { QuireError } from '../common/errors.js';
import { RegistrationClient } from './bookie-registration.js';
import { DEFAULT_LEDGERS_ROOT } from './cluster-layout.js';
import { EmbeddedStore, type EmbeddedOptions } from './drivers/embedded/embedded-store.js';
import { etcdEndpoints } from './drivers/etcd/etcd-keys.js';
import type { EtcdOptions } from './drivers/etcd/etcd-store.js';
import { ZooKeeperStore, type ZooKeeperOptions } from './drivers/zookeeper/zookeeper-store.js';
import { LedgerManager } from './ledger-manager.js';
import { checkPath, type MetadataStore } from './metadata-store.js';

export const DEFAULT_EMBEDDED_DIR = './quire-data/metadata';

export type MetadataServiceConfig =
  | { readonly driver: 'zookeeper'; readonly servers: string; readonly root: string }
  | { readonly driver: 'etcd'; readonly endpoints: readonly string[]; readonly root: string }
  | { readonly driver: 'embedded'; readonly dir: string; readonly root: string };

export function parseMetadataServiceUri(uri: string | undefined): MetadataServiceConfig {
  if (uri === undefined || uri === '') return { driver: 'embedded', dir: resolve(DEFAULT_EMBEDDED_DIR), root: DEFAULT_LEDGERS_ROOT };
  const zk = /^zk(?:\+([a-z]+))?:\/\/([^/]+)(\/.*)?$/.exec(uri);
  if (zk) {
    const manager = zk[1];
    if (manager !== undefined && manager !== 'hierarchical') {
      throw new QuireError('CONFIG_INVALID', `metadataServiceUri ${uri}: ledger manager "${manager}" is not supported (use zk+hierarchical://)`);
    }
    const servers = zk[2]!.split(/[;,]/).filter((s) => s !== '');
    if (servers.length === 0 || servers.some((s) => !/^[A-Za-z0-9.\-_[\]:]+:\d+$/.test(s))) {
      throw new QuireError('CONFIG_INVALID', `metadataServiceUri ${uri}: servers must be host:port separated by ';'`);
    }
    const root = zk[3] ?? DEFAULT_LEDGERS_ROOT;
    checkPath(root);
    return { driver: 'zookeeper', servers: servers.join(','), root };
  }
  const etcd = /^etcd:\/\/([^/]+)(\/.*)?$/.exec(uri);
  if (etcd) {
    let endpoints: string[];
    try {
      endpoints = etcdEndpoints(etcd[1]!);
    } catch (e) {
      throw new QuireError('CONFIG_INVALID', `metadataServiceUri ${uri}: ${(e as Error).message}`);
    }
    const root = etcd[2] ?? DEFAULT_LEDGERS_ROOT;
    checkPath(root);
    return { driver: 'etcd', endpoints, root };
  }
  const emb = /^embedded:(?:\/\/)?(.+)$/.exec(uri);
  if (emb) return { driver: 'embedded', dir: resolve(emb[1]!), root: DEFAULT_LEDGERS_ROOT };
  throw new QuireError('CONFIG_INVALID', `metadataServiceUri ${JSON.stringify(uri)}: expected zk+hierarchical://host:port[;host:port]/ledgers, etcd://host:port[;host:port]/ledgers or embedded:///dir`);
}

export interface OpenOptions {
  zookeeper?: ZooKeeperOptions;
  embedded?: EmbeddedOptions;
  etcd?: EtcdOptions;
}

export async function openMetadataStore(config: MetadataServiceConfig, options: OpenOptions = {}): Promise<MetadataStore> {
  if (config.driver === 'zookeeper') return ZooKeeperStore.connect(config.servers, options.zookeeper);
  if (config.driver === 'etcd') {
    // Loaded on use: etcd3 brings gRPC and protobufjs, a third of a bookie's start-up time, and
    // most clusters keep their metadata in ZooKeeper.
    const { EtcdStore } = await import('./drivers/etcd/etcd-store.js');
    return EtcdStore.connect([...config.endpoints], options.etcd);
  }
  return EmbeddedStore.open(config.dir, options.embedded);
}

/** A store session plus BookKeeper's layout objects on it. close() ends the session. */
export interface MetadataService {
  readonly config: MetadataServiceConfig;
  readonly store: MetadataStore;
  readonly root: string;
  readonly ledgers: LedgerManager;
  readonly registration: RegistrationClient;
  close(): Promise<void>;
}

export async function openMetadataService(uri: string | undefined, options: OpenOptions = {}): Promise<MetadataService> {
  const config = parseMetadataServiceUri(uri);
  const store = await openMetadataStore(config, options);
  return {
    config,
    store,
    root: config.root,
    ledgers: new LedgerManager(store, config.root),
    registration: new RegistrationClient(store, config.root),
    close: () => store.close(),
  };
}
