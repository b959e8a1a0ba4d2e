// /api/v1/bookie/info, list_bookies, list_bookie_info, cluster_info, last_log_mark,
// list_disk_file (BookKeeper's BookieInfoService, ListBookiesService, ListBookieInfoService,
// ClusterInfoService, GetLastLogMarkService, ListDiskFilesService; same keys and texts).
import fs from 'node:fs';
import path from 'node:path';
import { getCurrentAuditor } from '../../metadata/auditor-election.js';
import { bookieRpcAddress } from '../../metadata/formats/bookie-service-info-format.js';
import { UnderreplicationManager } from '../../metadata/underreplication-manager.js';
import { totalSpaceOf } from '../disk/disk-checker.js';
import { readLastMark } from '../journal/last-mark.js';
import { segmentFileName } from '../journal/journal-segment.js';
import { ENTRY_LOG_NAME_RE } from '../storage/entry-log-record.js';
import type { AdminContext } from './admin-context.js';
import { probeBookieInfo } from './bookie-info-probe.js';
import { type AdminResponse, type AdminRouter, notFound, ok } from './http-router.js';

const noMetadata = (): AdminResponse => ({ code: 503, body: 'This bookie runs without a metadata service.' });

/** ListBookieInfoService's "(1.234GB)" suffix: decimal units, three decimals rounded down. */
export function readableBytes(v: bigint): string {
  const unit = ['', 'KB', 'MB', 'GB', 'TB'];
  let d = Number(v);
  let i = 0;
  while (d >= 1000 && i < unit.length - 1) {
    d /= 1000;
    i++;
  }
  if (i === 0) return '';
  const s = (Math.floor(d * 1000) / 1000).toString();
  return `(${s}${unit[i]})`;
}

async function listFiles(dirs: readonly string[], match: (name: string) => boolean, sub = ''): Promise<string> {
  const names: string[] = [];
  for (const d of dirs) {
    const entries = await fs.promises.readdir(path.join(d, sub)).catch(() => [] as string[]);
    names.push(...entries.filter(match).sort());
  }
  // BookKeeper's format: each name followed by a tab.
  return names.map((n) => `${n}\t`).join('');
}

