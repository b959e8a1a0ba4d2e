// The one home of durable file primitives: positional write/read and fdatasync behind the FileIo
// interface (so tests can inject faults, such as a failing or gated fdatasync, without mocking the
// file system), directory fsync, and atomic replace. The journal, ledger storage, the cookie and the
// embedded metadata store all use these; none keeps its own copy.
//
// FileSystem is the whole file surface the bookie's storage touches (FileIo plus open/close,
// directory listing, rename, unlink, truncate, directory fsync). nodeFileSystem is node:fs and the
// default everywhere; the seeded simulation passes an in-memory one with a durable and a volatile
// view (test/quorum/sim/sim-disk.ts), so the real journal and ledger storage run over a disk that
// loses what was not fdatasync'd on a simulated power cut.
import fs from 'node:fs';
import path from 'node:path';

export interface FileIo {
  /** Writes all of buf[off, off+len) at `position` (loops over short writes). */
  write(fd: number, buf: Buffer, off: number, len: number, position: number): Promise<void>;
  /** Writes all buffers contiguously from `position`. */
  writev(fd: number, bufs: Buffer[], position: number): Promise<void>;
  fdatasync(fd: number): Promise<void>;
  /** Reads exactly len bytes at position into buf[off..]; returns the count actually read. */
  read(fd: number, buf: Buffer, off: number, len: number, position: number): Promise<number>;
}

function writeOnce(fd: number, buf: Buffer, off: number, len: number, position: number): Promise<number> {
  return new Promise((resolve, reject) => {
    fs.write(fd, buf, off, len, position, (err, n) => (err ? reject(err) : resolve(n)));
  });
}

function writevOnce(fd: number, bufs: Buffer[], position: number): Promise<number> {
  return new Promise((resolve, reject) => {
    fs.writev(fd, bufs, position, (err, n) => (err ? reject(err) : resolve(n)));
  });
}

export const nodeFileIo: FileIo = {
  async write(fd, buf, off, len, position) {
    while (len > 0) {
      const n = await writeOnce(fd, buf, off, len, position);
      off += n;
      len -= n;
      position += n;
    }
  },
  async writev(fd, bufs, position) {
    let total = 0;
    for (const b of bufs) total += b.length;
    let n = await writevOnce(fd, bufs, position);
    if (n === total) return;
    // Short vectored write (rare): finish the rest buffer by buffer.
    let pos = position + n;
    for (const b of bufs) {
      if (n >= b.length) {
        n -= b.length;
        continue;
      }
      await nodeFileIo.write(fd, b, n, b.length - n, pos);
      pos += b.length - n;
      n = 0;
    }
  },
  fdatasync(fd) {
    return new Promise((resolve, reject) => fs.fdatasync(fd, (err) => (err ? reject(err) : resolve())));
  },
  async read(fd, buf, off, len, position) {
    let got = 0;
    while (got < len) {
      const n = await new Promise<number>((resolve, reject) => {
        fs.read(fd, buf, off + got, len - got, position + got, (err, r) => (err ? reject(err) : resolve(r)));
      });
      if (n === 0) break;
      got += n;
    }
    return got;
  },
};

/** Open modes the storage uses: read, read-write existing, create exclusively, create or truncate. */
export type OpenFlags = 'r' | 'r+' | 'wx' | 'w';

export interface FileSystem extends FileIo {
  /** Opens a file and returns its descriptor. Errors carry node's errno `code` (ENOENT, EEXIST). */
  open(file: string, flags: OpenFlags): Promise<number>;
  close(fd: number): Promise<void>;
  /** Current size of the open file. */
  size(fd: number): Promise<number>;
  truncate(fd: number, length: number): Promise<void>;
  /** fsync: data and metadata of the open file. */
  fsync(fd: number): Promise<void>;
  readFile(file: string): Promise<Buffer>;
  readdir(dir: string): Promise<string[]>;
  /** Creates the directory and its parents (no error when it exists). */
  mkdir(dir: string): Promise<void>;
  unlink(file: string): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  /** Makes a directory's entries (created, renamed, deleted files) durable. */
  fsyncDir(dir: string): Promise<void>;
  statfs(dir: string): Promise<{ totalBytes: bigint; freeBytes: bigint }>;
}

export const nodeFileSystem: FileSystem = {
  ...nodeFileIo,
  open: (file, flags) => new Promise((resolve, reject) => fs.open(file, flags, (err, fd) => (err ? reject(err) : resolve(fd)))),
  close: (fd) => new Promise((resolve, reject) => fs.close(fd, (err) => (err ? reject(err) : resolve()))),
  size: (fd) => new Promise((resolve, reject) => fs.fstat(fd, (err, st) => (err ? reject(err) : resolve(st.size)))),
  truncate: (fd, length) => new Promise((resolve, reject) => fs.ftruncate(fd, length, (err) => (err ? reject(err) : resolve()))),
  fsync: (fd) => new Promise((resolve, reject) => fs.fsync(fd, (err) => (err ? reject(err) : resolve()))),
  readFile: (file) => fs.promises.readFile(file),
  readdir: (dir) => fs.promises.readdir(dir),
  mkdir: async (dir) => {
    await fs.promises.mkdir(dir, { recursive: true });
  },
  unlink: (file) => fs.promises.unlink(file),
  rename: (from, to) => fs.promises.rename(from, to),
  fsyncDir: (dir) => fsyncDir(dir),
  statfs: async (dir) => {
    const s = await fs.promises.statfs(dir, { bigint: true });
    return { totalBytes: s.blocks * s.bsize, freeBytes: s.bavail * s.bsize };
  },
};

/**
 * The file system `fsys` with FileIo's data calls taken from `io` when given (the tests' fault
 * injection wraps only write/read/fdatasync).
 */
export function withFileIo(fsys: FileSystem, io: FileIo | undefined): FileSystem {
  if (io === undefined) return fsys;
  return {
    ...fsys,
    write: (fd, buf, off, len, position) => io.write(fd, buf, off, len, position),
    writev: (fd, bufs, position) => io.writev(fd, bufs, position),
    fdatasync: (fd) => io.fdatasync(fd),
    read: (fd, buf, off, len, position) => io.read(fd, buf, off, len, position),
  };
}

/** Makes a directory's entries (created, renamed, deleted files) durable. */
export async function fsyncDir(dir: string, fsys?: FileSystem): Promise<void> {
  if (fsys !== undefined && fsys !== nodeFileSystem) return fsys.fsyncDir(dir);
  const fh = await fs.promises.open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** Writes `file` (created or truncated) with `data` and fsyncs it; the directory entry is not synced. */
export async function writeFileSynced(file: string, data: Buffer, fsys?: FileSystem): Promise<void> {
  if (fsys !== undefined && fsys !== nodeFileSystem) {
    const fd = await fsys.open(file, 'w');
    try {
      await fsys.write(fd, data, 0, data.length, 0);
      await fsys.fsync(fd);
    } finally {
      await fsys.close(fd);
    }
    return;
  }
  const fh = await fs.promises.open(file, 'w');
  try {
    await fh.writeFile(data);
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/**
 * Replaces `file` atomically and durably: write `<file>.tmp`, fsync it, rename it over `file`,
 * fsync the directory. A crash leaves either the old or the new content (and maybe a stale .tmp).
 */
export async function writeFileAtomic(file: string, data: Buffer, fsys: FileSystem = nodeFileSystem): Promise<void> {
  const tmp = `${file}.tmp`;
  await writeFileSynced(tmp, data, fsys);
  await fsys.rename(tmp, file);
  await fsyncDir(path.dirname(file), fsys);
}
