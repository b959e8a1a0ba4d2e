// The metadata shell verbs through commander, on an embedded store, with BookKeeper's flag spelling.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { normalizeBookKeeperFlags, registerMetadataShellCommands } from '../../cli/shell/metadata-commands.js';
import { EmbeddedStore } from '../../metadata/drivers/embedded/embedded-store.js';
import { BookieRegistration } from '../../metadata/bookie-registration.js';
import { bookieServiceInfo } from '../../metadata/formats/bookie-service-info-format.js';
import { LedgerManager } from '../../metadata/ledger-manager.js';
import { buildLedgerMetadata } from '../../metadata/ledger-metadata.js';

test('metaformat, listbookies -rw/-ro, listledgers, ledgermetadata -ledgerid', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'quire-shell-'));
  const uri = `embedded://${dir}`;
  const lines: string[] = [];
  const run = async (...args: string[]): Promise<string[]> => {
    lines.length = 0;
    const program = new Command().exitOverride();
    registerMetadataShellCommands(program.command('shell'), (l) => lines.push(l));
    await program.parseAsync(normalizeBookKeeperFlags(['node', 'quire', 'shell', ...args, '-metadataServiceUri', uri]));
    return [...lines];
  };
  try {
    assert.match((await run('metaformat'))[0]!, /^formatted cluster at \/ledgers \(embedded\), instance id [0-9a-f-]{36}$/);
    assert.match((await run('metaformat'))[0]!, /already formatted/);
    // A bookie session in this process (the shell opens its own sessions on the same directory).
    const bookie = await EmbeddedStore.open(dir);
    await new BookieRegistration(bookie, '/ledgers', '127.0.0.1:3181', bookieServiceInfo('127.0.0.1', 3181)).registerWritable();
    await new BookieRegistration(bookie, '/ledgers', '127.0.0.1:3182', bookieServiceInfo('127.0.0.1', 3182)).registerReadOnly();
    const lm = new LedgerManager(bookie, '/ledgers');
    await lm.createLedger(buildLedgerMetadata({ ensembleSize: 1, writeQuorumSize: 1, segments: [{ firstEntryId: 0n, bookies: ['127.0.0.1:3181'] }], digestType: 'CRC32C', password: Buffer.from('x') }));
    await lm.createLedgerMetadata(12345n, buildLedgerMetadata({ ensembleSize: 1, writeQuorumSize: 1, segments: [{ firstEntryId: 0n, bookies: ['127.0.0.1:3181'] }], state: 'CLOSED', lastEntryId: 4n, length: 50n }));
    assert.deepEqual(await run('listbookies', '-rw'), ['ReadWrite Bookies:', '  127.0.0.1:3181 127.0.0.1:3181']);
    assert.deepEqual(await run('listbookies', '-ro'), ['Readonly Bookies:', '  127.0.0.1:3182 127.0.0.1:3182']);
    assert.equal((await run('listbookies')).length, 4);
    assert.deepEqual(await run('listledgers'), ['ledgerID: 0', 'ledgerID: 12345']);
    const md = await run('ledgermetadata', '-ledgerid', '12345');
    assert.ok(md.includes('state: CLOSED'), md.join('\n'));
    assert.ok(md.includes('lastEntryId: 4'));
    assert.ok(md.includes('path: /ledgers/00/0001/L2345'));
    await assert.rejects(run('ledgermetadata', '-ledgerid', '7'), /ledger 7 does not exist/);
    await bookie.close();
    assert.deepEqual(await run('listbookies', '-rw'), ['ReadWrite Bookies:', '  (none)']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
