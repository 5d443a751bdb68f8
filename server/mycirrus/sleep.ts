/**
 * Sleeps at least `ms` milliseconds. Node timers may fire a millisecond early
 * (they round), and "never retry sooner than Retry-After" must hold exactly,
 * so we re-check the monotonic clock and top up.
 */
export async function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  const until = performance.now() + ms;
  for (;;) {
    const left = until - performance.now();
    if (left <= 0) return;
    signal?.throwIfAborted();
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(done, Math.ceil(left));
      function done() {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      }
      function onAbort() {
        clearTimeout(timer);
        reject(signal?.reason);
      }
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  }
}
