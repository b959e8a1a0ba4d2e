#!/usr/bin/env node
// The `quire` command. Subcommands: bookie (a storage server), gateway (REST + gRPC), local (a
// whole cluster in one process), shell (BookKeeper's admin verbs), and the data-plane verbs log,
// blob and ledger (a gateway's API from a shell pipeline). Benchmarks: npm run bench.
// commander: the standard, well-kept Node.js CLI parser (subcommands, help, typed options).
import './process-defaults.js';
import { Command } from 'commander';
import { QuireError } from '../common/errors.js';
import { rootLogger } from '../common/logger.js';
type Registrar = (program: Command) => void;

/**
 * Each subcommand's module, loaded only when that subcommand runs: a bookie process need not load
 * the gateway's express/OpenAPI/gRPC stack, nor a `quire log` call the bookie (each module graph
 * costs tenths of a second of CPU at every start). With no subcommand (help) or an unknown one,
 * all are loaded, so help and commander's suggestions list every command.
 */
const COMMANDS: readonly (readonly [readonly string[], () => Promise<Registrar>])[] = [
  [['bookie'], async () => (await import('./bookie-command.js')).registerBookieCommand],
  [['autorecovery'], async () => (await import('./autorecovery-command.js')).registerAutoRecoveryCommand],
  [['local'], async () => (await import('./local-command.js')).registerLocalCommand],
  [['gateway'], async () => (await import('./gateway-command.js')).registerGatewayCommand],
  [['shell'], async () => (await import('./shell-command.js')).registerShellCommands],
  [['log', 'blob', 'ledger'], async () => (await import('./data-plane/data-plane-commands.js')).registerDataPlaneCommands],
];

async function main(): Promise<void> {
  const program = new Command();
  program.name('quire').description('Quire: Apache BookKeeper in TypeScript, with a REST/gRPC gateway').version('0.1.0');
  // Global options are only --help/--version: the first word that is not a flag names the subcommand.
  const sub = process.argv.slice(2).find((a) => !a.startsWith('-'));
  const only = COMMANDS.filter(([names]) => sub !== undefined && names.includes(sub));
  for (const [, load] of only.length > 0 ? only : COMMANDS) (await load())(program);
  const argv = sub === 'shell' ? (await import('./shell-command.js')).normalizeShellArgv(process.argv) : process.argv;
  await program.parseAsync(argv);
}

main().catch((e: unknown) => {
  if (e instanceof QuireError) {
    rootLogger.fatal({ code: e.code }, e.message);
    console.error(`quire: ${e.code}: ${e.message}`);
  } else {
    rootLogger.fatal({ err: e }, 'quire failed');
    console.error(e);
  }
  process.exit(1);
});
