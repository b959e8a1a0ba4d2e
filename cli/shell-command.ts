// `quire shell <verb>`: Apache BookKeeper's admin verbs (metaformat, listbookies, listledgers,
// ledgermetadata, and the client verbs as they land). Each group of verbs registers itself here.
import type { Command } from 'commander';

export function registerShellCommands(program: Command): Command {
  const shell = program.command('shell').description("BookKeeper's admin verbs (bookkeeper shell)");
  return shell;
}
