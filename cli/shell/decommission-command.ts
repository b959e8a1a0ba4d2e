// `quire shell decommissionbookie [-bookieid <id>]` (BookKeeper's DecommissionBookieCmd / bookies
// decommission): moves every fragment off a live bookie, then deletes its cookie (BP-68); only then
// is it safe to stop the bookie for good. Without -bookieid it is the bookie of -conf (BookKeeper's
// default: the local bookie). A writable bookie is first made read-only through its HTTP admin API
// (PUT /api/v1/bookie/state/readonly), so writers move off it themselves; its reads keep serving the
// copies. The data movement is clients/quorum/admin/bookie-decommission.ts.
import type { Command } from 'commander';
import { QuireError } from '../../common/errors.js';
import { bookieIdOf } from '../../bookie/bookie-config.js';
import { createBookKeeperClient } from '../../clients/quorum/connect.js';
import type { ClientConfig, ClientTlsSettings } from '../../clients/quorum/index.js';
import { clientTlsOfBookieConfig } from '../bookie-client-tls.js';
import { openMetadataService, type MetadataService } from '../../metadata/metadata-service.js';
import { addPlacementFlags, placementFromFlags, type PlacementFlagValues } from '../placement-flags.js';
import { deleteClusterCookie } from './cookie-commands.js';
import { settingsOf } from './shell-config.js';
import { countBar, progressWanted } from '../progress.js';

/** How long a bookie asked to turn read-only may take to show up as read-only in the registry. */
const READ_ONLY_WAIT_MS = 30_000;

export interface DecommissionVerbOptions {
  readonly metadataServiceUri?: string | undefined;
  readonly bookieId: string;
  readonly openLedgerGracePeriodMs?: number | undefined;
  readonly clientConfig?: Partial<ClientConfig>;
  /** TLS to the bookies (the -conf file's tls* keys). */
  readonly tls?: ClientTlsSettings | undefined;
  readonly print?: (line: string) => void;
  /** Progress bar on stderr: ledgers scanned in the current pass, segments moved. */
  readonly progress?: boolean;
}

async function makeReadOnly(svc: MetadataService, bookieId: string, print: (l: string) => void): Promise<void> {
  const info = await svc.registration.getServiceInfo(bookieId);
  const http = info.endpoints.find((e) => e.protocol === 'http');
  if (!http) throw new QuireError('INVALID_ARGUMENT', `bookie ${bookieId} is writable and registers no HTTP admin endpoint: make it read-only first (readOnlyModeEnabled, httpServerEnabled)`);
  const url = `http://${http.host}:${http.port}/api/v1/bookie/state/readonly`;
  const res = await fetch(url, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ readOnly: true }) });
  if (!res.ok) throw new QuireError('INVALID_ARGUMENT', `bookie ${bookieId} refused to turn read-only (${url}: ${res.status} ${await res.text()})`);
  print(`Bookie ${bookieId} is read-only now (${url})`);
  const deadline = Date.now() + READ_ONLY_WAIT_MS;
  while ((await svc.registration.getWritableBookies()).includes(bookieId)) {
    if (Date.now() > deadline) throw new QuireError('TIMEOUT', `bookie ${bookieId} still registered as writable ${READ_ONLY_WAIT_MS} ms after turning read-only`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function decommissionbookie(o: DecommissionVerbOptions): Promise<string[]> {
  const lines: string[] = [];
  const print = (l: string) => {
    lines.push(l);
    o.print?.(l);
  };
  const svc = await openMetadataService(o.metadataServiceUri);
  try {
    const all = await svc.registration.getAllBookies();
    if (!all.includes(o.bookieId)) throw new QuireError('INVALID_ARGUMENT', `bookie ${o.bookieId} is not registered: decommission moves data off a live bookie (registered: ${all.join(', ') || 'none'})`);
    if ((await svc.registration.getWritableBookies()).includes(o.bookieId)) await makeReadOnly(svc, o.bookieId, print);
    const bk = await createBookKeeperClient({ metadataService: svc, ...(o.clientConfig ? { config: o.clientConfig } : {}), ...(o.tls ? { tls: o.tls } : {}) });
    try {
      const bar = countBar('decommission: ledgers scanned', o.progress === true);
      const onScan = (p: { pass: number; scanned: number; total: number; segmentsMoved: number }) => bar.update(p.scanned, p.total, `pass ${p.pass + 1}, ${p.segmentsMoved} segments moved`);
      let r;
      try {
        r = await bk.decommissionBookie(o.bookieId, { onProgress: print, onScan, ...(o.openLedgerGracePeriodMs !== undefined ? { openLedgerGracePeriodMs: o.openLedgerGracePeriodMs } : {}) });
      } finally {
        bar.stop();
      }
      print(`Moved ${r.segments} segments of ${r.ledgers} ledgers (${r.entriesCopied} entries, ${r.bytesCopied} bytes); recovered ${r.recoveredLedgers.length} open ledgers`);
      print(`The ledgers stored in the given decommissioning bookie: ${o.bookieId} are properly replicated`);
    } finally {
      await bk.close();
    }
    if (await deleteClusterCookie(svc, o.bookieId)) print(`Cookie of the decommissioned bookie: ${o.bookieId} is deleted successfully`);
    else print(`No cookie to remove for the decommissioning bookie: ${o.bookieId}, it could be deleted already`);
    print(`Bookie ${o.bookieId} can be stopped now`);
  } finally {
    await svc.close();
  }
  return lines;
}

export function registerDecommissionShellCommand(shell: Command, print: (line: string) => void = (l) => console.log(l)): Command {
  addPlacementFlags(
    shell
      .command('decommissionbookie')
      .description('move every fragment off a live bookie (made read-only first), then delete its cookie (-bookieid, default: the bookie of -conf)')
      .option('--metadataServiceUri <uri>', 'metadata service URI (default: the -conf one, else embedded ./quire-data/metadata)')
      .option('--bookieid <id>', 'bookie to decommission (BookKeeper: -bookieid)')
      .option('--graceperiod <ms>', 'open ledgers whose writer has not moved off after this long are fenced and recovered (default 30000)')
      .option('--progress', 'draw a progress bar on stderr even when it is not a terminal')
      .option('--no-progress', 'never draw a progress bar'),
  ).action(async (o: { metadataServiceUri?: string; bookieid?: string; graceperiod?: string; progress?: boolean } & PlacementFlagValues, cmd: Command) => {
    const s = settingsOf(cmd, o);
    if (o.graceperiod !== undefined && !/^[0-9]{1,9}$/.test(o.graceperiod)) throw new QuireError('INVALID_ARGUMENT', `graceperiod must be milliseconds, got ${JSON.stringify(o.graceperiod)}`);
    await decommissionbookie({
      metadataServiceUri: s.metadataServiceUri,
      bookieId: o.bookieid ?? bookieIdOf(s.config, s.config.bookiePort),
      openLedgerGracePeriodMs: o.graceperiod === undefined ? undefined : Number(o.graceperiod),
      clientConfig: placementFromFlags(o),
      tls: clientTlsOfBookieConfig(s.config),
      print,
      progress: progressWanted(o),
    });
  });
  return shell;
}
