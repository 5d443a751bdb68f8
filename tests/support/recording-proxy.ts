/**
 * A real HTTP proxy in front of the simulator for tests that need to see each
 * request the portal makes to MyCirrus, or to make one path fail: the portal's
 * client talks to it exactly as it would to MyCirrus, so nothing in the
 * production code exists for the test's sake.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface ProxiedCall {
  /** When the request reached the proxy (ms since the epoch). */
  at: number;
  url: string;
  status: number;
}

export interface RecordingProxy {
  /** The target's URL with the proxy's origin, e.g. http://127.0.0.1:PORT/v1 for a target of …/v1. */
  urlFor(targetUrl: string): string;
  calls: ProxiedCall[];
  /** Path suffixes answered 500 with a MyCirrus error body instead of being forwarded. */
  failing: Set<string>;
  close(): Promise<void>;
}

export async function startRecordingProxy(targetOrigin: string): Promise<RecordingProxy> {
  const calls: ProxiedCall[] = [];
  const failing = new Set<string>();
  const server = http.createServer((req, res) => {
    const at = Date.now();
    const url = new URL(req.url ?? "/", targetOrigin);
    if ([...failing].some((f) => url.pathname.endsWith(f))) {
      calls.push({ at, url: url.href, status: 500 });
      res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: "InternalError", description: "Injected by the test" }));
      return;
    }
    const upstream = http.request(url, { method: req.method, headers: { ...req.headers, host: url.host } }, (up) => {
      calls.push({ at, url: url.href, status: up.statusCode ?? 0 });
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstream.on("error", (error) => {
      calls.push({ at, url: url.href, status: 502 });
      res.writeHead(502).end(error.message);
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    urlFor: (targetUrl) => {
      const u = new URL(targetUrl);
      return `${origin}${u.pathname}${u.search}`.replace(/\/+$/, "");
    },
    calls,
    failing,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
