// Credentials for every SDK client: a bearer token (a string, or a function so a caller can
// refresh it) sent as `Authorization: Bearer ...` on REST and as `authorization` metadata on gRPC,
// and TLS settings for gRPC (CA, optional client certificate for mutual TLS). REST over HTTPS
// uses the platform's fetch: a private CA goes in NODE_EXTRA_CA_CERTS, or pass your own `fetch`.
import * as grpc from '@grpc/grpc-js';

export type TokenSource = string | (() => string);

export interface GrpcTlsOptions {
  /** PEM CA bundle the gateway's certificate must chain to (default: the system roots). */
  readonly ca?: Buffer | string;
  /** PEM client certificate and key, for a gateway run with --tls-client-ca. */
  readonly cert?: Buffer | string;
  readonly key?: Buffer | string;
}

const tokenOf = (t: TokenSource): string => (typeof t === 'function' ? t() : t);
const buf = (v: Buffer | string | undefined): Buffer | null => (v === undefined ? null : Buffer.from(v));

/** A fetch that adds the bearer token to every request. */
export function fetchWithToken(token: TokenSource | undefined, base: typeof fetch = fetch): typeof fetch {
  if (token === undefined) return base;
  return (input, init) => {
    const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
    headers.set('authorization', `Bearer ${tokenOf(token)}`);
    if (input instanceof Request && init === undefined) return base(new Request(input, { headers }));
    return base(input, { ...init, headers });
  };
}

/** Channel credentials (TLS when `tls` is given) and a client interceptor that adds the token. */
export function grpcChannel(o: { credentials?: grpc.ChannelCredentials; tls?: GrpcTlsOptions; token?: TokenSource }): { credentials: grpc.ChannelCredentials; options: grpc.ClientOptions } {
  const credentials = o.credentials ?? (o.tls ? grpc.credentials.createSsl(buf(o.tls.ca), buf(o.tls.key), buf(o.tls.cert)) : grpc.credentials.createInsecure());
  const token = o.token;
  if (token === undefined) return { credentials, options: {} };
  // An interceptor rather than call credentials: grpc-js refuses call credentials on a plaintext
  // channel, and a loopback gateway may run without TLS.
  const interceptor: grpc.Interceptor = (options, nextCall) =>
    new grpc.InterceptingCall(nextCall(options), {
      start(metadata, listener, next) {
        metadata.set('authorization', `Bearer ${tokenOf(token)}`);
        next(metadata, listener);
      },
    });
  return { credentials, options: { interceptors: [interceptor] } };
}
