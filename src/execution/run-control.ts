/**
 * Live control of one test run on the main thread — what the REST API may change — and the
 * run's k6 execution status. Requests are handled one at a time, in arrival order.
 *
 *     status (k6 lib/execution.go)        pause/resume               scale           stop
 *     0 Created … 3 InitDone              sets the start-paused flag  waits for init  yes
 *     4 PausedBeforeRun                   resume starts the test      yes             yes
 *     5 Started, 6 Setup                  flag: scenarios wait        yes             yes
 *     7 Running                           every worker + test clock   yes             yes
 *     8 Teardown                          conflict                    conflict        yes
 *     9 Ended, 10 Interrupted             conflict                    conflict        conflict
 *
 * k6-compat: k6 answers pausing an already paused test (and resuming a running one) with an
 * error; qk6 treats both as no-ops. k6 pauses only before the start and externally-controlled
 * executors; qk6 pauses every executor (see pause-clock.ts).
 */
import type { ResolvedScenario } from '../config/scenario-types.js';
import { StoppedFromRestApiError } from '../errors/errors.js';
import type { RunState } from './run-state.js';
import { applyScaleRules, scaleTarget, workerScaleShares, type LiveScenario, type ScaleRequest } from './scale-plan.js';
import type { WorkerPool } from './worker/worker-pool.js';
import { runVus, type WorkerData } from './worker/worker-protocol.js';

/** k6's execution statuses, the numbers `GET /v1/status` reports. */
export const ExecutionStatus = {
  Created: 0,
  InitVUs: 1,
  InitExecutors: 2,
  InitDone: 3,
  PausedBeforeRun: 4,
  Started: 5,
  Setup: 6,
  Running: 7,
  Teardown: 8,
  Ended: 9,
  Interrupted: 10,
} as const;

export type ExecutionStatusValue = (typeof ExecutionStatus)[keyof typeof ExecutionStatus];

/** Why a control request was refused: `invalid` (bad values), `conflict` (not now), `failed` (it broke). */
export class ControlError extends Error {
  constructor(
    readonly kind: 'invalid' | 'conflict' | 'failed',
    readonly title: string,
    message: string,
  ) {
    super(message);
    this.name = 'ControlError';
  }
}

/** The live numbers of `GET /v1/status` (k6 `v1.Status` without `tainted`). */
export interface RunStatus {
  readonly status: ExecutionStatusValue;
  readonly paused: boolean;
  readonly vus: number;
  readonly vusMax: number;
  readonly stopped: boolean;
  readonly running: boolean;
}

/** setup()/teardown() on demand (`POST /v1/setup`, `POST /v1/teardown`). */
export interface LifecycleHooks {
  /** Runs setup() and returns its data as JSON (undefined: nothing returned). */
  setup(): Promise<string | undefined>;
  teardown(setupDataJson: string | undefined): Promise<void>;
}

export class RunControl {
  private statusValue: ExecutionStatusValue = ExecutionStatus.Created;
  private pausedValue: boolean;
  private started = false;
  private ended = false;
  private scenariosRunning = false;
  private scenariosOver = false;
  private pool: { readonly pool: WorkerPool; readonly workers: readonly WorkerData[] } | undefined;
  private readonly poolWaiters: Array<() => void> = [];
  private readonly resumeWaiters = new Set<() => void>();
  private live: LiveScenario | string | undefined;
  private nextVuId = 1;
  private queue: Promise<unknown> = Promise.resolve();
  /** setup()'s data as JSON (`GET/PUT /v1/setup`): what the VUs get when the scenarios start. */
  setupDataJson: string | undefined;
  /** Set by the run once setup()/teardown() can be called. */
  lifecycle: LifecycleHooks | undefined;

  constructor(
    private readonly state: RunState,
    private readonly scenarios: readonly ResolvedScenario[],
    /** `--paused`/`options.paused`: wait for a resume after the VUs are initialised. */
    paused: boolean,
  ) {
    this.pausedValue = paused;
    state.stopSignal.addEventListener('abort', () => this.wakeResumeWaiters(), { once: true });
  }

  get paused(): boolean {
    return this.pausedValue;
  }

  get status(): ExecutionStatusValue {
    return this.statusValue;
  }

  /** The run moved on to `status` (called by the run's lifecycle). */
  setStatus(status: ExecutionStatusValue): void {
    this.statusValue = status;
    if (status === ExecutionStatus.Started) this.started = true;
  }

  /** The run is over: Ended, or Interrupted when it was stopped. */
  markEnded(): void {
    this.ended = true;
    this.scenariosRunning = false;
    this.statusValue = this.state.stopped ? ExecutionStatus.Interrupted : ExecutionStatus.Ended;
    this.pool = undefined;
    for (const wake of this.poolWaiters.splice(0)) wake();
    this.wakeResumeWaiters();
  }

  snapshot(): RunStatus {
    return {
      status: this.statusValue,
      paused: this.pausedValue,
      vus: this.state.activeVUs,
      vusMax: this.state.initializedVUs,
      stopped: this.state.stopped,
      running: this.started && !this.ended,
    };
  }

