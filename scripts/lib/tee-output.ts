/**
 * Copies everything this process writes to stdout and stderr into a file
 * (begun afresh) as well, so the run's logs can be scanned for secrets
 * afterwards (the e2e server's output otherwise only passes through
 * Playwright). Synchronous writes: Playwright ends its web server with
 * SIGKILL, and nothing written before that may be lost.
 */
import { closeSync, mkdirSync, openSync, writeSync } from "node:fs";
import path from "node:path";

export function teeOutputTo(file: string): () => void {
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const fd = openSync(file, "w");
  const restore: (() => void)[] = [];
  for (const stream of [process.stdout, process.stderr]) {
    const original = stream.write.bind(stream) as (...args: unknown[]) => boolean;
    stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      try {
        if (typeof chunk === "string") writeSync(fd, chunk);
        else writeSync(fd, chunk);
      } catch {
        // A full disk must not take the server down with it; the scan then sees less.
      }
      return original(chunk, ...rest);
    }) as typeof stream.write;
    restore.push(() => (stream.write = original as typeof stream.write));
  }
  return () => {
    for (const r of restore) r();
    closeSync(fd);
  };
}
