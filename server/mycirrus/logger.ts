/**
 * The gateway logs retries and breaker changes as one structured line each.
 * Entries carry organisation, endpoint and status, never the key or a URL with
 * query values, so log output is safe to ship anywhere.
 */
export type LogFields = Record<string, string | number | boolean | null | undefined>;

export interface MyCirrusLogger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

const line = (message: string, fields?: LogFields) =>
  fields ? `[mycirrus] ${message} ${JSON.stringify(fields)}` : `[mycirrus] ${message}`;

/** Console logger; debug lines are dropped unless asked for. */
export function consoleLogger(level: "debug" | "info" | "warn" | "error" = "info"): MyCirrusLogger {
  const order = { debug: 0, info: 1, warn: 2, error: 3 } as const;
  const on = (l: keyof typeof order) => order[l] >= order[level];
  return {
    debug: (m, f) => void (on("debug") && console.debug(line(m, f))),
    info: (m, f) => void (on("info") && console.info(line(m, f))),
    warn: (m, f) => void (on("warn") && console.warn(line(m, f))),
    error: (m, f) => void (on("error") && console.error(line(m, f))),
  };
}

export const silentLogger: MyCirrusLogger = { debug() {}, info() {}, warn() {}, error() {} };
