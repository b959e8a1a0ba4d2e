// Structured JSON logs (pino): fast, well kept, and the de-facto Node.js choice. Level from
// QUIRE_LOG_LEVEL (default info; tests run with silent).
import { pino, type Logger } from 'pino';

export type { Logger };

export const rootLogger: Logger = pino({
  level: process.env.QUIRE_LOG_LEVEL ?? 'info',
  base: { pid: process.pid },
});

export function childLogger(component: string, bindings: Record<string, unknown> = {}): Logger {
  return rootLogger.child({ component, ...bindings });
}
