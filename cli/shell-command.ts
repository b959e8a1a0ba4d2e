// `quire shell <verb>`: Apache BookKeeper's admin verbs. Each group of verbs registers itself here.
import type { Command } from 'commander';
import { registerClientShellCommands } from './shell/client-commands.js';
import { normalizeBookKeeperFlags, registerMetadataShellCommands } from './shell/metadata-commands.js';

export function registerShellCommands(program: Command): Command {
  const shell = program.command('shell').description("BookKeeper's admin verbs (bookkeeper shell): metaformat, listbookies, listledgers, ledgermetadata, simpletest, readledger, recover, bookiesanity");
  registerMetadataShellCommands(shell);
  registerClientShellCommands(shell);
  return shell;
}

/**
 * BookKeeper's shell spells long flags with one dash (-ledgerid, -numEntries, -rw); commander would
 * read those as bundles of single-letter flags. After `shell`, known aliases are mapped first
 * (-rw → --readwrite), then any other single-dash word becomes a double-dash one.
 */
export function normalizeShellArgv(argv: readonly string[]): string[] {
  const i = argv.indexOf('shell');
  if (i < 0) return [...argv];
  const rest = normalizeBookKeeperFlags(argv.slice(i + 1)).map((a) => (/^-[A-Za-z][A-Za-z0-9]+$/.test(a) ? `-${a}` : a));
  return [...argv.slice(0, i + 1), ...rest];
}
