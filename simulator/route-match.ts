// Method + path-pattern matching, shared by the /v1 router and the /_sim control surface so the two
// tables read alike and cannot drift apart in how a pattern is spelt.

export interface PathRoute {
  /** An HTTP method, or "*": the control surface's /_sim and /_sim/info answer every method. */
  method: string;
  path: string;
  regex: RegExp;
  names: string[];
}

/** `:name` stands for one non-empty path segment; a trailing slash is optional. */
export function pathRoute(method: string, path: string): PathRoute {
  const names: string[] = [];
  const regex = new RegExp(
    "^" + path.replace(/:([a-zA-Z]+)/g, (_m, name: string) => (names.push(name), "([^/]+)")) + "/?$",
  );
  return { method, path, regex, names };
}

/**
 * The first route matching both path and method, with its decoded parameters; "method" when only a path
 * matched, so a caller can tell 405 from 404. `decode` is the caller's: the two surfaces treat a malformed
 * percent-escape differently, and parameters are decoded only once a route is chosen.
 */
export function matchRoute<R extends PathRoute>(
  routes: readonly R[],
  method: string,
  path: string,
  decode: (segment: string) => string,
): { route: R; params: Record<string, string> } | "method" | null {
  let pathMatched = false;
  for (const r of routes) {
    const m = r.regex.exec(path);
    if (!m) continue;
    pathMatched = true;
    if (r.method !== "*" && r.method !== method) continue;
    const params: Record<string, string> = {};
    r.names.forEach((n, i) => {
      params[n] = decode(m[i + 1]!);
    });
    return { route: r, params };
  }
  return pathMatched ? "method" : null;
}
