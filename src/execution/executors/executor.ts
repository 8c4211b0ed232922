/**
 * The running half of an executor: given its resolved scenario and the VUs reserved for it, start
 * iterations when k6 would. The planning half (defaults, validation, descriptions, max VUs) lives
 * in `src/config`. Executors register by their k6 name in `executors/registry.ts`.
 */
import type { ResolvedScenario } from '../../config/scenario-types.js';
import type { VirtualUser } from '../../vu/virtual-user.js';
import { turnInBatches } from '../../vu/wake-batches.js';
import type { IterationContext } from '../iteration-runner.js';
import type { LiveVus } from '../live-vus.js';
import type { SegmentedScenario } from '../segments/scale-scenario.js';

export interface ScenarioContext extends IterationContext {
  readonly scenario: ResolvedScenario;
  /** The VUs reserved for this scenario, already activated for it. */
  readonly vus: readonly VirtualUser[];
  /** shared-iterations' iteration pool when it spans workers (one Int32 slot on a SharedArrayBuffer). */
  readonly sharedCounter?: Int32Array | undefined;
  /** The execution segment this share of the scenario runs; absent = the whole scenario. */
  readonly segment?: SegmentedScenario | undefined;
  /** Set for scenarios scalable while running (externally-controlled, constant-vus): the live VU pool and target. */
  readonly live?: LiveVus | undefined;
}

export type Executor = (context: ScenarioContext) => Promise<void>;

/** Resolves at performance.now() ≥ `at`, or early when the test stops. */
export function waitUntil(at: number, signal: AbortSignal): Promise<void> {
  const ms = at - performance.now();
  if (ms <= 0 || signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

/** Time as k6's progress bars print it: `12.6s`, `1m30s`. */
export function formatProgressTime(ms: number): string {
  const seconds = Math.max(0, ms) / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)}s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes}m${Math.floor(seconds % 60)
    .toString()
    .padStart(2, '0')}s`;
}

/** Counts a VU as active while `body` runs. */
export async function asActive(context: ScenarioContext, body: () => Promise<void>): Promise<void> {
  context.state.activeVUs += 1;
  context.progress.activeVUs += 1;
  try {
    await body();
  } finally {
    context.state.activeVUs -= 1;
    context.progress.activeVUs -= 1;
  }
}

/**
 * The pause gate every executor passes before it starts an iteration: at once while the test
 * runs; while it is paused the VU stops counting as active (k6 reports `vus: 0` when paused) and
 * waits for the resume or the stop, and goes on a few VUs per turn of the event loop
 * (wake-batches.ts). Call it inside {@link asActive}; check `state.stopped` after.
 */
export async function pauseGate(context: ScenarioContext): Promise<void> {
  const { state, progress } = context;
  if (!state.clock.paused) return;
  state.activeVUs -= 1;
  progress.activeVUs -= 1;
  try {
    await state.clock.whenRunning(state.stopSignal);
  } finally {
    state.activeVUs += 1;
    progress.activeVUs += 1;
  }
  await turnInBatches(); // every paused VU goes on at the resume: a few per turn of the event loop
}
