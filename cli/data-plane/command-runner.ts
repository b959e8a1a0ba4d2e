// Runs a data-plane command: errors print as `quire: CODE: message` on stderr (the gateway's
// stable code when it sent one) with exit status 1; a closed stdout (`... | head`) ends quietly.
import type { Command } from 'commander';
import { QuireApiError } from '../../clients/typescript/index.js';
import { connect, type Connection, type ConnectionFlags } from './gateway-connection.js';

export class UsageError extends Error {}

let epipeHandled = false;
function exitQuietlyOnEpipe(): void {
  if (epipeHandled) return;
  epipeHandled = true;
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    throw e;
  });
}

export function describeError(e: unknown): string {
  if (e instanceof QuireApiError) return `quire: ${e.message}${e.extra.requestId ? ` (request ${e.extra.requestId})` : ''}`;
  if (e instanceof UsageError) return `quire: usage: ${e.message}`;
  if (e instanceof Error) return `quire: ${e.message}`;
  return `quire: ${String(e)}`;
}

/** Wraps an action: `run(conn, args, opts)` with the connection built from the group's flags. */
export function action<A extends unknown[], O>(run: (conn: Connection, opts: O, ...args: A) => Promise<void>): (...args: unknown[]) => Promise<void> {
  return async (...all: unknown[]) => {
    exitQuietlyOnEpipe();
    const cmd = all[all.length - 1] as Command;
    const opts = cmd.optsWithGlobals<ConnectionFlags & O>();
    const args = all.slice(0, all.length - 2) as A;
    try {
      await run(connect(opts), opts, ...args);
    } catch (e) {
      console.error(describeError(e));
      process.exitCode = e instanceof UsageError ? 2 : 1;
    }
  };
}

/** A decimal 64-bit id or offset from the command line. */
export function int64(v: string, what: string): bigint {
  if (!/^-?\d+$/.test(v)) throw new UsageError(`${what} must be an integer, not ${v}`);
  return BigInt(v);
}

export function positiveInt(v: string | undefined, what: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`${what} must be a positive integer, not ${v}`);
  return n;
}
