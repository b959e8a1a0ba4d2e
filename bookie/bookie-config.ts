// Bookie configuration: a Java-style properties file (bk_server.conf) using Apache BookKeeper's
// own key names, overridden by command-line flags. Invalid values stop the start with a message
// naming the key; keys Quire does not know are listed in a warning (a stock bk_server.conf has
// many that do not apply), never silently used.
import { readFileSync } from 'node:fs';
import { QuireError } from '../common/errors.js';

type Kind = 'int' | 'double' | 'bool' | 'string' | 'list';

interface KeySpec {
  readonly kind: Kind;
  readonly default: number | boolean | string | string[] | undefined;
  readonly min?: number;
  readonly max?: number;
  readonly doc: string;
}

/** Every key Quire reads, with BookKeeper's name, default and meaning (docs/operations.md lists them too). */
export const BOOKIE_CONFIG_KEYS = {
  bookiePort: { kind: 'int', default: 3181, min: 0, max: 65535, doc: 'TCP port for both protocol versions' },
  listeningInterface: { kind: 'string', default: '127.0.0.1', doc: 'address to bind (Quire binds loopback unless told otherwise)' },
  advertisedAddress: { kind: 'string', default: undefined, doc: 'host published in the registration and used in the bookie id' },
  bookieId: { kind: 'string', default: undefined, doc: 'explicit bookie id; default <advertisedAddress or listeningInterface>:<bookiePort>' },
  journalDirectories: { kind: 'list', default: ['./quire-data/bookie/journal'], doc: 'journal directories: one journal in each, ledger → journal signSafeMod(ledgerId, n); every one is disk-checked and listed in the cookie' },
  journalDirectory: { kind: 'string', default: undefined, doc: 'legacy single journal directory' },
  ledgerDirectories: { kind: 'list', default: ['./quire-data/bookie/ledgers'], doc: 'ledger directories: entry logs and index in the first; all disk-checked and in the cookie' },
  journalSyncData: { kind: 'bool', default: true, doc: 'fdatasync the journal before acknowledging adds' },
  journalMaxGroupWaitMSec: { kind: 'int', default: 2, min: 0, max: 1000, doc: 'group commit: longest wait for more records' },
  journalBufferedWritesThreshold: { kind: 'int', default: 512 * 1024, min: 1024, doc: 'group commit: flush once this many bytes are queued' },
  journalPreAllocSizeMB: { kind: 'int', default: 16, min: 1, max: 1024, doc: 'journal preallocation chunk' },
  journalMaxSizeMB: { kind: 'int', default: 2048, min: 1, doc: 'journal segment size before rolling' },
  journalReuseFiles: { kind: 'bool', default: false, doc: 'keep up to 2 trimmed journal segments per journal directory and write new segments over them (no zero fill: the journal writes each byte once)' },
  flushInterval: { kind: 'int', default: 60_000, min: 100, doc: 'checkpoint interval (ms): write cache → entry logs, journal trim' },
  entryLogSizeLimit: { kind: 'int', default: 1024 * 1024 * 1024, min: 1024 * 1024, doc: 'entry log file size before rolling (bytes)' },
  dbStorage_writeCacheMaxSizeMb: { kind: 'int', default: 64, min: 1, doc: 'write cache bound (MiB)' },
  dbStorage_maxThrottleTimeMs: { kind: 'int', default: 10_000, min: 0, doc: 'longest an add waits for write-cache room before ETOOMANYREQUESTS (0 = refuse at once)' },
  nettyMaxFrameSizeBytes: { kind: 'int', default: 5 * 1024 * 1024, min: 1024, max: 512 * 1024 * 1024, doc: 'largest frame accepted (bytes, length field included)' },
  readOnlyModeEnabled: { kind: 'bool', default: true, doc: 'turn read-only when the disks are full or the journal fails; false: shut the bookie down instead' },
  diskUsageThreshold: { kind: 'double', default: 0.95, min: 0, max: 1, doc: 'a directory whose usage (1 - free/total) exceeds this is full; no writable ledger directory, or any full journal directory = read-only' },
  diskUsageWarnThreshold: { kind: 'double', default: 0.9, min: 0, max: 1, doc: 'usage above this logs a warning and suspends major compaction (must not exceed diskUsageThreshold)' },
  diskUsageLwmThreshold: { kind: 'double', default: 0.95, min: 0, max: 1, doc: 'once no directory of a kind is writable, they come back only below this usage (hysteresis; default = diskUsageThreshold)' },
  diskCheckInterval: { kind: 'int', default: 10_000, min: 10, doc: 'disk checker period (ms)' },
  dbStorage_readAheadCacheMaxSizeMb: { kind: 'int', default: 16, min: 0, doc: 'read-ahead cache bound (MiB; 0 = off): entries read ahead of a sequential reader' },
  dbStorage_readAheadCacheBatchSize: { kind: 'int', default: 100, min: 1, max: 10_000, doc: 'entries read ahead after a cache miss' },
  forceReadOnlyBookie: { kind: 'bool', default: false, doc: 'start read-only' },
  httpServerEnabled: { kind: 'bool', default: false, doc: 'serve the HTTP admin API (/api/v1/..., /heartbeat, /metrics)' },
  httpServerPort: { kind: 'int', default: 8000, min: 0, max: 65535, doc: 'port of the HTTP admin endpoint' },
  metadataServiceUri: { kind: 'string', default: undefined, doc: 'zk+hierarchical://host:port[;host:port]/ledgers or etcd://host:port[;host:port]/ledgers; default: embedded store' },
  zkServers: { kind: 'string', default: undefined, doc: 'legacy: ZooKeeper connect string (with zkLedgersRootPath)' },
  zkLedgersRootPath: { kind: 'string', default: '/ledgers', doc: 'legacy: ledgers root path' },
  zkTimeout: { kind: 'int', default: 10_000, min: 1000, doc: 'ZooKeeper session timeout (ms)' },
  zkEnableSecurity: { kind: 'bool', default: false, doc: 'every znode this process creates gets CREATOR_ALL_ACL (all permissions for its ZooKeeper identity only); needs zkDigestCredentialsPath (docs/security.md)' },
  zkDigestCredentialsPath: { kind: 'string', default: undefined, doc: 'Quire: file holding "user:password" for ZooKeeper digest authentication (BookKeeper uses a JAAS/SASL login); also without zkEnableSecurity (authenticate, create open nodes)' },
  maxInFlightRequests: { kind: 'int', default: 100_000, min: 1, doc: 'Quire: bound on requests being processed, all connections' },
  maxInFlightBytes: { kind: 'int', default: 512 * 1024 * 1024, min: 1024, doc: 'Quire: bound on request bytes being processed' },
  maxInFlightRequestsPerConnection: { kind: 'int', default: 10_000, min: 1, doc: 'Quire: per-connection request bound' },
  maxInFlightBytesPerConnection: { kind: 'int', default: 64 * 1024 * 1024, min: 1024, doc: 'Quire: per-connection byte bound' },
  maxAddsInProgressLimit: { kind: 'int', default: 10_000, min: 0, doc: 'adds being processed, all connections; at the limit the bookie stops reading from connections until one finishes (0 = unlimited)' },
  maxReadsInProgressLimit: { kind: 'int', default: 0, min: 0, doc: 'reads (long polls, fence and batch reads included) being processed, all connections; at the limit the bookie stops reading from connections until one finishes (0 = unlimited)' },
  maxLongPollTimeoutMs: { kind: 'int', default: 60_000, min: 0, doc: 'Quire: cap on a long-poll LAC wait' },
  maxLongPollWaiters: { kind: 'int', default: 10_000, min: 1, doc: 'Quire: cap on concurrent long-poll waits' },
  maxBatchReadSize: { kind: 'int', default: 5 * 1024 * 1024, min: 1024, doc: 'cap on one v2 batch-read reply (bytes)' },
  gcWaitTime: { kind: 'int', default: 600_000, min: 1000, doc: 'garbage collection period (ms): deleted ledgers, empty entry logs, then compaction if due' },
  gcLedgerMinAgeMs: { kind: 'int', default: 60_000, min: 0, doc: 'Quire: a ledger this bookie has known for less than this when a GC listing starts is not collected by that run' },
  minorCompactionThreshold: { kind: 'double', default: 0.2, min: 0, max: 1, doc: 'minor compaction copies entry logs whose live share is below this (0 disables)' },
  minorCompactionInterval: { kind: 'int', default: 3600, min: 0, doc: 'minor compaction period (s; 0 disables; at least gcWaitTime)' },
  minorCompactionMaxTimeMillis: { kind: 'int', default: -1, min: -1, doc: 'a minor compaction starts no new log after this long (ms; -1 = no limit)' },
  majorCompactionThreshold: { kind: 'double', default: 0.8, min: 0, max: 1, doc: 'major compaction copies entry logs whose live share is below this (0 disables)' },
  majorCompactionInterval: { kind: 'int', default: 86_400, min: 0, doc: 'major compaction period (s; 0 disables; at least gcWaitTime)' },
  majorCompactionMaxTimeMillis: { kind: 'int', default: -1, min: -1, doc: 'a major compaction starts no new log after this long (ms; -1 = no limit)' },
  isThrottleByBytes: { kind: 'bool', default: false, doc: 'compaction rate limit by bytes (compactionRateByBytes) instead of entries' },
  compactionRateByEntries: { kind: 'int', default: 1000, min: 0, doc: 'compaction copies at most this many entries per second (0 = unlimited)' },
  compactionRateByBytes: { kind: 'int', default: 1_000_000, min: 0, doc: 'compaction copies at most this many bytes per second when isThrottleByBytes (0 = unlimited)' },
  isForceGCAllowWhenNoSpace: { kind: 'bool', default: false, doc: 'keep compacting (and allow forced GC) when the disk checker reports a full or almost full disk' },
  forceAllowCompaction: { kind: 'bool', default: false, doc: 'a forced GC compacts even when the compaction intervals disable scheduled compaction' },
  tlsProviderFactoryClass: { kind: 'string', default: undefined, doc: 'org.apache.bookkeeper.tls.TLSContextFactory turns TLS (START_TLS) on; unset = plaintext only (docs/security.md)' },
  tlsProvider: { kind: 'string', default: 'OpenSSL', doc: 'OpenSSL or JDK; Node.js always uses OpenSSL' },
  tlsKeyStoreType: { kind: 'string', default: 'PEM', doc: 'PEM only (JKS/PKCS12 are refused: convert with openssl)' },
  tlsKeyStore: { kind: 'string', default: undefined, doc: "the bookie's PEM private key" },
  tlsKeyStorePasswordPath: { kind: 'string', default: undefined, doc: "file holding the private key's passphrase" },
  tlsCertificatePath: { kind: 'string', default: undefined, doc: "the bookie's PEM certificate chain" },
  tlsTrustStoreType: { kind: 'string', default: 'PEM', doc: 'PEM only' },
  tlsTrustStore: { kind: 'string', default: undefined, doc: 'PEM CA certificates that sign client certificates (with tlsClientAuthentication)' },
  tlsTrustStorePasswordPath: { kind: 'string', default: undefined, doc: 'accepted; a PEM trust store has no password' },
  tlsClientAuthentication: { kind: 'bool', default: false, doc: 'require a client certificate signed by tlsTrustStore' },
  tlsCertFilesRefreshDurationSeconds: { kind: 'int', default: 0, min: 0, doc: 'reload changed key/certificate/trust files at most this often (s; 0 = never)' },
  tlsEnabledProtocols: { kind: 'string', default: undefined, doc: 'TLSv1.2 and/or TLSv1.3 (comma-separated); default both' },
  bookieAuthProviderFactoryClass: { kind: 'string', default: undefined, doc: 'org.apache.bookkeeper.tls.BookieAuthZFactory: admit only TLS clients whose certificate role is in authorizedRoles' },
  authorizedRoles: { kind: 'list', default: undefined, doc: 'roles BookieAuthZFactory admits (first role of the client certificate OU "0:role,...")' },
  autoRecoveryDaemonEnabled: { kind: 'bool', default: false, doc: 'run an auditor candidate and a replication worker in this bookie process (docs/autorecovery.md)' },
  lostBookieRecoveryDelay: { kind: 'int', default: 0, min: 0, doc: 'seconds the auditor waits after a bookie disappears before marking its ledgers (the value in the metadata store wins once written)' },
  auditorPeriodicCheckInterval: { kind: 'int', default: 604_800, min: 0, doc: 'seconds between reads of every fragment\'s first and last entry (0 disables)' },
  auditorLedgerVerificationPercentage: { kind: 'int', default: 0, min: 0, doc: 'percentage of each fragment\'s entries the periodic check reads besides the first and last (0 = only those two)' },
  auditorPeriodicPlacementPolicyCheckInterval: { kind: 'int', default: 0, min: 0, doc: 'seconds between checks of every closed ledger\'s ensembles against the placement policy (0 disables)' },
  underreplicatedLedgerRecoveryGracePeriod: { kind: 'int', default: 0, min: 0, doc: 'seconds after which the placement-policy check reports an under-replicated mark as overdue (0 disables)' },
  auditorReplicasCheckInterval: { kind: 'int', default: 0, min: 0, doc: 'seconds between checks that ask every bookie which entries of each closed ledger it holds (0 disables)' },
  auditorPeriodicBookieCheckInterval: { kind: 'int', default: 86_400, min: 0, doc: 'seconds between checks of all ledgers against the registrations (0 disables)' },
  openLedgerRereplicationGracePeriod: { kind: 'int', default: 30_000, min: 0, doc: 'ms an open ledger whose last fragment lost a bookie is left to its writer before it is fenced' },
  rereplicationEntryBatchSize: { kind: 'int', default: 10, min: 1, max: 10_000, doc: 'entries copied at once while re-replicating a fragment' },
  rwRereplicateBackoffMs: { kind: 'int', default: 5_000, min: 0, doc: 'ms a worker waits after a failed ledger before releasing its lock' },
} as const satisfies Record<string, KeySpec>;

