// BookKeeper's metadata shell verbs, by their BookKeeper names: metaformat, listbookies (-rw/-ro),
// listledgers, ledgermetadata -ledgerid N. Each takes --metadataServiceUri (BookKeeper's URI form;
// default: the -conf file's / $BOOKIE_CONF's, else the embedded store in ./quire-data/metadata). The verbs are plain functions returning
// their output lines, and registerMetadataShellCommands wires them into a commander command.
import type { Command } from 'commander';
import { parseId } from '../../common/ids.js';
import { checkClusterLayout, formatCluster } from '../../metadata/cluster-layout.js';
import { describeLedgerMetadata } from '../../metadata/ledger-metadata.js';
import type { MetadataService } from '../../metadata/metadata-service.js';
import { openShellMetadata, uriOf } from './shell-config.js';

async function withService<T>(uri: string | undefined, fn: (svc: MetadataService) => Promise<T>): Promise<T> {
  const svc = await openShellMetadata(uri);
  try {
    return await fn(svc);
  } finally {
    await svc.close();
  }
}

/** metaformat: creates the cluster nodes; with force, wipes everything under the root first. */
export async function metaformat(uri: string | undefined, options: { force?: boolean } = {}): Promise<string[]> {
  return withService(uri, async (svc) => {
    const res = await formatCluster(svc.store, svc.root, options);
    return res.formatted
      ? [`formatted cluster at ${svc.root} (${svc.config.driver}), instance id ${res.instanceId}`]
      : [`cluster at ${svc.root} is already formatted (instance id ${res.instanceId}); use --force to wipe and reformat`];
  });
}

/** listbookies: writable and/or read-only bookies with the address each one publishes. */
export async function listbookies(uri: string | undefined, which: { readwrite: boolean; readonly: boolean }): Promise<string[]> {
  return withService(uri, async (svc) => {
    await checkClusterLayout(svc.store, svc.root);
    const lines: string[] = [];
    const show = async (title: string, ids: string[]): Promise<void> => {
      lines.push(`${title}:`);
      if (ids.length === 0) lines.push('  (none)');
      for (const id of ids) {
        let where: string;
        try {
          const a = await svc.registration.resolve(id);
          where = `${a.host}:${a.port}`;
        } catch (e) {
          where = `(unresolvable: ${(e as Error).message})`;
        }
        lines.push(`  ${id} ${where}`);
      }
    };
    if (which.readwrite) await show('ReadWrite Bookies', await svc.registration.getWritableBookies());
    if (which.readonly) await show('Readonly Bookies', await svc.registration.getReadOnlyBookies());
    return lines;
  });
}

/** listledgers: every ledger id, ascending (optionally with metadata). */
export async function listledgers(uri: string | undefined, options: { meta?: boolean } = {}): Promise<string[]> {
  return withService(uri, async (svc) => {
    await checkClusterLayout(svc.store, svc.root);
    const lines: string[] = [];
    for (const id of await svc.ledgers.listLedgers()) {
      lines.push(`ledgerID: ${id}`);
      if (options.meta) {
        const md = await svc.ledgers.readLedgerMetadata(id);
        lines.push(...describeLedgerMetadata(id, md.metadata).split('\n').map((l) => `  ${l}`));
      }
    }
    return lines;
  });
}

/** ledgermetadata -ledgerid N: the ledger's metadata and node version. */
export async function ledgermetadata(uri: string | undefined, ledgerId: bigint): Promise<string[]> {
  return withService(uri, async (svc) => {
    const md = await svc.ledgers.readLedgerMetadata(ledgerId);
    return [...describeLedgerMetadata(ledgerId, md.metadata).split('\n'), `znodeVersion: ${md.version}`, `path: ${svc.ledgers.path(ledgerId)}`];
  });
}

/**
 * BookKeeper spells some flags with one dash and several letters (-rw, -ro, -ledgerid, -force),
 * which commander would split into single-letter flags; this maps them to long options.
 */
export function normalizeBookKeeperFlags(argv: readonly string[]): string[] {
  const map: Record<string, string> = { '-rw': '--readwrite', '-ro': '--readonly', '-ledgerid': '--ledgerid', '-force': '--force', '-meta': '--meta', '-metadataServiceUri': '--metadataServiceUri' };
  return argv.map((a) => map[a] ?? a);
}

interface UriOption {
  metadataServiceUri?: string;
}

/** Adds the metadata verbs to `shell` (e.g. `quire shell`). Output goes to `print` (stdout by default). */
export function registerMetadataShellCommands(shell: Command, print: (line: string) => void = (l) => console.log(l)): Command {
  const uriHelp = 'metadata service URI, e.g. zk+hierarchical://127.0.0.1:2181/ledgers or embedded:///path (default: embedded ./quire-data/metadata)';
  const out = (lines: string[]): void => lines.forEach((l) => print(l));
  shell
    .command('metaformat')
    .description('format the cluster metadata (BookKeeper layout)')
    .option('--metadataServiceUri <uri>', uriHelp)
    .option('-f, --force', 'delete existing metadata under the root first')
    .action(async (o: UriOption & { force?: boolean }, cmd: Command) => out(await metaformat(uriOf(cmd, o), { force: o.force === true })));
  shell
    .command('listbookies')
    .description('list registered bookies (-rw writable, -ro read-only; both by default)')
    .option('--metadataServiceUri <uri>', uriHelp)
    .option('--readwrite', 'writable bookies (-rw)')
    .option('--readonly', 'read-only bookies (-ro)')
    .action(async (o: UriOption & { readwrite?: boolean; readonly?: boolean }, cmd: Command) => {
      const both = !o.readwrite && !o.readonly;
      out(await listbookies(uriOf(cmd, o), { readwrite: both || o.readwrite === true, readonly: both || o.readonly === true }));
    });
  shell
    .command('listledgers')
    .description('list all ledger ids')
    .option('--metadataServiceUri <uri>', uriHelp)
    .option('-m, --meta', 'print each ledger\'s metadata too')
    .action(async (o: UriOption & { meta?: boolean }, cmd: Command) => out(await listledgers(uriOf(cmd, o), { meta: o.meta === true })));
  shell
    .command('ledgermetadata')
    .description("print a ledger's metadata (-ledgerid N)")
    .option('--metadataServiceUri <uri>', uriHelp)
    .requiredOption('--ledgerid <id>', 'ledger id (-ledgerid)')
    .action(async (o: UriOption & { ledgerid: string }, cmd: Command) => out(await ledgermetadata(uriOf(cmd, o), parseId(o.ledgerid, 'ledgerid'))));
  return shell;
}
