// Rewrites the table in docs/errors.md from common/errors.ts.
import { readFileSync, writeFileSync } from 'node:fs';
import { errorTableMarkdown } from '../common/error-table-markdown.js';

const path = new URL('../docs/errors.md', import.meta.url);
const doc = readFileSync(path, 'utf8');
const start = doc.indexOf('<!-- table:start -->');
const end = doc.indexOf('<!-- table:end -->');
writeFileSync(path, doc.slice(0, start) + '<!-- table:start -->\n' + errorTableMarkdown() + doc.slice(end));
