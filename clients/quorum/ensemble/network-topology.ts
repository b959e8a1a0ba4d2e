// Where a bookie is: its network location, "/rack" (rack-aware) or "/region/rack" (region-aware).
// BookKeeper asks a DNSToSwitchMapping with the bookie's host name; its default is ScriptBasedMapping
// (networkTopologyScriptFileName: a script called with up to networkTopologyScriptNumberArgs host
// names as arguments, printing one location per name, whitespace separated). A bookie whose location
// cannot be resolved goes to the default rack (DNSResolverDecorator). Quire adds a static mapping
// (bookie id, host:port or host -> location) that is asked first.
import { execFile } from 'node:child_process';
import { QuireError } from '../../../common/errors.js';

/** BookKeeper's NetworkTopology.DEFAULT_RACK and DEFAULT_REGION_AND_RACK. */
export const DEFAULT_RACK = '/default-rack';
export const DEFAULT_REGION_AND_RACK = '/default-region/default-rack';

/** Locations remembered per bookie (the cache of CachedDNSToSwitchMapping, bounded; oldest dropped first). */
export const LOCATION_CACHE_ENTRIES = 10_000;
/** A topology script that runs longer is killed and its names get the default rack. */
export const SCRIPT_TIMEOUT_MS = 30_000;
/** Largest script output read (stdout), per call. */
export const SCRIPT_MAX_OUTPUT_BYTES = 1024 * 1024;

/** BookKeeper's DNSToSwitchMapping: one location (or null: unknown) per name, in order. */
export interface DnsToSwitchMapping {
  resolve(names: readonly string[]): Promise<(string | null)[]>;
}

/** "/a/b" as NodeBase.normalize keeps it; anything not starting with "/" is not a location. */
export function normalizeLocation(text: string): string | null {
  let s = text.trim();
  if (!s.startsWith('/')) return null;
  while (s.length > 1 && s.endsWith('/')) s = s.slice(0, -1);
  return s.length > 1 ? s : null;
}

/** Names looked up in a fixed table (the config's rack mapping). */
export class StaticMapping implements DnsToSwitchMapping {
  private readonly table: ReadonlyMap<string, string>;
  constructor(table: Readonly<Record<string, string>>) {
    const m = new Map<string, string>();
    for (const [name, loc] of Object.entries(table)) {
      const n = normalizeLocation(loc);
      if (n === null) throw new QuireError('CONFIG_INVALID', `rack mapping ${JSON.stringify(name)} -> ${JSON.stringify(loc)}: a location starts with "/"`);
      m.set(name, n);
    }
    this.table = m;
  }
  resolve(names: readonly string[]): Promise<(string | null)[]> {
    return Promise.resolve(names.map((n) => this.table.get(n) ?? null));
  }
}

function run(file: string, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { timeout: SCRIPT_TIMEOUT_MS, maxBuffer: SCRIPT_MAX_OUTPUT_BYTES, encoding: 'utf8' }, (err, stdout) => {
      if (err) reject(err);
      else resolve(stdout);
    });
  });
}

/**
 * BookKeeper's ScriptBasedMapping: the script is run with at most numberArgs names per call; its
 * output, split on whitespace, must hold exactly one location per name, or the whole call counts as
 * unknown (as RawScriptBasedMapping returns null). A script that fails (exit status, timeout) also
 * leaves its names unknown.
 */
export class ScriptBasedMapping implements DnsToSwitchMapping {
  constructor(
    readonly scriptFileName: string,
    private readonly numberArgs = 100,
  ) {
    if (scriptFileName.trim() === '') throw new QuireError('CONFIG_INVALID', 'networkTopologyScriptFileName is empty');
    if (!Number.isInteger(numberArgs) || numberArgs < 1) throw new QuireError('CONFIG_INVALID', `networkTopologyScriptNumberArgs must be >= 1, got ${numberArgs}`);
  }

  /** BookKeeper's validateConf: the script run with no arguments must succeed. */
  async validate(): Promise<void> {
    try {
      await run(this.scriptFileName, []);
    } catch (e) {
      throw new QuireError('CONFIG_INVALID', `network topology script ${this.scriptFileName} failed its sanity run (no arguments): ${(e as Error).message}`, { cause: e });
    }
  }

  async resolve(names: readonly string[]): Promise<(string | null)[]> {
    const out: (string | null)[] = [];
    for (let i = 0; i < names.length; i += this.numberArgs) {
      const batch = names.slice(i, i + this.numberArgs);
      let tokens: string[] | null = null;
      try {
        tokens = (await run(this.scriptFileName, batch)).split(/\s+/).filter((t) => t !== '');
      } catch {
        tokens = null;
      }
      if (tokens === null || tokens.length !== batch.length) out.push(...batch.map(() => null));
      else out.push(...tokens.map(normalizeLocation));
    }
    return out;
  }
}

export interface BookieAddressLookup {
  /** The bookie's host (registration data, or the host of a host:port id); throws when unknown. */
  (bookieId: string): Promise<{ host: string; port: number }>;
}

/**
 * Bookie id -> network location: the static mapping by bookie id, host:port, then host; then the
 * script with the host; else the default location. Resolved locations are cached (bounded);
 * defaults are not, so a bookie the script did not know yet is asked again next time.
 */
export class BookieLocationResolver {
  private readonly cache = new Map<string, string>();

  constructor(
    private readonly opts: {
      readonly addressOf: BookieAddressLookup;
      readonly staticMapping?: StaticMapping | undefined;
      readonly script?: ScriptBasedMapping | undefined;
      readonly defaultLocation: string;
    },
  ) {}

  get defaultLocation(): string {
    return this.opts.defaultLocation;
  }

  private async addressOf(bookieId: string): Promise<{ host: string; port: number } | null> {
    try {
      return await this.opts.addressOf(bookieId);
    } catch {
      const m = /^(.*):(\d+)$/.exec(bookieId);
      return m ? { host: m[1]!, port: Number(m[2]) } : null;
    }
  }

  async resolve(bookieIds: readonly string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    const needScript = new Map<string, string[]>(); // host -> bookie ids
    for (const id of new Set(bookieIds)) {
      const cached = this.cache.get(id);
      if (cached !== undefined) {
        out.set(id, cached);
        continue;
      }
      const addr = await this.addressOf(id);
      const names = addr ? [id, `${addr.host}:${addr.port}`, addr.host] : [id];
      const found = this.opts.staticMapping ? (await this.opts.staticMapping.resolve(names)).find((l) => l !== null) : undefined;
      if (found) {
        this.remember(id, found);
        out.set(id, found);
      } else if (this.opts.script && addr) {
        const list = needScript.get(addr.host) ?? [];
        list.push(id);
        needScript.set(addr.host, list);
      } else {
        out.set(id, this.opts.defaultLocation);
      }
    }
    if (needScript.size > 0) {
      const hosts = [...needScript.keys()];
      const locations = await this.opts.script!.resolve(hosts);
      hosts.forEach((host, i) => {
        const loc = locations[i] ?? null;
        for (const id of needScript.get(host)!) {
          if (loc !== null) this.remember(id, loc);
          out.set(id, loc ?? this.opts.defaultLocation);
        }
      });
    }
    return out;
  }

  private remember(id: string, location: string): void {
    if (this.cache.size >= LOCATION_CACHE_ENTRIES) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(id, location);
  }
}
