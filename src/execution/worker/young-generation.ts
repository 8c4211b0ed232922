/**
 * How big a VU worker's young generation may grow, by how many VUs it runs.
 *
 * V8 grows a heap's young generation as objects survive its scavenges, and under a load test's
 * steady allocation (~12–27 KB of JavaScript per request, by a sampling profile and by the
 * scavenges' pace) every worker's reaches V8's maximum within seconds — two 16 MB semi-spaces,
 * both touched, whatever the VU count — and never shrinks while the load lasts: 64 MB of a
 * 10-VU run's ~180 MB. A worker's scavenges cost what survives them, and what survives is its
 * requests in flight, so a worker with few VUs loses little with half the space (scavenged twice
 * as often), while a crowded one loses much (measured, 10 s runs on two workers, GC pause per
 * request with 16 MB → 8 MB semi-spaces: 10 VUs 3.5 → 4.6 µs, 100 VUs 4.8 → 6.0 µs and 5.7–6.0 →
 * 7.1–7.3 on a 16 KiB JSON body, 200 VUs 6.6 → 11.5 µs, 1000 VUs 21 → 43 µs and 15 % fewer
 * requests; peak RSS at 10 VUs 178–183 → 160 MB, at 100 VUs 227–235 → 198–201 MB). So a worker
 * of at most {@link SMALL_WORKER_VUS} VUs gets 8 MB semi-spaces, any other V8's default.
 *
 * This module imports nothing: the launcher's early workers (early-worker.ts) use it before the
 * CLI loads.
 */

/** A worker with at most this many VUs gets the smaller young generation. */
export const SMALL_WORKER_VUS = 64;

/**
 * The young generation such a worker may grow to, MB: 8 MB semi-spaces. V8 11.3 sizes a young
 * generation as two semi-spaces and a large-object space as big as one, so this is three of them.
 */
const SMALL_YOUNG_GENERATION_MB = 24;

/** `resourceLimits.maxYoungGenerationSizeMb` for a worker of `vus` VUs; undefined (V8's default) when many or unknown. */
export function youngGenerationLimitMb(vus: number | undefined): number | undefined {
  return vus !== undefined && vus <= SMALL_WORKER_VUS ? SMALL_YOUNG_GENERATION_MB : undefined;
}
