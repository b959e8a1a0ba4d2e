// v2 return codes <-> v3 status codes (spec §3.1 table).
import { StatusCode } from '../common/errors.js';
import { V2Rc } from './messages.js';

const v3ToV2 = new Map<number, number>([
  [StatusCode.EOK, V2Rc.EOK],
  [StatusCode.ENOLEDGER, V2Rc.ENOLEDGER],
  [StatusCode.ENOENTRY, V2Rc.ENOENTRY],
  [StatusCode.EBADREQ, V2Rc.EBADREQ],
  [StatusCode.EIO, V2Rc.EIO],
  [StatusCode.EUA, V2Rc.EUA],
  [StatusCode.EBADVERSION, V2Rc.EBADVERSION],
  [StatusCode.EFENCED, V2Rc.EFENCED],
  [StatusCode.EREADONLY, V2Rc.EREADONLY],
  [StatusCode.ETOOMANYREQUESTS, V2Rc.ETOOMANYREQUESTS],
  // The Java client's v2 decoder has no mapping for 107 and throws; send EIO instead (spec §3.1).
  [StatusCode.EUNKNOWNLEDGERSTATE, V2Rc.EIO],
]);
const v2ToV3 = new Map<number, number>([...v3ToV2].filter(([v3]) => v3 !== StatusCode.EUNKNOWNLEDGERSTATE).map(([a, b]) => [b, a]));
v2ToV3.set(V2Rc.EUNKNOWNLEDGERSTATE, StatusCode.EUNKNOWNLEDGERSTATE);

export function v3StatusToV2Rc(status: number): number {
  return v3ToV2.get(status) ?? V2Rc.EIO;
}

export function v2RcToV3Status(rc: number): number {
  return v2ToV3.get(rc) ?? StatusCode.EBADREQ;
}
