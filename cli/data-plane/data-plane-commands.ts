// The data-plane CLI (`quire log|blob|ledger ...`): a gateway's API from a shell, over the
// TypeScript SDK only (cli/data-plane/ may import clients/typescript; nothing else in cli/ does).
// docs/cli.md lists the verbs, formats and exit codes.
import type { Command } from 'commander';
import { registerBlobCommands } from './blob-commands.js';
import { addConnectionFlags } from './gateway-connection.js';
import { registerLedgerCommands } from './ledger-commands.js';
import { registerLogCommands } from './log-commands.js';

export function registerDataPlaneCommands(program: Command): void {
  registerLogCommands(addConnectionFlags(program.command('log').description('named logs on a gateway: create, list, append (stdin), tail, truncate, cursor')));
  registerBlobCommands(addConnectionFlags(program.command('blob').description('blobs on a gateway: put, get, ls, stat, rm (streamed, SHA-256 checked)')));
  registerLedgerCommands(addConnectionFlags(program.command('ledger').description('raw ledgers on a gateway: create, list, info, append (stdin), read, close, recover, delete')));
}
