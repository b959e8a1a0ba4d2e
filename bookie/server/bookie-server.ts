// The bookie's TCP server: accepts connections on bookiePort (default 3181), both protocol
// versions on the same port, with bounds on in-flight requests and bytes in total and per
// connection, and BookKeeper's adds/reads in-progress limits shared by all connections.
import { createServer, type Server, type Socket } from 'node:net';
import type { Logger } from '../../common/logger.js';
import { DEFAULT_MAX_FRAME_SIZE } from '../../protocol/frame.js';
import type { Bookie } from '../bookie.js';
import { BookieConnection, type ConnectionLimits, type InFlightBudget, type InProgressLimiters, type ReplyObserver } from './bookie-connection.js';
import type { BookieSecurity } from './connection-security.js';
import { InProgressLimiter, type InProgressStats } from './in-progress-limiter.js';
import { DEFAULT_REQUEST_PROCESSOR_OPTIONS, RequestProcessor, type RequestProcessorOptions } from './request-processor.js';

export interface BookieServerOptions extends ConnectionLimits, RequestProcessorOptions {
  readonly host: string;
  readonly port: number;
  readonly maxInFlightRequests: number;
  readonly maxInFlightBytes: number;
  readonly maxConnections: number;
  /** BookKeeper's maxAddsInProgressLimit: adds being processed, all connections (0 = unlimited). */
  readonly maxAddsInProgressLimit: number;
  /** BookKeeper's maxReadsInProgressLimit: reads (long polls and batch reads included) being processed (0 = unlimited). */
  readonly maxReadsInProgressLimit: number;
  /** TLS (START_TLS) and certificate-role authorization; none by default. */
  readonly security?: BookieSecurity;
  /** Reply-write timing for metrics (bookkeeper_server_CHANNEL_WRITE); none by default. */
  readonly replyObserver?: ReplyObserver;
}

export const DEFAULT_BOOKIE_SERVER_OPTIONS: BookieServerOptions = {
  host: '127.0.0.1',
  port: 3181,
  maxFrameSize: DEFAULT_MAX_FRAME_SIZE,
  maxInFlightRequestsPerConnection: 10_000,
  maxInFlightBytesPerConnection: 64 * 1024 * 1024,
  maxPendingWriteBytes: 16 * 1024 * 1024,
  maxInFlightRequests: 100_000,
  maxInFlightBytes: 512 * 1024 * 1024,
  maxConnections: 10_000,
  maxAddsInProgressLimit: 10_000,
  maxReadsInProgressLimit: 0,
  ...DEFAULT_REQUEST_PROCESSOR_OPTIONS,
};

class GlobalBudget implements InFlightBudget {
  requests = 0;
  bytes = 0;
  constructor(private readonly maxRequests: number, private readonly maxBytes: number) {}
  tryAcquire(bytes: number): boolean {
    if (this.requests >= this.maxRequests) return false;
    // One request may always proceed alone, however large (frames are already capped).
    if (this.bytes + bytes > this.maxBytes && this.requests > 0) return false;
    this.requests++;
    this.bytes += bytes;
    return true;
  }
  release(bytes: number): void {
    this.requests--;
    this.bytes -= bytes;
  }
}

/** ADD_ENTRY_BLOCKED_WAIT / READ_ENTRY_BLOCKED_WAIT: how long a connection waited for a permit. */
export interface BlockedWaitObserver {
  addBlocked(seconds: number): void;
  readBlocked(seconds: number): void;
}

export class BookieServer {
  private server: Server | undefined;
  private readonly connections = new Set<BookieConnection>();
  private readonly budget: GlobalBudget;
  private readonly processor: RequestProcessor;
  private readonly inProgress: InProgressLimiters;
  private boundPort = 0;

  constructor(
    bookie: Bookie,
    private readonly options: BookieServerOptions,
    private readonly log: Logger,
    blockedWait?: BlockedWaitObserver,
  ) {
    this.budget = new GlobalBudget(options.maxInFlightRequests, options.maxInFlightBytes);
    this.processor = new RequestProcessor(bookie, log, options);
    this.inProgress = {
      add: new InProgressLimiter(options.maxAddsInProgressLimit, blockedWait && ((s) => blockedWait.addBlocked(s))),
      read: new InProgressLimiter(options.maxReadsInProgressLimit, blockedWait && ((s) => blockedWait.readBlocked(s))),
    };
  }

  get port(): number {
    return this.boundPort;
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  /** Open connections by transport: plaintext, or TLS after START_TLS. */
  get connectionsByTransport(): { plain: number; tls: number } {
    let tls = 0;
    for (const c of this.connections) if (c.transport === 'tls') tls++;
    return { plain: this.connections.size - tls, tls };
  }

  get inFlightRequests(): number {
    return this.budget.requests;
  }

  /** Adds and reads in progress, their high-water marks and the connections blocked on each limit. */
  get inProgressStats(): { add: InProgressStats; read: InProgressStats } {
    return { add: this.inProgress.add.stats, read: this.inProgress.read.stats };
  }

  async start(): Promise<void> {
    const server = createServer({ noDelay: true }, (socket: Socket) => this.accept(socket));
    server.maxConnections = this.options.maxConnections;
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port, this.options.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const addr = server.address();
    this.boundPort = typeof addr === 'object' && addr ? addr.port : this.options.port;
    server.on('error', (err) => this.log.error({ err }, 'bookie server error'));
    this.log.info({ host: this.options.host, port: this.boundPort }, 'bookie listening');
  }

  private accept(socket: Socket): void {
    const conn = new BookieConnection(socket, this.processor, this.budget, this.inProgress, this.options, this.log, (c) => this.connections.delete(c), this.options.security, this.options.replyObserver);
    this.connections.add(conn);
  }

  /** Stops accepting, closes every connection. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const c of this.connections) c.close();
    this.connections.clear();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
