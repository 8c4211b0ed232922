/**
 * Runs one iteration on a VU the way k6 does: measures `iteration_duration`, counts `iterations`,
 * logs a script exception with its stack and carries on, counts interrupted iterations separately
 * (they emit no iteration samples), honours `minIterationDuration`, and resets per-iteration state.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Tags } from '../metrics/metric.js';
import type { LogLevel } from '../vu/host-context.js';
import type { CallOutcome, VirtualUser } from '../vu/virtual-user.js';
import { sleepInBatches } from '../vu/wake-batches.js';
import type { ScenarioCounters } from './progress-text.js';
import type { RunState } from './run-state.js';
import type { TestMetrics } from './test-metrics.js';

export type IterationResult = 'completed' | 'failed' | 'interrupted';

export interface IterationContext {
  readonly metrics: TestMetrics;
  readonly state: RunState;
  /** This scenario's counters in the local run state. */
  readonly progress: ScenarioCounters;
  readonly scenarioName: string;
  /** Tags of the iteration samples: run tags + scenario tags. */
  readonly tags: Tags;
  readonly executor: string;
  readonly minIterationDurationMs: number;
  readonly log: (level: LogLevel, message: string, fields?: Readonly<Record<string, string>>) => void;
  /** Called after every iteration (e.g. to reset the VU's cookie jar). */
  readonly afterIteration: (vu: VirtualUser) => void;
  /** Numbers the scenario's iterations across workers. */
  readonly iterationCounter: Int32Array;
}

/**
 * An iteration that never waits for I/O or timers (`export default function () {}`, or any
 * iteration once its VU is interrupted) settles in microtasks only, so a loop of them would starve
 * the thread's event loop: no stop message, metric flush or deadline timer would run. Every VU
 * therefore lets the event loop turn once this long has passed since the last turn.
 */
const EVENT_LOOP_TURN_MS = 20;
let lastTurnAt = performance.now();

export async function runIteration(vu: VirtualUser, context: IterationContext): Promise<IterationResult> {
  const execution = vu.host.execution;
  if (execution.scenario !== undefined) {
    const number = Atomics.add(context.iterationCounter, 0, 1);
    execution.scenario.iterationInInstance = number;
    execution.scenario.iterationInTest = number;
  }
  const start = performance.now();
  const outcome = await vu.iterate();
  const end = performance.now();
  const result = recordIteration(vu, context, outcome, end - start);
  const rest = context.minIterationDurationMs - (end - start);
  if (result !== 'interrupted' && rest > 0 && !context.state.stopped) {
    await sleepInBatches(rest, context.state.stopSignal);
  }
  // After the iteration, not before: an arrival-rate start is never delayed by the turn.
  if (performance.now() - lastTurnAt >= EVENT_LOOP_TURN_MS) {
    await nextTurn();
    lastTurnAt = performance.now();
  }
  return result;
}

/** Counts the finished iteration and records its samples (an interrupted one records none). */
function recordIteration(vu: VirtualUser, context: IterationContext, outcome: CallOutcome, durationMs: number): IterationResult {
  const execution = vu.host.execution;
  execution.iterationInScenario += 1;
  execution.iterationInInstance += 1;
  context.afterIteration(vu);
  // k6 counts an iteration as full only if its VU was not stopped before it returned (js/runner.go
  // `isFullIteration`): a sleep or request cut short by the stop is an interrupted iteration too.
  if (vu.interrupted || (!outcome.ok && outcome.error.interrupted)) {
    context.state.interruptedIterations += 1;
    context.progress.interrupted += 1;
    return 'interrupted';
  }
  if (!outcome.ok) {
    context.log('error', outcome.error.text, {
      executor: context.executor,
      scenario: context.scenarioName,
      source: 'stacktrace',
    });
  }
  const iterationTags = iterationTagsOf(context.tags);
  context.metrics.add('iteration_duration', durationMs, iterationTags);
  context.metrics.add('iterations', 1, iterationTags);
  // k6 emits each iteration's network bytes, 0 included, so these metrics exist without HTTP too;
  // the bytes themselves are counted per request by the HTTP module.
  context.metrics.add('data_sent', 0, iterationTags);
  context.metrics.add('data_received', 0, iterationTags);
  context.state.completedIterations += 1;
  context.progress.completed += 1;
  return outcome.ok ? 'completed' : 'failed';
}

/** The iteration samples' tags, per scenario's tags: made once, not per iteration. */
const iterationTags = new WeakMap<Tags, Tags>();

function iterationTagsOf(tags: Tags): Tags {
  let withGroup = iterationTags.get(tags);
  if (withGroup === undefined) {
    withGroup = { ...tags, group: '' };
    iterationTags.set(tags, withGroup);
  }
  return withGroup;
}
