// Tracing for REST requests (docs/tracing.md): a server span per request, the parent taken from
// the caller's W3C traceparent header. Express runs some middleware from stream callbacks (the body
// parsers call next() on the body's 'end' event), which loses the async context; `reenterTrace`
// re-enters the request's span after them, so the service calls below are its children.
import type { NextFunction, Request, Response } from 'express';
import { endSpan, extractContext, SpanKind, startSpan, tracingEnabled, withSpan, type Span } from '../../common/tracing.js';

const SPAN = Symbol('quire.span');
type Traced = Request & { [SPAN]?: Span };

export function startRequestSpan(req: Request, res: Response, next: NextFunction): void {
  if (!tracingEnabled()) return next();
  const span = startSpan(`HTTP ${req.method}`, {
    kind: SpanKind.SERVER,
    parent: extractContext(req.headers),
    attributes: { 'http.request.method': req.method, 'url.path': req.path, 'quire.request_id': req.requestId },
  });
  (req as Traced)[SPAN] = span;
  res.on('close', () => {
    // The route template, not the URL: span names must not grow with ids.
    const route = req.route ? `${req.baseUrl}${String((req.route as { path: string }).path)}` : undefined;
    if (route) {
      span.updateName(`${req.method} ${route}`);
      span.setAttribute('http.route', route);
    }
    span.setAttribute('http.response.status_code', res.statusCode);
    endSpan(span, res.statusCode >= 500 ? new Error(`HTTP ${res.statusCode}`) : undefined);
  });
  withSpan(span, next);
}

export function reenterTrace(req: Request, _res: Response, next: NextFunction): void {
  const span = (req as Traced)[SPAN];
  if (span === undefined) return next();
  withSpan(span, next);
}
