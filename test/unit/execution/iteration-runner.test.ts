import { describe, expect, it } from 'vitest';
import { runIteration, type IterationContext } from '../../../src/execution/iteration-runner.js';
import { RunState } from '../../../src/execution/run-state.js';
import { TestMetrics } from '../../../src/execution/test-metrics.js';
import type { VirtualUser } from '../../../src/vu/virtual-user.js';

type Outcome = { ok: true; value: undefined } | { ok: false; error: { name: string; message: string; text: string; interrupted: boolean } };

/**
 * A stand-in for the parts of `VirtualUser` that `runIteration` uses: `script` plays the
 * iteration and may interrupt the VU (as a stop or a deadline would) before it returns.
 */
class FakeVu {
  interrupted = false;
  readonly host = { execution: { scenario: undefined, iterationInInstance: 0, iterationInScenario: 0 } };

  constructor(private readonly script: (vu: FakeVu) => Promise<Outcome>) {}

  iterate(): Promise<Outcome> {
    return this.script(this);
  }
}

function harness(): { context: IterationContext; state: RunState; count: (metric: string) => number } {
  const state = new RunState();
  const metrics = new TestMetrics();
  const context: IterationContext = {
    metrics,
    state,
    progress: state.scenario('s'),
    scenarioName: 's',
    tags: { scenario: 's' },
    executor: 'constant-vus',
    minIterationDurationMs: 0,
    log: () => undefined,
    afterIteration: () => undefined,
    iterationCounter: new Int32Array(1),
  };
  const count = (metric: string): number => {
    const sink = metrics.registry.get(metric)?.sink;
    return sink?.type === 'counter' ? sink.value : 0;
  };
  return { context, state, count };
}

const asVu = (fake: FakeVu): VirtualUser => fake as unknown as VirtualUser;
const OK: Outcome = { ok: true, value: undefined };

describe('runIteration', () => {
  it.each<[string, (vu: FakeVu) => Promise<Outcome>, 'completed' | 'interrupted']>([
    ['counts a normal return as completed', async () => OK, 'completed'],
    [
      // k6 js/runner.go: an iteration is full only if the VU's context was not done when it returned.
      'counts a return after the VU was interrupted (a sleep cut short) as interrupted',
      async (vu) => {
        vu.interrupted = true;
        return OK;
      },
      'interrupted',
    ],
    [
      'counts an interruption error as interrupted',
      async () => ({ ok: false, error: { name: 'Error', message: 'interrupted', text: 'interrupted', interrupted: true } }),
      'interrupted',
    ],
  ])('%s', async (_what, script, expected) => {
    const { context, state, count } = harness();
    expect(await runIteration(asVu(new FakeVu(script)), context)).toBe(expected);
    const completed = expected === 'completed' ? 1 : 0;
    expect({ completed: state.completedIterations, interrupted: state.interruptedIterations }).toEqual({
      completed,
      interrupted: 1 - completed,
    });
    expect(count('iterations')).toBe(completed);
  });

  it('lets the event loop turn while iterations that never wait run back to back', async () => {
    const { context } = harness();
    const vu = asVu(new FakeVu(async () => OK));
    let timerRan = false;
    setTimeout(() => {
      timerRan = true;
    }, 0);
    const giveUpAt = performance.now() + 2_000;
    // Without a turn of the event loop the timer could never run and the loop would last 2 s.
    while (!timerRan && performance.now() < giveUpAt) await runIteration(vu, context);
    expect(timerRan).toBe(true);
  });

  it('pads an iteration to minIterationDuration, and ends the padding when the test stops', async () => {
    const { context, state } = harness();
    const vu = asVu(new FakeVu(async () => OK));
    const padded = { ...context, minIterationDurationMs: 60_000 };
    let settled = false;
    const running = runIteration(vu, padded).then((result) => {
      settled = true;
      return result;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(settled).toBe(false);
    state.stop('the test was stopped');
    expect(await running).toBe('completed');
  });

  it('pads only what the iteration left of minIterationDuration', async () => {
    const { context } = harness();
    const vu = asVu(new FakeVu(async () => OK));
    const started = performance.now();
    expect(await runIteration(vu, { ...context, minIterationDurationMs: 30 })).toBe('completed');
    // Never less, as k6's sleep: Node's timers alone fire up to a millisecond early.
    expect(performance.now() - started).toBeGreaterThanOrEqual(30);
  });
});
