// BookKeeper's LedgerDirsMonitor for ledger and journal directories: every diskCheckInterval ms
// each directory's usage is classified (disk-checker.ts). A writable directory above
// diskUsageThreshold becomes full. A full directory comes back when its usage is at or below the
// threshold while its group still has a writable directory; once every directory of a group is
// full, they come back only when the group's total usage falls below diskUsageLwmThreshold (the
// hysteresis that keeps a bookie from flapping between read-only and writable around the line).
//
// The bookie is "out of space" while either group has no writable directory among the ones it
// writes to (`inUse`), or, for a group whose every directory is needed (`eachRequired`: the
// journals, each ledger being bound to one), while any of them is full; such a directory comes
// back once its own usage is below diskUsageLwmThreshold. Listeners hear each change, plus
// per-directory warnings for the GC hooks.
import fs from 'node:fs';
import type { Logger } from '../../common/logger.js';
import { type DiskThresholds, type DiskUsage, checkThresholds, diskLevel, diskUsageOf } from './disk-checker.js';

/** ledger: entry logs; index: the LevelDB index (first ledger directory); journal: the journals (one per directory). */
export type DirsGroupName = 'ledger' | 'index' | 'journal';

export interface DirsGroupConfig {
  readonly name: DirsGroupName;
  readonly dirs: readonly string[];
  /** The directories the bookie writes to (a subset of dirs); default all. */
  readonly inUse?: readonly string[];
  /**
   * Every directory in use is needed (no other takes over its writes): one full is out of space,
   * and it comes back when its own usage is below the low-water mark. Default: any one with room will do.
   */
  readonly eachRequired?: boolean;
}

export interface DiskSpaceState {
  /** True while some group has no writable directory in use. */
  readonly outOfSpace: boolean;
  /** Why (for logs and /api/v1/bookie/state). */
  readonly reason: string;
}

export interface LedgerDirsListener {
  /** outOfSpace changed. */
  onSpaceChange?(state: DiskSpaceState): void;
  /** A directory crossed diskUsageWarnThreshold (BookKeeper's diskAlmostFull). */
  onDiskAlmostFull?(dir: string, usage: number): void;
  /** A directory became full (diskFull). */
  onDiskFull?(dir: string, usage: number): void;
  /** A full directory is writable again (diskWritable). */
  onDiskWritable?(dir: string, usage: number): void;
}

export interface LedgerDirsMonitorOptions extends DiskThresholds {
  readonly groups: readonly DirsGroupConfig[];
  /** diskCheckInterval (ms); 0 = only on check(). */
  readonly intervalMs: number;
  readonly log: Logger;
  /** Test hook: the usage source (statfs by default). */
  readonly usageOf?: (dir: string) => Promise<DiskUsage>;
}

interface DirState {
  readonly dir: string;
  readonly group: DirsGroupName;
  readonly inUse: boolean;
  readonly eachRequired: boolean;
  full: boolean;
  lastUsage: DiskUsage | undefined;
  lastLevel: 'ok' | 'warn' | 'full' | 'error' | undefined;
}

export class LedgerDirsMonitor {
  private readonly dirs: DirState[] = [];
  private readonly listeners = new Set<LedgerDirsListener>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private state: DiskSpaceState = { outOfSpace: false, reason: 'disks not checked yet' };
  private readonly usageOf: (dir: string) => Promise<DiskUsage>;

  constructor(private readonly opts: LedgerDirsMonitorOptions) {
    checkThresholds({ threshold: opts.threshold, warnThreshold: opts.warnThreshold, lwmThreshold: opts.lwmThreshold });
    this.usageOf = opts.usageOf ?? diskUsageOf;
    for (const g of opts.groups) {
      const inUse = new Set(g.inUse ?? g.dirs);
      for (const dir of g.dirs) this.dirs.push({ dir, group: g.name, inUse: inUse.has(dir), eachRequired: g.eachRequired ?? false, full: false, lastUsage: undefined, lastLevel: undefined });
    }
  }

