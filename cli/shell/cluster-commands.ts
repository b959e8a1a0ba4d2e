// BookKeeper's cluster-wide shell verbs that act through the client:
//   deleteledger -ledgerid N [-force]   delete a ledger's metadata (prompts without -force)
//   bookieinfo                          free and total disk space of every registered bookie
import type { Command } from 'commander';
import { QuireError } from '../../common/errors.js';
import { parseId } from '../../common/ids.js';
import { createBookKeeperClient } from '../../clients/quorum/connect.js';
import { TcpBookieClient } from '../../clients/quorum/bookie-client/tcp-bookie-client.js';
import { RegistrationPort } from '../../clients/quorum/metadata-adapters.js';
import { openMetadataService } from '../../metadata/metadata-service.js';
import { confirmPrompt } from './local-files.js';
import { tlsOf, uriOf } from './shell-config.js';
import type { ClientTlsSettings } from '../../clients/quorum/index.js';

/** deleteledger: removes the ledger's metadata; bookies drop its data at their next garbage collection. */
export async function deleteledger(uri: string | undefined, ledgerId: bigint, o: { force: boolean; tls?: ClientTlsSettings | undefined }): Promise<string[]> {
  if (ledgerId < 0n) throw new QuireError('INVALID_ARGUMENT', `ledger id must be >= 0, got ${ledgerId}`);
  if (!o.force && !(await confirmPrompt(`Are you sure to delete Ledger : ${ledgerId}?`))) return [`Not deleting ledger ${ledgerId}`];
  const bk = await createBookKeeperClient({ ...(uri !== undefined ? { metadataServiceUri: uri } : {}), ...(o.tls ? { tls: o.tls } : {}) });
  try {
    await bk.deleteLedger(ledgerId);
  } finally {
    await bk.close();
  }
  return [`Deleted ledger ${ledgerId}`];
}

/** "(1.500 GB)"-style suffix BookKeeper's bookieinfo prints after a byte count; "" under 1 KiB. */
export function readableBytes(n: bigint): string {
  const units = ['KB', 'MB', 'GB', 'TB', 'PB'];
  let v = Number(n);
  if (v < 1024) return '';
  let i = -1;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `(${v.toFixed(3)} ${units[i]})`;
}

/** bookieinfo: GET_BOOKIE_INFO from every registered bookie (writable and read-only). */
export async function bookieinfo(uri: string | undefined, tls?: ClientTlsSettings): Promise<{ lines: string[]; ok: boolean }> {
  const svc = await openMetadataService(uri);
  const client = new TcpBookieClient({ registry: new RegistrationPort(svc.registration), ...(tls ? { tls } : {}) });
  try {
    const ids = [...(await svc.registration.getWritableBookies()), ...(await svc.registration.getReadOnlyBookies())];
    const infos: { id: string; free: bigint; total: bigint }[] = [];
    const failed: string[] = [];
    for (const id of ids) {
      try {
        const i = await client.getBookieInfo(id);
        infos.push({ id, free: i.freeDiskSpace, total: i.totalDiskCapacity });
      } catch (e) {
        failed.push(`${id}:\tFailed to retrieve bookie info: ${(e as Error).message}`);
      }
    }
    if (infos.length === 0) return { lines: ['Failed to retrieve bookie information from any of the bookies', ...failed], ok: ids.length === 0 };
    const lines = ['Free disk space info:'];
    let free = 0n;
    let total = 0n;
    for (const i of infos) {
      lines.push(`${i.id}:\tFree: ${i.free}${readableBytes(i.free)}\tTotal: ${i.total}${readableBytes(i.total)}`);
      free += i.free;
      total += i.total;
    }
    lines.push(...failed, `Total free disk space in the cluster:\t${free}${readableBytes(free)}`, `Total disk capacity in the cluster:\t${total}${readableBytes(total)}`);
    return { lines, ok: failed.length === 0 };
  } finally {
    await client.close();
    await svc.close();
  }
}

/** Adds deleteledger and bookieinfo to `shell`. */
export function registerClusterShellCommands(shell: Command, print: (line: string) => void = (l) => console.log(l)): Command {
  const uriHelp = 'metadata service URI (default: the -conf file\'s, else the embedded store)';
  const out = (lines: string[]): void => lines.forEach((l) => print(l));
  shell
    .command('deleteledger')
    .description('delete a ledger (-ledgerid N; prompts unless -force)')
    .option('--metadataServiceUri <uri>', uriHelp)
    .requiredOption('--ledgerid <id>', 'ledger id')
    .option('-f, --force', 'delete without prompting')
    .action(async (o: { metadataServiceUri?: string; ledgerid: string; force?: boolean }, cmd: Command) =>
      out(await deleteledger(uriOf(cmd, o), parseId(o.ledgerid, 'ledgerid'), { force: o.force === true, tls: tlsOf(cmd, o) })),
    );
  shell
    .command('bookieinfo')
    .description('free and total disk space of every registered bookie, and of the cluster')
    .option('--metadataServiceUri <uri>', uriHelp)
    .action(async (o: { metadataServiceUri?: string }, cmd: Command) => {
      const r = await bookieinfo(uriOf(cmd, o), tlsOf(cmd, o));
      out(r.lines);
      if (!r.ok) process.exitCode = 1;
    });
  return shell;
}
