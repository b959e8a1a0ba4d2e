// Certificates made with openssl at run time in a temp directory (never committed), for the TLS
// tests and the TLS benchmark: CAs, and certificates for 127.0.0.1 signed by one of them (servers
// and, with an OU, clients).
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

function openssl(dir: string, args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
}

/** A self-signed CA written as <name>.pem / <name>.key (default name "ca"). */
export function makeCa(dir: string, name = 'ca'): { caFile: string } {
  openssl(dir, ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.pem`, '-days', '2', '-subj', `/CN=quire-test-${name}`]);
  return { caFile: join(dir, `${name}.pem`) };
}

export interface CertOptions {
  /** The CA's name as given to makeCa (default "ca"). */
  readonly ca?: string;
  /** Subject OU, e.g. BookKeeper's role field "0:writer,reader;1:cluster". */
  readonly ou?: string;
  /** Validity in days (default 2); -1 makes a certificate that has already expired. */
  readonly days?: number;
}

/** A certificate for 127.0.0.1 signed by a CA, written as <name>.pem / <name>.key. */
export function makeServerCert(dir: string, name: string, cn: string, o: CertOptions = {}): { certFile: string; keyFile: string } {
  const ca = o.ca ?? 'ca';
  const subj = `${o.ou !== undefined ? `/OU=${o.ou}` : ''}/CN=${cn}`;
  openssl(dir, ['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', subj]);
  const ext = join(dir, `${name}.ext`);
  writeFileSync(ext, 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  openssl(dir, ['x509', '-req', '-in', `${name}.csr`, '-CA', `${ca}.pem`, '-CAkey', `${ca}.key`, '-CAcreateserial', '-out', `${name}.pem`, '-days', String(o.days ?? 2), '-extfile', ext]);
  return { certFile: join(dir, `${name}.pem`), keyFile: join(dir, `${name}.key`) };
}
