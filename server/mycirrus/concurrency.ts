/**
 * In-process concurrency limit per organisation (p-limit). One limiter per
 * organisation, shared by every client instance in this process, so a burst
 * from one tenant queues behind its own calls and never behind another's.
 */
import pLimit, { type LimitFunction } from "p-limit";

const limiters = new Map<string, LimitFunction>();

export function limiterFor(organizationId: string, concurrency: number): LimitFunction {
  let limit = limiters.get(organizationId);
  if (!limit) {
    limit = pLimit(concurrency);
    limiters.set(organizationId, limit);
  } else if (limit.concurrency !== concurrency) {
    // The most recently created client's setting wins; all clients of one
    // organisation are expected to share it.
    limit.concurrency = concurrency;
  }
  return limit;
}
