// A writer process for the writer-crash test: creates a ledger, prints {"ledgerId"} and then one
// {"acked"} JSON line per acknowledged entry (in entry order), and appends until it is killed.
// Payloads are a pure function of the entry id, so the test can check every byte it reads back.
// Usage: node --import tsx test/quorum/e2e-writer.ts <metadataServiceUri> [v3|v2]
import { createBookKeeperClient } from '../../clients/quorum/connect.js';

export const writerPayload = (id: bigint): Buffer => Buffer.from(`writer-entry-${id}-`.padEnd(64 + Number(id % 50n), '#'));

const IN_FLIGHT = 32;
/** Bound on the run if nobody kills us. */
const MAX_ENTRIES = 2_000_000;

async function main(): Promise<void> {
  const [uri, protocol] = process.argv.slice(2);
  if (!uri) throw new Error('usage: e2e-writer.ts <metadataServiceUri> [v3|v2]');
  const bk = await createBookKeeperClient({ metadataServiceUri: uri, protocol: protocol === 'v2' ? 'v2' : 'v3' });
  const w = await bk.createLedger({ ensembleSize: 3, writeQuorumSize: 2, ackQuorumSize: 2, password: 'crash', digestType: 'CRC32C' });
  process.stdout.write(JSON.stringify({ ledgerId: String(w.ledgerId) }) + '\n');
  let next = 0n;
  const lane = async (): Promise<void> => {
    while (next < BigInt(MAX_ENTRIES)) {
      const id = next++;
      await w.append(writerPayload(id));
      // Completions arrive in entry order, so the acked lines are ascending.
      process.stdout.write(JSON.stringify({ acked: String(id) }) + '\n');
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, lane));
  await w.close();
  await bk.close();
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((e: unknown) => {
    process.stderr.write(`writer failed: ${String(e)}\n`);
    process.exit(1);
  });
}
