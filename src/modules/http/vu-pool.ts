/**
 * The pool a VU's agent makes for each origin it talks to: undici's Pool, without the wait queue
 * every Pool allocates up front — a 2,048-slot array (16 KiB) for requests that wait for a free
 * connection. A VU's pools never cap connections (vu-http-state.ts), so undici's Pool opens a new
 * connection rather than make a request wait, and that queue stays empty; at 1000 VUs it was 16 MB
 * of the workers' heaps, and every full garbage collection scanned it. Its stand-in is an array
 * that grows only if a request does wait.
 *
 * undici does not export the queue's key: it is found on the pool by its symbol's description,
 * and only a queue that is still empty is replaced, so another undici (a pinned version in
 * package-lock.json; test/unit/http/vu-pool.test.ts) at worst keeps its own.
 */
import type { Dispatcher, Pool } from 'undici';

type PoolClass = new (origin: string | URL, options: Pool.Options) => Pool;

/** What undici's Pool calls on its queue (lib/dispatcher/fixed-queue.js). */
interface PoolQueue {
  isEmpty(): boolean;
  push(item: unknown): void;
  shift(): unknown;
}

class WaitQueue implements PoolQueue {
  private readonly items: unknown[] = [];

  isEmpty(): boolean {
    return this.items.length === 0;
  }

  push(item: unknown): void {
    this.items.push(item);
  }

  /** The oldest item, or null when empty, as undici's queue answers. */
  shift(): unknown {
    return this.items.length === 0 ? null : this.items.shift();
  }
}

function isEmptyQueue(value: unknown): value is PoolQueue {
  const queue = value as Partial<PoolQueue> | null;
  return typeof queue?.isEmpty === 'function' && typeof queue.push === 'function' && typeof queue.shift === 'function' && queue.isEmpty();
}

/** undici Agent's `factory`: a Pool per origin, with the light queue. */
export function vuPoolFactory(PoolClass: PoolClass): (origin: string | URL, options: object) => Dispatcher {
  return (origin, options) => {
    const pool = new PoolClass(origin, options as Pool.Options);
    const fields = pool as unknown as Record<symbol, unknown>;
    const queueKey = Object.getOwnPropertySymbols(pool).find((key) => key.description === 'queue');
    if (queueKey !== undefined && isEmptyQueue(fields[queueKey])) fields[queueKey] = new WaitQueue();
    return pool;
  };
}
