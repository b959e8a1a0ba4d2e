// GET_BOOKIE_INFO to another bookie over the v3 wire protocol (what BookKeeper's
// ListBookieInfoService asks every bookie through its client): one short connection per bookie,
// bounded by a timeout. The bookie side only needs this one request, so it does not pull in the
// quorum client.
import { connect } from 'node:net';
import { QuireError } from '../../common/errors.js';
import { FrameDecoder } from '../../protocol/frame.js';
import { BookieInfoFlag, OperationType, ProtocolVersion } from '../../protocol/messages.js';
import { decodeResponse, encodeRequest } from '../../protocol/v3-codec.js';

export interface ProbedBookieInfo {
  readonly freeDiskSpace: bigint;
  readonly totalDiskCapacity: bigint;
}

export function probeBookieInfo(host: string, port: number, timeoutMs = 5000): Promise<ProbedBookieInfo> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    const frames = new FrameDecoder(64 * 1024);
    const done = (err: Error | undefined, v?: ProbedBookieInfo): void => {
      clearTimeout(timer);
      socket.destroy();
      if (err) reject(err);
      else resolve(v!);
    };
    const timer = setTimeout(() => done(new QuireError('TIMEOUT', `bookie ${host}:${port} did not answer GET_BOOKIE_INFO within ${timeoutMs} ms`)), timeoutMs);
    socket.on('error', (e) => done(new QuireError('BOOKIE_UNAVAILABLE', `bookie ${host}:${port}: ${e.message}`, { cause: e })));
    socket.on('connect', () => {
      socket.write(
        encodeRequest({
          header: { version: ProtocolVersion.VERSION_THREE, operation: OperationType.GET_BOOKIE_INFO, txnId: 1n },
          getBookieInfoRequest: { requested: BookieInfoFlag.TOTAL_DISK_CAPACITY | BookieInfoFlag.FREE_DISK_SPACE },
        }),
      );
    });
    socket.on('data', (chunk: Buffer) => {
      try {
        for (const f of frames.push(chunk)) {
          const r = decodeResponse(f);
          const info = r.getBookieInfoResponse;
          if (r.status !== 0 || !info) return done(new QuireError('IO_ERROR', `bookie ${host}:${port} answered GET_BOOKIE_INFO with status ${r.status}`));
          return done(undefined, { freeDiskSpace: info.freeDiskSpace ?? 0n, totalDiskCapacity: info.totalDiskCapacity ?? 0n });
        }
      } catch (e) {
        done(e as Error);
      }
    });
  });
}
