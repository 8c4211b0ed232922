// @ts-check
// Timers inside a VU (k6's event loop): setTimeout/setInterval callbacks are kept here and run when
// the host, finding the VU's work not finished (a pending promise or pending timers), calls
// `waitForTimer()`: it sleeps (a suspending host call, other VUs keep running) until the earliest
// timer is due, then runs the due callbacks. A source of I/O events (k6/websockets) can join the
// loop: while it has work pending the loop waits on it instead of sleeping, so the next socket
// event or the next timer, whichever comes first, wakes the VU.

/** @typedef {{ fn: Function, args: unknown[], at: number, interval: number | undefined }} Timer */
/**
 * @typedef {object} IoSource
 * @property {() => number} pending what keeps the loop going (open sockets)
 * @property {(ms: number) => void} wait waits at most `ms` (Infinity: no timer pending) for the next event and dispatches it
 * @property {() => void} reset forgets everything (an iteration that failed or was interrupted)
 */

/**
 * @param {import('../host').HostBridge} host
 */
export function createTimers(host) {
  /** @type {Map<number, Timer>} */
  const timers = new Map();
  let nextId = 1;
  const now = () => Number(host.call('now'));
  /** @type {IoSource | undefined} attached by the first module that needs one */
  let io;

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

  /**
   * Waits until the earliest timer is due (or the I/O source has an event) and runs every due
   * callback; false when neither timers nor I/O are pending.
   */
  function waitForTimer() {
    const waitIo = io !== undefined && io.pending() > 0;
    if (timers.size === 0 && !waitIo) return false;
    let earliest = Infinity;
    for (const timer of timers.values()) if (timer.at < earliest) earliest = timer.at;
    const delay = earliest === Infinity ? Infinity : earliest - now();
    if (waitIo) /** @type {IoSource} */ (io).wait(Math.max(0, delay));
    else if (delay > 0) host.callAsync('sleep', String(delay));
    if (timers.size === 0) return true;
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
    pending: () => (io === undefined ? timers.size : timers.size + io.pending()),
    waitForTimer,
    /** Drops every timer and I/O wait (a new iteration must not run the previous one's leftovers when it failed or was interrupted). */
    reset: () => {
      timers.clear();
      io?.reset();
    },
    /** Joins an I/O source to the loop (one per VU; k6/websockets). @param {IoSource} source */
    attachIo: (source) => {
      io = source;
    },
    api: {
      setTimeout: (/** @type {unknown} */ fn, /** @type {unknown} */ ms, /** @type {unknown[]} */ ...args) => add(fn, ms, args, false),
      clearTimeout: clear,
      setInterval: (/** @type {unknown} */ fn, /** @type {unknown} */ ms, /** @type {unknown[]} */ ...args) => add(fn, ms, args, true),
      clearInterval: clear,
    },
  };
}
