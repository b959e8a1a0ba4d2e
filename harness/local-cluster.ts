// A real local cluster for the quorum client's end-to-end tests and benchmark: N `quire bookie`
// processes (separate processes, so SIGKILL is honest) and a metadata service, embedded (this
// process only: the embedded store is locked to one process) or a ZooKeeper or etcd URI (shared
// with child processes). With ZooKeeper or etcd the bookies register themselves; with the embedded store each
// bookie has a private store and is registered here, from this process's session, at the port it
// printed (kill() then drops that registration, as a ZooKeeper session expiry would).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BookieRegistration } from '../metadata/bookie-registration.js';
import { formatCluster } from '../metadata/cluster-layout.js';
import { bookieServiceInfo } from '../metadata/formats/bookie-service-info-format.js';
import { openMetadataService, type MetadataService } from '../metadata/metadata-service.js';
import { startBookieProcess, type BookieProcess } from './bookie-process.js';

export interface ClusterBookie {
  readonly index: number;
  readonly dir: string;
  process: BookieProcess;
  registration: BookieRegistration | undefined;
  readonly bookieId: string;
}

export interface LocalCluster {
  /** The URI clients use (embedded:///dir or zk+hierarchical://...). */
  readonly metadataServiceUri: string;
  /** This process's metadata session (bookie registrations live in it). */
  readonly service: MetadataService;
  readonly bookies: ClusterBookie[];
  /** SIGKILLs a bookie and removes its registration. */
  kill(index: number): Promise<void>;
  stop(): Promise<void>;
}

export interface LocalClusterOptions {
  readonly bookies: number;
  /** zk+hierarchical://... or etcd://... ; default: an embedded store in a temporary directory. */
  readonly metadataServiceUri?: string;
  /** Extra `--set key=value` settings for every bookie. */
  readonly bookieSettings?: string[];
  /** Environment for the bookie processes. */
  readonly env?: Record<string, string>;
  /** The address bookie i listens on (and is named by); default 127.0.0.1. Any 127.x.y.z works on Linux. */
  readonly hostOf?: (index: number) => string;
  /** Keep data here instead of a temporary directory that stop() deletes. */
  readonly dir?: string;
  /** How long each bookie may take to start (ms; default 30 s). */
  readonly startTimeoutMs?: number;
}

export async function startLocalCluster(opts: LocalClusterOptions): Promise<LocalCluster> {
  const base = opts.dir ?? mkdtempSync(join(tmpdir(), 'quire-e2e-'));
  const uri = opts.metadataServiceUri ?? `embedded://${join(base, 'metadata')}`;
  const shared = !uri.startsWith('embedded:');
  const service = await openMetadataService(uri);
  const bookies: ClusterBookie[] = [];
  const stopAll = async (): Promise<void> => {
    for (const b of bookies) {
      b.registration?.close();
      await b.process.kill('SIGKILL');
    }
    await service.close();
    if (!opts.dir) rmSync(base, { recursive: true, force: true });
  };
  try {
    await formatCluster(service.store, service.root);
    const settings = (opts.bookieSettings ?? []).flatMap((kv) => ['--set', kv]);
    const settled = await Promise.allSettled(
      Array.from({ length: opts.bookies }, async (_, index) => {
        const dir = join(base, `bookie-${index}`);
        // Only a shared store can be handed to the bookie (the embedded one is locked to one
        // process): with the embedded store each bookie gets a private one (where it keeps its
        // own registration and cookie) and is registered in ours below.
        const bookieUri = shared ? uri : `embedded://${join(dir, 'metadata')}`;
        const args = ['--port', '0', '--host', opts.hostOf?.(index) ?? '127.0.0.1', '--journal-dir', join(dir, 'journal'), '--ledger-dir', join(dir, 'ledgers'), '--metadata-service-uri', bookieUri, ...settings];
        return { index, dir, process: await startBookieProcess(args, opts.env ?? {}, opts.startTimeoutMs) };
      }),
    );
    const failed = settled.find((r) => r.status === 'rejected');
    if (failed) {
      // Do not leave the bookies that did start running.
      for (const r of settled) if (r.status === 'fulfilled') await r.value.process.kill('SIGKILL');
      throw failed.reason;
    }
    for (const r of settled) {
      const s = (r as PromiseFulfilledResult<{ index: number; dir: string; process: BookieProcess }>).value;
      const b: ClusterBookie = { ...s, bookieId: s.process.bookieId, registration: undefined };
      bookies.push(b);
      const self = await service.registration.getWritableBookies();
      if (!self.includes(b.bookieId)) {
        b.registration = new BookieRegistration(service.store, service.root, b.bookieId, bookieServiceInfo(opts.hostOf?.(b.index) ?? '127.0.0.1', b.process.port), { staleNodeWaitMs: 0 });
        await b.registration.registerWritable();
      }
    }
  } catch (e) {
    await stopAll();
    throw e;
  }
  return {
    metadataServiceUri: uri,
    service,
    bookies,
    async kill(index: number) {
      const b = bookies[index]!;
      await b.process.kill('SIGKILL');
      if (b.registration) {
        await b.registration.unregister();
        b.registration.close();
        b.registration = undefined;
      }
    },
    stop: stopAll,
  };
}
