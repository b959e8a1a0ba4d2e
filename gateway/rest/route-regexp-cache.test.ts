import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { cacheRouteRegexps } from './route-regexp-cache.js';

type Compile = (path: unknown, options?: Record<string, unknown>) => { regexp: RegExp; keys: { name: string }[] };
const fromValidator = createRequire(createRequire(import.meta.url).resolve('express-openapi-validator'));
const mod = fromValidator('path-to-regexp') as { pathToRegexp: Compile };

test("the validator's pathToRegexp is memoized per route and flags, with the same matches", () => {
  const original = mod.pathToRegexp;
  cacheRouteRegexps();
  cacheRouteRegexps(); // once per process: a second call does not wrap again
  const route = '/v1/ledgers/:ledgerId/entries/:entryId';
  const a = mod.pathToRegexp(route, { sensitive: false, strict: false });
  assert.equal(mod.pathToRegexp(route, { sensitive: false, strict: false }), a);
  assert.notEqual(mod.pathToRegexp(route, { sensitive: true, strict: false }), a);
  const want = original(route, { sensitive: false, strict: false });
  assert.equal(a.regexp.source, want.regexp.source);
  assert.deepEqual(a.keys.map((k) => k.name), ['ledgerId', 'entryId']);
  assert.deepEqual(a.regexp.exec('/v1/ledgers/7/entries/3')?.slice(1), ['7', '3']);
  assert.equal(a.regexp.exec('/v1/ledgers/7/entries'), null);
  // Shared, so frozen: a caller cannot change what the next one gets.
  assert.ok(Object.isFrozen(a) && Object.isFrozen(a.keys));
  // Other options (or non-string paths) are compiled each time, as before.
  const other = mod.pathToRegexp(route, { end: false });
  assert.notEqual(mod.pathToRegexp(route, { end: false }), other);
  assert.ok(other.regexp.test('/v1/ledgers/7/entries/3/more'));
});
