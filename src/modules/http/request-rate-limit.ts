/**
 * k6's `rps` option: at most that many `k6/http` requests per second, across the VUs (k6 gives
 * every VU of a process one `rate.Limiter` with a burst of 1, and `MakeRequest` waits on it before
 * each request; redirects inside a request do not wait again). Each worker thread holds its share
 * of the rate (its execution segment's fraction), so the threads together keep the option's rate.
 *
 * k6-compat: a request interrupted while it waits still uses its slot (Go's limiter gives it back).
 */
import { setTimeout as sleep } from 'node:timers/promises';

export class RequestRateLimiter {
  /** performance.now() at which the next request may start. */
  private nextStart = 0;
  private readonly intervalMs: number;

  constructor(requestsPerSecond: number) {
    this.intervalMs = 1000 / requestsPerSecond;
  }

  /** Resolves when the caller may send its request (at once, or early when `signal` aborts). */
  async waitTurn(signal: AbortSignal): Promise<void> {
    const now = performance.now();
    const start = Math.max(now, this.nextStart);
    this.nextStart = start + this.intervalMs;
    if (start > now) await sleep(start - now, undefined, { signal }).catch(() => undefined);
  }
}

/** One limiter per thread and rate: every VU of the thread shares it. */
const limiters = new Map<number, RequestRateLimiter>();

/** The thread's limiter for `requestsPerSecond`, or undefined when there is no limit (0). */
export function requestRateLimiter(requestsPerSecond: number | undefined): RequestRateLimiter | undefined {
  if (requestsPerSecond === undefined || !(requestsPerSecond > 0)) return undefined;
  let limiter = limiters.get(requestsPerSecond);
  if (limiter === undefined) {
    limiter = new RequestRateLimiter(requestsPerSecond);
    limiters.set(requestsPerSecond, limiter);
  }
  return limiter;
}
