// @ts-check
// Timers inside a VU (k6's event loop): setTimeout/setInterval callbacks are kept here and run when
// the host, finding the VU's work not finished (a pending promise or pending timers), calls
// `waitForTimer()`: it sleeps (a suspending host call, other VUs keep running) until the earliest
// timer is due, then runs the due callbacks.

/** @typedef {{ fn: Function, args: unknown[], at: number, interval: number | undefined }} Timer */

/**
 * @param {import('../host').HostBridge} host
 */
export function createTimers(host) {
  /** @type {Map<number, Timer>} */
  const timers = new Map();
  let nextId = 1;
  const now = () => Number(host.call('now'));

  /** @param {unknown} fn @param {unknown} ms @param {unknown[]} args @param {boolean} repeat */
  function add(fn, ms, args, repeat) {
    if (typeof fn !== 'function') throw new TypeError('setTimeout/setInterval expect a function as their first argument');
    const delay = Math.max(0, Number(ms) || 0);
    const id = nextId++;
    timers.set(id, { fn, args, at: now() + delay, interval: repeat ? Math.max(1, delay) : undefined });
    return id;
  }

  /** @param {unknown} id */
  function clear(id) {
    timers.delete(Number(id));
  }

  /** Sleeps until the earliest timer is due and runs every due callback; false when there are none. */
  function waitForTimer() {
    if (timers.size === 0) return false;
    let earliest = Infinity;
    for (const timer of timers.values()) if (timer.at < earliest) earliest = timer.at;
    const delay = earliest - now();
    if (delay > 0) host.callAsync('sleep', String(delay));
    const current = now();
    for (const [id, timer] of [...timers]) {
      if (timer.at > current || !timers.has(id)) continue;
      if (timer.interval === undefined) timers.delete(id);
      else timer.at = current + timer.interval;
      timer.fn(...timer.args);
    }
    return true;
  }

  return {
    pending: () => timers.size,
    waitForTimer,
    /** Drops every timer (a new iteration must not run the previous one's leftovers when it was interrupted). */
    reset: () => timers.clear(),
    api: {
      setTimeout: (/** @type {unknown} */ fn, /** @type {unknown} */ ms, /** @type {unknown[]} */ ...args) => add(fn, ms, args, false),
      clearTimeout: clear,
      setInterval: (/** @type {unknown} */ fn, /** @type {unknown} */ ms, /** @type {unknown[]} */ ...args) => add(fn, ms, args, true),
      clearInterval: clear,
    },
  };
}
