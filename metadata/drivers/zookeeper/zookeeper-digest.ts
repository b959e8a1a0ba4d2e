// ZooKeeper's digest authentication (`addauth digest user:password`), Quire's stand-in for the
// SASL login BookKeeper uses with zkEnableSecurity. The credentials come from a file
// (zkDigestCredentialsPath) so they are never in argv, a process title or the environment; the
// password lives in a private field, so logging or JSON-encoding the object cannot reveal it.
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { inspect } from 'node:util';
import { QuireError } from '../../../common/errors.js';

/** Longest credentials file read (one `user:password` line; anything bigger is not one). */
const MAX_CREDENTIALS_FILE_BYTES = 4096;

export class DigestCredentials {
  readonly #password: string;

  constructor(readonly user: string, password: string) {
    if (user === '' || user.includes(':') || /\s/.test(user)) throw new QuireError('CONFIG_INVALID', 'ZooKeeper digest user must be non-empty, without ":" or spaces');
    if (password === '') throw new QuireError('CONFIG_INVALID', `ZooKeeper digest password for user ${user} is empty`);
    this.#password = password;
  }

  /** What add_auth('digest', ...) takes: "user:password". */
  authString(): string {
    return `${this.user}:${this.#password}`;
  }

  /** The identity the server records in a digest ACL: user:base64(sha1("user:password")). */
  id(): string {
    return `${this.user}:${createHash('sha1').update(this.authString(), 'utf8').digest('base64')}`;
  }

  toJSON(): object {
    return { user: this.user, password: '<redacted>' };
  }

  [inspect.custom](): string {
    return `DigestCredentials { user: ${JSON.stringify(this.user)}, password: <redacted> }`;
  }
}

/**
 * Reads a credentials file: one line `user:password` (the form zkCli's `addauth digest` takes;
 * surrounding whitespace and a final newline are ignored). Errors name the file, never its content.
 */
export function readDigestCredentials(path: string): DigestCredentials {
  let text: string;
  try {
    if (statSync(path).size > MAX_CREDENTIALS_FILE_BYTES) throw new Error(`larger than ${MAX_CREDENTIALS_FILE_BYTES} bytes`);
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new QuireError('CONFIG_INVALID', `zkDigestCredentialsPath ${path}: cannot read it: ${(e as Error).message}`);
  }
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
  const i = lines[0]?.indexOf(':') ?? -1;
  if (lines.length !== 1 || i <= 0) throw new QuireError('CONFIG_INVALID', `zkDigestCredentialsPath ${path}: expected one line "user:password"`);
  return new DigestCredentials(lines[0]!.slice(0, i), lines[0]!.slice(i + 1));
}

/** The ZooKeeper security settings of one process, by BookKeeper's key names. */
export interface ZooKeeperSecurityConfig {
  readonly zkEnableSecurity: boolean;
  readonly zkDigestCredentialsPath: string | undefined;
}

/**
 * The store options for those settings. zkEnableSecurity without credentials is refused here, at
 * start-up (CONFIG_INVALID): with no identity, CREATOR_ALL would protect nothing (the server refuses
 * it). Credentials without zkEnableSecurity authenticate only: BookKeeper's first migration step.
 */
export function zooKeeperSecurityOptions(config: ZooKeeperSecurityConfig): { enableSecurity: boolean; digestCredentials?: DigestCredentials } {
  if (config.zkEnableSecurity && config.zkDigestCredentialsPath === undefined) {
    throw new QuireError('CONFIG_INVALID', 'zkEnableSecurity=true needs zkDigestCredentialsPath (a file holding "user:password" for ZooKeeper digest authentication)');
  }
  return {
    enableSecurity: config.zkEnableSecurity,
    ...(config.zkDigestCredentialsPath !== undefined ? { digestCredentials: readDigestCredentials(config.zkDigestCredentialsPath) } : {}),
  };
}
