// The web console's static files (docs/console.md): the page and its ES modules from
// gateway/console/, the front-end libraries from node_modules (no CDN, no build step). Everything
// under /console is public (rest-auth.ts PUBLIC_PATH): the page holds no data; every API call it
// makes carries the user's bearer token and is authorized like any other call.
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Express } from 'express';

// Read from the source tree also when running from dist/ (tsc does not copy .js/.html/.css).
export const CONSOLE_DIR = fileURLToPath(new URL('../console/', import.meta.url)).replace(/\/dist\/gateway\//, '/gateway/');
const require = createRequire(import.meta.url);
// Each package's main entry sits in its dist/ folder next to the ES module build the page loads
// (not every package exports its package.json).
const distOf = (entry: string): string => dirname(require.resolve(entry));

/** URL prefix -> directory of one library's browser build. */
const VENDOR: readonly (readonly [string, string])[] = [
  ['/console/vendor/preact', distOf('preact')],
  ['/console/vendor/preact-hooks', distOf('preact/hooks')],
  ['/console/vendor/htm', distOf('htm')],
  ['/console/vendor/uplot', distOf('uplot')],
];

export function mountConsole(app: Express): void {
  // Express matches '/console' also for '/console/' (non-strict routing): redirect the bare path only.
  app.get('/console', (req, res, next) => (req.originalUrl.split('?')[0] === '/console' ? res.redirect(301, '/console/') : next()));
  for (const [prefix, dir] of VENDOR) app.use(prefix, express.static(dir, { index: false, maxAge: '1h', fallthrough: false }));
  // The page's own files change with the gateway: revalidate every load.
  app.use('/console', express.static(CONSOLE_DIR, { index: 'index.html', maxAge: 0, fallthrough: false }));
}
