import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { ResolvedConstantArrivalRate, ResolvedConstantVUs, ResolvedScenario } from '../../../src/config/scenario-types.js';
import { runConstantArrivalRate } from '../../../src/execution/executors/arrival-rate.js';
import type { ScenarioContext } from '../../../src/execution/executors/executor.js';
import { runConstantVus } from '../../../src/execution/executors/looping-vus.js';
import { PauseClock, type Interruptible } from '../../../src/execution/pause-clock.js';
import { RunState } from '../../../src/execution/run-state.js';
import { TestMetrics } from '../../../src/execution/test-metrics.js';
import type { VirtualUser } from '../../../src/vu/virtual-user.js';

/** A clock over a hand-driven time source. */
function manualClock(): { clock: PauseClock; advance: (ms: number) => void } {
  let now = 1_000;
  return { clock: new PauseClock(() => now), advance: (ms) => (now += ms) };
}

class RecordingVu implements Interruptible {
  readonly deadlines: number[] = [];
  interrupted = false;
  interruptAt(deadline: number): void {
    this.deadlines.push(deadline);
  }
}

/** A VU whose iterations take `iterationMs` and record their start times. */
class SleepyVu {
  readonly starts: number[] = [];
  /** The parts of the VU's host context the iteration runner updates (k6/execution counters). */
  readonly host = { execution: { scenario: undefined, iterationInInstance: 0, iterationInScenario: 0 } };
  interrupted = false;
  constructor(private readonly iterationMs: number) {}
  interruptAt(): void {}
  async iterate(): Promise<{ ok: true; value: undefined }> {
    this.starts.push(performance.now());
    await delay(this.iterationMs);
    return { ok: true, value: undefined };
  }
  afterIteration(): void {}
}

const BASE = { startTime: 0, gracefulStop: 1_000, env: {}, exec: 'default', execExplicit: false, tags: {}, browser: null };

function contextFor(scenario: ResolvedScenario, vus: SleepyVu[], state: RunState): ScenarioContext {
  return {
    scenario,
    vus: vus as unknown as VirtualUser[],
    metrics: new TestMetrics(),
    state,
    progress: state.scenario(scenario.name),
    scenarioName: scenario.name,
    tags: { scenario: scenario.name },
    executor: scenario.executor,
    minIterationDurationMs: 0,
    log: () => undefined,
    afterIteration: () => undefined,
    iterationCounter: new Int32Array(1),
  };
}

describe('PauseClock', () => {
  it('stands still while paused and counts the paused time', () => {
    const { clock, advance } = manualClock();
    const start = clock.now();
    advance(100);
    expect(clock.pause()).toBe(true);
    expect(clock.pause()).toBe(false);
    advance(500);
    expect(clock.now() - start).toBe(100);
    expect(clock.pausedMs()).toBe(500);
    expect(clock.resume()).toBe(true);
    expect(clock.resume()).toBe(false);
    advance(50);
    expect(clock.now() - start).toBe(150);
    expect(clock.pausedMs()).toBe(500);
  });

  it('suspends VU deadlines while paused and moves them by the pause on resume', () => {
    const { clock, advance } = manualClock();
    const vu = new RecordingVu();
    clock.interruptAt(vu, clock.now() + 1_000);
    clock.pause();
    advance(300);
    clock.resume();
    expect(vu.deadlines).toEqual([2_000, Number.POSITIVE_INFINITY, 2_300]);
  });

  it('leaves an interrupted VU alone on pause and resume', () => {
    const { clock } = manualClock();
    const vu = new RecordingVu();
    clock.interruptAt(vu, clock.now() + 10);
    vu.interrupted = true;
    clock.pause();
    clock.resume();
    expect(vu.deadlines).toEqual([1_010]);
  });

  it('holds a wait through a pause: the remaining time is waited after the resume', async () => {
    const clock = new PauseClock();
    const started = performance.now();
    const done = clock.waitUntil(clock.now() + 150, new AbortController().signal).then(() => performance.now() - started);
    await delay(50);
    clock.pause();
    await delay(200);
    clock.resume();
    const took = await done;
    expect(took).toBeGreaterThanOrEqual(345);
    expect(took).toBeLessThan(600);
  });

  it('ends waits at once when the signal aborts, paused or not', async () => {
    const clock = new PauseClock();
    const controller = new AbortController();
    clock.pause();
    const waits = [clock.whenRunning(controller.signal), clock.waitUntil(Number.POSITIVE_INFINITY, controller.signal)];
    controller.abort();
    await Promise.all(waits);
    expect(clock.paused).toBe(true);
  });
});

describe('pausing executors', () => {
  it('a paused constant-arrival-rate schedule makes no start and drops nothing, then runs its remaining shape', async () => {
    const scenario: ResolvedConstantArrivalRate = {
      ...BASE,
      name: 'car',
      executor: 'constant-arrival-rate',
      rate: 20,
      timeUnit: 1_000,
      duration: 500,
      preAllocatedVUs: 2,
      maxVUs: 2,
    };
    const state = new RunState();
    const vus = [new SleepyVu(1), new SleepyVu(1)];
    const context = contextFor(scenario, vus, state);
    const started = performance.now();
    setTimeout(() => state.clock.pause(), 200);
    setTimeout(() => state.clock.resume(), 600);
    await runConstantArrivalRate(context);
    const took = performance.now() - started;
    const starts = vus.flatMap((vu) => vu.starts).map((at) => at - started);
    expect(starts.length).toBe(10);
    expect(starts.filter((at) => at > 230 && at < 590)).toEqual([]);
    expect(took).toBeGreaterThanOrEqual(880);
    const dropped = context.metrics.registry.get('dropped_iterations')?.sink;
    expect(dropped?.isEmpty()).toBe(true);
  });

  it('constant-vus VUs finish their iteration, wait at the pause gate without counting as active, and go on after the resume', async () => {
    const scenario: ResolvedConstantVUs = { ...BASE, name: 'cv', executor: 'constant-vus', vus: 2, duration: 600 };
    const state = new RunState();
    const vus = [new SleepyVu(50), new SleepyVu(50)];
    const run = runConstantVus(contextFor(scenario, vus, state));
    await delay(120);
    state.clock.pause();
    await delay(120);
    const whilePaused = state.completedIterations;
    expect(state.activeVUs).toBe(0);
    await delay(200);
    expect(state.completedIterations).toBe(whilePaused);
    state.clock.resume();
    await run;
    expect(state.completedIterations).toBeGreaterThan(whilePaused + 10);
  });
});
