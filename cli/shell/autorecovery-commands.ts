// BookKeeper's auto-recovery shell verbs, by their names and flags (docs/autorecovery.md):
//   listunderreplicated [-missingreplica B] [-excludingmissingreplica B] [-printmissingreplica] [-printreplicationworkerid]
//   whoisauditor                          the elected auditor's bookie id
//   triggeraudit                          rewrite lostBookieRecoveryDelay so the auditor audits now
//   autorecovery [-enable | -disable]     cluster-wide switch (underreplication/disable); no flag: the state
//   lostbookierecoverydelay [-get | -set N]
//   recoverbookie / recover <bookie[,bookie...]>   re-replicate everything on those bookies now
import { hostname } from 'node:os';
import type { Command } from 'commander';
import { QuireError, isQuireError } from '../../common/errors.js';
import { openAutoRecoveryContext } from '../../autorecovery/autorecovery-main.js';
import { recoverBookieData } from '../../autorecovery/bookie-recovery.js';
import { getCurrentAuditor } from '../../metadata/auditor-election.js';
import { openMetadataService, type MetadataService } from '../../metadata/metadata-service.js';
import { UnderreplicationManager } from '../../metadata/underreplication-manager.js';
import { tlsOf, uriOf } from './shell-config.js';
import type { ClientTlsSettings } from '../../clients/quorum/index.js';

async function withManager<T>(uri: string | undefined, fn: (urm: UnderreplicationManager, svc: MetadataService) => Promise<T>): Promise<T> {
  const svc = await openMetadataService(uri);
  try {
    return await fn(await UnderreplicationManager.open(svc.store, svc.root), svc);
  } finally {
    await svc.close();
  }
}

export interface ListUnderreplicatedOptions {
  readonly missingReplica?: string;
  readonly excludingMissingReplica?: string;
  readonly printMissingReplica?: boolean;
  readonly printReplicationWorkerId?: boolean;
}

export async function listunderreplicated(uri: string | undefined, o: ListUnderreplicatedOptions = {}): Promise<string[]> {
  return withManager(uri, async (urm) => {
    const lines: string[] = [];
    const keep = (replicas: readonly string[]) =>
      (o.missingReplica === undefined || replicas.includes(o.missingReplica)) && (o.excludingMissingReplica === undefined || !replicas.includes(o.excludingMissingReplica));
    for await (const u of urm.listLedgersToRereplicate(keep)) {
      lines.push(String(u.ledgerId));
      if (o.printMissingReplica) for (const r of u.replicas) lines.push(`\tMissingReplica : ${r}`);
      if (o.printReplicationWorkerId) {
        const w = await urm.getReplicationWorkerIdRereplicatingLedger(u.ledgerId);
        if (w !== undefined) lines.push(`\tReplicationWorkerId : ${w}`);
      }
    }
    return lines;
  });
}

export async function whoisauditor(uri: string | undefined): Promise<{ lines: string[]; ok: boolean }> {
  const svc = await openMetadataService(uri);
  try {
    const a = await getCurrentAuditor(svc.store, svc.root);
    return a === undefined ? { lines: ['No auditor elected'], ok: false } : { lines: [`Auditor: ${a}`], ok: true };
  } finally {
    await svc.close();
  }
}

export async function triggeraudit(uri: string | undefined): Promise<string[]> {
  return withManager(uri, async (urm, svc) => {
    if ((await getCurrentAuditor(svc.store, svc.root)) === undefined) throw new QuireError('NOT_ENOUGH_BOOKIES', 'no auditor is elected: start a bookie with autoRecoveryDaemonEnabled=true or quire autorecovery');
    if (!(await urm.isLedgerReplicationEnabled())) throw new QuireError('INVALID_ARGUMENT', 'auto-recovery is disabled: enable it first (autorecovery -enable)');
    let delay = 0;
    try {
      delay = await urm.getLostBookieRecoveryDelay();
    } catch (e) {
      if (!isQuireError(e, 'METADATA_NOT_FOUND')) throw e;
    }
    await urm.setLostBookieRecoveryDelay(delay);
    return ['Completed triggering audit'];
  });
}

export async function autorecoverySwitch(uri: string | undefined, o: { enable?: boolean; disable?: boolean }): Promise<string[]> {
  if (o.enable && o.disable) throw new QuireError('INVALID_ARGUMENT', 'give -enable or -disable, not both');
  return withManager(uri, async (urm) => {
    if (o.enable) {
      if (await urm.isLedgerReplicationEnabled()) return ['Autorecovery already enabled. Doing nothing'];
      await urm.enableLedgerReplication();
      return ['Resuming replication'];
    }
    if (o.disable) {
      if (!(await urm.isLedgerReplicationEnabled())) return ['Autorecovery already disabled. Doing nothing'];
      await urm.disableLedgerReplication();
      return ['Stopping replication'];
    }
    return [`Autorecovery is ${(await urm.isLedgerReplicationEnabled()) ? 'enabled' : 'disabled'}.`];
  });
}

