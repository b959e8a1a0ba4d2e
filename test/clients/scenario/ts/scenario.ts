// The cross-language scenario (test/clients/scenario/README.md) with the TypeScript SDK's public
// API only (@quire/client, here its source index): `produce <log> <n>`, `consume <log> <cursor> <count>`.
// Gateway: QUIRE_REST; the produce step's kill: QUIRE_CONTROL_URL.
import { LogConsumer, LogProducer, QuireLogClient, type LogReceipt } from '../../../../clients/typescript/index.js';

const LANG = 'ts';
// Outlasts a `quire local` restart on a loaded machine (the process starts three bookies first).
const RETRY = { attempts: 300, baseDelayMs: 50, maxDelayMs: 1000 };

function need(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set (test/clients/cross-language.test.ts sets it)`);
  return v;
}

async function produce(client: QuireLogClient, log: string, n: number): Promise<void> {
  await client.createLog({ name: log, rollover: { maxEntries: 64 } });
  const producer = new LogProducer(client, log, { producerId: `xlang-${LANG}`, firstSequence: 1n, maxBatchRecords: 10, retry: RETRY });
  const half = Math.floor(n / 2);
  const sends: Promise<LogReceipt>[] = [];
  for (let i = 0; i < n; i++) {
    sends.push(producer.send(`${LANG}-${i}`));
    if (i === half) {
      await sends[half - 1];
      const killed = await fetch(`${need('QUIRE_CONTROL_URL')}/kill-gateway`, { method: 'POST' });
      if (killed.status !== 200) throw new Error(`kill-gateway answered ${killed.status}`);
    }
  }
  const receipts = await Promise.all(sends);
  await producer.close();
  const seen = new Set<bigint>();
  let duplicates = 0;
  for (const r of receipts) {
    if (seen.has(r.offset)) duplicates++;
    seen.add(r.offset);
  }
  let gaps = 0;
  for (let i = 0n; i < BigInt(n); i++) if (!seen.has(i)) gaps++;
  const recognisedRetries = receipts.filter((r) => r.duplicate).length;
  console.log(JSON.stringify({ scenario: 'produce', lang: LANG, log, producerId: producer.producerId, sent: n, acked: receipts.length, duplicates, gaps, recognisedRetries }));
}

async function consume(client: QuireLogClient, log: string, cursor: string, count: number): Promise<void> {
  const consumer = new LogConsumer(client, log, cursor, { waitMs: 1000 });
  const start = await consumer.position();
  const records: { offset: number; producerId: string; sequence: number; data: string }[] = [];
  let duplicates = 0;
  let gaps = 0;
  let expected = start;
  if (count > 0) {
    for await (const r of consumer.records()) {
      if (r.offset < expected) duplicates++;
      else if (r.offset > expected) gaps++;
      expected = r.offset + 1n;
      records.push({ offset: Number(r.offset), producerId: r.producerId ?? '', sequence: Number(r.sequence ?? -1n), data: r.data.toString('base64') });
      consumer.ack(r.offset);
      if (records.length === count) break;
    }
  }
  await consumer.close();
  const end = (await client.getLog(log)).nextOffset;
  console.log(JSON.stringify({ scenario: 'consume', lang: LANG, log, cursor, start: Number(start), read: records.length, duplicates, gaps, end: Number(end), records }));
}

const [command, log, ...rest] = process.argv.slice(2);
const client = new QuireLogClient({ baseUrl: need('QUIRE_REST'), retry: RETRY, timeoutMs: 30_000 });
if (command === 'produce' && log && rest.length === 1) await produce(client, log, Number(rest[0]));
else if (command === 'consume' && log && rest.length === 2) await consume(client, log, rest[0]!, Number(rest[1]));
else {
  console.error('usage: scenario.ts produce <log> <n> | consume <log> <cursor> <count>');
  process.exit(2);
}
