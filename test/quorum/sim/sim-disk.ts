// A simulated disk for the real bookie: an in-memory file system (common/durable-file.ts's
// FileSystem) with a durable and a volatile view, on the simulated clock.
//
// - Writes land in the volatile view (the page cache) at once; fdatasync/fsync move a file's
//   pending writes to its durable view; fsyncDir does the same for a directory's entries
//   (create, rename, unlink). mkdir is durable at once (the bookie creates its folders at start).
// - powerLoss(): every file falls back to its durable view plus a random subset of its pending
//   writes, some of them torn (a prefix only); every directory keeps a random prefix of its
//   pending entry changes (a metadata journal commits in order). Open descriptors die with the
//   process that held them.
// - Faults (docs/simulation.md): disk latency range for syncs and reads, read EIO rate, and
//   fdatasync failures; a failed fdatasync drops the file's pending writes from the durable path
//   (Linux marks the pages clean: a later fsync does not bring them back), they stay readable until
//   the next power loss.
// Each bookie process mounts the disk (mount()); once that process is killed, its calls never
// settle, so a dead bookie object can never touch the disk again.
import path from 'node:path';
import type { FileSystem, OpenFlags } from '../../../common/durable-file.js';
import type { Timers } from '../../../common/timers.js';
import type { Prng } from './prng.js';

interface WriteOp {
  readonly kind: 'write';
  readonly pos: number;
  readonly bytes: Buffer;
}
interface TruncateOp {
  readonly kind: 'truncate';
  readonly length: number;
}
type InodeOp = WriteOp | TruncateOp;

class Bytes {
  buf = Buffer.alloc(0);
  size = 0;
  write(pos: number, src: Buffer): void {
    const end = pos + src.length;
    if (end > this.buf.length) {
      const next = Buffer.alloc(Math.max(end, this.buf.length * 2, 256));
      this.buf.copy(next, 0, 0, this.size);
      this.buf = next;
    }
    src.copy(this.buf, pos);
    if (end > this.size) this.size = end;
  }
  truncate(length: number): void {
    if (length < this.size) this.buf.fill(0, length, this.size);
    else if (length > this.buf.length) this.write(this.size, Buffer.alloc(length - this.size));
    this.size = length;
  }
  apply(op: InodeOp): void {
    if (op.kind === 'write') this.write(op.pos, op.bytes);
    else this.truncate(op.length);
  }
  clone(): Bytes {
    const b = new Bytes();
    b.buf = Buffer.from(this.buf.subarray(0, this.size));
    b.size = this.size;
    return b;
  }
}

class Inode {
  data = new Bytes();
  durable = new Bytes();
  pending: InodeOp[] = [];
  apply(op: InodeOp): void {
    this.data.apply(op);
    this.pending.push(op);
  }
  sync(): void {
    for (const op of this.pending) this.durable.apply(op);
    this.pending = [];
  }
}

type DirOp = { kind: 'link'; name: string; inode: Inode } | { kind: 'unlink'; name: string } | { kind: 'rename'; from: string; to: string; inode: Inode };

class Dir {
  entries = new Map<string, Inode>();
  durable = new Map<string, Inode>();
  pending: DirOp[] = [];
  change(op: DirOp): void {
    applyDirOp(this.entries, op);
    this.pending.push(op);
  }
}

function applyDirOp(m: Map<string, Inode>, op: DirOp): void {
  if (op.kind === 'link') m.set(op.name, op.inode);
  else if (op.kind === 'unlink') m.delete(op.name);
  else {
    m.delete(op.from);
    m.set(op.to, op.inode);
  }
}

export interface DiskFaults {
  /** Latency of an fdatasync, fsync, directory fsync or read (ms); writes go to the page cache at once. */
  latencyMs: [number, number];
  /** Probability that a read fails with EIO. */
  readErrorRate: number;
  /** Probability that an fdatasync/fsync fails with EIO. */
  syncErrorRate: number;
}

/** On power loss: chance that a pending write survives whole, and that it survives torn. */
export interface PowerLossModel {
  keepWrite: number;
  tearWrite: number;
}

export class DiskError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(`${code}: ${message}`);
  }
}

/** One bookie process's view of the disk; dead once the process is killed. */
export interface Mount {
  alive: boolean;
}

