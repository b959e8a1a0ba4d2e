// Helpers for the disk and admin tests: a real small file system (tmpfs, mounted and always
// unmounted by the test; mounting needs root and a failure fails the test), filling it, and
// polling for a condition (no timed assertions: the wait only bounds how long a broken bookie
// can hang the test).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const FS_SIZE_MB = 32;

export async function waitFor(cond: () => Promise<boolean> | boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await cond()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Mounts `count` size-limited tmpfs file systems, runs `body`, and always unmounts them. */
export async function withSmallFileSystems(count: number, body: (mnts: string[], scratch: string) => Promise<void>): Promise<void> {
  const scratch = fs.mkdtempSync(join(tmpdir(), 'quire-diskfull-'));
  const mounted: string[] = [];
  const unmountAll = (): string[] => {
    const failed: string[] = [];
    for (const m of mounted.splice(0)) {
      const u = spawnSync('umount', ['-l', m], { encoding: 'utf8' });
      if (u.status !== 0) failed.push(`${m}: ${u.stderr}`);
    }
    if (failed.length === 0) fs.rmSync(scratch, { recursive: true, force: true });
    return failed;
  };
  let failed: string[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const mnt = join(scratch, `mnt${i}`);
      fs.mkdirSync(mnt);
      const m = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${FS_SIZE_MB}m`, 'tmpfs', mnt], { encoding: 'utf8' });
      if (m.status !== 0) throw new Error(`cannot mount a ${FS_SIZE_MB} MiB tmpfs at ${mnt} (this test needs root): ${m.stderr || m.error?.message}`);
      mounted.push(mnt);
    }
    await body([...mounted], scratch);
  } finally {
    failed = unmountAll();
  }
  if (failed.length > 0) throw new Error(`umount failed: ${failed.join('; ')}`);
}

/** One small tmpfs (see withSmallFileSystems). */
export function withSmallFs(body: (mnt: string, scratch: string) => Promise<void>): Promise<void> {
  return withSmallFileSystems(1, (m, scratch) => body(m[0]!, scratch));
}

/** Appends zeros to `file` until the file system's usage reaches `target` (or it is full). Returns bytes written. */
export function fillTo(file: string, target: number, usage: () => number): number {
  const chunk = Buffer.alloc(256 * 1024);
  const fd = fs.openSync(file, 'a');
  let n = 0;
  try {
    while (usage() < target) {
      try {
        n += fs.writeSync(fd, chunk);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOSPC') break;
        throw e;
      }
    }
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  return n;
}


/** Usage of the file system holding `dir` as df reports it (0..1). */
export function dfUsage(dir: string): number {
  const out = spawnSync('df', ['--output=pcent', dir], { encoding: 'utf8' }).stdout.split('\n')[1];
  return Number(out!.trim().replace('%', '')) / 100;
}
