// Endpoint failover for the REST clients: a fetch that sends each request to the current one of
// several gateway base URLs, moving on to the next when a request reaches none (connection refused
// or cut: fetch throws). The clients above it retry what is safe to repeat (errors.ts), so a retry
// goes to the next gateway; any instance serves any log or ledger (it forwards to the writer).

/** The clients are built with urls[0] as their base; requests are rewritten to the current one. */
export function failoverFetch(urls: readonly string[], base: typeof fetch = fetch): typeof fetch {
  const bases = urls.map((u) => u.replace(/\/$/, ''));
  if (bases.length <= 1) return base;
  let current = 0;
  return async (input, init) => {
    const req = input instanceof Request ? input : undefined;
    const url = req ? req.url : String(input);
    const at = current;
    const target = url.startsWith(bases[0]!) ? bases[at]! + url.slice(bases[0]!.length) : url;
    try {
      if (!req) return await base(target, init);
      // openapi-fetch's requests carry small JSON bodies: copy the bytes to the new URL.
      const body = req.body ? await req.arrayBuffer() : undefined;
      return await base(new Request(target, { method: req.method, headers: req.headers, signal: req.signal, ...(body !== undefined ? { body } : {}) }), init);
    } catch (e) {
      if (current === at) current = (at + 1) % bases.length;
      throw e;
    }
  };
}