interface OpenFile {
  readonly inode: Inode;
  readonly mount: Mount;
}

const never = <T>(): Promise<T> => new Promise<T>(() => undefined);

export class SimDisk {
  private readonly dirs = new Map<string, Dir>();
  private readonly fds = new Map<number, OpenFile>();
  private nextFd = 3;
  faults: DiskFaults = { latencyMs: [1, 5], readErrorRate: 0, syncErrorRate: 0 };
  powerLossModel: PowerLossModel = { keepWrite: 0.3, tearWrite: 0.2 };
  /** Injected faults so far, by kind (the checkers tell an injected failure from a bug with them). */
  readonly injected = { readErrors: 0, syncErrors: 0, tornWrites: 0, lostWrites: 0, lostDirOps: 0 };
  /** Called after each write lands in the page cache (to cut the power while writes are pending). */
  onWrite: (() => void) | undefined;
  /** Durable stores of the simulated ledger indexes, by path (sim-ledger-index.ts). */
  readonly indexes = new Map<string, unknown>();

  constructor(
    private readonly timers: Timers,
    private readonly rng: Prng,
  ) {}

  /** A file system for one process; kill it with `mount.alive = false`. */
  mount(): { fs: FileSystem; mount: Mount } {
    const mount: Mount = { alive: true };
    return { fs: this.fileSystem(mount), mount };
  }

  /** Runs `f` after `delayMs` of simulated time, only while the mount lives; never settles otherwise. */
  after<T>(mount: Mount, delayMs: number, f: () => T): Promise<T> {
    if (!mount.alive) return never();
    if (delayMs <= 0) {
      return Promise.resolve().then(() => (mount.alive ? f() : never<T>()));
    }
    return new Promise<T>((resolve, reject) => {
      this.timers.setTimeout(() => {
        if (!mount.alive) return;
        try {
          resolve(f());
        } catch (e) {
          reject(e);
        }
      }, delayMs);
    });
  }

  latency(): number {
    const [lo, hi] = this.faults.latencyMs;
    return this.rng.int(lo, hi);
  }

  private dir(p: string): Dir {
    const d = this.dirs.get(p);
    if (!d) throw new DiskError('ENOENT', `no such directory ${p}`);
    return d;
  }

  private lookup(file: string): Inode | undefined {
    return this.dir(path.dirname(file)).entries.get(path.basename(file));
  }

  private file(fd: number, mount: Mount): Inode {
    const f = this.fds.get(fd);
    if (!f || f.mount !== mount) throw new DiskError('EBADF', `bad file descriptor ${fd}`);
    return f.inode;
  }

  private mkdirs(p: string): void {
    for (let d = p; !this.dirs.has(d); d = path.dirname(d)) {
      this.dirs.set(d, new Dir());
      if (d === path.dirname(d)) break;
    }
  }

  /** Simulated power cut: the volatile view is lost except what the crash model keeps. */
  powerLoss(): void {
    for (const f of this.fds.values()) f.mount.alive = false;
    this.fds.clear();
    const inodes = new Set<Inode>();
    for (const d of this.dirs.values()) {
      const keep = d.pending.length === 0 ? 0 : this.rng.int(0, d.pending.length);
      this.injected.lostDirOps += d.pending.length - keep;
      const m = new Map(d.durable);
      for (const op of d.pending.slice(0, keep)) applyDirOp(m, op);
      d.entries = m;
      d.durable = new Map(m);
      d.pending = [];
      for (const i of m.values()) inodes.add(i);
    }
    const { keepWrite, tearWrite } = this.powerLossModel;
    for (const i of inodes) {
      const b = i.durable.clone();
      for (const op of i.pending) {
        const r = this.rng.next();
        if (op.kind === 'truncate') {
          if (r < keepWrite + tearWrite) b.apply(op);
          continue;
        }
        if (r < keepWrite) b.apply(op);
        else if (r < keepWrite + tearWrite && op.bytes.length > 1) {
          this.injected.tornWrites++;
          b.apply({ kind: 'write', pos: op.pos, bytes: op.bytes.subarray(0, this.rng.int(1, op.bytes.length - 1)) });
        } else this.injected.lostWrites++;
      }
      i.data = b;
      i.durable = b.clone();
      i.pending = [];
    }
  }

