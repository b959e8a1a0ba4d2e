// `quire shell <verb>`: Apache BookKeeper's admin verbs. Each group of verbs registers itself here.
// Like BookKeeper's shell, every verb reads its settings from `-conf <file>` (bk_server.conf
// keys), else $BOOKIE_CONF, else the defaults (cli/shell/shell-config.ts).
import type { Command } from 'commander';
import { registerAutoRecoveryShellCommands } from './shell/autorecovery-commands.js';
import { registerClientShellCommands } from './shell/client-commands.js';
import { registerClusterShellCommands } from './shell/cluster-commands.js';
import { registerCookieShellCommands } from './shell/cookie-commands.js';
import { registerDecommissionShellCommand } from './shell/decommission-command.js';
import { registerLocalShellCommands } from './shell/local-commands.js';
import { normalizeBookKeeperFlags, registerMetadataShellCommands } from './shell/metadata-commands.js';

export function registerShellCommands(program: Command): Command {
  const shell = program
    .command('shell')
    .description(
      "BookKeeper's admin verbs (bookkeeper shell): metaformat, listbookies, listledgers, ledgermetadata, simpletest, readledger, recover, bookiesanity, deleteledger, bookieinfo, lastmark, listfilesondisc, readjournal, readlog, ledger, localconsistencycheck, updatecookie, bookieformat, listunderreplicated, whoisauditor, triggeraudit, autorecovery, lostbookierecoverydelay, recoverbookie, decommissionbookie",
    )
    .option('--conf <file>', 'bookie configuration (bk_server.conf keys; also -conf, default $BOOKIE_CONF)');
  registerMetadataShellCommands(shell);
  registerClientShellCommands(shell);
  registerClusterShellCommands(shell);
  registerLocalShellCommands(shell);
  registerCookieShellCommands(shell);
  registerDecommissionShellCommand(shell);
  registerAutoRecoveryShellCommands(shell);
  return shell;
}

/**
 * BookKeeper's shell spells long flags with one dash (-ledgerid, -numEntries, -rw); commander would
 * read those as bundles of single-letter flags. After `shell`, known aliases are mapped first
 * (-rw → --readwrite), then any other single-dash word becomes a double-dash one. `-conf <file>`
 * (or --conf, --conf=<file>) may come before or after the verb, as operators type it either way;
 * it is moved right after `shell`, where the shell's own option is parsed.
 */
export function normalizeShellArgv(argv: readonly string[]): string[] {
  const i = argv.indexOf('shell');
  if (i < 0) return [...argv];
  const tail = argv.slice(i + 1);
  const dd = tail.indexOf('--');
  // Words after `--` are operands (a file may be named -x): left as they are.
  const operands = dd < 0 ? [] : tail.slice(dd);
  const rest = normalizeBookKeeperFlags(dd < 0 ? tail : tail.slice(0, dd)).map((a) => (/^-[A-Za-z][A-Za-z0-9]+$/.test(a) ? `-${a}` : a));
  const conf: string[] = [];
  const others: string[] = [];
  for (let k = 0; k < rest.length; k++) {
    const a = rest[k]!;
    if (a === '--conf' && k + 1 < rest.length) conf.push('--conf', rest[++k]!);
    else if (a.startsWith('--conf=')) conf.push('--conf', a.slice('--conf='.length));
    else others.push(a);
  }
  return [...argv.slice(0, i + 1), ...conf.slice(-2), ...others, ...operands];
}
