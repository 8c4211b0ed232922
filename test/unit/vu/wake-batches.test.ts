// VUs due at the same time wake a few per turn of the event loop (src/vu/wake-batches.ts), so that
// the responses that come in meanwhile are read between them, not after all of them.
import { describe, expect, it } from 'vitest';
import { sleepInBatches, turnInBatches, wakeAfter, wakeInBatches } from '../../../src/vu/wake-batches.js';

/** One turn of the event loop: an immediate added now runs in the next one. */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** A turn in which no VU has woken yet (the batches of an earlier test have run out). */
async function freshTurn(): Promise<void> {
  for (let turn = 0; turn < 4; turn++) await nextTurn();
}

describe('waking in batches', () => {
  it('wakes eight at once, then eight per turn, in the order they came due', async () => {
    await freshTurn();
    const woken: number[] = [];
    for (let index = 0; index < 20; index++) wakeInBatches(() => woken.push(index));
    expect(woken).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    await nextTurn();
    expect(woken).toHaveLength(16);
    await nextTurn();
    expect(woken).toEqual(Array.from({ length: 20 }, (_, index) => index));
  });

  it('lets the event loop poll between batches', async () => {
    await freshTurn();
    const events: string[] = [];
    // Each VU runs for 0.5 ms; a timer that comes due meanwhile stands for I/O that came in: it runs
    // right after the batch it came due in, not after the last VU.
    const busyVu = (): void => {
      const until = performance.now() + 0.5;
      while (performance.now() < until);
      events.push('vu');
    };
    setTimeout(() => events.push('timer'), 1);
    for (let index = 0; index < 24; index++) wakeInBatches(busyVu);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(events.indexOf('timer')).toBeGreaterThanOrEqual(8);
    expect(events.indexOf('timer')).toBeLessThan(24);
    expect(events.filter((event) => event === 'vu')).toHaveLength(24);
  });

  it('starts a lone VU in the turn it asked', async () => {
    await freshTurn();
    let started = false;
    void turnInBatches().then(() => {
      started = true;
    });
    await Promise.resolve();
    expect(started).toBe(true);
  });

  it('sleeps its time in order with the sleepers due with it, and wakes at once on abort', async () => {
    const woken: number[] = [];
    const sleeping = Array.from({ length: 20 }, (_, index) => sleepInBatches(5, new AbortController().signal).then(() => woken.push(index)));
    expect(woken).toEqual([]);
    await Promise.all(sleeping);
    expect(woken).toEqual(Array.from({ length: 20 }, (_, index) => index));

    const stop = new AbortController();
    const long = sleepInBatches(60_000, stop.signal);
    stop.abort();
    await long; // would take a minute
    await sleepInBatches(60_000, stop.signal); // already aborted: no wait
  });

  it('never wakes a sleeper before its time', async () => {
    // A Node timer is due once the loop's clock, in whole milliseconds, says so; a loop kept busy
    // (as a worker under load) checks its timers at any point of a millisecond, up to ~1 ms early.
    let busy = true;
    const spin = (): void => {
      const until = performance.now() + 0.3;
      while (performance.now() < until) {
        // keep the turn busy
      }
      if (busy) setImmediate(spin);
    };
    setImmediate(spin);
    const slept: number[] = [];
    try {
      for (let index = 0; index < 20; index++) {
        slept.push(
          await new Promise<number>((resolve) => {
            const from = performance.now();
            wakeAfter(3, () => resolve(performance.now() - from));
          }),
        );
      }
    } finally {
      busy = false;
    }
    expect(Math.min(...slept)).toBeGreaterThanOrEqual(3);
  });

  it('can be cancelled before it wakes', async () => {
    let woken = false;
    const cancel = wakeAfter(5, () => {
      woken = true;
    });
    cancel();
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(woken).toBe(false);
  });
});
