// VuHost.sleep: k6's sleep() on the host side. It waits its time, and a VU stopped at once
// (hard stop, end of gracefulStop) wakes from it at the abort, not at the end of the sleep.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { VuHost } from '../../../src/vu/vu-host.js';
import { quietVuConfig } from '../../helpers/vu-options.js';

function newHost(): VuHost {
  return new VuHost(quietVuConfig('/tmp/script.js'), () => undefined);
}

/** Whether `promise` has settled by now (after pending microtasks). */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  void promise.then(() => {
    done = true;
  });
  await Promise.resolve();
  await Promise.resolve();
  return done;
}

describe('VuHost.sleep', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('resolves after its time and not before', async () => {
    const sleeping = newHost().sleep(1000);
    vi.advanceTimersByTime(999);
    expect(await settled(sleeping)).toBe(false);
    vi.advanceTimersByTime(1);
    expect(await settled(sleeping)).toBe(true);
    await expect(sleeping).resolves.toBeUndefined();
  });

  it('wakes at once when the VU is aborted, and leaves no timer behind', async () => {
    const host = newHost();
    const sleeping = host.sleep(60_000);
    vi.advanceTimersByTime(10);
    host.abort();
    expect(await settled(sleeping)).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('does not sleep while aborted, and sleeps again once the signal is renewed', async () => {
    const host = newHost();
    host.abort();
    expect(await settled(host.sleep(60_000))).toBe(true);
    host.renewSignal();
    const sleeping = host.sleep(500);
    expect(await settled(sleeping)).toBe(false);
    vi.advanceTimersByTime(500);
    expect(await settled(sleeping)).toBe(true);
  });

  it('wakes only the pending sleep: a later one takes its full time', async () => {
    const host = newHost();
    const first = host.sleep(100);
    vi.advanceTimersByTime(100);
    expect(await settled(first)).toBe(true);
    const second = host.sleep(100);
    vi.advanceTimersByTime(50);
    expect(await settled(second)).toBe(false);
    vi.advanceTimersByTime(50);
    expect(await settled(second)).toBe(true);
  });
});
