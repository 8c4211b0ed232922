/**
 * undici, loaded on first use. The main thread's VUs (options, handleSummary) never send a
 * request — k6 refuses requests in the init context — so `qk6` itself does not load it: a VU
 * worker loads it while it waits for its first orders ({@link undici} in vu-worker.ts), before any
 * request.
 *
 * Only the parts qk6 uses, from their files: undici's index loads ~110 modules (mock agents,
 * proxies, caches, fetch, WebSocket…), 106-116 ms in a worker's start-up against 40-41 ms for these
 * (measured), and that start-up competes for the cores with the main thread reading the script.
 */
import { createRequire } from 'node:module';

type Undici = typeof import('undici');

export interface UndiciParts {
  readonly Agent: Undici['Agent'];
  readonly Pool: Undici['Pool'];
  readonly buildConnector: Undici['buildConnector'];
}

let loaded: UndiciParts | undefined;

export function undici(): UndiciParts {
  if (loaded === undefined) {
    const require = createRequire(import.meta.url);
    loaded = {
      Agent: require('undici/lib/dispatcher/agent.js') as Undici['Agent'],
      Pool: require('undici/lib/dispatcher/pool.js') as Undici['Pool'], // the Agent's own, already loaded
      buildConnector: require('undici/lib/core/connect.js') as Undici['buildConnector'],
    };
  }
  return loaded;
}
