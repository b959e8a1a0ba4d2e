// BookKeeper's AuditorElector: stands in the auditor election and runs the Auditor while it is
// the elected one. When its vote's session ends (ZooKeeper session expiry) it stops the
// auditor and stands again.
import type { AutoRecoveryContext } from './autorecovery-context.js';
import { AuditorElection } from '../metadata/auditor-election.js';
import { Auditor } from './auditor.js';

export class AuditorElector {
  private election: AuditorElection;
  private auditorInstance: Auditor | undefined;
  private stopped = false;
  private standing: Promise<void> | undefined;
  /** Ends the wait for a lost session (also on stop). */
  private releaseStand: (() => void) | undefined;

  constructor(
    private readonly ctx: AutoRecoveryContext,
    private readonly bookieId: string,
    private readonly onMarked: () => void,
  ) {
    this.election = new AuditorElection(ctx.service.store, ctx.service.root, bookieId);
  }

  /** The running auditor when this process is the elected one. */
  get auditor(): Auditor | undefined {
    return this.auditorInstance;
  }

  start(): void {
    this.standing ??= this.stand();
  }

  private async stand(): Promise<void> {
    while (!this.stopped) {
      const lostSession = new Promise<void>((resolve) => (this.releaseStand = resolve));
      try {
        await this.election.becomeAuditor(() => this.releaseStand?.());
      } catch (err) {
        if (this.stopped) return;
        this.ctx.log.warn({ err }, 'auditor election failed; standing again');
        await new Promise((r) => setTimeout(r, 1000));
        continue;
      }
      if (this.stopped) return;
      this.ctx.log.info({ bookieId: this.bookieId }, 'elected auditor');
      const auditor = new Auditor(this.ctx, this.onMarked);
      this.auditorInstance = auditor;
      try {
        await auditor.start();
      } catch (err) {
        this.ctx.log.warn({ err }, 'auditor failed to start');
      }
      await lostSession;
      this.auditorInstance = undefined;
      await auditor.stop();
      if (!this.stopped) this.ctx.log.warn('auditor lost its election session; standing again');
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.releaseStand?.();
    await this.election.close();
    await this.standing;
  }
}