  addListener(l: LedgerDirsListener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  get spaceState(): DiskSpaceState {
    return this.state;
  }

  /** Latest usage of every directory (after the first check). */
  usages(): { dir: string; group: DirsGroupName; full: boolean; usage: DiskUsage | undefined }[] {
    return this.dirs.map((d) => ({ dir: d.dir, group: d.group, full: d.full, usage: d.lastUsage }));
  }

  /** Writable ledger directories in use (BookKeeper's writable_dirs gauge). */
  writableDirs(group: DirsGroupName): string[] {
    return this.dirs.filter((d) => d.group === group && d.inUse && !d.full).map((d) => d.dir);
  }

  /** Runs one check now and starts the periodic checks. */
  async start(): Promise<void> {
    await this.check();
    if (this.opts.intervalMs > 0 && this.timer === undefined) {
      this.timer = setInterval(() => void this.check().catch((err: unknown) => this.opts.log.error({ err }, 'disk check failed')), this.opts.intervalMs);
      this.timer.unref();
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.listeners.clear();
  }

  /** One pass over every directory; concurrent calls share the running pass. */
  check(): Promise<void> {
    this.running ??= this.checkOnce().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private emit<K extends keyof LedgerDirsListener>(k: K, ...args: Parameters<NonNullable<LedgerDirsListener[K]>>): void {
    for (const l of this.listeners) {
      try {
        (l[k] as ((...a: unknown[]) => void) | undefined)?.(...args);
      } catch (err) {
        this.opts.log.error({ err, listener: k }, 'disk listener threw');
      }
    }
  }

  private async measure(d: DirState): Promise<DiskUsage | undefined> {
    try {
      d.lastUsage = await this.usageOf(d.dir);
      return d.lastUsage;
    } catch (err) {
      // A directory that cannot be checked cannot be trusted with writes (BookKeeper: diskFailed).
      if (d.lastLevel !== 'error') this.opts.log.error({ err, dir: d.dir }, 'disk check failed; treating the directory as full');
      d.lastLevel = 'error';
      return undefined;
    }
  }

  private async checkOnce(): Promise<void> {
    const t = this.opts;
    for (const d of this.dirs.filter((x) => !x.full)) {
      const u = await this.measure(d);
      const level = u === undefined ? 'full' : diskLevel(u.usage, t);
      if (level === 'full') {
        d.full = true;
        if (u) this.opts.log.error({ dir: d.dir, usage: u.usage, threshold: t.threshold, freeBytes: String(u.freeBytes) }, `${d.group} directory is out of space`);
        d.lastLevel = u === undefined ? 'error' : 'full';
        this.emit('onDiskFull', d.dir, u?.usage ?? 1);
      } else if (level === 'warn') {
        if (d.lastLevel !== 'warn') this.opts.log.warn({ dir: d.dir, usage: u!.usage, warnThreshold: t.warnThreshold }, `${d.group} directory is almost full`);
        d.lastLevel = 'warn';
        this.emit('onDiskAlmostFull', d.dir, u!.usage);
      } else {
        d.lastLevel = 'ok';
      }
    }
    for (const group of new Set(this.dirs.map((d) => d.group))) {
      const members = this.dirs.filter((d) => d.group === group);
      const full = members.filter((d) => d.full);
      if (full.length === 0) continue;
      const usages = new Map<DirState, DiskUsage>();
      for (const d of full) {
        const u = await this.measure(d);
        if (u) usages.set(d, u);
      }
      const hasWritable = members.some((d) => d.inUse && !d.full);
      const eachRequired = members.some((d) => d.eachRequired);
      const lwmOk = !eachRequired && (hasWritable || (await this.totalUsage(members.filter((d) => d.inUse))) < t.lwmThreshold);
      for (const d of full) {
        const u = usages.get(d);
        if (!u || diskLevel(u.usage, t) === 'full') continue;
        if (eachRequired ? !(u.usage < t.lwmThreshold) : !lwmOk) continue;
        d.full = false;
        d.lastLevel = diskLevel(u.usage, t);
        this.opts.log.info({ dir: d.dir, usage: u.usage }, `${d.group} directory is writable again`);
        this.emit('onDiskWritable', d.dir, u.usage);
      }
    }
    const noRoom = [...new Set(this.dirs.map((d) => d.group))].filter((g) => {
      const inUse = this.dirs.filter((d) => d.group === g && d.inUse);
      return inUse.some((d) => d.eachRequired) ? inUse.some((d) => d.full) : !inUse.some((d) => !d.full);
    });
    const next: DiskSpaceState =
      noRoom.length > 0
        ? { outOfSpace: true, reason: `no writable ${noRoom.join(' or ')} directory (usage above diskUsageThreshold ${t.threshold})` }
        : { outOfSpace: false, reason: 'every disk in use has room' };
    const changed = next.outOfSpace !== this.state.outOfSpace || this.state.reason === 'disks not checked yet';
    this.state = next;
    if (changed) this.emit('onSpaceChange', next);
  }

  /** 1 - free/total over the distinct file systems holding `dirs` (BookKeeper's getTotalDiskUsage). */
  private async totalUsage(dirs: DirState[]): Promise<number> {
    const seen = new Set<string>();
    let free = 0n;
    let total = 0n;
    for (const d of dirs) {
      const u = d.lastUsage;
      if (!u) return 1;
      const dev = await fs.promises.stat(d.dir).then((s) => String(s.dev), () => d.dir);
      if (seen.has(dev)) continue;
      seen.add(dev);
      free += u.freeBytes;
      total += u.totalBytes;
    }
    return total === 0n ? 1 : 1 - Number(free) / Number(total);
  }
}
