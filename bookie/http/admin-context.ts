// What the admin endpoints may reach: the bookie's parts, and ports for what only the layers
// above the bookie can do (reading a ledger through the quorum client, the sanity test). The
// bookie never imports the client (docs/ARCHITECTURE.md); cli/ wires those ports.
import type { Logger } from '../../common/logger.js';
import type { MetadataService } from '../../metadata/metadata-service.js';
import type { BookieConfig } from '../bookie-config.js';
import type { BookieImpl } from '../bookie-impl.js';
import type { BookieStateManager } from '../bookie-state-manager.js';
import type { LedgerDirsMonitor } from '../disk/ledger-dirs-monitor.js';
import type { BookieMetrics } from './bookie-metrics.js';
import type { GcControl } from './gc-control.js';

export interface LedgerEntryText {
  readonly entryId: bigint;
  /** The entry's payload (digest header stripped). */
  readonly payload: Buffer;
}

/** What a whole-bookie recovery did (autorecovery/bookie-recovery.ts's result). */
export interface BookieRecoveryReport {
  readonly recovered: readonly bigint[];
  /** Ledgers a replication worker held: left to it. */
  readonly lockedElsewhere: readonly bigint[];
  readonly failed: readonly { readonly ledgerId: bigint; readonly error: string }[];
}

/** Client-side operations (BookKeeperAdmin in Java); cli/bookie-admin-client.ts implements them. */
export interface ClusterClientPort {
  /** Entries first..last (last -1 = up to the LAC) of a ledger, read through the quorum client. */
  readEntries(ledgerId: bigint, first: bigint, last: bigint): Promise<LedgerEntryText[]>;
  /** BookKeeper's SanityTestCommand: write, read back and delete a ledger on this bookie only. */
  sanityTest(localBookieId: string): Promise<boolean>;
  /**
   * BookKeeperAdmin.recoverBookieData: re-replicates every fragment on `bookies` (lost even if
   * still running), onto `targets` only when given (the old `bookie_dest`). `self` is the bookie
   * asking (its id names the ledger locks taken).
   */
  recoverBookies?(bookies: readonly string[], targets: readonly string[] | undefined, self: string): Promise<BookieRecoveryReport>;
  /** BookKeeperAdmin.decommissionBookie, live (BP-68): turns it read-only and moves every segment off it; returns the summary lines. */
  decommissionBookie?(bookieId: string): Promise<string[]>;
  /** Closes connections the port opened (called when the bookie stops). */
  close?(): Promise<void>;
}

export interface AdminContext {
  readonly config: BookieConfig;
  readonly bookie: BookieImpl;
  readonly state: BookieStateManager;
  readonly dirs: LedgerDirsMonitor | undefined;
  readonly metadata: MetadataService | undefined;
  readonly metrics: BookieMetrics;
  readonly log: Logger;
  /** Known once the port is bound. */
  bookieId(): string;
  gc(): GcControl | undefined;
  cluster(): ClusterClientPort | undefined;
}
