// Records in and out of pipelines. In: `lines` (one record per newline-delimited line, the newline
// not included; a final line without a newline counts), `raw` (all of stdin is one record) or
// `json` (one {"data": ..., "key"?: ...} object per line; data and key are UTF-8 strings, or
// base64 in dataBase64/keyBase64). Out: `lines` (data then a newline), `raw` (data bytes only) or
// `json` (one object per record with its offset).
import type { Readable, Writable } from 'node:stream';
import { once } from 'node:events';

export type InFormat = 'lines' | 'raw' | 'json';
export type OutFormat = 'lines' | 'raw' | 'json';

export interface RecordIn {
  readonly data: Buffer;
  readonly key?: Buffer;
}

/** Longest line taken in `lines`/`json` input: a bound on memory, far above any entry the gateway accepts. */
export const MAX_LINE_BYTES = 64 * 1024 * 1024;

export function parseFormat<T extends string>(v: string, allowed: readonly T[], flag: string): T {
  if (!(allowed as readonly string[]).includes(v)) throw new Error(`${flag} must be one of ${allowed.join(', ')}, not ${v}`);
  return v as T;
}

async function* linesOf(input: Readable): AsyncGenerator<Buffer> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  for await (const chunk of input as AsyncIterable<Buffer>) {
    let start = 0;
    for (let nl = chunk.indexOf(10, start); nl >= 0; nl = chunk.indexOf(10, start)) {
      pending.push(chunk.subarray(start, nl));
      yield Buffer.concat(pending);
      pending = [];
      pendingBytes = 0;
      start = nl + 1;
    }
    if (start < chunk.length) {
      pending.push(chunk.subarray(start));
      pendingBytes += chunk.length - start;
      if (pendingBytes > MAX_LINE_BYTES) throw new Error(`an input line is longer than ${MAX_LINE_BYTES} bytes; use --format raw`);
    }
  }
  if (pendingBytes > 0) yield Buffer.concat(pending);
}

function jsonRecord(line: Buffer, n: number): RecordIn {
  let o: unknown;
  try {
    o = JSON.parse(line.toString('utf8'));
  } catch {
    throw new Error(`input line ${n} is not JSON`);
  }
  if (typeof o !== 'object' || o === null) throw new Error(`input line ${n}: expected an object with "data" or "dataBase64"`);
  const r = o as Record<string, unknown>;
  const field = (utf8: string, b64: string): Buffer | undefined => {
    if (typeof r[utf8] === 'string') return Buffer.from(r[utf8] as string, 'utf8');
    if (typeof r[b64] === 'string') return Buffer.from(r[b64] as string, 'base64');
    return undefined;
  };
  const data = field('data', 'dataBase64');
  if (data === undefined) throw new Error(`input line ${n}: expected "data" (a string) or "dataBase64"`);
  const key = field('key', 'keyBase64');
  return key === undefined ? { data } : { data, key };
}

export async function* readRecords(input: Readable, format: InFormat): AsyncGenerator<RecordIn> {
  if (format === 'raw') {
    const chunks: Buffer[] = [];
    for await (const c of input as AsyncIterable<Buffer>) chunks.push(c);
    yield { data: Buffer.concat(chunks) };
    return;
  }
  let n = 0;
  for await (const line of linesOf(input)) {
    n++;
    if (format === 'lines') yield { data: line };
    else if (line.length > 0) yield jsonRecord(line, n);
  }
}

const utf8 = (b: Buffer): string | undefined => {
  const s = b.toString('utf8');
  return Buffer.from(s, 'utf8').equals(b) ? s : undefined;
};

/** A record's bytes as JSON fields: `data` when it is valid UTF-8, else `dataBase64`. */
export function bytesField(name: string, b: Buffer): Record<string, string> {
  const s = utf8(b);
  return s !== undefined ? { [name]: s } : { [`${name}Base64`]: b.toString('base64') };
}

export class RecordWriter {
  constructor(
    private readonly out: Writable,
    private readonly format: OutFormat,
  ) {}

  async write(data: Buffer, meta: Record<string, unknown>, key?: Buffer): Promise<void> {
    let chunk: Buffer | string;
    if (this.format === 'raw') chunk = data;
    else if (this.format === 'lines') chunk = Buffer.concat([data, Buffer.from('\n')]);
    else chunk = `${jsonLine({ ...meta, ...(key ? bytesField('key', key) : {}), ...bytesField('data', data) })}\n`;
    // Backpressure: a slow reader of stdout slows the tail instead of growing memory.
    if (!this.out.write(chunk)) await once(this.out, 'drain');
  }
}

/** JSON for printing: bigints as decimal strings (as the REST API spells 64-bit ids). */
export function jsonLine(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x));
}
