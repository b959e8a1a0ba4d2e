// What a bearer token allows: the `quire` claim of a verified JWT, checked against what a call does.
//   { "quire": { "perms": [ { "actions": ["read", "write"], "logs": "team/" }, { "actions": ["admin"] } ] } }
// A grant names actions (read, write, admin; admin includes read and write) and optionally scopes:
// `ledgers` ("*" or a list of decimal ids), `logs` (a log-name prefix), `blobs` (a blob-name
// prefix). A grant without any scope covers everything, the gateway itself included (metrics);
// a grant with scopes covers only the kinds it names. docs/security.md has the table of which call
// needs what.
import { GatewayError } from '../gateway-error.js';

export type Action = 'read' | 'write' | 'admin';
const ACTIONS: readonly Action[] = ['read', 'write', 'admin'];

export interface Grant {
  readonly actions: readonly Action[];
  readonly ledgers?: '*' | readonly string[];
  readonly logs?: string;
  readonly blobs?: string;
}

/** Who is calling: the token's subject and its grants. */
export interface Identity {
  readonly subject: string;
  readonly grants: readonly Grant[];
}

/**
 * What a call touches. A ledger without id is "every ledger" (create, list); a log or blob `name`
 * is one object, a `prefix` is a listing (the grant's prefix must cover it).
 */
export type Resource =
  | { readonly kind: 'gateway' }
  | { readonly kind: 'ledger'; readonly id?: bigint }
  | { readonly kind: 'log'; readonly name?: string; readonly prefix?: string }
  | { readonly kind: 'blob'; readonly name?: string; readonly prefix?: string };

/** Bounds on the claim, so a token cannot make the gateway do unbounded work per call. */
export const MAX_GRANTS = 64;
export const MAX_LEDGERS_PER_GRANT = 1024;

function fail(msg: string): never {
  throw new GatewayError('UNAUTHENTICATED', `token claim quire.perms: ${msg}`);
}

/** Parses the `quire` claim; a malformed claim makes the token invalid (401), not empty (403). */
export function grantsOf(claim: unknown): Grant[] {
  if (claim === undefined) return [];
  if (typeof claim !== 'object' || claim === null) fail('quire must be an object');
  const perms = (claim as { perms?: unknown }).perms;
  if (perms === undefined) return [];
  if (!Array.isArray(perms) || perms.length > MAX_GRANTS) fail(`perms must be an array of at most ${MAX_GRANTS} grants`);
  return perms.map((p: unknown, i) => {
    if (typeof p !== 'object' || p === null) fail(`perms[${i}] must be an object`);
    const g = p as Record<string, unknown>;
    const actions = g.actions;
    if (!Array.isArray(actions) || actions.some((a) => !ACTIONS.includes(a as Action))) fail(`perms[${i}].actions must list read, write or admin`);
    const out: { actions: Action[]; ledgers?: '*' | string[]; logs?: string; blobs?: string } = { actions: actions as Action[] };
    if (g.ledgers !== undefined) {
      if (g.ledgers === '*') out.ledgers = '*';
      else if (Array.isArray(g.ledgers) && g.ledgers.length <= MAX_LEDGERS_PER_GRANT && g.ledgers.every((x) => typeof x === 'string' && /^[0-9]{1,19}$/.test(x))) out.ledgers = (g.ledgers as string[]).map((x) => BigInt(x).toString());
      else fail(`perms[${i}].ledgers must be "*" or at most ${MAX_LEDGERS_PER_GRANT} decimal ledger ids`);
    }
    for (const k of ['logs', 'blobs'] as const) {
      if (g[k] === undefined) continue;
      if (typeof g[k] !== 'string' || g[k].length > 1024) fail(`perms[${i}].${k} must be a name prefix`);
      out[k] = g[k];
    }
    return out;
  });
}

function covers(g: Grant, r: Resource): boolean {
  const scoped = g.ledgers !== undefined || g.logs !== undefined || g.blobs !== undefined;
  if (!scoped) return true;
  switch (r.kind) {
    case 'gateway':
      return false;
    case 'ledger':
      if (g.ledgers === undefined) return false;
      return g.ledgers === '*' || (r.id !== undefined && g.ledgers.includes(r.id.toString()));
    case 'log':
    case 'blob': {
      const prefix = r.kind === 'log' ? g.logs : g.blobs;
      if (prefix === undefined) return false;
      const asked = r.name ?? r.prefix ?? '';
      return asked.startsWith(prefix);
    }
  }
}

export function allows(who: Identity, action: Action, r: Resource): boolean {
  return who.grants.some((g) => (g.actions.includes(action) || g.actions.includes('admin')) && covers(g, r));
}

function describe(r: Resource): string {
  switch (r.kind) {
    case 'gateway':
      return 'the gateway';
    case 'ledger':
      return r.id === undefined ? 'all ledgers' : `ledger ${r.id}`;
    default:
      return r.name !== undefined ? `${r.kind} ${JSON.stringify(r.name)}` : `${r.kind}s with prefix ${JSON.stringify(r.prefix ?? '')}`;
  }
}

/** Throws PERMISSION_DENIED (403) unless the identity may do `action` on `r`. */
export function authorize(who: Identity, action: Action, r: Resource): void {
  if (!allows(who, action, r)) throw new GatewayError('PERMISSION_DENIED', `${who.subject} may not ${action} ${describe(r)}`, { details: { action } });
}
