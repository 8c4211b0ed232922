/**
 * undici, loaded on first use. It is ~110 modules (60–150 ms to load, measured from the CLI), and
 * the main thread's VUs (options, handleSummary) never send a request — k6 refuses requests in the
 * init context — so `qk6` itself does not load it: a VU worker loads it while it waits for its
 * first orders ({@link undici} in vu-worker.ts), before any request.
 */
import { createRequire } from 'node:module';

type Undici = typeof import('undici');

let loaded: Undici | undefined;

export function undici(): Undici {
  loaded ??= createRequire(import.meta.url)('undici') as Undici;
  return loaded;
}
