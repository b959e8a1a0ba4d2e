// `quire blob ...`: blobs of any size (snapshots, artefacts), streamed both ways with SHA-256
// checked end to end:
//   quire blob put backups/db.tar db.tar       (or `tar c . | quire blob put backups/db.tar -`)
//   quire blob get backups/db.tar - | tar x
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { rename, stat, unlink } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Command } from 'commander';
import type { BlobInfo } from '../../clients/typescript/index.js';
import { action, positiveInt } from './command-runner.js';
import type { Connection } from './gateway-connection.js';
import { progressStream, progressWanted, type ProgressFlags } from '../progress.js';
import { jsonLine } from './record-io.js';

interface PutOpts extends ProgressFlags {
  contentType?: string;
  ifNoneMatch?: boolean;
  meta?: string[];
}

function printBlob(conn: Connection, b: BlobInfo): void {
  if (conn.json) console.log(jsonLine(b));
  else console.log(`${b.name}\t${b.size}\tsha256=${b.sha256}\t${new Date(b.createdAtMs).toISOString()}`);
}

function metadataOf(pairs: readonly string[] | undefined): Record<string, string> | undefined {
  if (!pairs?.length) return undefined;
  const m: Record<string, string> = {};
  for (const p of pairs) {
    const eq = p.indexOf('=');
    if (eq <= 0) throw new Error(`--meta takes key=value, not ${p}`);
    m[p.slice(0, eq)] = p.slice(eq + 1);
  }
  return m;
}

async function put(conn: Connection, o: PutOpts, name: string, file: string | undefined): Promise<void> {
  const fromStdin = file === undefined || file === '-';
  let size = 0;
  let digest: Buffer | undefined;
  if (!fromStdin) {
    size = (await stat(file)).size;
    // Hash first, so the gateway refuses (DIGEST_MISMATCH) a file that changed during the upload.
    const h = createHash('sha256');
    for await (const c of createReadStream(file)) h.update(c as Buffer);
    digest = h.digest();
  }
  const bar = progressStream(`put ${name}`, size, progressWanted({ ...o, json: conn.json }));
  const body = (fromStdin ? process.stdin : createReadStream(file)).pipe(bar.stream);
  const meta = metadataOf(o.meta);
  const r = await conn.blobs.put(name, body, {
    ...(o.contentType ? { contentType: o.contentType } : {}),
    ...(o.ifNoneMatch ? { ifNoneMatch: true } : {}),
    ...(meta ? { metadata: meta } : {}),
    ...(digest ? { sha256: digest, size } : {}),
  });
  bar.done();
  if (conn.json) console.log(jsonLine({ ...r.info, replaced: r.replaced }));
  else console.error(`${r.replaced ? 'replaced' : 'stored'} ${name}: ${r.info.size} bytes, sha256 ${r.info.sha256}`);
}

async function get(conn: Connection, o: ProgressFlags, name: string, file: string | undefined): Promise<void> {
  const toStdout = file === undefined || file === '-';
  // A file is written under a temporary name and renamed once its digest checked out, so a failed
  // download never leaves a plausible-looking partial file.
  const tmp = toStdout ? undefined : `${file}.quire-part`;
  // Opened only once the gateway answered: a missing blob creates no file at all.
  const d = await conn.blobs.get(name);
  const out: Writable = tmp ? createWriteStream(tmp) : process.stdout;
  const bar = progressStream(`get ${name}`, Number(d.info.size), progressWanted({ ...o, json: conn.json }));
  const h = createHash('sha256');
  try {
    await pipeline(
      d.body,
      async function* (src: AsyncIterable<Buffer>) {
        for await (const c of src) {
          h.update(c);
          yield c;
        }
      },
      bar.stream,
      out,
      ...(toStdout ? [{ end: false }] : []),
    );
    bar.done();
    const got = h.digest('hex');
    if (got !== d.info.sha256) throw new Error(`DIGEST_MISMATCH: downloaded bytes of ${name} hash to ${got}, the gateway says ${d.info.sha256}`);
    if (tmp) await rename(tmp, file!);
  } catch (e) {
    if (tmp) await unlink(tmp).catch(() => undefined);
    throw e;
  }
}

export function registerBlobCommands(blob: Command): void {
  blob
    .command('put <name> [file]')
    .description('upload a file (or stdin with - or no file), streamed, SHA-256 checked')
    .option('--content-type <type>', 'media type stored with the blob')
    .option('--if-none-match', 'create only: fail with BLOB_EXISTS if the name is taken')
    .option('--meta <key=value...>', 'metadata stored with the blob')
    .option('--progress', 'draw a progress bar on stderr even when it is not a terminal')
    .option('--no-progress', 'never draw a progress bar')
    .action(action(put));
  blob
    .command('get <name> [file]')
    .description('download to a file (or stdout with - or no file), SHA-256 verified')
    .option('--progress', 'draw a progress bar on stderr even when it is not a terminal')
    .option('--no-progress', 'never draw a progress bar')
    .action(action(get));
  blob
    .command('ls')
    .description('list blobs (all pages)')
    .option('--prefix <prefix>', 'only names starting with this')
    .option('--page-size <n>', 'blobs per request', '1000')
    .action(
      action(async (conn, o: { prefix?: string; pageSize: string }) => {
        let pageToken: string | undefined;
        do {
          const page = await conn.blobs.list({ ...(o.prefix !== undefined ? { prefix: o.prefix } : {}), pageSize: positiveInt(o.pageSize, '--page-size')!, ...(pageToken ? { pageToken } : {}) });
          for (const b of page.blobs) printBlob(conn, b);
          pageToken = page.nextPageToken;
        } while (pageToken);
      }),
    );
  blob
    .command('stat <name>')
    .description("a blob's size, digest and metadata")
    .action(
      action(async (conn, _o: object, name: string) => {
        const b = await conn.blobs.stat(name);
        if (!b) throw new Error(`BLOB_NOT_FOUND: no blob named ${JSON.stringify(name)}`);
        printBlob(conn, b);
      }),
    );
  blob
    .command('rm <name>')
    .description('delete a blob')
    .action(action(async (conn, _o: object, name: string) => conn.blobs.delete(name)));
}
