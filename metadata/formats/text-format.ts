// Protobuf text format, the small subset BookKeeper uses: ledger metadata v2, cookies and the
// under-replication nodes. Why hand-written: the printer must produce what protobuf-java's
// TextFormat.print produces (fields in number order, `name: value` lines, nested messages as
// `name {` ... `}` indented by two spaces, strings/bytes double-quoted with C escapes and octal
// for anything outside printable ASCII), and the parser must accept anything protobuf-java prints.
import { QuireError } from '../../common/errors.js';

/** A scalar as written: a quoted string/bytes value, or a bare token (number, enum name, bool). */
export type TextScalar = { kind: 'bytes'; bytes: Buffer } | { kind: 'token'; token: string };
export interface TextField {
  readonly name: string;
  readonly value: TextScalar | TextMessage;
}
export type TextMessage = TextField[];

/** Printer input: strings/Buffers are quoted, bigint/number printed bare, {enum} bare, arrays nested. */
export type PrintValue = string | Buffer | bigint | number | { readonly enumName: string } | PrintField[];
export type PrintField = readonly [name: string, value: PrintValue];

export function escapeBytes(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) {
    switch (b) {
      case 0x07: out += '\\a'; break;
      case 0x08: out += '\\b'; break;
      case 0x0c: out += '\\f'; break;
      case 0x0a: out += '\\n'; break;
      case 0x0d: out += '\\r'; break;
      case 0x09: out += '\\t'; break;
      case 0x0b: out += '\\v'; break;
      case 0x5c: out += '\\\\'; break;
      case 0x27: out += "\\'"; break;
      case 0x22: out += '\\"'; break;
      default:
        if (b >= 0x20 && b <= 0x7e) out += String.fromCharCode(b);
        else out += '\\' + b.toString(8).padStart(3, '0');
    }
  }
  return out;
}

export function printText(fields: readonly PrintField[], indent = ''): string {
  let out = '';
  for (const [name, value] of fields) {
    if (Array.isArray(value)) {
      out += `${indent}${name} {\n${printText(value, indent + '  ')}${indent}}\n`;
    } else if (typeof value === 'string') {
      out += `${indent}${name}: "${escapeBytes(Buffer.from(value, 'utf8'))}"\n`;
    } else if (Buffer.isBuffer(value)) {
      out += `${indent}${name}: "${escapeBytes(value)}"\n`;
    } else if (typeof value === 'bigint' || typeof value === 'number') {
      out += `${indent}${name}: ${value.toString()}\n`;
    } else {
      out += `${indent}${name}: ${(value as { enumName: string }).enumName}\n`;
    }
  }
  return out;
}

class Tokenizer {
  pos = 0;
  constructor(private readonly text: string) {}

  private skipSpace(): void {
    const t = this.text;
    while (this.pos < t.length) {
      const c = t[this.pos]!;
      if (c === '#') {
        while (this.pos < t.length && t[this.pos] !== '\n') this.pos++;
      } else if (c === ' ' || c === '\n' || c === '\t' || c === '\r' || c === '\f' || c === '\v') {
        this.pos++;
      } else {
        return;
      }
    }
  }

  peek(): string | undefined {
    this.skipSpace();
    return this.pos < this.text.length ? this.text[this.pos] : undefined;
  }

  fail(message: string): never {
    throw new QuireError('METADATA_CORRUPT', `text format: ${message} at offset ${this.pos}`);
  }

  expect(c: string): void {
    if (this.peek() !== c) this.fail(`expected '${c}'`);
    this.pos++;
  }

  /** Identifier, number or other bare token. */
  token(): string {
    this.skipSpace();
    const m = /^[A-Za-z0-9_.+-]+/.exec(this.text.slice(this.pos, this.pos + 200));
    if (!m) this.fail('expected a name or value');
    this.pos += m[0].length;
    return m[0];
  }

  /** One or more adjacent quoted strings, unescaped into bytes. */
  quoted(): Buffer {
    const parts: Buffer[] = [];
    while (this.peek() === '"' || this.peek() === "'") parts.push(this.oneQuoted());
    return Buffer.concat(parts);
  }

  private oneQuoted(): Buffer {
    const t = this.text;
    const quote = t[this.pos++]!;
    const out: number[] = [];
    while (true) {
      if (this.pos >= t.length) this.fail('unterminated string');
      const c = t[this.pos++]!;
      if (c === quote) break;
      if (c === '\n') this.fail('newline in string');
      if (c !== '\\') {
        for (const b of Buffer.from(c, 'utf8')) out.push(b);
        continue;
      }
      const e = t[this.pos++];
      switch (e) {
        case 'a': out.push(7); break;
        case 'b': out.push(8); break;
        case 'f': out.push(12); break;
        case 'n': out.push(10); break;
        case 'r': out.push(13); break;
        case 't': out.push(9); break;
        case 'v': out.push(11); break;
        case '\\': out.push(0x5c); break;
        case "'": out.push(0x27); break;
        case '"': out.push(0x22); break;
        case '?': out.push(0x3f); break;
        case 'x': {
          const m = /^[0-9a-fA-F]{1,2}/.exec(t.slice(this.pos, this.pos + 2));
          if (!m) this.fail('bad \\x escape');
          out.push(parseInt(m[0], 16));
          this.pos += m[0].length;
          break;
        }
        default: {
          const m = /^[0-7]{1,3}/.exec(t.slice(this.pos - 1, this.pos + 2));
          if (!m) this.fail(`bad escape \\${e ?? ''}`);
          const v = parseInt(m[0], 8);
          if (v > 255) this.fail('octal escape out of range');
          out.push(v);
          this.pos += m[0].length - 1;
        }
      }
    }
    return Buffer.from(out);
  }
}

