// The long admin operations the HTTP API only starts (recover a bookie, decommission a bookie):
// BookKeeper hands them to one single-thread executor and answers at once, so they run one after
// another in arrival order. Here the same, with a bound on how many may wait (BookKeeper's queue
// is unbounded).
import type { Logger } from '../../common/logger.js';

/** Operations running or waiting at once; one more is refused (503). */
export const MAX_QUEUED_ADMIN_TASKS = 16;

export interface AdminTask {
  /** What it is, for the logs and the refusal message ("recover bookie a:3181"). */
  readonly name: string;
  run(): Promise<void>;
}

export class AdminTaskQueue {
  private readonly waiting: AdminTask[] = [];
  private running: AdminTask | undefined;

  constructor(private readonly log: Logger) {}

  /** Running plus waiting. */
  get size(): number {
    return this.waiting.length + (this.running ? 1 : 0);
  }

  /** Queues the task; false (and nothing queued) when MAX_QUEUED_ADMIN_TASKS are already there. */
  offer(task: AdminTask): boolean {
    if (this.size >= MAX_QUEUED_ADMIN_TASKS) return false;
    this.waiting.push(task);
    if (!this.running) void this.drain();
    return true;
  }

  /** Names of the running task and the waiting ones, in order. */
  describe(): string[] {
    return [...(this.running ? [this.running.name] : []), ...this.waiting.map((t) => t.name)];
  }

  private async drain(): Promise<void> {
    for (let t = this.waiting.shift(); t; t = this.waiting.shift()) {
      this.running = t;
      const started = Date.now();
      this.log.info({ task: t.name }, 'admin task started');
      try {
        await t.run();
        this.log.info({ task: t.name, ms: Date.now() - started }, 'admin task completed');
      } catch (err) {
        this.log.error({ err, task: t.name }, 'admin task failed');
      }
      this.running = undefined;
    }
  }
}
