// A TCP proxy that carries the links into one server (a bookie, ZooKeeper, a gateway's peer
// listener) and can break each link on its own. A link is named by who is on the other end: the
// proxy asks `classify` for each accepted connection (the chaos cluster looks the client's socket
// up in /proc, so one listening port serves every client and a partition still cuts one link).
// Per link: up, drop (every connection reset, new ones reset at once), hold (a black hole: bytes
// stop moving both ways but connections stay open, as on a partition that loses packets), or up
// with a delay on every chunk. heal() returns a link to up; held bytes then flow (TCP would have
// retransmitted them).
import { createServer, connect, type Server, type Socket } from 'node:net';

export type LinkMode = { kind: 'up'; delayMs: number } | { kind: 'drop' } | { kind: 'hold' };

interface Pipe {
  readonly link: string;
  readonly client: Socket;
  readonly server: Socket;
  /** Chunks waiting for their delay or for a held link to heal: [target, bytes, due]. Bounded by the sockets' pause. */
  readonly queue: [Socket, Buffer, number][];
  timer?: NodeJS.Timeout;
}

const UP: LinkMode = { kind: 'up', delayMs: 0 };
/** Held or delayed bytes above this per pipe pause the sending side, so a hold cannot grow memory. */
const MAX_QUEUED_BYTES = 4 * 1024 * 1024;

export class LinkProxy {
  private readonly modes = new Map<string, LinkMode>();
  private readonly pipes = new Set<Pipe>();
  private server: Server | undefined;
  /** Connections accepted per link name (a run reports them: proof the links were told apart). */
  readonly accepted = new Map<string, number>();

  constructor(
    readonly name: string,
    private readonly listen: { host: string; port: number },
    private readonly target: { host: string; port: number },
    private readonly classify: (client: Socket) => Promise<string>,
  ) {}

  get port(): number {
    return this.listen.port;
  }

  async start(): Promise<void> {
    const srv = createServer({ pauseOnConnect: true }, (client) => void this.accept(client));
    await new Promise<void>((resolve, reject) => {
      srv.once('error', reject);
      srv.listen(this.listen.port, this.listen.host, () => resolve());
    });
    const a = srv.address();
    if (typeof a === 'object' && a) this.listen.port = a.port;
    this.server = srv;
  }

  mode(link: string): LinkMode {
    return this.modes.get(link) ?? UP;
  }

  set(link: string, mode: LinkMode): void {
    this.modes.set(link, mode);
    for (const p of this.pipes) if (p.link === link) this.apply(p);
  }

  heal(link?: string): void {
    if (link === undefined) {
      const links = [...this.modes.keys()];
      this.modes.clear();
      for (const p of this.pipes) if (links.includes(p.link)) this.apply(p);
      return;
    }
    this.set(link, UP);
  }

  async stop(): Promise<void> {
    for (const p of this.pipes) this.close(p);
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }

  private async accept(client: Socket): Promise<void> {
    client.on('error', () => undefined);
    const link = await this.classify(client).catch(() => 'unknown');
    this.accepted.set(link, (this.accepted.get(link) ?? 0) + 1);
    if (this.mode(link).kind === 'drop') {
      client.resetAndDestroy();
      return;
    }
    const server = connect(this.target.port, this.target.host);
    server.on('error', () => undefined);
    const pipe: Pipe = { link, client, server, queue: [] };
    this.pipes.add(pipe);
    const onData = (to: Socket) => (chunk: Buffer) => {
      pipe.queue.push([to, chunk, Date.now() + (this.mode(link).kind === 'up' ? (this.mode(link) as { delayMs: number }).delayMs : 0)]);
      this.flush(pipe);
    };
    client.on('data', onData(server));
    server.on('data', onData(client));
    client.on('close', () => this.close(pipe));
    server.on('close', () => this.close(pipe));
    server.once('connect', () => client.resume());
  }

  /** Writes the queued chunks whose time has come, in order; a held link writes nothing. */
  private flush(p: Pipe): void {
    clearTimeout(p.timer);
    p.timer = undefined;
    const mode = this.mode(p.link);
    if (mode.kind === 'drop') return this.close(p, true);
    if (mode.kind === 'up') {
      const now = Date.now();
      while (p.queue.length > 0 && p.queue[0]![2] <= now) {
        const [to, bytes] = p.queue.shift()!;
        if (!to.destroyed) to.write(bytes);
      }
      if (p.queue.length > 0) p.timer = setTimeout(() => this.flush(p), p.queue[0]![2] - now);
    }
    const queued = p.queue.reduce((n, [, b]) => n + b.length, 0);
    for (const s of [p.client, p.server]) {
      if (queued > MAX_QUEUED_BYTES) s.pause();
      else if (s.isPaused() && (s !== p.client || p.server.readyState === 'open')) s.resume();
    }
  }

  private apply(p: Pipe): void {
    this.flush(p);
  }

  private close(p: Pipe, reset = false): void {
    if (!this.pipes.delete(p)) return;
    clearTimeout(p.timer);
    for (const s of [p.client, p.server]) {
      if (reset && !s.destroyed) s.resetAndDestroy();
      else s.destroy();
    }
  }
}
