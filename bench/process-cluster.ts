// A cluster of processes for the benches that measure a gateway process (its RSS, its refusals):
// `scripts/cluster.ts` (real ZooKeeper, bookie and gateway processes) run as its own process.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export interface ClusterInfo {
  readonly metadataServiceUri: string;
  readonly dataDir: string;
  readonly gateways: { id: string; rest: string; grpc: string; pid: number }[];
}

/**
 * `scripts/cluster.ts` as its own process (the product, bench included, does not import scripts/):
 * its JSON line says where everything is; SIGTERM stops it all.
 */
export async function startCluster(args: string[]): Promise<{ info: ClusterInfo; stop(): Promise<void> }> {
  const compiled = import.meta.url.endsWith('.js');
  const script = fileURLToPath(new URL(`../scripts/cluster.${compiled ? 'js' : 'ts'}`, import.meta.url));
  const child = spawn(process.execPath, [...(compiled ? [] : ['--import', 'tsx']), script, '--json', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const info = await new Promise<ClusterInfo>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      try {
        const v = JSON.parse(line) as ClusterInfo & { event?: string };
        if (v.event === 'cluster-started') resolve(v);
      } catch {
        // not the JSON line
      }
    });
    void exited.then(() => reject(new Error('scripts/cluster.ts exited before the cluster started')));
  });
  return {
    info,
    async stop() {
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 60_000);
      await exited;
      clearTimeout(t);
    },
  };
}