export type BookieConfigKey = keyof typeof BOOKIE_CONFIG_KEYS;
type ValueOf<K extends Kind> = K extends 'int' | 'double' ? number : K extends 'bool' ? boolean : K extends 'list' ? string[] : string;
export type BookieConfig = {
  -readonly [K in BookieConfigKey]: (typeof BOOKIE_CONFIG_KEYS)[K]['default'] extends undefined
    ? ValueOf<(typeof BOOKIE_CONFIG_KEYS)[K]['kind']> | undefined
    : ValueOf<(typeof BOOKIE_CONFIG_KEYS)[K]['kind']>;
};

/** Parses Java .properties text: `key=value` or `key: value`, # and ! comments, \ line continuation. */
export function parseProperties(text: string): Map<string, string> {
  const out = new Map<string, string>();
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!.trim();
    if (line === '' || line.startsWith('#') || line.startsWith('!')) continue;
    while (line.endsWith('\\') && i + 1 < lines.length) line = line.slice(0, -1) + lines[++i]!.trim();
    const m = /^([^=:\s]+)\s*[=:\s]\s*(.*)$/.exec(line);
    if (!m) out.set(line, '');
    else out.set(m[1]!, m[2]!);
  }
  return out;
}

function convert(key: string, spec: KeySpec, raw: string): number | boolean | string | string[] {
  switch (spec.kind) {
    case 'double': {
      if (!/^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(raw.trim())) throw new QuireError('CONFIG_INVALID', `${key}: expected a number, got ${JSON.stringify(raw)}`);
      const v = Number(raw.trim());
      if (spec.min !== undefined && v < spec.min) throw new QuireError('CONFIG_INVALID', `${key}: ${v} is below the minimum ${spec.min}`);
      if (spec.max !== undefined && v > spec.max) throw new QuireError('CONFIG_INVALID', `${key}: ${v} is above the maximum ${spec.max}`);
      return v;
    }
    case 'int': {
      if (!/^-?\d+$/.test(raw.trim())) throw new QuireError('CONFIG_INVALID', `${key}: expected an integer, got ${JSON.stringify(raw)}`);
      const v = Number(raw.trim());
      if (spec.min !== undefined && v < spec.min) throw new QuireError('CONFIG_INVALID', `${key}: ${v} is below the minimum ${spec.min}`);
      if (spec.max !== undefined && v > spec.max) throw new QuireError('CONFIG_INVALID', `${key}: ${v} is above the maximum ${spec.max}`);
      return v;
    }
    case 'bool': {
      const t = raw.trim().toLowerCase();
      if (t === 'true') return true;
      if (t === 'false') return false;
      throw new QuireError('CONFIG_INVALID', `${key}: expected true or false, got ${JSON.stringify(raw)}`);
    }
    case 'list': {
      const items = raw.split(',').map((s) => s.trim()).filter((s) => s !== '');
      if (items.length === 0) throw new QuireError('CONFIG_INVALID', `${key}: expected a comma-separated list, got an empty value`);
      return items;
    }
    case 'string':
      return raw.trim();
  }
}

