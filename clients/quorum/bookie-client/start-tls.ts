// The client half of BookKeeper's START_TLS (PerChannelBookieClient.initiateTLS and
// StartTLSCompletion): right after connecting, before any other request (AUTH included), send a v3
// START_TLS whatever protocol the connection then speaks; on EOK start the TLS handshake on the
// same socket; any other status, a handshake failure or no answer within startTLSTimeoutSecs fails
// the connection with TLS_FAILED (BookKeeper's SecurityException).
import type { Socket } from 'node:net';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import { QuireError, StatusCode } from '../../../common/errors.js';
import { tlsFactoryOf, type TlsContextFactory, type TlsSettings } from '../../../common/tls-context-factory.js';
import { FrameDecoder } from '../../../protocol/frame.js';
import { OperationType, ProtocolVersion } from '../../../protocol/messages.js';
import { decodeResponse, encodeRequest } from '../../../protocol/v3-codec.js';

/** The client's TLS keys: BookKeeper's tls* names plus its client-only ones. */
export interface ClientTlsSettings extends TlsSettings {
  /** Check the bookie's certificate names its host (BookKeeper default false). */
  readonly tlsHostnameVerificationEnabled?: boolean;
  /** Longest wait for the START_TLS reply and the handshake (s; BookKeeper default 10). */
  readonly startTLSTimeoutSecs?: number;
}

export interface ClientTls {
  readonly factory: TlsContextFactory;
  readonly hostnameVerification: boolean;
  readonly timeoutMs: number;
}

const STRING_KEYS = ['tlsProviderFactoryClass', 'tlsProvider', 'tlsKeyStoreType', 'tlsKeyStore', 'tlsKeyStorePasswordPath', 'tlsCertificatePath',
  'tlsTrustStoreType', 'tlsTrustStore', 'tlsTrustStorePasswordPath', 'tlsEnabledProtocols'] as const;
const BOOL_KEYS = ['tlsClientAuthentication', 'tlsHostnameVerificationEnabled'] as const;
const INT_KEYS = ['tlsCertFilesRefreshDurationSeconds', 'startTLSTimeoutSecs'] as const;

/**
 * Client TLS settings from BookKeeper client properties (a client.conf's key=value pairs). Keys
 * other than the TLS ones are refused, so a typo is an error and not a plaintext connection.
 */
export function clientTlsFromProperties(props: ReadonlyMap<string, string>): ClientTlsSettings {
  const out: Record<string, string | number | boolean> = {};
  for (const [k, raw] of props) {
    const v = raw.trim();
    if ((STRING_KEYS as readonly string[]).includes(k)) out[k] = v;
    else if ((BOOL_KEYS as readonly string[]).includes(k)) {
      if (v !== 'true' && v !== 'false') throw new QuireError('CONFIG_INVALID', `${k}: expected true or false, got ${JSON.stringify(raw)}`);
      out[k] = v === 'true';
    } else if ((INT_KEYS as readonly string[]).includes(k)) {
      if (!/^\d+$/.test(v)) throw new QuireError('CONFIG_INVALID', `${k}: expected a non-negative integer, got ${JSON.stringify(raw)}`);
      out[k] = Number(v);
    } else throw new QuireError('CONFIG_INVALID', `${k} is not a client TLS key (${[...STRING_KEYS, ...BOOL_KEYS, ...INT_KEYS].join(', ')})`);
  }
  return out as ClientTlsSettings;
}

/** The client's TLS, or undefined when tlsProviderFactoryClass is unset. */
export function clientTlsOf(s: ClientTlsSettings | undefined): ClientTls | undefined {
  if (!s) return undefined;
  const factory = tlsFactoryOf('client', s);
  if (!factory) return undefined;
  const secs = s.startTLSTimeoutSecs ?? 10;
  if (!(secs > 0)) throw new QuireError('CONFIG_INVALID', `startTLSTimeoutSecs must be > 0, got ${String(secs)}`);
  return { factory, hostnameVerification: s.tlsHostnameVerificationEnabled ?? false, timeoutMs: secs * 1000 };
}

/** START_TLS on a connected socket; resolves with the TLS socket to use from then on. */
export function startTls(socket: Socket, tls: ClientTls, host: string, txnId: bigint, what: string): Promise<TLSSocket> {
  return new Promise<TLSSocket>((resolve, reject) => {
    const decoder = new FrameDecoder();
    let done = false;
    const finish = (e: QuireError | undefined, s?: TLSSocket): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.removeListener('data', onData);
      socket.removeListener('close', onClose);
      socket.removeListener('error', onError);
      if (e) {
        socket.destroy();
        s?.destroy();
        reject(e);
      } else resolve(s!);
    };
    const timer = setTimeout(() => finish(new QuireError('TLS_FAILED', `${what}: no TLS session within ${tls.timeoutMs} ms (startTLSTimeoutSecs)`)), tls.timeoutMs);
    const onClose = (): void => finish(new QuireError('TLS_FAILED', `${what}: connection closed during START_TLS`));
    const onError = (e: Error): void => finish(new QuireError('TLS_FAILED', `${what}: ${e.message}`, { cause: e }));
    const onData = (chunk: Buffer): void => {
      let frames: Buffer[];
      try {
        frames = decoder.push(chunk);
      } catch (e) {
        finish(new QuireError('TLS_FAILED', `${what}: bad START_TLS reply: ${String(e)}`));
        return;
      }
      if (frames.length === 0) return;
      let status: number;
      try {
        const res = decodeResponse(frames[0]!);
        status = res.header.operation === OperationType.START_TLS ? res.status : -1;
      } catch (e) {
        finish(new QuireError('TLS_FAILED', `${what}: bad START_TLS reply: ${String(e)}`));
        return;
      }
      if (status !== StatusCode.EOK) {
        finish(new QuireError('TLS_FAILED', `${what}: bookie refused START_TLS (status ${status}; EBADREQ = TLS not configured on the bookie)`));
        return;
      }
      if (frames.length > 1 || decoder.bufferedBytes > 0) {
        finish(new QuireError('TLS_FAILED', `${what}: bytes after the START_TLS reply before the handshake`));
        return;
      }
      socket.removeListener('data', onData);
      const secure = tlsConnect({
        socket,
        secureContext: tls.factory.context(),
        ...tls.factory.protocols,
        rejectUnauthorized: true,
        ...(/^[0-9.:]+$/.test(host) ? {} : { servername: host }),
        // BookKeeper verifies the host name only with tlsHostnameVerificationEnabled; the chain always.
        ...(tls.hostnameVerification ? { host } : { checkServerIdentity: () => undefined }),
      });
      secure.once('secureConnect', () => {
        secure.removeListener('error', onError);
        finish(undefined, secure);
      });
      secure.once('error', onError);
    };
    socket.on('data', onData);
    socket.on('close', onClose);
    socket.on('error', onError);
    socket.write(encodeRequest({
      header: { version: ProtocolVersion.VERSION_THREE, operation: OperationType.START_TLS, txnId },
      startTLSRequest: {},
    }));
  });
}
