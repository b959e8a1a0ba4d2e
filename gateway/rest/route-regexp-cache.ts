// express-openapi-validator 5.6 (middlewares/openapi.metadata.js, lookupRoute) compiles
// path-to-regexp for every route of the spec, on every request, until one matches: a CPU profile of
// the gateway under REST appends had ~4 % of its CPU there (bench/results/*-gateway-load.txt).
// pathToRegexp is pure for a given route and options, so the export the validator calls is
// memoized, once per process. Keys are the spec's routes (not request paths): the cache is bounded
// by the spec, and by MAX_ROUTES whatever calls it.
import { createRequire } from 'node:module';

interface Compiled {
  readonly regexp: RegExp;
  readonly keys: readonly unknown[];
}
type PathToRegexp = (path: unknown, options?: Record<string, unknown>) => Compiled;

const MAX_ROUTES = 1024;
let installed = false;

/** Options cached by: the two booleans the validator passes; anything else is compiled as before. */
function keyOf(path: unknown, options: Record<string, unknown> | undefined): string | undefined {
  if (typeof path !== 'string') return undefined;
  let flags = '';
  for (const k in options) {
    const v = options[k];
    if ((k !== 'sensitive' && k !== 'strict') || typeof v !== 'boolean') return undefined;
    if (v) flags += k[1];
  }
  return `${flags}:${path}`;
}

export function cacheRouteRegexps(): void {
  if (installed) return;
  installed = true;
  // The validator's own path-to-regexp (the module instance its require() returns).
  const fromValidator = createRequire(createRequire(import.meta.url).resolve('express-openapi-validator'));
  const mod = fromValidator('path-to-regexp') as { pathToRegexp: PathToRegexp };
  const compile = mod.pathToRegexp;
  const cache = new Map<string, Compiled>();
  mod.pathToRegexp = (path, options) => {
    const key = keyOf(path, options);
    if (key === undefined) return compile(path, options);
    let c = cache.get(key);
    if (c === undefined) {
      c = compile(path, options);
      // A stateful RegExp (g or y: exec moves lastIndex) could not be shared.
      if (c.regexp.global || c.regexp.sticky || cache.size >= MAX_ROUTES) return c;
      c = Object.freeze({ regexp: c.regexp, keys: Object.freeze([...c.keys]) });
      cache.set(key, c);
    }
    return c;
  };
}
