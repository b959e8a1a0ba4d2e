// Journal file I/O on dedicated threads (journalDedicatedIoThreads), instead of libuv's shared
// threadpool, where a journal write or fdatasync queues behind entry-log writes, LevelDB work
// and zero fill (issue 17). Two worker threads, like BookKeeper's journal thread and its
// ForceWriteThread: one runs write()/read() calls, the other fdatasync(), so the next group's
// write proceeds while the previous group's fdatasync is in flight (the pipeline in journal.ts).
// Each thread runs one blocking call at a time, in the order the calls were made; the calls
// complete as promises on the event loop like node:fs's. Nothing about durability changes: the
// journal still starts an fdatasync only after the write it covers has completed, and acks only
// after that fdatasync returned.
//
// Buffers: a Buffer on a SharedArrayBuffer (the journal's batch buffer and zeros, see
// sharedBuffer) is handed over without a copy; any other is copied once into a transferred
// ArrayBuffer. The fd is the process's, so the threads use the fds node:fs opened.
import { Worker } from 'node:worker_threads';
import type { FileIo } from '../../common/durable-file.js';

type Op = 'write' | 'read' | 'fdatasync';

interface Request {
  readonly id: number;
  readonly op: Op;
  readonly fd: number;
  /** write: the bytes; read: where to read into (shared) or undefined (copied back). */
  readonly bytes?: Uint8Array;
  readonly len?: number;
  readonly position?: number;
}

interface Reply {
  readonly id: number;
  readonly n?: number;
  /** A read into a non-shared buffer: the bytes read. */
  readonly bytes?: Uint8Array;
  readonly error?: { message: string; code?: string; errno?: number; syscall?: string };
}

interface InFlight {
  resolve(r: Reply): void;
  reject(e: Error): void;
}

/**
 * The worker's program. It runs from its source text (eval), so it must be self-contained:
 * loading a .ts worker file is not possible under tsx, and tsc does not emit .js files next to
 * the sources. Blocking calls are the point here: this thread does nothing else.
 */
function ioWorkerMain(): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const fs = require('node:fs') as typeof import('node:fs');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { parentPort } = require('node:worker_threads') as typeof import('node:worker_threads');
  parentPort!.on('message', (req: Request) => {
    try {
      if (req.op === 'fdatasync') {
        fs.fdatasyncSync(req.fd);
        parentPort!.postMessage({ id: req.id });
      } else if (req.op === 'write') {
        const b = req.bytes!;
        let done = 0;
        // Loops over short writes, like durable-file's write.
        while (done < b.length) done += fs.writeSync(req.fd, b, done, b.length - done, req.position! + done);
        parentPort!.postMessage({ id: req.id });
      } else {
        const into = req.bytes ?? new Uint8Array(req.len!);
        let n = 0;
        while (n < req.len!) {
          const k = fs.readSync(req.fd, into, n, req.len! - n, req.position! + n);
          if (k === 0) break;
          n += k;
        }
        if (req.bytes) parentPort!.postMessage({ id: req.id, n });
        else parentPort!.postMessage({ id: req.id, n, bytes: into }, [into.buffer as ArrayBuffer]);
      }
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      parentPort!.postMessage({ id: req.id, error: { message: err.message, code: err.code, errno: err.errno, syscall: err.syscall } });
    }
  });
}

// tsx (esbuild keepNames) wraps named functions in __name(...) calls; the worker has no such helper.
const WORKER_SOURCE = `const __name = (f) => f;\n(${ioWorkerMain.toString()})();`;

/** A Buffer on shared memory: handed to the I/O threads without a copy. */
export function sharedBuffer(size: number): Buffer {
  return Buffer.from(new SharedArrayBuffer(size));
}

function isShared(b: Uint8Array): boolean {
  return b.buffer instanceof SharedArrayBuffer;
}

/** One dedicated thread: calls run one at a time, in order. */
class IoThread {
  private readonly worker: Worker;
  private readonly inFlight = new Map<number, InFlight>();
  private nextId = 1;
  private dead: Error | undefined;

