// Codec for the v3 bookie protocol: protobuf `Request` / `Response` of BookkeeperProtocol.proto
// (proto/bookkeeper/BookkeeperProtocol.proto, spec §2), framed as [u32 BE length][payload].
//
// Encoders write fields in field-number order, as protobuf-java does, so the bytes equal the
// Java client's (golden fixtures in protocol/fixtures/). Decoders check every `required` field:
// protobuf-java rejects messages missing one, and so do we (BAD_REQUEST). Bytes fields decode as
// views into the frame; a caller that keeps them past the frame's life copies them.
//
// Split by message: v3-request-codec.ts (Request), v3-response-codec.ts (Response), and
// v3-common-fields.ts (header, auth and ledger-only sub-messages both use). Callers import from here.
export { decodeRequest, encodeRequest } from './v3-request-codec.js';
export { decodeResponse, encodeResponse } from './v3-response-codec.js';
