// Authentication and authorization of gRPC calls, as a grpc-js server interceptor: the bearer
// token of the `authorization` metadata is verified before the handler starts (UNAUTHENTICATED),
// and every request message is checked against the permission its method needs
// (PERMISSION_DENIED) before the handler sees it — streams too, message by message, since one
// AppendStream may name several ledgers. Health and reflection stay public. An unlisted method
// needs admin. Refusals are logged with the request id (quire-request-id), never the token.
import { Metadata, ServerInterceptingCall, status, type ServerInterceptor } from '@grpc/grpc-js';
import type { Logger } from '../../common/logger.js';
import { GatewayError } from '../gateway-error.js';
import { toGrpcError } from '../grpc/grpc-errors.js';
import { authorize, type Action, type Identity, type Resource } from './permissions.js';
import { bearerOf, type TokenVerifier } from './token-verifier.js';
import type { IdentityQuota } from './identity-quota.js';

type Msg = Record<string, unknown> & { ledgerId?: string; name?: string; prefix?: string };
/** What one request message touches; [] = nothing to check (e.g. a blob data chunk after its header). */
type Rule = readonly [Action, (m: Msg) => Resource[]];

const ledger = (m: Msg): Resource[] => [{ kind: 'ledger', id: BigInt(m.ledgerId ?? '0') }];
const allLedgers = (): Resource[] => [{ kind: 'ledger' }];
const log = (m: Msg): Resource[] => [{ kind: 'log', name: m.name ?? '' }];
const blob = (m: Msg): Resource[] => [{ kind: 'blob', name: m.name ?? '' }];

const L = 'quire.v1.LedgerService/';
const G = 'quire.v1.LogService/';
const B = 'quire.v1.BlobService/';

/** Keyed by "package.Service/Method"; docs/security.md carries the same table. */
export const GRPC_RULES: Readonly<Record<string, Rule>> = {
  [`${L}CreateLedger`]: ['write', allLedgers],
  [`${L}List`]: ['read', allLedgers],
  [`${L}Append`]: ['write', ledger],
  [`${L}AppendBatch`]: ['write', ledger],
  [`${L}AppendStream`]: ['write', (m) => ((m.appends as Msg[] | undefined) ?? []).map((a) => ledger(a)[0]!)],
  [`${L}Close`]: ['write', ledger],
  [`${L}Recover`]: ['admin', ledger],
  [`${L}Delete`]: ['admin', ledger],
  [`${L}ReadEntry`]: ['read', ledger],
  [`${L}ReadRange`]: ['read', ledger],
  [`${L}GetLastAddConfirmed`]: ['read', ledger],
  [`${L}Tail`]: ['read', ledger],
  [`${L}GetMetadata`]: ['read', ledger],
  [`${G}CreateLog`]: ['write', log],
  [`${G}GetLog`]: ['read', log],
  [`${G}DeleteLog`]: ['admin', log],
  [`${G}ListLogs`]: ['read', (m) => [{ kind: 'log', prefix: m.prefix ?? '' }]],
  [`${G}Append`]: ['write', log],
  [`${G}AppendStream`]: ['write', log],
  [`${G}Read`]: ['read', log],
  [`${G}Tail`]: ['read', log],
  [`${G}SeekByTimestamp`]: ['read', log],
  [`${G}Truncate`]: ['admin', log],
  [`${G}EnforceRetention`]: ['admin', log],
  [`${G}ListCursors`]: ['read', log],
  [`${G}GetCursor`]: ['read', log],
  [`${G}SetCursor`]: ['write', log],
  [`${G}AdvanceCursor`]: ['write', log],
  [`${G}DeleteCursor`]: ['write', log],
  [`${B}PutBlob`]: ['write', (m) => (m.header ? blob(m.header as Msg) : [])],
  [`${B}GetBlob`]: ['read', blob],
  [`${B}StatBlob`]: ['read', blob],
  [`${B}DeleteBlob`]: ['admin', blob],
  [`${B}ListBlobs`]: ['read', (m) => [{ kind: 'blob', prefix: m.prefix ?? '' }]],
};

const PUBLIC_SERVICE = /^\/grpc\.(health|reflection)\./;
const ADMIN_ONLY: Rule = ['admin', () => [{ kind: 'gateway' }]];

/** With a quota, each call holds one in-flight slot of its identity until its status is sent or it is cancelled. */
export function grpcAuthInterceptor(verify: TokenVerifier, log: Logger, quota?: IdentityQuota): ServerInterceptor {
  return (method, call) => {
    if (PUBLIC_SERVICE.test(method.path)) return new ServerInterceptingCall(call);
    const [action, resources] = GRPC_RULES[method.path.slice(1)] ?? ADMIN_ONLY;
    let who: Identity | undefined;
    let refused = false;
    let reqId: string | undefined;
    let release: (() => void) | undefined;
    const ic: ServerInterceptingCall = new ServerInterceptingCall(call, {
      start(next) {
        const refuse = (e: unknown) => {
          refused = true;
          const g = toGrpcError(e);
          log.info({ reqId, code: g.metadata.get('quire-error-code')[0], method: method.path, subject: who?.subject, reason: g.details }, 'gRPC call refused');
          ic.sendStatus({ code: g.code as status, details: g.details, metadata: g.metadata });
        };
        next({
          onReceiveMetadata(md: Metadata, mdNext) {
            const rid = md.get('quire-request-id')[0];
            reqId = typeof rid === 'string' ? rid : undefined;
            const auth = md.get('authorization')[0];
            let token: string;
            try {
              token = bearerOf(typeof auth === 'string' ? auth : undefined);
            } catch (e) {
              refuse(e);
              return;
            }
            verify(token).then(
              (id) => {
                who = id;
                try {
                  release = quota?.acquire(id.subject);
                } catch (e) {
                  refuse(e);
                  return;
                }
                mdNext(md);
              },
              refuse,
            );
          },
          onReceiveMessage(msg: unknown, msgNext) {
            if (refused) return;
            if (who === undefined) return refuse(new GatewayError('UNAUTHENTICATED', 'no verified identity'));
            try {
              for (const r of resources((msg ?? {}) as Msg)) authorize(who, action, r);
            } catch (e) {
              refuse(e);
              return;
            }
            msgNext(msg);
          },
          onCancel() {
            release?.();
          },
        });
      },
      sendStatus(st, next) {
        release?.();
        next(st);
      },
    });
    return ic;
  };
}