export interface LoadedConfig {
  readonly config: BookieConfig;
  /** Keys present in the file or flags that Quire does not use. */
  readonly unknownKeys: string[];
}

/** Builds the config from defaults, then the properties (file), then overrides (flags). */
export function resolveBookieConfig(properties: Map<string, string>, overrides: Map<string, string> = new Map()): LoadedConfig {
  const config: Record<string, unknown> = {};
  for (const [k, spec] of Object.entries(BOOKIE_CONFIG_KEYS)) config[k] = spec.default;
  const unknownKeys: string[] = [];
  for (const source of [properties, overrides]) {
    for (const [k, raw] of source) {
      const spec = (BOOKIE_CONFIG_KEYS as Record<string, KeySpec>)[k];
      if (!spec) {
        unknownKeys.push(k);
        continue;
      }
      config[k] = convert(k, spec, raw);
    }
  }
  const c = config as BookieConfig;
  if (c.journalDirectory !== undefined && !properties.has('journalDirectories') && !overrides.has('journalDirectories')) {
    c.journalDirectories = [c.journalDirectory];
  }
  // BookKeeper's ServerConfiguration.validate(): the warn and low-water marks sit below the threshold.
  if (c.diskUsageWarnThreshold > c.diskUsageThreshold) throw new QuireError('CONFIG_INVALID', `diskUsageWarnThreshold (${c.diskUsageWarnThreshold}) must not exceed diskUsageThreshold (${c.diskUsageThreshold})`);
  if (c.diskUsageLwmThreshold > c.diskUsageThreshold) throw new QuireError('CONFIG_INVALID', `diskUsageLwmThreshold (${c.diskUsageLwmThreshold}) must not exceed diskUsageThreshold (${c.diskUsageThreshold})`);
  return { config: c, unknownKeys };
}

export function loadBookieConfig(path: string | undefined, overrides: Map<string, string> = new Map()): LoadedConfig {
  let props = new Map<string, string>();
  if (path !== undefined) {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (e) {
      throw new QuireError('CONFIG_INVALID', `cannot read config file ${path}: ${(e as Error).message}`);
    }
    props = parseProperties(text);
  }
  return resolveBookieConfig(props, overrides);
}

/** The bookie id: explicit bookieId, else <advertisedAddress | listeningInterface>:<port> (spec §8.1). */
export function bookieIdOf(config: BookieConfig, boundPort: number): string {
  if (config.bookieId) return config.bookieId;
  const host = config.advertisedAddress ?? config.listeningInterface;
  return `${host}:${boundPort}`;
}
