// The bookie state manager (BookKeeper's BookieStateManager): whether the bookie takes writes.
// A bookie is read-only when configured so (forceReadOnlyBookie), when switched to read-only
// (setReadOnly), or while its registration in the metadata service is lost: clients pick bookies
// from the registry, and a bookie that cannot be seen there must not take new data. Read-only
// refuses adds and explicit-LAC writes with BOOKIE_READ_ONLY; high-priority (recovery) adds may
// pass when allowHighPriorityWritesWhenReadOnly.
import { QuireError } from '../common/errors.js';

export interface BookieStateOptions {
  /** forceReadOnlyBookie: read-only whatever happens. */
  readonly forceReadOnly: boolean;
  readonly allowHighPriorityWritesWhenReadOnly: boolean;
}

export class BookieStateManager {
  private readOnly: boolean;

  constructor(private readonly opts: BookieStateOptions) {
    this.readOnly = opts.forceReadOnly;
  }

  get isReadOnly(): boolean {
    return this.readOnly;
  }

  get isForceReadOnly(): boolean {
    return this.opts.forceReadOnly;
  }

  /** Switches read-only mode (e.g. when a disk fills up). */
  setReadOnly(readOnly: boolean): void {
    this.readOnly = readOnly;
  }

  /** The registration side: lost → read-only; back → the configured mode. */
  setRegistered(registered: boolean): void {
    this.setReadOnly(this.opts.forceReadOnly || !registered);
  }

  /** Throws BOOKIE_READ_ONLY unless an add of this priority may be written now. */
  checkAddAllowed(highPriority: boolean): void {
    if (this.readOnly && !(highPriority && this.opts.allowHighPriorityWritesWhenReadOnly)) {
      throw new QuireError('BOOKIE_READ_ONLY', 'bookie is read-only');
    }
  }

  /** Throws BOOKIE_READ_ONLY while read-only (writes other than adds: explicit LAC). */
  checkWriteAllowed(): void {
    if (this.readOnly) throw new QuireError('BOOKIE_READ_ONLY', 'bookie is read-only');
  }
}
