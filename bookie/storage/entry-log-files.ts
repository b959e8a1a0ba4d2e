// Read access to entry log files, shared by reads, GC and compaction. Descriptors are opened once
// per log and counted while in use, so that removing a log (after compaction moved its entries or
// GC found all its ledgers gone) unlinks the file at once but closes the descriptor only when the
// last read using it has finished: a read that found the old location just before the index
// switch still completes from the unlinked file. Bounded: at most one descriptor per log file.
//
// With several ledger directories a log lives in one of them (entry log ids are global): `dirOf`
// knows which, learnt from the start-up scan and from where each new log was created.
import path from 'node:path';
import { type FileSystem, nodeFileSystem } from '../../common/durable-file.js';
import { entryLogFileName } from './entry-log-record.js';

interface OpenLog {
  readonly fd: Promise<number>;
  users: number;
  retired: boolean;
}

export class EntryLogFiles {
  private readonly open = new Map<number, OpenLog>();
  /** Logs whose file has a name other than `<id>.log` (a compaction output before its last rename). */
  private readonly names = new Map<number, string>();
  /** The ledger directory of each log not in `dir` (the first ledger directory). */
  private readonly dirs = new Map<number, string>();

  /** `fs` is the file system (node:fs by default; the simulation's disk in test/quorum/sim/). */
  constructor(
    readonly dir: string,
    readonly fs: FileSystem = nodeFileSystem,
  ) {}

  private closeFd(fd: number): Promise<void> {
    return this.fs.close(fd).catch(() => undefined);
  }

  /** The ledger directory holding the log. */
  dirOf(logId: number): string {
    return this.dirs.get(logId) ?? this.dir;
  }

  setDir(logId: number, dir: string): void {
    if (dir === this.dir) this.dirs.delete(logId);
    else this.dirs.set(logId, dir);
  }

  pathOf(logId: number): string {
    return path.join(this.dirOf(logId), this.names.get(logId) ?? entryLogFileName(logId));
  }

  setName(logId: number, name: string | undefined): void {
    if (name === undefined) this.names.delete(logId);
    else this.names.set(logId, name);
  }

  /**
   * Runs `fn` with a read descriptor of the log. An open failure (ENOENT for a removed log)
   * rejects with the fs error, code intact, so the caller can tell a moved entry from damage.
   */
  async withFd<T>(logId: number, fn: (fd: number) => Promise<T>): Promise<T> {
    let o = this.open.get(logId);
    if (o === undefined || o.retired) {
      const file = this.pathOf(logId);
      // A raw fd (a FileHandle would close itself when garbage-collected).
      const fd = this.fs.open(file, 'r');
      const entry: OpenLog = { fd, users: 0, retired: false };
      o = entry;
      this.open.set(logId, entry);
      fd.catch(() => {
        if (this.open.get(logId) === entry) this.open.delete(logId);
      });
    }
    const cur = o;
    cur.users++;
    try {
      return await fn(await cur.fd);
    } finally {
      cur.users--;
      if (cur.retired && cur.users === 0) await this.closeFd(await cur.fd).catch(() => undefined);
    }
  }

  /** Size of the log file in bytes. */
  async size(logId: number): Promise<number> {
    const fd = await this.fs.open(this.pathOf(logId), 'r');
    try {
      return await this.fs.size(fd);
    } finally {
      await this.closeFd(fd);
    }
  }

  /** Unlinks the log and fsyncs the directory; its descriptor closes once no read uses it. */
  async remove(logId: number): Promise<void> {
    await this.fs.unlink(this.pathOf(logId));
    await this.fs.fsyncDir(this.dirOf(logId));
    this.forget(logId);
    this.dirs.delete(logId);
  }

  /** Drops the cached descriptor (after a rename, or a removal done elsewhere). */
  forget(logId: number): void {
    const o = this.open.get(logId);
    if (o === undefined) return;
    this.open.delete(logId);
    o.retired = true;
    if (o.users === 0) void o.fd.then((fd) => this.closeFd(fd), () => undefined);
  }

  async closeAll(): Promise<void> {
    const all = [...this.open.values()];
    this.open.clear();
    for (const o of all) {
      const fd = await o.fd.catch(() => undefined);
      if (fd !== undefined) await this.closeFd(fd);
    }
  }
}
