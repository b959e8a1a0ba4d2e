// Ledger recovery (BookKeeper's LedgerRecoveryOp, spec §5.5), run when a reader opens a ledger
// whose writer may be gone:
//   1. CAS the metadata OPEN -> IN_RECOVERY (a writer's ensemble change then fails: it is fenced).
//   2. Fence every bookie of the LAST segment with a read of entry -1, until the replies cover the
//      ensemble; take the highest LAC field.
//   3. Start from max(LAC, first entry of the last segment - 1).
//   4. Read LAC+1, LAC+2, ... from their write sets; each read also fences (high priority), so a
//      bookie whose fence request was lost is fenced by the time anything is read from it
//      (apache/bookkeeper#2614). An entry is absent after Qw-Qa+1 explicit no-entry answers; I/O
//      errors never count (apache/bookkeeper#2908).
//   5. Re-write every recovered entry with RECOVERY_ADD (new LAC field, same length) to Qa bookies.
//   6. CAS IN_RECOVERY -> CLOSED at the last recovered entry. If another recovery closed it first,
//      its result stands.
import { isQuireError, QuireError } from '../../../common/errors.js';
import { withChanges } from '../../../metadata/ledger-metadata.js';
import type { ClientContext } from '../client-context.js';
import type { DigestManager } from '../digest/digest-manager.js';
import { absentThreshold } from '../ensemble/distribution-schedule.js';
import { lastSegment } from '../ensemble/ensemble-change.js';
import { LedgerHandle } from '../ledger-handle.js';
import type { VersionedMetadata } from '../ledger-metadata-port.js';
import { readFromReplicas, replicasOf } from './pending-read-op.js';
import { fenceAndReadLastConfirmed } from './read-last-confirmed-op.js';
import { withRetries } from './retry.js';

/** Recovery adds in flight at once. */
const RECOVERY_ADD_WINDOW = 64;

async function markInRecovery(ctx: ClientContext, ledgerId: bigint): Promise<VersionedMetadata> {
  let v = await ctx.metadata.read(ledgerId);
  for (let attempt = 0; attempt < ctx.config.metadataCasAttempts; attempt++) {
    if (v.metadata.state !== 'OPEN') return v;
    const next = withChanges(v.metadata, { state: 'IN_RECOVERY' });
    try {
      const version = await ctx.metadata.update(ledgerId, next, v.version);
      return { metadata: next, version };
    } catch (e) {
      if (!isQuireError(e, 'METADATA_VERSION_CONFLICT')) throw e;
      v = await ctx.metadata.read(ledgerId);
    }
  }
  throw new QuireError('METADATA_VERSION_CONFLICT', `ledger ${ledgerId}: could not mark it in recovery`);
}

export async function recoverLedger(ctx: ClientContext, ledgerId: bigint, digest: DigestManager, masterKey: Buffer): Promise<VersionedMetadata> {
  const v = await withRetries(ctx, ctx.config.recoveryStepAttempts, () => markInRecovery(ctx, ledgerId));
  if (v.metadata.state === 'CLOSED') return v;
  const m = v.metadata;
  const attempts = ctx.config.recoveryStepAttempts;

  const fenced = await withRetries(ctx, attempts, () => fenceAndReadLastConfirmed(ctx, digest, ledgerId, m, masterKey));
  const startLac = fenced.lac > lastSegment(m.segments).firstEntryId - 1n ? fenced.lac : lastSegment(m.segments).firstEntryId - 1n;

  // The length up to the LAC comes from that entry's own length field (BookKeeper takes it from
  // the fence reply's last entry, which may be past the LAC).
  let length = 0n;
  if (startLac >= 0n) {
    const r = await withRetries(ctx, attempts, () =>
      readFromReplicas({ ctx, digest, ledgerId, entryId: startLac, replicas: replicasOf(m.segments, m, startLac), absentAfter: m.writeQuorumSize }),
    );
    if (r.kind === 'absent') throw new QuireError('NO_SUCH_ENTRY', `ledger ${ledgerId}: confirmed entry ${startLac} is on none of its bookies`);
    length = r.fields.length;
  }

  const handle = new LedgerHandle({ ctx, ledgerId, versioned: v, digest, masterKey, mode: 'recovery', lastAddConfirmed: startLac, length });
  const inFlight: Promise<bigint>[] = [];
  const absentAfter = absentThreshold(m);
  for (let entryId = startLac + 1n; ; entryId++) {
    const r = await withRetries(ctx, attempts, () =>
      readFromReplicas({
        ctx,
        digest,
        ledgerId,
        entryId,
        replicas: replicasOf(m.segments, m, entryId),
        absentAfter,
        options: { fence: true, masterKey, highPriority: true },
      }),
    );
    if (r.kind === 'absent') break;
    if (handle.error) throw handle.error;
    const p = handle.recoveryAdd(entryId, r.fields.payload, r.fields.length);
    p.catch(() => undefined); // surfaced through handle.error below
    inFlight.push(p);
    if (inFlight.length >= RECOVERY_ADD_WINDOW) await inFlight.shift()!.catch(() => undefined);
  }
  await handle.settle();
  if (handle.error) throw handle.error;
  try {
    await handle.close();
  } catch (e) {
    // Another recovery closed the ledger first; what it decided is the ledger's end.
    if (!isQuireError(e, 'METADATA_VERSION_CONFLICT')) throw e;
    const closed = await ctx.metadata.read(ledgerId);
    if (closed.metadata.state !== 'CLOSED') throw e;
    return closed;
  }
  return { metadata: handle.ledgerMetadata, version: handle.metadataVersion };
}
