// REST routes of named logs (/v1/logs, openapi/quire.yaml tag "logs") over the transport-free
// LogService. Log names travel URL-encoded in the path ('/' as %2F). Records: one as
// application/octet-stream (key and timestamp in headers), batches and pages as JSON with base64.
import type express from 'express';
import type { Request, Response } from 'express';
import type { components } from '../../openapi/gen/quire.js';
import type { GatewayLimits } from '../gateway-config.js';
import { badArgument, GatewayError } from '../gateway-error.js';
import type { GatewayMetrics } from '../gateway-metrics.js';
import type { LogReadResult, LogService, RecordInput } from '../logs/log-service.js';
import { cacheable, header, id, optionalId, optionalInt } from './http-util.js';
import { b64, cursorJson, logInfoJson, logReceiptJson, recordPageJson, recordsFromJson } from '../logs/log-json.js';
import { streamLogTail } from './log-sse.js';

type Schemas = components['schemas'];

export interface LogRoutesOptions {
  readonly logs: LogService;
  readonly limits: GatewayLimits;
  readonly metrics: GatewayMetrics;
  readonly sseStreams: Set<Response>;
}

export function mountLogRoutes(app: express.Express, o: LogRoutesOptions): void {
  const { logs, limits } = o;
  const name = (req: Request) => String(req.params.log);
  const bounds = (req: Request) => {
    const limit = optionalInt(req.query.limit, 'limit');
    const maxBytes = optionalInt(req.query.maxBytes, 'maxBytes');
    return { ...(limit !== undefined ? { maxRecords: limit } : {}), ...(maxBytes !== undefined ? { maxBytes } : {}) };
  };
  const page = (req: Request, res: Response, p: LogReadResult, key: readonly (string | number | bigint | undefined)[]) => {
    // Pages made only of sealed segments never change: cache them.
    if (cacheable(req, res, p.immutable, ['log', ...key, p.nextOffset, limits.maxReadEntries, limits.maxReadBytes])) return;
    res.json(recordPageJson(p));
  };

  app.post('/v1/logs', async (req, res) => {
    const b = req.body as Schemas['CreateLogRequest'];
    const info = await logs.createLog({
      name: b.name,
      ...(b.ensembleSize !== undefined ? { ensembleSize: b.ensembleSize } : {}),
      ...(b.writeQuorumSize !== undefined ? { writeQuorumSize: b.writeQuorumSize } : {}),
      ...(b.ackQuorumSize !== undefined ? { ackQuorumSize: b.ackQuorumSize } : {}),
      ...(b.digestType !== undefined ? { digestType: b.digestType } : {}),
      ...(b.rollover !== undefined ? { rollover: b.rollover } : {}),
      ...(b.retention !== undefined ? { retention: b.retention } : {}),
    });
    res.status(201).setHeader('Location', `/v1/logs/${encodeURIComponent(info.name)}`);
    res.json(logInfoJson(info));
  });

  app.get('/v1/logs', async (req, res) => {
    const pageSize = optionalInt(req.query.pageSize, 'pageSize');
    const r = await logs.listLogs({
      ...(typeof req.query.prefix === 'string' ? { prefix: req.query.prefix } : {}),
      ...(pageSize !== undefined ? { pageSize } : {}),
      ...(typeof req.query.pageToken === 'string' ? { pageToken: req.query.pageToken } : {}),
    });
    res.json({ logs: r.names, ...(r.nextPageToken !== undefined ? { nextPageToken: r.nextPageToken } : {}) } satisfies Schemas['LogList']);
  });

  app.get('/v1/logs/:log', async (req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json(logInfoJson(await logs.getLog(name(req))));
  });

  app.delete('/v1/logs/:log', async (req, res) => {
    await logs.deleteLog(name(req));
    res.status(204).end();
  });

  app.post('/v1/logs/:log/records', async (req, res) => {
    const producerId = header(req, 'quire-producer-id');
    const sequence = optionalId(header(req, 'quire-sequence'), 'Quire-Sequence');
    const expectedOffset = optionalId(header(req, 'quire-expected-offset'), 'Quire-Expected-Offset');
    if ((producerId === undefined) !== (sequence === undefined)) {
      throw badArgument(producerId === undefined ? 'Quire-Producer-Id' : 'Quire-Sequence', 'Quire-Producer-Id and Quire-Sequence go together (exactly-once appends need both)');
    }
    const opts = {
      ...(producerId !== undefined ? { producerId: Buffer.from(producerId, 'latin1').toString('utf8') } : {}),
      ...(sequence !== undefined ? { sequence } : {}),
      ...(expectedOffset !== undefined ? { expectedOffset } : {}),
    };
    if (Buffer.isBuffer(req.body)) {
      const key = header(req, 'quire-record-key');
      const ts = header(req, 'quire-record-timestamp');
      const rec: RecordInput = { payload: req.body, ...(key !== undefined ? { key: b64(key, 'Quire-Record-Key') } : {}), ...(ts !== undefined ? { timestampMs: Number(ts) } : {}) };
      const [r] = await logs.append(name(req), [rec], opts);
      res.status(r!.duplicate ? 200 : 201).json(logReceiptJson(r!));
      return;
    }
    const b = req.body as Schemas['AppendRecordsRequest'];
    const receipts = await logs.append(name(req), recordsFromJson(b.records), opts);
    res.status(receipts.every((r) => r.duplicate) ? 200 : 201).json({ receipts: receipts.map(logReceiptJson) });
  });

  app.get('/v1/logs/:log/records', async (req, res) => {
    const from = optionalId(req.query.from, 'from') ?? 0n;
    const b = bounds(req);
    page(req, res, await logs.read(name(req), { fromOffset: from, ...b }), [name(req), from, b.maxRecords, b.maxBytes]);
  });

  app.get('/v1/logs/:log/tail', async (req, res) => {
    const b = bounds(req);
    if ((header(req, 'accept') ?? '').includes('text/event-stream')) {
      const lastEventId = optionalId(header(req, 'last-event-id'), 'Last-Event-ID');
      const from = lastEventId !== undefined ? lastEventId + 1n : (optionalId(req.query.from, 'from') ?? 0n);
      if (o.sseStreams.size >= limits.maxConcurrentTails) {
        throw new GatewayError('TOO_MANY_REQUESTS', `overloaded: ${o.sseStreams.size} event streams open (limit ${limits.maxConcurrentTails}); retry later`);
      }
      await streamLogTail({ logs, req, res, name: name(req), from, streams: o.sseStreams, metrics: o.metrics, ...b });
      return;
    }
    const from = optionalId(req.query.from, 'from') ?? 0n;
    const waitMs = optionalInt(req.query.waitMs, 'waitMs') ?? 10_000;
    const r = await logs.tail(name(req), { fromOffset: from, waitMs, ...b });
    if (res.writableEnded || req.socket.destroyed) return;
    res.setHeader('Cache-Control', 'no-store');
    res.json(recordPageJson(r));
  });

  app.get('/v1/logs/:log/seek', async (req, res) => {
    const ts = optionalInt(req.query.timestampMs, 'timestampMs');
    if (ts === undefined) throw badArgument('timestampMs', 'timestampMs is required');
    const r = await logs.seek(name(req), ts);
    res.setHeader('Cache-Control', 'no-store');
    res.json({ offset: r.offset.toString() });
  });

  app.post('/v1/logs/:log/truncate', async (req, res) => {
    const b = req.body as { before: string };
    const r = await logs.truncate(name(req), id(b.before, 'before'));
    res.json({ firstOffset: r.firstOffset.toString(), deletedSegments: r.deletedSegments } satisfies Schemas['TrimResult']);
  });

  app.post('/v1/logs/:log/retention', async (req, res) => {
    const r = await logs.enforceRetention(name(req));
    res.json({ firstOffset: r.firstOffset.toString(), deletedSegments: r.deletedSegments } satisfies Schemas['TrimResult']);
  });

  app.get('/v1/logs/:log/cursors', async (req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json({ cursors: (await logs.listCursors(name(req))).map(cursorJson) });
  });

  app.get('/v1/logs/:log/cursors/:cursor', async (req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json(cursorJson(await logs.getCursor(name(req), String(req.params.cursor))));
  });

  app.put('/v1/logs/:log/cursors/:cursor', async (req, res) => {
    const b = req.body as { offset: string; expectedVersion?: number };
    res.json(cursorJson(await logs.setCursor(name(req), String(req.params.cursor), id(b.offset, 'offset'), b.expectedVersion)));
  });

  app.delete('/v1/logs/:log/cursors/:cursor', async (req, res) => {
    await logs.deleteCursor(name(req), String(req.params.cursor));
    res.status(204).end();
  });

  app.post('/v1/logs/:log/cursors/:cursor/advance', async (req, res) => {
    const b = req.body as { offset: string };
    res.json(cursorJson(await logs.advanceCursor(name(req), String(req.params.cursor), id(b.offset, 'offset'))));
  });

  app.get('/v1/logs/:log/cursors/:cursor/records', async (req, res) => {
    const c = await logs.getCursor(name(req), String(req.params.cursor));
    res.setHeader('Cache-Control', 'no-store');
    res.json(recordPageJson(await logs.read(name(req), { fromOffset: c.offset, ...bounds(req) })));
  });
}
