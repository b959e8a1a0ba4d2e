import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ERROR_TABLE, QuireError, StatusCode, errorFromStatus, statusOfError } from './errors.js';
import { errorTableMarkdown } from './error-table-markdown.js';

test('docs/errors.md carries the current table', () => {
  const doc = readFileSync(new URL('../docs/errors.md', import.meta.url), 'utf8');
  assert.ok(doc.includes(errorTableMarkdown()), 'docs/errors.md is stale: run npx tsx scripts/gen-error-doc.ts');
});

test('every wire status maps to one code and back', () => {
  for (const status of Object.values(StatusCode)) {
    if (status === StatusCode.EOK) continue;
    const e = errorFromStatus(status);
    assert.equal(statusOfError(e), status, `status ${status}`);
  }
});

test('I/O errors and unknown failures never become "no such entry"', () => {
  assert.equal(statusOfError(new QuireError('IO_ERROR')), StatusCode.EIO);
  assert.equal(statusOfError(new Error('disk on fire')), StatusCode.EIO);
  assert.equal(statusOfError(new QuireError('TIMEOUT')), StatusCode.EIO);
});

test('codes are unique and stable strings', () => {
  for (const code of Object.keys(ERROR_TABLE)) assert.match(code, /^[A-Z_]+$/);
});