  /** The VU workers are ready; scale requests can reach them. */
  attachPool(pool: WorkerPool, workers: readonly WorkerData[]): void {
    this.pool = { pool, workers };
    this.nextVuId = 1 + runVus(workers);
    for (const wake of this.poolWaiters.splice(0)) wake();
  }

  /** Resolves once the test is not paused (or stopped). */
  whenResumed(): Promise<void> {
    if (!this.pausedValue || this.state.stopped) return Promise.resolve();
    return new Promise((resolve) => this.resumeWaiters.add(resolve));
  }

  /** The scenarios start now: from here on a pause reaches the workers and the test clock. */
  beginScenarios(): void {
    this.scenariosRunning = true;
    if (this.pausedValue) void this.forwardPause(true).catch(() => undefined);
  }

  /** The scenarios are over (all done, or stopped): a test whose scenarios ended is no longer paused. */
  endScenarios(): void {
    this.scenariosRunning = false;
    this.scenariosOver = true;
    if (this.pausedValue) {
      this.pausedValue = false;
      this.state.clock.resume();
    }
  }

  setPaused(paused: boolean): Promise<void> {
    return this.serialized(async () => {
      this.assertChangeable('pause or resume');
      if (paused === this.pausedValue) return;
      this.pausedValue = paused;
      if (this.scenariosRunning) await this.forwardPause(paused);
      if (!paused) this.wakeResumeWaiters();
    });
  }

  /** Changes `vus` / `vus-max` of the scalable scenario (k6's rules). */
  scale(request: ScaleRequest): Promise<void> {
    return this.serialized(async () => {
      this.assertChangeable('scale');
      this.live ??= scaleTarget(this.scenarios);
      const live = this.live;
      if (typeof live === 'string') throw new ControlError('invalid', 'Execution config error', live);
      const next = applyScaleRules(live, request);
      if (typeof next === 'string') throw new ControlError('invalid', 'Config update error', next);
      if (this.pool === undefined) await new Promise<void>((resolve) => this.poolWaiters.push(resolve));
      this.assertChangeable('scale');
      const bound = this.pool;
      if (bound === undefined) throw new ControlError('conflict', 'Config update error', 'the test has no VUs to scale');
      if (this.state.scenario(live.name).done) {
        throw new ControlError('conflict', 'Config update error', `scenario "${live.name}" has already finished`);
      }
      const before = workerScaleShares(bound.workers, live.name, live.vus, live.maxVUs);
      const after = workerScaleShares(bound.workers, live.name, next.vus, next.maxVUs);
      await Promise.all(
        after.map((share, index) => {
          const added = Math.max(0, share.maxVUs - (before[index]?.maxVUs ?? 0));
          const firstVuId = this.nextVuId;
          this.nextVuId += added;
          return bound.pool.control(index, { type: 'scale', scenario: live.name, vus: share.vus, maxVUs: share.maxVUs, firstVuId });
        }),
      ).catch((error: unknown) => {
        throw new ControlError('failed', 'Config update error', error instanceof Error ? error.message : String(error));
      });
      this.state.initializedVUs += next.maxVUs - live.maxVUs;
      live.vus = next.vus;
      live.maxVUs = next.maxVUs;
    });
  }

  /** Stops the test gracefully (teardown and summary still run); it exits with code 103. */
  stop(): void {
    if (this.ended) throw new ControlError('conflict', 'Stop error', 'the test has already finished');
    this.state.stop(new StoppedFromRestApiError());
  }

  async runSetup(): Promise<string | undefined> {
    const hooks = this.lifecycleHooks();
    this.setupDataJson = await hooks.setup();
    return this.setupDataJson;
  }

  async runTeardown(): Promise<void> {
    await this.lifecycleHooks().teardown(this.setupDataJson);
  }

  private lifecycleHooks(): LifecycleHooks {
    if (this.lifecycle === undefined) {
      throw new ControlError('conflict', 'Lifecycle error', 'setup() and teardown() can be run once the VUs are initialised');
    }
    return this.lifecycle;
  }

  private assertChangeable(what: string): void {
    if (this.ended) throw new ControlError('conflict', 'Conflict', `cannot ${what}: the test has already finished`);
    if (this.state.stopped) throw new ControlError('conflict', 'Conflict', `cannot ${what}: the test is stopping`);
    if (this.scenariosOver || this.statusValue >= ExecutionStatus.Teardown) {
      throw new ControlError('conflict', 'Conflict', `cannot ${what}: the test has finished its scenarios`);
    }
  }

  private async forwardPause(paused: boolean): Promise<void> {
    const bound = this.pool;
    if (paused) this.state.clock.pause();
    else this.state.clock.resume();
    if (bound === undefined) return;
    await Promise.all(Array.from({ length: bound.pool.size }, (_, index) => bound.pool.control(index, { type: 'pause', paused })));
  }

  private wakeResumeWaiters(): void {
    for (const wake of this.resumeWaiters) wake();
    this.resumeWaiters.clear();
  }

  private serialized<T>(task: () => Promise<T>): Promise<T> {
    const result = this.queue.then(task, task);
    this.queue = result.catch(() => undefined);
    return result;
  }
}
