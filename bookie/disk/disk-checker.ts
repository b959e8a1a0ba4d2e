// Disk usage of one directory, classified against BookKeeper's thresholds (DiskChecker):
// usage = 1 - usable/total of the file system holding the directory (usable = blocks available
// to an unprivileged user, so root-reserved blocks count as used, as Java's getUsableSpace does).
import fs from 'node:fs';
import path from 'node:path';
import { QuireError } from '../../common/errors.js';

export interface DiskUsage {
  readonly dir: string;
  /** 0..1 */
  readonly usage: number;
  readonly freeBytes: bigint;
  readonly totalBytes: bigint;
}

export type DiskLevel = 'ok' | 'warn' | 'full';

export interface DiskThresholds {
  /** diskUsageThreshold: above it the directory is full. */
  readonly threshold: number;
  /** diskUsageWarnThreshold: above it a warning (and compaction throttling). */
  readonly warnThreshold: number;
  /** diskUsageLwmThreshold: a full set of directories is writable again only below it. */
  readonly lwmThreshold: number;
}

/** statfs of `dir`, or of its nearest existing parent (a directory not created yet lives there). */
export async function diskUsageOf(dir: string): Promise<DiskUsage> {
  let p = path.resolve(dir);
  for (;;) {
    try {
      const s = await fs.promises.statfs(p, { bigint: true });
      const total = s.blocks * s.bsize;
      const free = s.bavail * s.bsize;
      const usage = total === 0n ? 0 : 1 - Number(free) / Number(total);
      return { dir, usage, freeBytes: free, totalBytes: total };
    } catch (e) {
      const parent = path.dirname(p);
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT' || parent === p) {
        throw new QuireError('IO_ERROR', `cannot check disk usage of ${dir}: ${(e as Error).message}`, { cause: e });
      }
      p = parent;
    }
  }
}

/** BookKeeper's order: the full threshold is checked first, the warning only below it. */
export function diskLevel(usage: number, t: DiskThresholds): DiskLevel {
  if (usage > t.threshold) return 'full';
  if (usage > t.warnThreshold) return 'warn';
  return 'ok';
}

export function checkThresholds(t: DiskThresholds): void {
  for (const [k, v] of Object.entries(t)) {
    if (!(v >= 0 && v <= 1)) throw new QuireError('CONFIG_INVALID', `disk ${k} must be within [0, 1], got ${v}`);
  }
  if (t.warnThreshold > t.threshold) throw new QuireError('CONFIG_INVALID', 'diskUsageWarnThreshold must not exceed diskUsageThreshold');
  if (t.lwmThreshold > t.threshold) throw new QuireError('CONFIG_INVALID', 'diskUsageLwmThreshold must not exceed diskUsageThreshold');
}

/** Free and total bytes over the distinct file systems holding `dirs` (one statfs per device). */
export async function totalSpaceOf(dirs: readonly string[]): Promise<{ free: bigint; total: bigint }> {
  const seen = new Set<string>();
  let free = 0n;
  let total = 0n;
  for (const d of dirs) {
    const dev = await fs.promises.stat(d).then((s) => String(s.dev), () => path.resolve(d));
    if (seen.has(dev)) continue;
    seen.add(dev);
    const u = await diskUsageOf(d);
    free += u.freeBytes;
    total += u.totalBytes;
  }
  return { free, total };
}
