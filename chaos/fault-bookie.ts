// A bookie process with an injectable slow fsync, for the nemesis: the same service `quire bookie`
// runs (startBookieService, the same flags: --port --host --journal-dir --ledger-dir
// --metadata-service-uri --set k=v), with its storage's fdatasync behind a FileIo that waits before
// each call while a delay is set. The delay (ms, 0 = off) is read from the file named by
// QUIRE_CHAOS_CONTROL on SIGUSR2, so the nemesis slows and heals it without a restart. What it
// leaves out of `quire bookie`: the HTTP admin API's cluster client (ledger read, sanity check).
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { nodeFileIo, type FileIo } from '../common/durable-file.js';
import { childLogger } from '../common/logger.js';
import { loadBookieConfig } from '../bookie/bookie-config.js';
import { startBookieService } from '../bookie/bookie-service.js';
import { openMetadataService } from '../metadata/metadata-service.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    host: { type: 'string' },
    'journal-dir': { type: 'string' },
    'ledger-dir': { type: 'string' },
    'metadata-service-uri': { type: 'string' },
    set: { type: 'string', multiple: true },
  },
});
const overrides = new Map<string, string>();
const flag = (key: string, v: string | undefined) => v !== undefined && overrides.set(key, v);
flag('bookiePort', values.port);
flag('listeningInterface', values.host);
flag('journalDirectories', values['journal-dir']);
flag('ledgerDirectories', values['ledger-dir']);
flag('metadataServiceUri', values['metadata-service-uri']);
for (const kv of values.set ?? []) overrides.set(kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1));

let delayMs = 0;
const control = process.env.QUIRE_CHAOS_CONTROL;
process.on('SIGUSR2', () => {
  try {
    delayMs = control ? Number(readFileSync(control, 'utf8').trim()) || 0 : 0;
  } catch {
    delayMs = 0;
  }
});
const slowIo: FileIo = {
  ...nodeFileIo,
  async fdatasync(fd) {
    if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
    return nodeFileIo.fdatasync(fd);
  },
};

const log = childLogger('bookie');
const { config } = loadBookieConfig(undefined, overrides);
const metadata = await openMetadataService(config.metadataServiceUri, { zookeeper: { sessionTimeoutMs: config.zkTimeout } });
const service = await startBookieService(config, log, { metadata, fileIo: slowIo });
console.log(JSON.stringify({ event: 'bookie-started', bookieId: service.bookieId, port: service.port, httpPort: service.httpPort, pid: process.pid }));
const stop = () => void service.stop().then(() => metadata.close()).finally(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
void service.terminated.then(() => metadata.close().finally(() => process.exit(1)));
