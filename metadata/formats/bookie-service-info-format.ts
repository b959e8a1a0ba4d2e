// Bookie registration data (spec §7.3): binary BookieServiceInfoFormat in
// /ledgers/available[/readonly]/<bookieId>.
//
// Byte layout (protobuf, proto2): field 6 endpoints (repeated message: 1 id, 2 port (int32),
// 3 host, 4 protocol, 5 auth*, 6 extensions*), field 7 properties (map<string,string>, i.e.
// repeated {1 key, 2 value}). Empty data means a "legacy" registration: one bookie-rpc endpoint
// parsed from the bookie id "host:port".
// Example: {id:"bookie", port:3181, host:"127.0.0.1", protocol:"bookie-rpc"} →
// 32 22 0a06"bookie" 10ed18 1a09"127.0.0.1" 220a"bookie-rpc".
import { QuireError } from '../../common/errors.js';
import { ProtoReader, ProtoWriter, WireType } from '../../protocol/protobuf-wire.js';

export interface Endpoint {
  readonly id: string;
  readonly port: number;
  readonly host: string;
  readonly protocol: string;
  readonly auth: readonly string[];
  readonly extensions: readonly string[];
}

export interface BookieServiceInfo {
  readonly endpoints: readonly Endpoint[];
  readonly properties: ReadonlyMap<string, string>;
}

export const BOOKIE_RPC_PROTOCOL = 'bookie-rpc';

/** What a Java bookie publishes for itself: one bookie-rpc endpoint (plus http when enabled). */
export function bookieServiceInfo(host: string, port: number, extras: { tls?: boolean; httpPort?: number } = {}): BookieServiceInfo {
  const endpoints: Endpoint[] = [{ id: 'bookie', port, host, protocol: BOOKIE_RPC_PROTOCOL, auth: [], extensions: extras.tls ? ['tls'] : [] }];
  if (extras.httpPort !== undefined) endpoints.push({ id: 'httpserver', port: extras.httpPort, host, protocol: 'http', auth: [], extensions: [] });
  return { endpoints, properties: new Map() };
}

export function encodeBookieServiceInfo(info: BookieServiceInfo): Buffer {
  const w = new ProtoWriter(128);
  for (const e of info.endpoints) {
    w.message(6, (ew) => {
      ew.tag(1, WireType.LEN).string(e.id);
      ew.tag(2, WireType.VARINT).int32(e.port);
      ew.tag(3, WireType.LEN).string(e.host);
      ew.tag(4, WireType.LEN).string(e.protocol);
      for (const a of e.auth) ew.tag(5, WireType.LEN).string(a);
      for (const x of e.extensions) ew.tag(6, WireType.LEN).string(x);
    });
  }
  for (const [k, v] of info.properties) {
    w.message(7, (pw) => {
      pw.tag(1, WireType.LEN).string(k);
      pw.tag(2, WireType.LEN).string(v);
    });
  }
  return Buffer.from(w.finish());
}

/** The legacy record Java derives from an id when the registration node is empty. */
export function legacyServiceInfo(bookieId: string): BookieServiceInfo {
  const i = bookieId.lastIndexOf(':');
  const port = Number(bookieId.slice(i + 1));
  if (i <= 0 || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new QuireError('METADATA_CORRUPT', `bookie ${bookieId} registered without service info and its id is not host:port`);
  }
  return { endpoints: [{ id: bookieId, port, host: bookieId.slice(0, i), protocol: BOOKIE_RPC_PROTOCOL, auth: [], extensions: [] }], properties: new Map() };
}

export function decodeBookieServiceInfo(bytes: Buffer, bookieId: string, what: string): BookieServiceInfo {
  if (bytes.length === 0) return legacyServiceInfo(bookieId);
  try {
    const r = new ProtoReader(bytes);
    const endpoints: Endpoint[] = [];
    const properties = new Map<string, string>();
    while (!r.done) {
      const tag = r.uint32();
      if (tag === ((6 << 3) | WireType.LEN)) {
        const er = r.sub();
        let id: string | undefined, host: string | undefined, protocol: string | undefined, port: number | undefined;
        const auth: string[] = [];
        const extensions: string[] = [];
        while (!er.done) {
          const t = er.uint32();
          switch (t) {
            case (1 << 3) | 2: id = er.string(); break;
            case (2 << 3) | 0: port = er.int32(); break;
            case (3 << 3) | 2: host = er.string(); break;
            case (4 << 3) | 2: protocol = er.string(); break;
            case (5 << 3) | 2: auth.push(er.string()); break;
            case (6 << 3) | 2: extensions.push(er.string()); break;
            default: er.skip(t & 7);
          }
        }
        if (id === undefined || host === undefined || protocol === undefined || port === undefined) {
          throw new QuireError('METADATA_CORRUPT', 'endpoint misses a required field (id, port, host, protocol)');
        }
        endpoints.push({ id, port, host, protocol, auth, extensions });
      } else if (tag === ((7 << 3) | WireType.LEN)) {
        const pr = r.sub();
        let k = '';
        let v = '';
        while (!pr.done) {
          const t = pr.uint32();
          if (t === ((1 << 3) | 2)) k = pr.string();
          else if (t === ((2 << 3) | 2)) v = pr.string();
          else pr.skip(t & 7);
        }
        properties.set(k, v);
      } else {
        r.skip(tag & 7);
      }
    }
    return { endpoints, properties };
  } catch (e) {
    throw new QuireError('METADATA_CORRUPT', `bookie service info at ${what}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** host:port of the bookie-rpc endpoint, as Java's DefaultBookieAddressResolver picks it. */
export function bookieRpcAddress(info: BookieServiceInfo, bookieId: string): { host: string; port: number } {
  const e = info.endpoints.find((x) => x.protocol === BOOKIE_RPC_PROTOCOL);
  if (e === undefined) throw new QuireError('METADATA_CORRUPT', `bookie ${bookieId} publishes no ${BOOKIE_RPC_PROTOCOL} endpoint`);
  return { host: e.host, port: e.port };
}
