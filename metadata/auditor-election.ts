// BookKeeper's auditor election (ZkLedgerAuditorManager): every candidate creates an
// ephemeral-sequential vote <root>/underreplication/auditorelection/V_<10 digits> holding
// AuditorVoteFormat text (bookieId: "..."); the lowest sequence number is the auditor, and writes
// its id into the election node itself too (for tools). Each other candidate watches only its
// predecessor, so a dead auditor's vote (gone with its session) wakes exactly one successor.
// Votes are sequential, so the store does not re-create them after a session expiry: the
// candidate is told (onLost) and must stand again.
import { QuireError, isQuireError } from '../common/errors.js';
import { decodeBookieIdFormat, encodeBookieIdFormat } from './formats/underreplication-format.js';
import { ANY_VERSION, joinPath, type MetadataStore, type Unsubscribe } from './metadata-store.js';
import { AUDITOR_ELECTION_NODE, underreplicationBase } from './underreplication-manager.js';
import { childrenIfExists, ensureParents, getIfExists } from './store-helpers.js';

const VOTE_PREFIX = 'V_';

function voteSeq(name: string): number {
  return Number(name.slice(name.indexOf(VOTE_PREFIX) + VOTE_PREFIX.length));
}

function sortedVotes(children: string[]): string[] {
  return children.filter((c) => c.startsWith(VOTE_PREFIX)).sort((a, b) => voteSeq(a) - voteSeq(b));
}

export function electionPath(root: string): string {
  return joinPath(underreplicationBase(root), AUDITOR_ELECTION_NODE);
}

/** The current auditor's bookie id (the lowest vote), or undefined when no one stands. */
export async function getCurrentAuditor(store: MetadataStore, root: string): Promise<string | undefined> {
  const path = electionPath(root);
  for (const vote of sortedVotes(await childrenIfExists(store, path))) {
    const node = await getIfExists(store, joinPath(path, vote));
    if (node) return decodeBookieIdFormat(node.data, `auditor vote ${vote}`);
  }
  return undefined;
}

export class AuditorElection {
  private myVote: string | undefined;
  private closed = false;
  private unsubscribeSession: Unsubscribe | undefined;

  constructor(
    private readonly store: MetadataStore,
    private readonly root: string,
    private readonly bookieId: string,
  ) {}

  /**
   * Stands for election and resolves once this candidate is the auditor. onLost is called (once)
   * if the session that holds the vote ends afterwards. Rejects with SHUTTING_DOWN after close().
   */
  async becomeAuditor(onLost: () => void): Promise<void> {
    const path = electionPath(this.root);
    await ensureParents(this.store, joinPath(path, 'x'));
    try {
      await this.store.create(path, Buffer.alloc(0), 'persistent');
    } catch (e) {
      if (!isQuireError(e, 'METADATA_EXISTS')) throw e;
    }
    for (;;) {
      if (this.closed) throw new QuireError('SHUTTING_DOWN', 'auditor election closed');
      if (this.myVote === undefined || (await this.store.exists(this.myVote)) === undefined) {
        this.myVote = await this.store.create(joinPath(path, VOTE_PREFIX), encodeBookieIdFormat(this.bookieId), 'ephemeral-sequential');
      }
      const mine = this.myVote.slice(this.myVote.lastIndexOf('/') + 1);
      const votes = sortedVotes(await this.store.getChildren(path));
      const index = votes.indexOf(mine);
      if (index < 0) continue;
      if (index === 0) {
        await this.store.set(path, encodeBookieIdFormat(this.bookieId), ANY_VERSION);
        this.unsubscribeSession?.();
        this.unsubscribeSession = this.store.onSession((ev) => {
          if (ev.state === 'expired' || ev.newSession) {
            this.unsubscribeSession?.();
            this.unsubscribeSession = undefined;
            this.myVote = undefined;
            if (!this.closed) onLost();
          }
        });
        return;
      }
      // Wait for the predecessor's vote to go (or the session to end), then look again.
      const predecessor = joinPath(path, votes[index - 1]!);
      await new Promise<void>((resolve) => {
        let done = false;
        const finish = () => {
          if (done) return;
          done = true;
          watch();
          session();
          clearInterval(closeCheck);
          resolve();
        };
        const watch = this.store.watchData(predecessor, (ev) => {
          if (ev.type === 'deleted') finish();
        });
        const session = this.store.onSession((ev) => {
          if (ev.state !== 'connected' || ev.newSession) finish();
        });
        // close() must end the wait too.
        const closeCheck = setInterval(() => this.closed && finish(), 200);
        void watch.ready.then(async () => {
          if ((await this.store.exists(predecessor).catch(() => undefined)) === undefined) finish();
        });
      });
    }
  }

  /** Withdraws the vote. */
  async close(): Promise<void> {
    this.closed = true;
    this.unsubscribeSession?.();
    this.unsubscribeSession = undefined;
    const vote = this.myVote;
    this.myVote = undefined;
    if (vote === undefined) return;
    try {
      await this.store.delete(vote, ANY_VERSION);
    } catch (e) {
      if (!isQuireError(e, 'METADATA_NOT_FOUND') && !isQuireError(e, 'SHUTTING_DOWN') && !isQuireError(e, 'METADATA_UNAVAILABLE')) throw e;
    }
  }
}
