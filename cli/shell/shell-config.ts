// The shell's configuration, as BookKeeper's shell takes it: `-conf <file>` (a bk_server.conf-style
// properties file, parsed by the bookie's own config loader), else the BOOKIE_CONF environment
// variable, else the bookie defaults. `--metadataServiceUri` on a verb overrides the file's.
import type { Command } from 'commander';
import { loadBookieConfig, type BookieConfig } from '../../bookie/bookie-config.js';
import { openMetadataService, type MetadataService, type OpenOptions } from '../../metadata/metadata-service.js';
import { metadataOptionsOf, metadataUriOf } from '../bookie-metadata.js';
import { clientTlsOfBookieConfig } from '../bookie-client-tls.js';
import type { ClientTlsSettings } from '../../clients/quorum/index.js';

export interface ShellSettings {
  readonly config: BookieConfig;
  /** The properties file read, if any. */
  readonly confFile: string | undefined;
  /** The metadata service URI to use (undefined: the embedded store). */
  readonly metadataServiceUri: string | undefined;
}

/** The properties file for this shell run: the -conf flag, else $BOOKIE_CONF. */
export function shellConfFile(conf: string | undefined): string | undefined {
  if (conf !== undefined && conf !== '') return conf;
  const env = process.env.BOOKIE_CONF;
  return env !== undefined && env !== '' ? env : undefined;
}

/** Settings from an explicit conf path (or $BOOKIE_CONF) and a verb's --metadataServiceUri. */
export function shellSettings(conf: string | undefined, metadataServiceUri?: string): ShellSettings {
  const confFile = shellConfFile(conf);
  // Keys Quire does not use are ignored here (a stock bk_server.conf has many); `quire bookie` warns about them.
  const { config } = loadBookieConfig(confFile);
  runConfig = config;
  return { config, confFile, metadataServiceUri: metadataServiceUri ?? metadataUriOf(config) };
}

/**
 * The configuration of this shell run, for the metadata store options (zkTimeout, zkEnableSecurity,
 * zkDigestCredentialsPath). Kept here instead of passed through every verb: a `quire shell` process
 * runs one verb, whose settings shellSettings() read just before; the verbs keep URI signatures.
 */
let runConfig: BookieConfig | undefined;

/** Store options for a metadata service opened by this shell run (none before settings are read). */
export function shellMetadataOptions(uri: string | undefined): OpenOptions {
  // Computed at open time, so a verb that never opens the store never reads the credentials file.
  return runConfig ? metadataOptionsOf(runConfig, uri) : {};
}

/** openMetadataService with this shell run's store options. */
export function openShellMetadata(uri: string | undefined): Promise<MetadataService> {
  return openMetadataService(uri, shellMetadataOptions(uri));
}

/** The -conf value given to `quire shell` (normalizeShellArgv moves it next to `shell`). */
export function confOf(cmd: Command): string | undefined {
  for (let c: Command | null = cmd; c !== null; c = c.parent) {
    const v = (c.opts() as { conf?: unknown }).conf;
    if (typeof v === 'string') return v;
  }
  return undefined;
}

/** Settings for the verb `cmd` whose own options are `o`. */
export function settingsOf(cmd: Command, o: { metadataServiceUri?: string }): ShellSettings {
  return shellSettings(confOf(cmd), o.metadataServiceUri);
}

/** The metadata URI for a verb: its --metadataServiceUri, else the conf file's, else embedded. */
export function uriOf(cmd: Command, o: { metadataServiceUri?: string }): string | undefined {
  return settingsOf(cmd, o).metadataServiceUri;
}

/** TLS to the bookies for the verb: the -conf file's tls* keys (on when tlsProviderFactoryClass is set), as BookKeeper's shell. */
export function tlsOf(cmd: Command, o: { metadataServiceUri?: string }): ClientTlsSettings | undefined {
  return clientTlsOfBookieConfig(settingsOf(cmd, o).config);
}
