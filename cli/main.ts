#!/usr/bin/env node
// The `quire` command. Subcommands: bookie (a storage server), gateway (REST + gRPC), local (a
// whole cluster in one process), shell (BookKeeper's admin verbs), and the data-plane verbs log,
// blob and ledger (a gateway's API from a shell pipeline). Benchmarks: npm run bench.
// commander: the standard, well-kept Node.js CLI parser (subcommands, help, typed options).
import './process-defaults.js';
import { Command } from 'commander';
import { QuireError } from '../common/errors.js';
import { rootLogger } from '../common/logger.js';
import { registerAutoRecoveryCommand } from './autorecovery-command.js';
import { registerBookieCommand } from './bookie-command.js';
import { registerDataPlaneCommands } from './data-plane/data-plane-commands.js';
import { registerGatewayCommand } from './gateway-command.js';
import { registerLocalCommand } from './local-command.js';
import { normalizeShellArgv, registerShellCommands } from './shell-command.js';

const program = new Command();
program.name('quire').description('Quire: Apache BookKeeper in TypeScript, with a REST/gRPC gateway').version('0.1.0');
registerBookieCommand(program);
registerAutoRecoveryCommand(program);
registerLocalCommand(program);
registerGatewayCommand(program);
registerShellCommands(program);
registerDataPlaneCommands(program);

program.parseAsync(normalizeShellArgv(process.argv)).catch((e: unknown) => {
  if (e instanceof QuireError) {
    rootLogger.fatal({ code: e.code }, e.message);
    console.error(`quire: ${e.code}: ${e.message}`);
  } else {
    rootLogger.fatal({ err: e }, 'quire failed');
    console.error(e);
  }
  process.exit(1);
});
