// `quire local` as a child process that a test can SIGKILL and start again on the same data
// directory and gateway ports: a real gateway crash (nothing sealed, connections cut), after which
// clients reconnect to the same address. A small HTTP control endpoint lets a test in another
// language ask for the kill (POST /kill-gateway: answers once the process is dead; the restart
// follows in the background, so the client meets a gateway that is down, then back).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { ROOT } from './run-example.js';

export interface KillableLocal {
  /** 127.0.0.1:<gRPC port> (the same across restarts). */
  readonly grpcTarget: string;
  readonly restUrl: string;
  /** http://127.0.0.1:<port>: POST /kill-gateway. */
  readonly controlUrl: string;
  /** How many times the process was killed and started again. */
  readonly restarts: number;
  /** Why the last restart failed, if it did. */
  readonly restartError: Error | undefined;
  stop(): Promise<void>;
}

interface Started {
  child: ChildProcess;
  restUrl: string;
  grpcPort: number;
}

function launch(dir: string, restPort: number, grpcPort: number): Promise<Started> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'cli/main.ts', 'local', '--data-dir', dir, '--base-port', '0', '--rest-port', String(restPort), '--grpc-port', String(grpcPort)], {
    cwd: ROOT,
    env: { ...process.env, QUIRE_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stderr!.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-8000)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`quire local did not start in 120 s:\n${out}`));
    }, 120_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`quire local exited with ${code} before starting:\n${out}`));
    });
    createInterface({ input: child.stdout! }).on('line', (l) => {
      if (!l.startsWith('{"event":"local-cluster-started"')) return;
      clearTimeout(timer);
      const s = JSON.parse(l) as { restUrl: string; grpcPort: number };
      child.removeAllListeners('exit');
      resolve({ child, restUrl: s.restUrl, grpcPort: s.grpcPort });
    });
  });
}

const exited = (c: ChildProcess) => (c.exitCode !== null || c.signalCode !== null ? Promise.resolve() : new Promise<void>((r) => c.once('exit', () => r())));

export async function startKillableLocal(): Promise<KillableLocal> {
  const dir = mkdtempSync(join(tmpdir(), 'quire-killable-'));
  let current = await launch(dir, 0, 0);
  const restPort = Number(new URL(current.restUrl).port);
  const grpcPort = current.grpcPort;
  let restarts = 0;
  let restartError: Error | undefined;
  let restarting: Promise<void> = Promise.resolve();
  const kill = async () => {
    current.child.kill('SIGKILL');
    await exited(current.child);
  };
  const restart = async () => {
    current = await launch(dir, restPort, grpcPort);
    restarts++;
  };
  const control: Server = createServer((req, res) => {
    if (req.method === 'POST' && req.url === '/kill-gateway') {
      void kill().then(() => {
        restarting = restart().catch((e: unknown) => {
          restartError = e instanceof Error ? e : new Error(String(e));
        });
        res.end('killed\n');
      });
      return;
    }
    res.statusCode = 404;
    res.end();
  });
  await new Promise<void>((r) => control.listen(0, '127.0.0.1', r));
  const address = control.address();
  const controlPort = typeof address === 'object' && address ? address.port : 0;
  return {
    grpcTarget: `127.0.0.1:${grpcPort}`,
    restUrl: current.restUrl,
    controlUrl: `http://127.0.0.1:${controlPort}`,
    get restarts() {
      return restarts;
    },
    get restartError() {
      return restartError;
    },
    async stop() {
      await new Promise<void>((r) => control.close(() => r()));
      await restarting.catch(() => undefined);
      current.child.kill('SIGTERM');
      const timer = setTimeout(() => current.child.kill('SIGKILL'), 30_000);
      await exited(current.child);
      clearTimeout(timer);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
