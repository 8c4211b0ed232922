import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { ResolvedConstantArrivalRate, ResolvedRampingArrivalRate, ResolvedScenario } from '../../../src/config/scenario-types.js';
import { arrivalRateStarts } from '../../../src/execution/arrival-rate-schedule.js';
import {
  runConstantArrivalRate,
  runRampingArrivalRate,
  type ArrivalRateContext,
} from '../../../src/execution/executors/arrival-rate.js';
import { RunState } from '../../../src/execution/run-state.js';
import { segmentsForWorkers } from '../../../src/execution/segments/execution-tuple.js';
import { scaleScenario, type SegmentedScenario } from '../../../src/execution/segments/scale-scenario.js';
import { TestMetrics } from '../../../src/execution/test-metrics.js';
import type { VirtualUser } from '../../../src/vu/virtual-user.js';

/**
 * A stand-in for the parts of `VirtualUser` the executor and `runIteration` use: an iteration
 * sleeps `iterationMs` and ends early, interrupted, at the `interruptAt` deadline.
 */
class FakeVu {
  readonly starts: number[] = [];
  private deadline = Number.POSITIVE_INFINITY;
  private interruptedFlag = false;

  constructor(
    readonly id: number,
    private readonly iterationMs: number,
  ) {}

  get interrupted(): boolean {
    return this.interruptedFlag;
  }

  interruptAt(deadline: number): void {
    this.deadline = deadline;
    this.interruptedFlag = false;
  }

  async iterate(): Promise<{ ok: true; value: undefined } | { ok: false; error: { name: string; message: string; text: string; interrupted: boolean } }> {
    this.starts.push(performance.now());
    const endsAt = performance.now() + this.iterationMs;
    await delay(Math.max(0, Math.min(endsAt, this.deadline) - performance.now()));
    if (this.deadline < endsAt) {
      this.interruptedFlag = true;
      return { ok: false, error: { name: 'Error', message: 'interrupted', text: 'interrupted', interrupted: true } };
    }
    return { ok: true, value: undefined };
  }

  afterIteration(): void {}

  /** The parts of the VU's host context the iteration runner updates (k6/execution counters). */
  readonly host = { execution: { scenario: undefined, iterationInInstance: 0, iterationInScenario: 0 } };
}

interface Harness {
  readonly context: ArrivalRateContext;
  readonly vus: FakeVu[];
  readonly state: RunState;
  readonly logs: Array<{ level: string; message: string; fields: Readonly<Record<string, string>> | undefined }>;
  dropped(): number;
}

function harness(scenario: ResolvedScenario, vuCount: number, iterationMs: number, segment?: SegmentedScenario, state = new RunState()): Harness {
  const metrics = new TestMetrics();
  const vus = Array.from({ length: vuCount }, (_, index) => new FakeVu(index + 1, iterationMs));
  const logs: Harness['logs'] = [];
  const context: ArrivalRateContext = {
    scenario: segment?.scenario ?? scenario,
    vus: vus as unknown as VirtualUser[],
    segment,
    metrics,
    state,
    progress: state.scenario(scenario.name),
    scenarioName: scenario.name,
    tags: { scenario: scenario.name },
    executor: scenario.executor,
    minIterationDurationMs: 0,
    log: (level, message, fields) => logs.push({ level, message, fields }),
    afterIteration: () => undefined,
    iterationCounter: new Int32Array(1),
  };
  const dropped = (): number => {
    const sink = metrics.registry.get('dropped_iterations')?.sink;
    return sink?.type === 'counter' ? sink.value : 0;
  };
  return { context, vus, state, logs, dropped };
}

const BASE = { startTime: 0, gracefulStop: 30_000, env: {}, exec: 'default', execExplicit: false, tags: {}, browser: null };

function car(fields: Partial<ResolvedConstantArrivalRate>): ResolvedConstantArrivalRate {
  return { ...BASE, name: 'car', executor: 'constant-arrival-rate', rate: 10, timeUnit: 1_000, duration: 1_000, preAllocatedVUs: 1, maxVUs: 1, ...fields };
}

