// Log names are hierarchical ("team/orders") so that permissions and listings can be scoped by
// prefix. In the metadata store a log is ONE node whose name is the log name with '/' written as
// '~' ('~' is not allowed in names, so the mapping is reversible and readable in zkCli): one flat
// directory keeps listing with a prefix and pagination a single getChildren.
import { badArgument } from '../gateway-error.js';

/** Longest log name in bytes (ASCII only, so bytes = characters). */
export const MAX_LOG_NAME_BYTES = 200;
/** Most levels in a name ("a/b/c" has 3). */
export const MAX_LOG_NAME_LEVELS = 8;
/** Cursor names: one level, same characters. */
export const MAX_CURSOR_NAME_BYTES = 100;

const PART = /^[A-Za-z0-9_.-]+$/;

/** Throws INVALID_ARGUMENT (field `field`) unless `name` is a valid hierarchical log name. */
export function checkLogName(name: unknown, field = 'name'): string {
  if (typeof name !== 'string' || name.length === 0) throw badArgument(field, 'a log name is required');
  if (name.length > MAX_LOG_NAME_BYTES) throw badArgument(field, `log name is ${name.length} characters; the limit is ${MAX_LOG_NAME_BYTES}`);
  const parts = name.split('/');
  if (parts.length > MAX_LOG_NAME_LEVELS) throw badArgument(field, `log name has ${parts.length} levels; the limit is ${MAX_LOG_NAME_LEVELS}`);
  for (const p of parts) {
    if (p === '' || p === '.' || p === '..' || !PART.test(p)) {
      throw badArgument(field, `log name ${JSON.stringify(name)} is not valid: levels separated by '/', each made of A-Z a-z 0-9 _ . - (not empty, not "." or "..")`);
    }
  }
  return name;
}

/** A prefix filter for listing: a name or the start of one (may end with '/'). */
export function checkLogPrefix(prefix: unknown): string {
  if (prefix === undefined || prefix === '') return '';
  if (typeof prefix !== 'string' || prefix.length > MAX_LOG_NAME_BYTES || !/^[A-Za-z0-9_./-]*$/.test(prefix)) throw badArgument('prefix', 'prefix must be the start of a log name');
  return prefix;
}

export function checkCursorName(name: unknown, field = 'cursor'): string {
  if (typeof name !== 'string' || name.length === 0 || name.length > MAX_CURSOR_NAME_BYTES || !PART.test(name) || name === '.' || name === '..') {
    throw badArgument(field, `cursor name must be 1..${MAX_CURSOR_NAME_BYTES} characters of A-Z a-z 0-9 _ . - (not "." or "..")`);
  }
  return name;
}

export function nodeNameOf(logName: string): string {
  return logName.replaceAll('/', '~');
}

export function logNameOf(nodeName: string): string {
  return nodeName.replaceAll('~', '/');
}
