// Blobs through one gateway process (`npm run bench -- blobs [--blob-mib 4096] [--chunk-kib 1024]`):
// upload and download MB/s of one large blob over REST, the gateway process's peak RSS while doing
// it, against (a) the raw disk's sequential write rate (write + one fdatasync, same disk as the
// bookies) and (b) direct quorum-client appends and reads of the same chunks (E3/Qw2/Qa2, the same
// window of chunks in flight). Real processes: ZooKeeper, three `quire bookie`, one `quire gateway`
// (scripts/cluster.ts).
import { createHash } from 'node:crypto';
import { open, readFile, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { join } from 'node:path';
import { createBookKeeperClient } from '../clients/quorum/connect.js';
import { openMetadataService } from '../metadata/metadata-service.js';
import { startCluster } from './process-cluster.js';
import { formatTable } from './stats.js';

const MiB = 1024 * 1024;

export interface BlobBenchOptions {
  readonly blobBytes: number;
  readonly chunkBytes: number;
  /** Bytes written by the direct-client and raw-disk comparisons (at most blobBytes). */
  readonly compareBytes: number;
}

export interface BlobBenchResult {
  readonly rawDiskMBps: number;
  readonly uploadMBps: number;
  readonly downloadMBps: number;
  readonly directAppendMBps: number;
  readonly directReadMBps: number;
  readonly gatewayRssBeforeMiB: number;
  readonly gatewayPeakRssUploadMiB: number;
  readonly gatewayPeakRssDownloadMiB: number;
  readonly gatewayVmHwmMiB: number;
}

const base = Buffer.alloc(MiB, 0x5a);
for (let i = 0; i < base.length; i += 4) base.writeUInt32BE((i * 2654435761) >>> 0, i);
/** MiB i of the blob: a pattern stamped with its index (cheap to make, not compressible by accident). */
function piece(i: number): Buffer {
  const b = Buffer.from(base);
  b.writeUInt32BE(i, 0);
  return b;
}

async function rssOf(pid: number): Promise<{ rss: number; hwm: number }> {
  const s = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+) kB`, 'm').exec(s)?.[1] ?? 0) * 1024;
  return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
}

/** Samples a process's RSS every 100 ms until stopped; returns the highest seen. */
function sampleRss(pid: number): { stop(): Promise<number> } {
  let peak = 0;
  let on = true;
  const loop = (async () => {
    while (on) {
      peak = Math.max(peak, (await rssOf(pid)).rss);
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  return {
    async stop() {
      on = false;
      await loop;
      return peak;
    },
  };
}

async function rawDisk(dir: string, bytes: number): Promise<number> {
  const path = join(dir, 'raw-seq.bin');
  const f = await open(path, 'w');
  const block = Buffer.alloc(4 * MiB, 7);
  const t0 = process.hrtime.bigint();
  for (let off = 0; off < bytes; off += block.length) await f.write(block, 0, block.length, off);
  await f.datasync();
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  await f.close();
  await rm(path, { force: true });
  return bytes / MiB / s;
}

function upload(url: string, bytes: number): Promise<{ status: number; body: string; seconds: number }> {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const req = request(url, { method: 'PUT', headers: { 'content-type': 'application/octet-stream', 'content-length': String(bytes) } }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, seconds: Number(process.hrtime.bigint() - t0) / 1e9 }));
    });
    req.on('error', reject);
    let i = 0;
    const n = bytes / MiB;
    const pump = () => {
      while (i < n) {
        if (!req.write(piece(i++))) {
          req.once('drain', pump);
          return;
        }
      }
      req.end();
    };
    pump();
  });
}

function download(url: string): Promise<{ status: number; bytes: number; sha256: string; seconds: number }> {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    request(url, (res) => {
      const h = createHash('sha256');
      let bytes = 0;
      res.on('data', (d: Buffer) => {
        h.update(d);
        bytes += d.length;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes, sha256: h.digest('hex'), seconds: Number(process.hrtime.bigint() - t0) / 1e9 }));
      res.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
}

export async function blobBench(o: BlobBenchOptions): Promise<BlobBenchResult> {
  console.log(`\n## Blobs: one ${o.blobBytes / MiB} MiB blob through one gateway process (chunks of ${o.chunkBytes / 1024} KiB, E3/Qw2/Qa2, 3 bookie processes)\n`);
  const inFlight = 16;
  const cluster = await startCluster(['--bookies', '3', '--gateways', '1', `--gateway-arg=--blob-chunk-bytes=${o.chunkBytes}`, `--gateway-arg=--limit=blobChunksInFlight=${inFlight}`]);
  try {
    const gw = cluster.info.gateways[0]!;
    const raw = await rawDisk(cluster.info.dataDir, o.compareBytes);
    const before = await rssOf(gw.pid);
    const url = `${gw.rest}/v1/blobs/bench-blob`;

    let sampler = sampleRss(gw.pid);
    const up = await upload(url, o.blobBytes);
    const peakUp = await sampler.stop();
    if (up.status !== 201) throw new Error(`upload failed: ${up.status} ${up.body}`);
    const expected = (JSON.parse(up.body) as { sha256: string }).sha256;

    sampler = sampleRss(gw.pid);
    const down = await download(url);
    const peakDown = await sampler.stop();
    if (down.status !== 200 || down.bytes !== o.blobBytes || down.sha256 !== expected) throw new Error(`download mismatch: ${down.status} ${down.bytes} bytes`);
    const hwm = (await rssOf(gw.pid)).hwm;
    await fetch(url, { method: 'DELETE' });

    // The direct quorum client, same chunks and window, from this process.
    const md = await openMetadataService(cluster.info.metadataServiceUri);
    const bk = await createBookKeeperClient({ metadataService: md });
    let directAppend = 0;
    let directRead = 0;
    try {
      const w = await bk.createLedger({ ensembleSize: 3, writeQuorumSize: 2, ackQuorumSize: 2 });
      const chunks = o.compareBytes / o.chunkBytes;
      const chunk = piece(0).subarray(0, o.chunkBytes);
      const t0 = process.hrtime.bigint();
      const window: Promise<bigint>[] = [];
      for (let i = 0; i < chunks; i++) {
        if (window.length >= inFlight) await window.shift();
        window.push(w.append(Buffer.from(chunk)));
      }
      await Promise.all(window);
      directAppend = o.compareBytes / MiB / (Number(process.hrtime.bigint() - t0) / 1e9);
      await w.close();
      const r = await bk.openLedger(w.ledgerId);
      const t1 = process.hrtime.bigint();
      for (let i = 0; i < chunks; i += inFlight) {
        const last = Math.min(chunks - 1, i + inFlight - 1);
        await r.read(BigInt(i), BigInt(last));
      }
      directRead = o.compareBytes / MiB / (Number(process.hrtime.bigint() - t1) / 1e9);
      await bk.deleteLedger(w.ledgerId);
    } finally {
      await bk.close();
      await md.close();
    }

    const res: BlobBenchResult = {
      rawDiskMBps: raw,
      uploadMBps: o.blobBytes / MiB / up.seconds,
      downloadMBps: o.blobBytes / MiB / down.seconds,
      directAppendMBps: directAppend,
      directReadMBps: directRead,
      gatewayRssBeforeMiB: before.rss / MiB,
      gatewayPeakRssUploadMiB: peakUp / MiB,
      gatewayPeakRssDownloadMiB: peakDown / MiB,
      gatewayVmHwmMiB: hwm / MiB,
    };
    const f = (n: number) => n.toFixed(1);
    console.log(
      formatTable(
        ['measurement', 'MiB/s', 'gateway peak RSS MiB'],
        [
          [`raw disk sequential write + fdatasync (${o.compareBytes / MiB} MiB)`, f(res.rawDiskMBps), '-'],
          [`direct quorum client appends (${o.compareBytes / MiB} MiB, ${inFlight} in flight)`, f(res.directAppendMBps), '-'],
          [`gateway REST upload (${o.blobBytes / MiB} MiB)`, f(res.uploadMBps), f(res.gatewayPeakRssUploadMiB)],
          [`direct quorum client reads (${o.compareBytes / MiB} MiB)`, f(res.directReadMBps), '-'],
          [`gateway REST download (${o.blobBytes / MiB} MiB)`, f(res.downloadMBps), f(res.gatewayPeakRssDownloadMiB)],
        ],
      ),
    );
    console.log(`\ngateway RSS before: ${f(res.gatewayRssBeforeMiB)} MiB; VmHWM (peak over the process's life): ${f(res.gatewayVmHwmMiB)} MiB`);
    console.log(`upload ${f((res.uploadMBps / res.directAppendMBps) * 100)} % of direct appends, ${f((res.uploadMBps / res.rawDiskMBps) * 100)} % of the raw disk (each byte is written by 2 bookies, journal + entry log: 4 disk writes)`);
    return res;
  } finally {
    await cluster.stop();
  }
}