describe('runConstantArrivalRate', () => {
  it('starts 200 it/s for 10 s on time, whatever the timer granularity', async () => {
    const scenario = car({ rate: 200, duration: 10_000, preAllocatedVUs: 20, maxVUs: 20, gracefulStop: 1_000 });
    const { context, vus, state, dropped } = harness(scenario, 20, 2);
    const startedAt = performance.now();
    await runConstantArrivalRate(context);
    const starts = vus.flatMap((vu) => vu.starts).sort((a, b) => a - b);
    // Every planned start is made or, when this machine is too busy to free a VU in time (the
    // suite runs in parallel on two cores), counted as dropped — never lost.
    expect(Math.abs(starts.length + dropped() - 2_000)).toBeLessThanOrEqual(20);
    expect(dropped()).toBeLessThan(200);
    expect(state.completedIterations).toBe(starts.length);
    // No start before the first planned one, and no drift: the last plan is at 9,995 ms, and a
    // scheduler that chained coarse timers would be seconds late by then, however busy the machine.
    expect((starts[0] ?? 0) - startedAt).toBeGreaterThan(-1);
    expect((starts.at(-1) ?? 0) - startedAt).toBeLessThan(9_995 + 250);
  }, 20_000);

  it('drops a start when no VU is free, activates one more VU up to maxVUs, then warns once', async () => {
    // Starts every 400 ms, each iteration takes 1,000 ms: with 2 VUs, the starts at 400 (activating
    // VU 2), 1,600 and 2,800 ms find no free VU. Every other start comes 200 ms after a VU is free:
    // slow enough for timers that fire late on a machine busy with the rest of the suite.
    const scenario = car({ rate: 10, timeUnit: 4_000, duration: 4_000, preAllocatedVUs: 1, maxVUs: 2, gracefulStop: 4_000 });
    const { context: base, vus, state, logs, dropped } = harness(scenario, 3, 1_000);
    const activated: number[] = [];
    const context: ArrivalRateContext = { ...base, onActivatedVUs: (count) => activated.push(count) };
    await runConstantArrivalRate(context);
    expect(activated).toEqual([1, 2]);
    expect(dropped()).toBe(3);
    expect(state.completedIterations).toBe(7);
    expect(vus[2]?.starts).toEqual([]);
    expect(logs).toEqual([
      {
        level: 'warn',
        message: 'Insufficient VUs, reached 2 active VUs and cannot initialize more',
        fields: { executor: 'constant-arrival-rate', scenario: 'car' },
      },
    ]);
  });

  it('interrupts iterations still running when gracefulStop is over', async () => {
    const scenario = car({ rate: 1, duration: 1_000, gracefulStop: 200 });
    const { context, state } = harness(scenario, 1, 5_000);
    const startedAt = performance.now();
    await runConstantArrivalRate(context);
    const took = performance.now() - startedAt;
    expect(state.interruptedIterations).toBe(1);
    expect(state.completedIterations).toBe(0);
    // Node timers run on libuv's cached millisecond clock and may fire up to ≈1 ms early.
    expect(took).toBeGreaterThanOrEqual(1_198);
    expect(took).toBeLessThan(1_600);
  });

  it('waits for the end of the duration even after its last start', async () => {
    const { context } = harness(car({ rate: 1, duration: 1_000 }), 1, 1);
    const startedAt = performance.now();
    await runConstantArrivalRate(context);
    expect(performance.now() - startedAt).toBeGreaterThanOrEqual(999);
  });

  it('still makes the starts planned before the end when the thread was busy past it', async () => {
    // Starts every 50 ms for 1 s; the thread is blocked from ≈900 ms to ≈1100 ms, so the start
    // planned at 950 ms is only seen after the end of the duration.
    const scenario = car({ rate: 20, duration: 1_000, preAllocatedVUs: 2, maxVUs: 2 });
    const { context, vus, dropped } = harness(scenario, 2, 1);
    setTimeout(() => {
      const until = performance.now() + 200;
      while (performance.now() < until) {
        // busy, like a VU thread running a long synchronous piece of script
      }
    }, 900);
    await runConstantArrivalRate(context);
    expect(vus.flatMap((vu) => vu.starts).length + dropped()).toBe(20);
  });

  it('stops starting iterations when the test stops', async () => {
    const scenario = car({ rate: 100, duration: 10_000, preAllocatedVUs: 5, maxVUs: 5 });
    const { context, state } = harness(scenario, 5, 1);
    setTimeout(() => state.stop('test'), 300);
    const startedAt = performance.now();
    await runConstantArrivalRate(context);
    expect(performance.now() - startedAt).toBeLessThan(1_000);
    expect(state.completedIterations).toBeGreaterThan(20);
    expect(state.completedIterations).toBeLessThan(40);
  });

  it('runs each worker its stripe of the starts, which add up to the whole test', async () => {
    const scenario = car({ rate: 40, duration: 1_000, preAllocatedVUs: 3, maxVUs: 5 });
    const state = new RunState();
    const shares = segmentsForWorkers(3).map((tuple) => scaleScenario(scenario, tuple));
    const runs = shares.map((share) => harness(scenario, share.scenario.executor === 'constant-arrival-rate' ? share.scenario.maxVUs : 0, 1, share, state));
    await Promise.all(runs.map((run) => runConstantArrivalRate(run.context)));
    const planned = shares.map((share) => (share.workTuple === null ? 0 : [...arrivalRateStarts(scenario, share.workTuple.stripedOffsets())].length));
    expect(planned.reduce((sum, count) => sum + count, 0)).toBe(40);
    // Each worker makes its stripe's starts, or counts one as dropped when a machine too busy to
    // run its timers on time (the suite runs in parallel) has no VU free for it.
    const started = runs.map((run) => run.vus.reduce((sum, vu) => sum + vu.starts.length, 0));
    expect(runs.map((run, index) => (started[index] ?? 0) + run.dropped())).toEqual(planned);
    expect(state.completedIterations).toBe(started.reduce((sum, count) => sum + count, 0));
  });

  it('does nothing in a segment without work', async () => {
    const scenario = car({ preAllocatedVUs: 1, maxVUs: 1 });
    const [first, second] = segmentsForWorkers(2).map((tuple) => scaleScenario(scenario, tuple));
    const idle = [first, second].find((share) => share?.hasWork === false);
    expect(idle).toBeDefined();
    const { context, state } = harness(scenario, 0, 1, idle);
    const startedAt = performance.now();
    await runConstantArrivalRate(context);
    expect(performance.now() - startedAt).toBeLessThan(50);
    expect(state.completedIterations).toBe(0);
  });
});

