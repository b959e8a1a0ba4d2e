// Which local process opened a loopback TCP connection: the socket's inode from /proc/net/tcp
// (matched by both ports), then the process whose /proc/<pid>/fd holds that inode. This is what
// lets one proxy port carry every client's link to a bookie and still cut a single link: the
// registration in ZooKeeper can only name one address per bookie. Linux only.
import { readFile, readdir, readlink } from 'node:fs/promises';
import type { Socket } from 'node:net';

const hexPort = (p: number) => p.toString(16).toUpperCase().padStart(4, '0');

async function inodeOf(clientPort: number, serverPort: number): Promise<string | undefined> {
  const table = await readFile('/proc/net/tcp', 'utf8');
  const local = `:${hexPort(clientPort)}`;
  const remote = `:${hexPort(serverPort)}`;
  for (const line of table.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length > 9 && f[1]!.endsWith(local) && f[2]!.endsWith(remote)) return f[9];
  }
  return undefined;
}

/**
 * The name of the candidate process that owns the other end of `client` (accepted by a server on
 * this machine), or 'unknown'. candidates: pid → link name, read at call time (pids change on restart).
 */
export async function socketOwner(client: Socket, candidates: () => ReadonlyMap<number, string>): Promise<string> {
  const inode = client.remotePort !== undefined && client.localPort !== undefined ? await inodeOf(client.remotePort, client.localPort) : undefined;
  if (inode === undefined) return 'unknown';
  const want = `socket:[${inode}]`;
  for (const [pid, name] of candidates()) {
    const fds = await readdir(`/proc/${pid}/fd`).catch(() => [] as string[]);
    for (const fd of fds) {
      if ((await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '')) === want) return name;
    }
  }
  return 'unknown';
}