function parseFields(tok: Tokenizer, closing: string | undefined): TextMessage {
  const fields: TextField[] = [];
  while (true) {
    const c = tok.peek();
    if (c === undefined) {
      if (closing !== undefined) tok.fail(`missing '${closing}'`);
      return fields;
    }
    if (c === closing) {
      tok.pos++;
      return fields;
    }
    const name = tok.token();
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) tok.fail(`bad field name ${JSON.stringify(name)}`);
    let next = tok.peek();
    if (next === ':') {
      tok.pos++;
      next = tok.peek();
    }
    if (next === '{' || next === '<') {
      tok.pos++;
      fields.push({ name, value: parseFields(tok, next === '{' ? '}' : '>') });
    } else if (next === '"' || next === "'") {
      fields.push({ name, value: { kind: 'bytes', bytes: tok.quoted() } });
    } else {
      fields.push({ name, value: { kind: 'token', token: tok.token() } });
    }
    if (tok.peek() === ';' || tok.peek() === ',') tok.pos++;
  }
}

/** Parses text format into fields in the order written. Throws METADATA_CORRUPT on bad syntax. */
export function parseText(text: string): TextMessage {
  return parseFields(new Tokenizer(text), undefined);
}

/** Typed access to a parsed message, with METADATA_CORRUPT errors that name the field. */
export class TextReader {
  constructor(readonly fields: TextMessage, private readonly what: string) {}

  private bad(message: string): never {
    throw new QuireError('METADATA_CORRUPT', `${this.what}: ${message}`);
  }

  /** Fails on field names outside `known`, as protobuf-java's parser does. */
  checkKnown(known: readonly string[]): void {
    for (const f of this.fields) if (!known.includes(f.name)) this.bad(`unknown field "${f.name}"`);
  }

  all(name: string): (TextScalar | TextMessage)[] {
    return this.fields.filter((f) => f.name === name).map((f) => f.value);
  }

  has(name: string): boolean {
    return this.fields.some((f) => f.name === name);
  }

  private last(name: string, required: boolean): TextScalar | TextMessage | undefined {
    const all = this.all(name);
    if (all.length === 0 && required) this.bad(`missing required field "${name}"`);
    return all[all.length - 1];
  }

  private scalar(name: string, v: TextScalar | TextMessage): TextScalar {
    if (Array.isArray(v)) this.bad(`field "${name}" should be a value, not a message`);
    return v as TextScalar;
  }

  bytes(name: string, required: true): Buffer;
  bytes(name: string, required: boolean): Buffer | undefined;
  bytes(name: string, required: boolean): Buffer | undefined {
    const v = this.last(name, required);
    if (v === undefined) return undefined;
    return this.bytesOf(name, v);
  }

  bytesOf(name: string, v: TextScalar | TextMessage): Buffer {
    const s = this.scalar(name, v);
    if (s.kind !== 'bytes') this.bad(`field "${name}" should be a quoted string`);
    return s.bytes;
  }

  string(name: string, required: true): string;
  string(name: string, required: boolean): string | undefined;
  string(name: string, required: boolean): string | undefined {
    return this.bytes(name, required)?.toString('utf8');
  }

  int(name: string, required: true): bigint;
  int(name: string, required: boolean): bigint | undefined;
  int(name: string, required: boolean): bigint | undefined {
    const v = this.last(name, required);
    if (v === undefined) return undefined;
    const s = this.scalar(name, v);
    if (s.kind !== 'token' || !/^-?(0x[0-9a-fA-F]+|[0-9]+)$/.test(s.token)) this.bad(`field "${name}" should be an integer`);
    const neg = s.token.startsWith('-');
    const body = neg ? s.token.slice(1) : s.token;
    const n = BigInt(body);
    return neg ? -n : n;
  }

  enumName(name: string, required: boolean): string | undefined {
    const v = this.last(name, required);
    if (v === undefined) return undefined;
    const s = this.scalar(name, v);
    if (s.kind !== 'token') this.bad(`field "${name}" should be an enum name`);
    return s.token;
  }

  messages(name: string): TextReader[] {
    return this.all(name).map((v, i) => {
      if (!Array.isArray(v)) this.bad(`field "${name}" should be a message`);
      return new TextReader(v as TextMessage, `${this.what}: ${name}[${i}]`);
    });
  }
}