export function addBookieEndpoints(router: AdminRouter, ctx: AdminContext): void {
  router.add('/api/v1/bookie/info', async (req) => {
    if (req.method !== 'GET') return notFound('Only GET is supported.');
    const { free, total } = await totalSpaceOf(ctx.config.ledgerDirectories);
    return ok({ freeSpace: free, totalSpace: total });
  });

  router.add('/api/v1/bookie/list_bookies', async (req) => {
    if (req.method !== 'GET') return notFound('Not found method. Should be GET method');
    const md = ctx.metadata;
    if (!md) return noMetadata();
    const readOnly = req.params.get('type') === 'ro';
    const printHostnames = req.params.get('print_hostnames') === 'true';
    const ids = readOnly ? await md.registration.getReadOnlyBookies() : await md.registration.getWritableBookies();
    const out: Record<string, string | null> = {};
    for (const id of ids) {
      let host: string | null = null;
      if (printHostnames) host = await md.registration.resolve(id).then((a) => a.host, () => null);
      out[id] = host;
    }
    return ok(out);
  });

  router.add('/api/v1/bookie/list_bookie_info', async (req) => {
    if (req.method !== 'GET') return notFound('Not found method. Should be GET method');
    const md = ctx.metadata;
    if (!md) return noMetadata();
    const ids = [...(await md.registration.getWritableBookies()), ...(await md.registration.getReadOnlyBookies())];
    const out: Record<string, string> = {};
    let totalFree = 0n;
    let total = 0n;
    for (const id of ids) {
      try {
        const addr = bookieRpcAddress(await md.registration.getServiceInfo(id), id);
        const info = await probeBookieInfo(addr.host, addr.port);
        out[id] = `: {Free: ${info.freeDiskSpace}${readableBytes(info.freeDiskSpace)}, Total: ${info.totalDiskCapacity}${readableBytes(info.totalDiskCapacity)}},`;
        totalFree += info.freeDiskSpace;
        total += info.totalDiskCapacity;
      } catch (err) {
        // BookKeeper's client leaves out bookies that do not answer.
        ctx.log.warn({ err, bookieId: id }, 'GET_BOOKIE_INFO failed');
      }
    }
    if (Object.keys(out).length === 0) return notFound('Not found any Bookie info.');
    out['ClusterInfo: '] = `{Free: ${totalFree}${readableBytes(totalFree)}, Total: ${total}${readableBytes(total)}}`;
    return ok(out);
  });

  router.add('/api/v1/bookie/cluster_info', async (req) => {
    if (req.method !== 'GET') return notFound('Only GET is supported.');
    const md = ctx.metadata;
    if (!md) return noMetadata();
    const all = await md.registration.getAllBookies();
    const writable = await md.registration.getWritableBookies();
    const readOnly = await md.registration.getReadOnlyBookies();
    // ClusterInfoService: the elected auditor, whether any ledger is marked, the auto-recovery switch.
    const auditor = await getCurrentAuditor(md.store, md.root).catch((err: unknown) => {
      ctx.log.warn({ err }, 'could not read the auditor');
      return undefined;
    });
    const urm = await UnderreplicationManager.open(md.store, md.root);
    let underReplicated = false;
    let replicationEnabled: boolean;
    try {
      for await (const _ of urm.listLedgersToRereplicate()) {
        underReplicated = true;
        break;
      }
      replicationEnabled = await urm.isLedgerReplicationEnabled();
    } finally {
      await urm.close();
    }
    return ok({
      auditorElected: auditor !== undefined,
      auditorId: auditor ?? '',
      clusterUnderReplicated: underReplicated,
      ledgerReplicationEnabled: replicationEnabled,
      totalBookiesCount: all.length,
      writableBookiesCount: writable.length,
      readonlyBookiesCount: readOnly.length,
      unavailableBookiesCount: all.length - writable.length - readOnly.length,
    });
  });

  router.add('/api/v1/bookie/last_log_mark', async (req) => {
    if (req.method !== 'GET') return notFound('Not found method. Should be GET method');
    try {
      const out: Record<string, string> = {};
      // One entry per journal directory, as BookKeeper's GetLastLogMarkService. Quire's segment ids
      // count from 1 in each journal, so two journals can name the same id: a key that is already
      // taken gets the directory appended (BookKeeper's map would silently keep only one).
      for (const dir of ctx.config.journalDirectories) {
        const mark = (await readLastMark(dir)) ?? { segmentId: 0, offset: 0 };
        const key = `LastLogMark: Journal Id - ${mark.segmentId}(${segmentFileName(mark.segmentId)})`;
        out[key in out ? `${key} in ${dir}` : key] = `Pos - ${mark.offset}`;
      }
      return ok(out);
    } catch (e) {
      return notFound(`ERROR handling request: ${(e as Error).message}`);
    }
  });

  router.add('/api/v1/bookie/list_disk_file', async (req) => {
    if (req.method !== 'GET') return notFound('Not found method. Should be GET method');
    const type = req.params.get('file_type');
    const all = type !== 'journal' && type !== 'entrylog' && type !== 'index';
    const out: Record<string, string> = {};
    if (all || type === 'journal') out['journal files'] = await listFiles(ctx.config.journalDirectories, (n) => n.endsWith('.txn'));
    if (all || type === 'entrylog') out['entrylog files'] = await listFiles(ctx.config.ledgerDirectories, (n) => ENTRY_LOG_NAME_RE.test(n));
    // The index is LevelDB (BookKeeper's DbLedgerStorage keeps RocksDB there, no .idx files either).
    if (all || type === 'index') out['index files'] = await listFiles(ctx.config.ledgerDirectories, (n) => n.endsWith('.ldb'), 'index');
    return ok(out);
  });
}
