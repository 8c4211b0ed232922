/**
 * Wakes a thread's VUs that are due together a few at a time, with the event loop's I/O in
 * between: VUs waking from `sleep()` (vu-host.ts) or from `minIterationDuration`'s padding
 * (iteration-runner.ts), starting together in an executor, or going on after a pause.
 *
 * Why: a test of 1000 VUs that each request, check and `sleep(1)` has each worker's 500 VUs due in
 * the same millisecond every second, and all of them start together; Node runs every expired timer
 * (and the promise jobs each starts) before it reads a socket again. The ~150 ms those VUs took to
 * run left every response that came in meanwhile unread, and `http_req_duration` counted the wait:
 * p95 74–132 ms against a median of 3–5 ms on a local server (k6's Go scheduler reads them on
 * time). So a VU wakes at once only while fewer than {@link BATCH} have woken in this turn of the
 * loop; the rest wait in order for the following turns, {@link BATCH} per turn, each after a poll
 * for I/O (`setImmediate` callbacks added by an immediate run in the next turn).
 */

/** VUs woken per turn of the event loop: ~0.3 ms of CPU each at 1000 VUs. */
const BATCH = 8;

const waiting: (() => void)[] = [];
let wokenThisTurn = 0;
let turnScheduled = false;

/** Calls `wake` now, or in a later turn when {@link BATCH} VUs have woken in this one. */
export function wakeInBatches(wake: () => void): void {
  if (wokenThisTurn < BATCH && waiting.length === 0) {
    wokenThisTurn += 1;
    scheduleTurn();
    wake();
    return;
  }
  waiting.push(wake);
  scheduleTurn();
}

function scheduleTurn(): void {
  if (turnScheduled) return;
  turnScheduled = true;
  setImmediate(nextTurn);
}

function nextTurn(): void {
  turnScheduled = false;
  const due = waiting.splice(0, BATCH);
  wokenThisTurn = due.length;
  if (waiting.length > 0 || due.length > 0) scheduleTurn();
  for (const wake of due) wake();
}

/**
 * Calls `due` once `ms` have passed by `performance.now()`, waking as {@link wakeInBatches} wakes;
 * returns what cancels it. A Node timer is due once the event loop's clock, in whole milliseconds,
 * reaches it, and a loop busy with other work (a worker under load) checks its timers at any point
 * of a millisecond: up to one early (a 30-ms `minIterationDuration` was padded to 28.8 ms in a
 * loaded test run). k6's Go sleep never returns early, so what is still left is waited again.
 */
export function wakeAfter(ms: number, due: () => void): () => void {
  const at = performance.now() + ms;
  const fire = (): void => {
    const left = at - performance.now();
    if (left > 0) timer = setTimeout(fire, left);
    else wakeInBatches(due);
  };
  let timer = setTimeout(fire, ms);
  return () => clearTimeout(timer);
}

/**
 * Resolves `ms` from now, waking as {@link wakeInBatches} wakes, or at once when `signal` aborts:
 * a VU's wait for `minIterationDuration`, which keeps VUs in step as `sleep()` does.
 */
export function sleepInBatches(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      cancel();
      signal.removeEventListener('abort', done);
      resolve();
    };
    const cancel = wakeAfter(ms, done);
    signal.addEventListener('abort', done, { once: true });
  });
}

/** Resolves in this turn or a later one of the event loop, as {@link wakeInBatches} wakes: a VU's start. */
export function turnInBatches(): Promise<void> {
  return new Promise((resolve) => wakeInBatches(resolve));
}