  constructor(name: string) {
    this.worker = new Worker(WORKER_SOURCE, { eval: true, name, stdout: false, stderr: false });
    // Only calls in flight keep the process alive (ref() in call, unref() when idle).
    this.worker.unref();
    this.worker.on('message', (r: Reply) => {
      const f = this.inFlight.get(r.id);
      if (!f) return;
      this.inFlight.delete(r.id);
      if (this.inFlight.size === 0) this.worker.unref();
      f.resolve(r);
    });
    const die = (e: Error): void => {
      this.dead ??= e;
      const pending = [...this.inFlight.values()];
      this.inFlight.clear();
      for (const f of pending) f.reject(this.dead);
    };
    this.worker.on('error', die);
    this.worker.on('exit', (code) => die(new Error(`journal I/O thread ${name} exited (code ${code})`)));
  }

  call(req: Omit<Request, 'id'>, transfer: ArrayBuffer[] = []): Promise<Reply> {
    if (this.dead) return Promise.reject(this.dead);
    const id = this.nextId++;
    return new Promise<Reply>((resolve, reject) => {
      if (this.inFlight.size === 0) this.worker.ref();
      this.inFlight.set(id, {
        resolve: (r) => (r.error ? reject(errnoError(r.error)) : resolve(r)),
        reject,
      });
      this.worker.postMessage({ ...req, id }, transfer);
    });
  }

  async terminate(): Promise<void> {
    this.dead ??= new Error('journal I/O thread stopped');
    await this.worker.terminate();
  }
}

function errnoError(e: NonNullable<Reply['error']>): NodeJS.ErrnoException {
  const err: NodeJS.ErrnoException = new Error(e.message);
  if (e.code !== undefined) err.code = e.code;
  if (e.errno !== undefined) err.errno = e.errno;
  if (e.syscall !== undefined) err.syscall = e.syscall;
  return err;
}

/** The bytes of buf[off, off+len) for a call: a view when shared, else a transferred copy. */
function handOver(buf: Uint8Array, off: number, len: number): { bytes: Uint8Array; transfer: ArrayBuffer[] } {
  if (isShared(buf)) return { bytes: buf.subarray(off, off + len), transfer: [] };
  const copy = new Uint8Array(len);
  copy.set(buf.subarray(off, off + len));
  return { bytes: copy, transfer: [copy.buffer] };
}

/** A journal's FileIo on its own write thread and force-write (fdatasync) thread. */
export class JournalIoThreads implements FileIo {
  private readonly writer: IoThread;
  private readonly syncer: IoThread;

  constructor(name = 'journal') {
    this.writer = new IoThread(`${name}-write`);
    this.syncer = new IoThread(`${name}-force-write`);
  }

  async write(fd: number, buf: Buffer, off: number, len: number, position: number): Promise<void> {
    if (len === 0) return;
    const { bytes, transfer } = handOver(buf, off, len);
    await this.writer.call({ op: 'write', fd, bytes, position }, transfer);
  }

  async writev(fd: number, bufs: Buffer[], position: number): Promise<void> {
    const all = Buffer.concat(bufs);
    await this.write(fd, all, 0, all.length, position);
  }

  async fdatasync(fd: number): Promise<void> {
    await this.syncer.call({ op: 'fdatasync', fd });
  }

  async read(fd: number, buf: Buffer, off: number, len: number, position: number): Promise<number> {
    if (isShared(buf)) {
      const r = await this.writer.call({ op: 'read', fd, bytes: buf.subarray(off, off + len), len, position });
      return r.n!;
    }
    const r = await this.writer.call({ op: 'read', fd, len, position });
    buf.set(r.bytes!.subarray(0, r.n!), off);
    return r.n!;
  }

  /** Stops both threads (after the journal closed its fd); later calls fail. */
  async close(): Promise<void> {
    await Promise.all([this.writer.terminate(), this.syncer.terminate()]);
  }
}
