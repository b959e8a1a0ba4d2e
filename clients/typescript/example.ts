// Quire from TypeScript, over REST and over gRPC: create a ledger, append (exactly-once), tail
// it, close it, and handle the gateway's typed errors.
//   node --import tsx clients/typescript/example.ts --rest http://127.0.0.1:8080 --grpc 127.0.0.1:9090
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { QuireApiError, QuireGrpcClient, QuireRestClient } from './index.js';

const { values } = parseArgs({ options: { rest: { type: 'string', default: 'http://127.0.0.1:8080' }, grpc: { type: 'string', default: '127.0.0.1:9090' }, entries: { type: 'string', default: '5' } } });
const n = Number(values.entries);
const PASSWORD = 'example-secret';

async function expectError(what: string, p: Promise<unknown>): Promise<QuireApiError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof QuireApiError) {
      console.log(`${what} -> ${e.code} (status ${e.status}, retryable=${e.retryable}${e.lastEntryId !== undefined ? `, last entry ${e.lastEntryId}` : ''})`);
      return e;
    }
    throw e;
  }
  throw new Error(`${what} succeeded`);
}

async function overRest(): Promise<Record<string, unknown>> {
  const quire = new QuireRestClient({ baseUrl: values.rest!, password: PASSWORD });
  // Exactly-once appends need the envelope format (default: RAW, the bytes as sent).
  const ledger = await quire.createLedger({ ensembleSize: 3, writeQuorumSize: 2, ackQuorumSize: 2, customMetadata: { app: 'ts-example' }, entryFormat: 'ENVELOPE' });
  console.log(`REST: created ledger ${ledger.ledgerId}`);
  // Exactly-once appends: the SDK retries them on retryable errors, and a retry returns the first receipt.
  const producerId = `ts-${randomUUID()}`;
  for (let seq = 0n; seq < BigInt(n); seq++) {
    const r = await quire.append(ledger.ledgerId, `event ${seq}`, { producerId, sequence: seq });
    console.log(`REST: appended entry ${r.entryId} (write set ${r.writeSet.join(',')})`);
  }
  const dup = await quire.append(ledger.ledgerId, 'event 0', { producerId, sequence: 0n });
  if (!dup.duplicate || dup.entryId !== 0n) throw new Error('replay not recognised');
  const seen: string[] = [];
  for await (const e of quire.follow(ledger.ledgerId, { from: 0n, waitMs: 1000 })) {
    seen.push(e.data.toString());
    if (seen.length === n) break;
  }
  const sealed = await quire.close(ledger.ledgerId);
  console.log(`REST: tailed ${seen.length}, closed at ${sealed.lastEntryId}`);
  const closed = await expectError('REST: append after close', quire.append(ledger.ledgerId, 'late'));
  const missing = await expectError('REST: unknown ledger', quire.getLedger(1n << 62n));
  return { ledgerId: String(ledger.ledgerId), tailed: seen.length, lastEntryId: String(sealed.lastEntryId), duplicateReplayed: dup.duplicate, closedError: closed.code, closedLastEntryId: String(closed.lastEntryId), closedRetryable: closed.retryable, missingError: missing.code };
}

async function overGrpc(): Promise<Record<string, unknown>> {
  const quire = new QuireGrpcClient({ target: values.grpc!, password: PASSWORD });
  try {
    const ledger = await quire.createLedger({ ensembleSize: 3, writeQuorumSize: 2, ackQuorumSize: 2, digestType: 'DIGEST_TYPE_CRC32C', entryFormat: 'ENTRY_FORMAT_ENVELOPE' });
    console.log(`gRPC: created ledger ${ledger.ledgerId}`);
    const producerId = `ts-${randomUUID()}`;
    const receipts = await quire.appendBatch(ledger.ledgerId, Array.from({ length: n }, (_, i) => `event ${i}`), { producerId, sequence: 0n });
    console.log(`gRPC: appended entries ${receipts.map((r) => r.entryId).join(',')}`);
    const seen: bigint[] = [];
    for await (const e of quire.tail(ledger.ledgerId, { from: 0n, waitMs: 1000 })) {
      seen.push(e.entryId);
      if (seen.length === n) break;
    }
    const sealed = await quire.closeLedger(ledger.ledgerId);
    console.log(`gRPC: tailed ${seen.length}, closed at ${sealed.lastEntryId}`);
    const closed = await expectError('gRPC: append after close', quire.append(ledger.ledgerId, 'late'));
    const missing = await expectError('gRPC: unknown ledger', quire.getMetadata(1n << 62n));
    return { ledgerId: String(ledger.ledgerId), tailed: seen.length, lastEntryId: String(sealed.lastEntryId), closedError: closed.code, closedLastEntryId: String(closed.lastEntryId), closedRetryable: closed.retryable, missingError: missing.code };
  } finally {
    quire.close();
  }
}

const rest = await overRest();
const grpc = await overGrpc();
console.log(JSON.stringify({ ok: true, rest, grpc }));
