/**
 * One test run's lifecycle after configuration (k6 `internal/execution/scheduler.go`): VU workers
 * initialise their VUs concurrently → setup() on the main thread → the scenarios on every worker
 * from one common start (thresholds checked every 2 s, `vus`/`vus_max` sampled every 1 s) →
 * teardown(). Errors come back typed with k6's exit codes; the CLI decides what to print.
 */
import type { ResolvedOptions } from '../config/options.js';
import { sortScenarios } from '../config/scenario-description.js';
import { LifecycleTimeoutError, ThresholdsFailedError } from '../errors/errors.js';
import type { Qk6Error } from '../errors/qk6-error.js';
import type { Thresholds } from '../thresholds/thresholds.js';
import { compiledQuickJs } from '../vu/quickjs-engine.js';
import { compiledSuspendingQuickJs } from '../vu/suspending-engine.js';
import { markConcurrently } from './gc-tuning.js';
import { epochNow, type RunState } from './run-state.js';
import { ExecutionStatus, type LifecycleHooks, type RunControl } from './run-control.js';
import type { VuEnvironment } from './vu-runner.js';
import { partitionScenarios, workerCount } from './worker/partition.js';
import { WorkerPool, rebuildError } from './worker/worker-pool.js';
import type { ExecutionTuple } from './segments/execution-tuple.js';
import { workerVus, type WorkerData } from './worker/worker-protocol.js';

export interface TestRunConfig extends VuEnvironment {
  /** Names of the functions the script exports. */
  readonly exportedFunctions: ReadonlySet<string>;
  /** Undefined with --no-thresholds. */
  readonly thresholds: Thresholds | undefined;
  readonly state: RunState;
  /** VU worker threads to use (capped by the number of VUs). */
  readonly workers: number;
  /** The run's execution segment (`--execution-segment`); null = the whole test. */
  readonly executionTuple: ExecutionTuple | null;
  /** Live control (REST API): status, pause/resume, scaling, setup data; absent = none. */
  readonly liveControl?: RunControl | undefined;
}

export interface TestRunResult {
  /** setup()'s return value as JSON, when setup ran and returned something. */
  readonly setupDataJson: string | undefined;
  /** The error that ends the run with a non-zero exit code, if any (thresholds are judged later). */
  readonly error: Qk6Error | undefined;
}

const THRESHOLD_INTERVAL_MS = 2000;
const VUS_SAMPLE_INTERVAL_MS = 1000;
/** Lead time so that every worker receives `start` before the common start time. */
const START_LEAD_MS = 20;

export async function runTest(run: TestRunConfig): Promise<TestRunResult> {
  const { options, state, metrics } = run;
  const scenarios = sortScenarios(options.scenarios);
  const count = workerCount(run.workers, scenarios, run.executionTuple);
  const shares = partitionScenarios(scenarios, count, run.executionTuple);
  const metricDefinitions = [...metrics.registry].map((metric) => [metric.name, metric.type, metric.valueType] as const);
  const submetrics = [...metrics.registry].flatMap((metric) =>
    metric.submetrics.map((sub) => [metric.name, sub.name.slice(metric.name.length + 1, -1)] as const),
  );
  let firstVuId = 1;
  const stopFlag = new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT);
  const suspending = await compiledSuspendingQuickJs();
  const quickJs = suspending === undefined ? { asyncify: await compiledQuickJs() } : { suspending };
  const workers: WorkerData[] = shares.map((workerShares, index) => {
    const data: WorkerData = {
      index,
      scriptPath: run.scriptPath,
      options,
      env: run.env,
      shares: workerShares,
      firstVuId,
      metricDefinitions,
      submetrics,
      breakdown: metrics.breakdown !== undefined,
      testOptions: testOptionsOf(options),
      runtimeModules: run.runtimeModules,
      stopFlag,
      quickJs,
    };
    firstVuId += workerVus(workerShares);
    return data;
  });

  const control = run.liveControl;
  control?.setStatus(ExecutionStatus.InitVUs);
  const initStart = performance.now();
  const pool = await WorkerPool.start(workers, metrics, state, run.log);
  markConcurrently();
  if (control !== undefined) control.lifecycle = lifecycleHooks(run, pool);
  control?.attachPool(pool, workers);
  control?.setStatus(ExecutionStatus.InitDone);
  const terminateWorkers = (): void => void pool.close();
  state.hardStopSignal.addEventListener('abort', terminateWorkers, { once: true });
  run.log('debug', `${state.initializedVUs} VUs initialised in ${(performance.now() - initStart).toFixed(1)}ms on ${count} worker thread(s)`);

  try {
    // `--paused`: wait for a resume (REST API); a stop while waiting ends the run before setup().
    if (control?.paused === true) {
      control.setStatus(ExecutionStatus.PausedBeforeRun);
      await control.whenResumed();
      if (state.stopped) return { setupDataJson: control.setupDataJson, error: undefined };
    }
    control?.setStatus(ExecutionStatus.Started);
    let setupDataJson: string | undefined = control?.setupDataJson;
    if (!options.noSetup) control?.setStatus(ExecutionStatus.Setup);
    if (run.exportedFunctions.has('setup') && !options.noSetup) {
      const setup = await runLifecycle(run, pool, 'setup', undefined, options.setupTimeout);
      if (setup.error !== undefined) return { setupDataJson: undefined, error: setup.error };
      setupDataJson = setup.value;
      if (control !== undefined) control.setupDataJson = setupDataJson;
    }
    // Paused during setup(): the scenarios wait; setup data may have been replaced meanwhile (PUT /v1/setup).
    await control?.whenResumed();
    if (control !== undefined) setupDataJson = control.setupDataJson;

    if (!state.stopped) await runScenarios(run, pool, setupDataJson);

    let error: Qk6Error | undefined;
    if (!options.noTeardown) control?.setStatus(ExecutionStatus.Teardown);
    if (run.exportedFunctions.has('teardown') && !options.noTeardown && !state.hardStopSignal.aborted) {
      const teardown = await runLifecycle(run, pool, 'teardown', setupDataJson, options.teardownTimeout);
      error = teardown.error;
    }
    return { setupDataJson, error };
  } finally {
    control?.markEnded();
    state.hardStopSignal.removeEventListener('abort', terminateWorkers);
    await pool.close();
  }
}