describe('runRampingArrivalRate', () => {
  it('starts iterations along the ramp and ends after its last start when the rate falls to 0', async () => {
    const scenario: ResolvedRampingArrivalRate = {
      ...BASE,
      name: 'rar',
      executor: 'ramping-arrival-rate',
      startRate: 0,
      timeUnit: 1_000,
      stages: [
        { duration: 500, target: 40 },
        { duration: 500, target: 0 },
        { duration: 2_000, target: 0 },
      ],
      preAllocatedVUs: 4,
      maxVUs: 4,
    };
    const { context, state, dropped } = harness(scenario, 4, 1);
    const planned = [...arrivalRateStarts(scenario)];
    const startedAt = performance.now();
    await runRampingArrivalRate(context);
    expect(planned).toHaveLength(20);
    // Every planned start either ran or was dropped (a loaded machine may keep the 4 VUs busy).
    expect(state.completedIterations + dropped()).toBe(20);
    // k6 returns after the last start instead of waiting out the 2 s at rate 0.
    expect(performance.now() - startedAt).toBeLessThan(2_500);
  });

  it('refuses a scenario of the other arrival-rate executor (an internal bug)', async () => {
    const { context } = harness(car({}), 1, 1);
    await expect(runRampingArrivalRate(context)).rejects.toThrow(/internal error/);
  });
});
