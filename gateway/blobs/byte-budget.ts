// A counting budget of bytes shared by every blob transfer of an instance: a transfer takes the
// bytes of a chunk before sending or reading it and gives them back when the chunk is acked or sent
// on. A transfer that finds the budget spent waits (that wait is the backpressure that pauses the
// HTTP request stream). Waiters are served in arrival order; their number is bounded by the number
// of transfers (maxBlobTransfers), each of which waits for at most one chunk at a time.
import { QuireError } from '../../common/errors.js';

export class ByteBudget {
  private used = 0;
  private readonly waiters: { bytes: number; resolve: () => void; reject: (e: unknown) => void }[] = [];
  private closed = false;

  constructor(readonly capacity: number) {}

  get inUse(): number {
    return this.used;
  }

  acquire(bytes: number): Promise<void> {
    if (this.closed) return Promise.reject(new QuireError('SHUTTING_DOWN', 'the gateway is stopping'));
    const n = Math.min(bytes, this.capacity);
    if (this.waiters.length === 0 && this.used + n <= this.capacity) {
      this.used += n;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => this.waiters.push({ bytes: n, resolve, reject }));
  }

  release(bytes: number): void {
    this.used -= Math.min(bytes, this.capacity);
    while (this.waiters.length > 0 && this.used + this.waiters[0]!.bytes <= this.capacity) {
      const w = this.waiters.shift()!;
      this.used += w.bytes;
      w.resolve();
    }
  }

  close(): void {
    this.closed = true;
    for (const w of this.waiters.splice(0)) w.reject(new QuireError('SHUTTING_DOWN', 'the gateway is stopping'));
  }
}
