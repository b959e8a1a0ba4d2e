// The bookie's HTTP admin endpoint (BookKeeper's httpServerEnabled / httpServerPort):
// GET /heartbeat → "OK", GET /metrics → Prometheus text (prom-client, the standard Node.js client).
import { createServer, type Server } from 'node:http';
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { Logger } from '../common/logger.js';
import type { BookieImpl } from './bookie-impl.js';
import type { BookieServer } from './server/bookie-server.js';

export function bookieMetricsRegistry(bookie: BookieImpl, server: BookieServer): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'quire_bookie_' });
  const journal = () => bookie.stats.journal;
  new Counter({ name: 'quire_bookie_journal_records_total', help: 'records appended to the journal', registers: [registry], collect() { this.reset(); this.inc(journal().records); } });
  new Counter({ name: 'quire_bookie_journal_writes_total', help: 'journal write calls (group-commit batches)', registers: [registry], collect() { this.reset(); this.inc(journal().writes); } });
  new Counter({ name: 'quire_bookie_journal_fsyncs_total', help: 'journal fdatasync calls', registers: [registry], collect() { this.reset(); this.inc(journal().syncs); } });
  new Counter({ name: 'quire_bookie_journal_bytes_total', help: 'bytes written to the journal', registers: [registry], collect() { this.reset(); this.inc(journal().bytes); } });
  new Counter({ name: 'quire_bookie_checkpoints_total', help: 'completed checkpoints', registers: [registry], collect() { this.reset(); this.inc(bookie.stats.checkpoints); } });
  new Gauge({ name: 'quire_bookie_connections', help: 'open client connections', registers: [registry], collect() { this.set(server.connectionCount); } });
  new Gauge({ name: 'quire_bookie_in_flight_requests', help: 'requests being processed', registers: [registry], collect() { this.set(server.inFlightRequests); } });
  new Gauge({ name: 'quire_bookie_read_only', help: '1 when the bookie is read-only', registers: [registry], collect() { this.set(bookie.isReadOnly ? 1 : 0); } });
  return registry;
}

export async function startBookieHttp(host: string, port: number, registry: Registry, log: Logger): Promise<{ port: number; stop(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/heartbeat') {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('OK\n');
    } else if (req.method === 'GET' && req.url === '/metrics') {
      registry.metrics().then(
        (text) => res.writeHead(200, { 'content-type': registry.contentType }).end(text),
        (err: unknown) => {
          log.error({ err }, 'metrics failed');
          res.writeHead(500).end();
        },
      );
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const addr = server.address();
  return {
    port: typeof addr === 'object' && addr ? addr.port : port,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