  /** Kills a process without a power cut (kill -9): the page cache survives. */
  kill(mount: Mount): void {
    mount.alive = false;
    for (const [fd, f] of this.fds) if (f.mount === mount) this.fds.delete(fd);
  }

  private fileSystem(mount: Mount): FileSystem {
    const now = <T>(f: () => T): Promise<T> => this.after(mount, 0, f);
    const slow = <T>(f: () => T): Promise<T> => this.after(mount, this.latency(), f);
    const sync = (fd: number): Promise<void> =>
      slow(() => {
        const inode = this.file(fd, mount);
        if (this.rng.chance(this.faults.syncErrorRate)) {
          this.injected.syncErrors++;
          // The pages are marked clean: these writes will never be made durable.
          inode.pending = [];
          throw new DiskError('EIO', 'injected fdatasync failure');
        }
        inode.sync();
      });
    const write = (fd: number, buf: Buffer, off: number, len: number, position: number): void => {
      this.file(fd, mount).apply({ kind: 'write', pos: position, bytes: Buffer.from(buf.subarray(off, off + len)) });
      this.onWrite?.();
    };
    return {
      write: (fd, buf, off, len, position) => now(() => write(fd, buf, off, len, position)),
      writev: (fd, bufs, position) =>
        now(() => {
          let pos = position;
          for (const b of bufs) {
            write(fd, b, 0, b.length, pos);
            pos += b.length;
          }
        }),
      fdatasync: sync,
      fsync: sync,
      read: (fd, buf, off, len, position) =>
        slow(() => {
          const inode = this.file(fd, mount);
          if (this.rng.chance(this.faults.readErrorRate)) {
            this.injected.readErrors++;
            throw new DiskError('EIO', 'injected read failure');
          }
          const n = Math.max(0, Math.min(len, inode.data.size - position));
          inode.data.buf.copy(buf, off, position, position + n);
          return n;
        }),
      open: (file: string, flags: OpenFlags) =>
        now(() => {
          const d = this.dir(path.dirname(file));
          const name = path.basename(file);
          let inode = d.entries.get(name);
          if (flags === 'wx' && inode) throw new DiskError('EEXIST', `${file} exists`);
          if ((flags === 'r' || flags === 'r+') && !inode) throw new DiskError('ENOENT', `no such file ${file}`);
          if (!inode) {
            inode = new Inode();
            d.change({ kind: 'link', name, inode });
          } else if (flags === 'w') inode.apply({ kind: 'truncate', length: 0 });
          const fd = this.nextFd++;
          this.fds.set(fd, { inode, mount });
          return fd;
        }),
      close: (fd) =>
        now(() => {
          this.file(fd, mount);
          this.fds.delete(fd);
        }),
      size: (fd) => now(() => this.file(fd, mount).data.size),
      truncate: (fd, length) => now(() => this.file(fd, mount).apply({ kind: 'truncate', length })),
      readFile: (file) =>
        slow(() => {
          const inode = this.lookup(file);
          if (!inode) throw new DiskError('ENOENT', `no such file ${file}`);
          return Buffer.from(inode.data.buf.subarray(0, inode.data.size));
        }),
      readdir: (dir) => now(() => [...this.dir(dir).entries.keys()].sort()),
      mkdir: (dir) => now(() => this.mkdirs(dir)),
      unlink: (file) =>
        now(() => {
          const d = this.dir(path.dirname(file));
          const name = path.basename(file);
          if (!d.entries.has(name)) throw new DiskError('ENOENT', `no such file ${file}`);
          d.change({ kind: 'unlink', name });
        }),
      rename: (from, to) =>
        now(() => {
          if (path.dirname(from) !== path.dirname(to)) throw new DiskError('EXDEV', 'the simulated disk renames within a directory only');
          const d = this.dir(path.dirname(from));
          const inode = d.entries.get(path.basename(from));
          if (!inode) throw new DiskError('ENOENT', `no such file ${from}`);
          d.change({ kind: 'rename', from: path.basename(from), to: path.basename(to), inode });
        }),
      fsyncDir: (dir) =>
        slow(() => {
          const d = this.dir(dir);
          d.durable = new Map(d.entries);
          d.pending = [];
        }),
      statfs: () => now(() => ({ totalBytes: 1n << 40n, freeBytes: 1n << 39n })),
    };
  }
}