export async function lostbookierecoverydelay(uri: string | undefined, o: { get?: boolean; set?: number }): Promise<string[]> {
  return withManager(uri, async (urm) => {
    if (o.set !== undefined) {
      await urm.setLostBookieRecoveryDelay(o.set);
      return [`Successfully set LostBookieRecoveryDelay value in ZK: ${o.set}`];
    }
    try {
      return [`LostBookieRecoveryDelay value in ZK: ${await urm.getLostBookieRecoveryDelay()}`];
    } catch (e) {
      if (isQuireError(e, 'METADATA_NOT_FOUND')) return ['LostBookieRecoveryDelay is not set in ZK (the auditor writes its configured value when it starts)'];
      throw e;
    }
  });
}

export async function recoverbookie(uri: string | undefined, bookies: readonly string[], tls?: ClientTlsSettings): Promise<{ lines: string[]; ok: boolean }> {
  const svc = await openMetadataService(uri);
  const { ctx, close } = await openAutoRecoveryContext({ service: svc, id: `shell-recover@${hostname()}:${process.pid}`, tls });
  try {
    const r = await recoverBookieData(ctx, bookies);
    const lines = [`Recovered ${r.recovered.length} ledgers from ${bookies.join(',')}: ${r.recovered.join(' ')}`.trimEnd()];
    for (const id of r.lockedElsewhere) lines.push(`Ledger ${id}: being re-replicated by a replication worker, left to it`);
    for (const f of r.failed) lines.push(`Ledger ${f.ledgerId}: not recovered: ${f.error}`);
    return { lines, ok: r.failed.length === 0 };
  } finally {
    await close();
    await svc.close();
  }
}

/** Adds the auto-recovery verbs to `shell`. */
export function registerAutoRecoveryShellCommands(shell: Command, print: (line: string) => void = (l) => console.log(l)): Command {
  const uriHelp = 'metadata service URI (default: the -conf file\'s, else the embedded store)';
  const out = (lines: string[]): void => lines.forEach((l) => print(l));
  type U = { metadataServiceUri?: string };
  shell
    .command('listunderreplicated')
    .description('list the ledgers marked under-replicated (-missingreplica, -excludingmissingreplica, -printmissingreplica, -printreplicationworkerid)')
    .option('--metadataServiceUri <uri>', uriHelp)
    .option('--missingreplica <bookie>', 'only ledgers missing this bookie')
    .option('--excludingmissingreplica <bookie>', 'only ledgers not missing this bookie')
    .option('--printmissingreplica', 'print the missing replicas')
    .option('--printreplicationworkerid', 'print the worker holding the ledger')
    .action(async (o: U & { missingreplica?: string; excludingmissingreplica?: string; printmissingreplica?: boolean; printreplicationworkerid?: boolean }, cmd: Command) =>
      out(
        await listunderreplicated(uriOf(cmd, o), {
          ...(o.missingreplica !== undefined ? { missingReplica: o.missingreplica } : {}),
          ...(o.excludingmissingreplica !== undefined ? { excludingMissingReplica: o.excludingmissingreplica } : {}),
          printMissingReplica: o.printmissingreplica === true,
          printReplicationWorkerId: o.printreplicationworkerid === true,
        }),
      ),
    );
  shell
    .command('whoisauditor')
    .description('print the elected auditor')
    .option('--metadataServiceUri <uri>', uriHelp)
    .action(async (o: U, cmd: Command) => {
      const r = await whoisauditor(uriOf(cmd, o));
      out(r.lines);
      if (!r.ok) process.exitCode = 1;
    });
  shell
    .command('triggeraudit')
    .description('make the auditor audit all ledgers now')
    .option('--metadataServiceUri <uri>', uriHelp)
    .action(async (o: U, cmd: Command) => out(await triggeraudit(uriOf(cmd, o))));
  shell
    .command('autorecovery')
    .description('enable or disable auto-recovery cluster-wide (-enable, -disable); no flag: print the state')
    .option('--metadataServiceUri <uri>', uriHelp)
    .option('--enable', 'enable')
    .option('--disable', 'disable')
    .action(async (o: U & { enable?: boolean; disable?: boolean }, cmd: Command) => out(await autorecoverySwitch(uriOf(cmd, o), o)));
  shell
    .command('lostbookierecoverydelay')
    .description('get or set lostBookieRecoveryDelay in seconds (-get, -set N)')
    .option('--metadataServiceUri <uri>', uriHelp)
    .option('--get', 'print it (default)')
    .option('--set <seconds>', 'set it')
    .action(async (o: U & { get?: boolean; set?: string }, cmd: Command) => {
      const set = o.set === undefined ? undefined : Number(o.set);
      if (set !== undefined && !Number.isInteger(set)) throw new QuireError('INVALID_ARGUMENT', `-set expects whole seconds, got ${o.set}`);
      out(await lostbookierecoverydelay(uriOf(cmd, o), set === undefined ? { get: true } : { set }));
    });
  shell
    .command('recoverbookie')
    .description('re-replicate every ledger fragment on the given bookies (comma-separated) elsewhere; also `recover <bookie>`')
    .argument('<bookies>', 'bookie ids, comma-separated')
    .option('--metadataServiceUri <uri>', uriHelp)
    .action(async (bookies: string, o: U, cmd: Command) => {
      const r = await recoverbookie(uriOf(cmd, o), bookies.split(',').filter((b) => b !== ''), tlsOf(cmd, o));
      out(r.lines);
      if (!r.ok) process.exitCode = 1;
    });
  return shell;
}