async function runScenarios(run: TestRunConfig, pool: WorkerPool, setupDataJson: string | undefined): Promise<void> {
  const { state, metrics, options } = run;
  state.startedAtEpoch = epochNow() + START_LEAD_MS;
  const sampleVus = (): void => {
    metrics.add('vus', state.activeVUs, options.tags);
    metrics.add('vus_max', state.initializedVUs, options.tags);
  };
  const vusTimer = setInterval(sampleVus, VUS_SAMPLE_INTERVAL_MS);
  const thresholdTimer = setInterval(() => {
    const evaluation = run.thresholds?.evaluate(state.elapsedMs(), false);
    if (evaluation?.abort === true) state.stop(new ThresholdsFailedError(evaluation.failed, true));
  }, THRESHOLD_INTERVAL_MS);
  run.liveControl?.setStatus(ExecutionStatus.Running);
  run.liveControl?.beginScenarios();
  try {
    await pool.run(setupDataJson, state.startedAtEpoch);
  } finally {
    run.liveControl?.endScenarios();
    clearInterval(vusTimer);
    clearInterval(thresholdTimer);
  }
}

/** `exec.test.options`: k6 shows the consolidated options without the execution shortcuts. */
export function testOptionsOf(options: ResolvedOptions): Record<string, unknown> {
  const { vus: _vus, iterations: _iterations, duration: _duration, stages: _stages, ...rest } = options;
  return rest;
}

/** setup()/teardown() on demand for the REST API (`POST /v1/setup`, `POST /v1/teardown`). */
function lifecycleHooks(run: TestRunConfig, pool: WorkerPool): LifecycleHooks {
  const call = async (name: 'setup' | 'teardown', argJson: string | undefined): Promise<string | undefined> => {
    const outcome = await runLifecycle(run, pool, name, argJson, name === 'setup' ? run.options.setupTimeout : run.options.teardownTimeout);
    if (outcome.error !== undefined) throw outcome.error;
    return outcome.value;
  };
  return {
    setup: () => call('setup', undefined),
    teardown: async (setupDataJson) => {
      await call('teardown', setupDataJson);
    },
  };
}

/**
 * Runs setup() or teardown() in a VU of its own (`__VU` 0) in worker 0 — not on the main thread,
 * whose native stack is too small for the script (worker-protocol.ts `LifecycleRequest`) — with its
 * timeout. A stop (Ctrl+C, abortOnFail) ends setup too; teardown still runs after a stop, as in
 * k6, but not past a second Ctrl+C.
 */
async function runLifecycle(
  run: TestRunConfig,
  pool: WorkerPool,
  name: 'setup' | 'teardown',
  argJson: string | undefined,
  timeoutMs: number,
): Promise<{ value: string | undefined; error: Qk6Error | undefined }> {
  const interruptWhen = name === 'setup' ? [run.state.stopSignal, run.state.hardStopSignal] : [run.state.hardStopSignal];
  const outcome = await pool.runLifecycle(name, argJson, timeoutMs, interruptWhen);
  if (outcome.timedOut) return { value: undefined, error: new LifecycleTimeoutError(name, timeoutMs) };
  if (outcome.interrupted) return { value: undefined, error: undefined };
  if (outcome.error !== undefined) return { value: undefined, error: rebuildError(outcome.error) };
  return { value: outcome.value, error: undefined };
}
