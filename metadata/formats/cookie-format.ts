// Bookie cookie text (spec §7.2): the same bytes in /ledgers/cookies/<bookieId> and in each
// directory's current/VERSION.
//
// Layout, versions 4 and 5 (Quire writes 5): "<layoutVersion>\n" then protobuf text format of
// CookieFormat: bookieHost (1), journalDir (2, dirs joined by ","), ledgerDirs (3,
// "<count>\t<dir>\t<dir>..."), instanceId (4, optional), indexDirs (5, optional, same encoding
// as ledgerDirs; 4.16+). Version 3: four plain lines: version, bookieHost, journalDir, ledgerDirs.
// Example: 5\nbookieHost: "10.0.0.5:3181"\njournalDir: "/data/journal"\nledgerDirs: "1\\t/data/ledgers"\n
import { QuireError } from '../../common/errors.js';
import { TextReader, parseText, printText, type PrintField } from './text-format.js';

export const COOKIE_LAYOUT_VERSION = 5;

export interface Cookie {
  readonly layoutVersion: number;
  readonly bookieId: string;
  readonly journalDirs: readonly string[];
  readonly ledgerDirs: readonly string[];
  readonly instanceId?: string;
  readonly indexDirs?: readonly string[];
}

export function encodeDirList(dirs: readonly string[]): string {
  return [String(dirs.length), ...dirs].join('\t');
}

function decodeDirList(text: string, what: string): string[] {
  const parts = text.split('\t');
  const count = Number(parts[0]);
  if (!Number.isInteger(count) || count !== parts.length - 1) {
    throw new QuireError('METADATA_CORRUPT', `${what}: dir list ${JSON.stringify(text)} does not start with its count`);
  }
  return parts.slice(1);
}

export function encodeCookie(c: Cookie): Buffer {
  const fields: PrintField[] = [
    ['bookieHost', c.bookieId],
    ['journalDir', c.journalDirs.join(',')],
    ['ledgerDirs', encodeDirList(c.ledgerDirs)],
  ];
  if (c.instanceId !== undefined) fields.push(['instanceId', c.instanceId]);
  if (c.indexDirs !== undefined && c.indexDirs.length > 0) fields.push(['indexDirs', encodeDirList(c.indexDirs)]);
  return Buffer.from(`${COOKIE_LAYOUT_VERSION}\n${printText(fields)}`, 'utf8');
}

/** Parses cookie bytes; `what` (a znode path or file name) appears in METADATA_CORRUPT errors. */
export function decodeCookie(bytes: Buffer, what: string): Cookie {
  const text = bytes.toString('utf8');
  const nl = text.indexOf('\n');
  const first = (nl < 0 ? text : text.slice(0, nl)).trim();
  if (!/^[0-9]{1,9}$/.test(first)) throw new QuireError('METADATA_CORRUPT', `cookie ${what}: first line ${JSON.stringify(first.slice(0, 40))} is not a layout version`);
  const layoutVersion = Number(first);
  const rest = nl < 0 ? '' : text.slice(nl + 1);
  if (layoutVersion === 3) {
    const lines = rest.split('\n');
    if (lines.length < 3) throw new QuireError('METADATA_CORRUPT', `cookie ${what}: layout 3 needs bookieHost, journalDir and ledgerDirs lines`);
    return { layoutVersion, bookieId: lines[0]!, journalDirs: lines[1]!.split(','), ledgerDirs: decodeDirList(lines[2]!, `cookie ${what}`) };
  }
  if (layoutVersion !== 4 && layoutVersion !== 5) throw new QuireError('METADATA_CORRUPT', `cookie ${what}: unsupported layout version ${layoutVersion}`);
  const r = new TextReader(parseText(rest), `cookie ${what}`);
  r.checkKnown(['bookieHost', 'journalDir', 'ledgerDirs', 'instanceId', 'indexDirs']);
  const instanceId = r.string('instanceId', false);
  const indexDirs = r.string('indexDirs', false);
  return {
    layoutVersion,
    bookieId: r.string('bookieHost', true),
    journalDirs: r.string('journalDir', true).split(','),
    ledgerDirs: decodeDirList(r.string('ledgerDirs', true), `cookie ${what}`),
    ...(instanceId !== undefined ? { instanceId } : {}),
    ...(indexDirs !== undefined ? { indexDirs: decodeDirList(indexDirs, `cookie ${what}`) } : {}),
  };
}
