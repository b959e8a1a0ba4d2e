// The one home of durable file primitives: positional write/read and fdatasync behind the FileIo
// interface (so tests can inject faults, such as a failing or gated fdatasync, without mocking the
// file system), directory fsync, and atomic replace. The journal, ledger storage, the cookie and the
// embedded metadata store all use these; none keeps its own copy.
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

/** Makes a directory's entries (created, renamed, deleted files) durable. */
export async function fsyncDir(dir: string): Promise<void> {
  const fh = await fs.promises.open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** Writes `file` (created or truncated) with `data` and fsyncs it; the directory entry is not synced. */
export async function writeFileSynced(file: string, data: Buffer): Promise<void> {
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
export async function writeFileAtomic(file: string, data: Buffer): Promise<void> {
  const tmp = `${file}.tmp`;
  await writeFileSynced(tmp, data);
  await fs.promises.rename(tmp, file);
  await fsyncDir(path.dirname(file));
}
