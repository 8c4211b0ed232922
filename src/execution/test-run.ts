/**
 * One test run's lifecycle after configuration (k6 `internal/execution/scheduler.go`):
 * initialise VUs concurrently → setup() → scenarios at their start times (thresholds checked every
 * 2 s, `vus`/`vus_max` sampled every 1 s) → teardown(). Errors come back typed with k6's exit
 * codes; the CLI decides what to print.
 */
import type { ResolvedOptions } from '../config/options.js';
import type { ResolvedScenario } from '../config/scenario-types.js';
import { sortScenarios } from '../config/scenario-description.js';
import { LifecycleTimeoutError, ScriptExceptionError, ThresholdsFailedError } from '../errors/errors.js';
import type { Qk6Error } from '../errors/qk6-error.js';
import type { Thresholds } from '../thresholds/thresholds.js';
import type { HostModule } from '../vu/bridge-contract.js';
import type { LogLevel, VuHttpOptions } from '../vu/host-context.js';
import { VirtualUser, type CallOutcome, type VirtualUserConfig } from '../vu/virtual-user.js';
import { waitUntil } from './executors/executor.js';
import { executorFor } from './executors/registry.js';
import type { IterationContext } from './iteration-runner.js';
import type { RunState, ScenarioProgress } from './run-state.js';
import type { TestMetrics } from './test-metrics.js';

export type Log = (level: LogLevel, message: string, fields?: Readonly<Record<string, string>>) => void;

export interface TestRunConfig {
  readonly scriptPath: string;
  readonly options: ResolvedOptions;
  /** `__ENV` for every VU. */
  readonly env: Readonly<Record<string, string>>;
  /** Names of the functions the script exports. */
  readonly exportedFunctions: ReadonlySet<string>;
  readonly metrics: TestMetrics;
  /** Undefined with --no-thresholds. */
  readonly thresholds: Thresholds | undefined;
  readonly state: RunState;
  readonly modules: readonly HostModule[];
  readonly log: Log;
  /** Called after every iteration of a VU (per-iteration resets of host modules). */
  readonly afterIteration: (vu: VirtualUser) => void;
}

export interface TestRunResult {
  /** setup()'s return value as JSON, when setup ran and returned something. */
  readonly setupDataJson: string | undefined;
  /** The error that ends the run with a non-zero exit code, if any (thresholds are judged later). */
  readonly error: Qk6Error | undefined;
}

const THRESHOLD_INTERVAL_MS = 2000;
const VUS_SAMPLE_INTERVAL_MS = 1000;

export function httpOptionsOf(options: ResolvedOptions): VuHttpOptions {
  return {
    maxRedirects: options.maxRedirects,
    userAgent: options.userAgent,
    throw: options.throw,
    discardResponseBodies: options.discardResponseBodies,
    insecureSkipTLSVerify: options.insecureSkipTLSVerify,
    batch: options.batch,
    batchPerHost: options.batchPerHost,
    httpDebug: options.httpDebug ?? '',
    noConnectionReuse: options.noConnectionReuse,
    noVUConnectionReuse: options.noVUConnectionReuse,
    noCookiesReset: options.noCookiesReset,
  };
}

export function vuConfig(run: Omit<TestRunConfig, 'state' | 'thresholds' | 'afterIteration'>, id: number): VirtualUserConfig {
  return {
    id,
    scriptPath: run.scriptPath,
    env: run.env,
    http: httpOptionsOf(run.options),
    sink: run.metrics,
    runTags: run.options.tags,
    log: run.log,
    modules: run.modules,
  };
}

/** Creates a VU and runs its init code; an exception there is k6's exit 107. */
export async function createInitializedVu(config: VirtualUserConfig): Promise<VirtualUser> {
  const { vu, init } = await VirtualUser.create(config);
  if (!init.ok) {
    vu.dispose();
    throw new ScriptExceptionError(init.error.message, init.error.text);
  }
  return vu;
}

export async function runTest(run: TestRunConfig): Promise<TestRunResult> {
  const { options, state } = run;
  const scenarios = sortScenarios(options.scenarios);
  const vuCounts = scenarios.map((scenario) => scenarioVuCount(scenario));
  const totalVUs = vuCounts.reduce((sum, count) => sum + count, 0);

  // All VUs the plan needs are initialised up front and concurrently, before setup() (k6 does so).
  const initStart = performance.now();
  const settled = await Promise.allSettled(
    Array.from({ length: totalVUs }, (_, index) => createInitializedVu(vuConfig(run, index + 1))),
  );
  const vus = settled.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const failedInit = settled.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failedInit !== undefined) {
    for (const vu of vus) vu.dispose();
    throw failedInit.reason;
  }
  state.initializedVUs = vus.length;
  run.log('debug', `${vus.length} VUs initialised in ${(performance.now() - initStart).toFixed(1)}ms`);
  const stopAll = (): void => {
    for (const vu of vus) vu.interrupt();
  };
  state.stopSignal.addEventListener('abort', stopAll, { once: true });

  try {
    let setupDataJson: string | undefined;
    if (run.exportedFunctions.has('setup') && !options.noSetup) {
      const setup = await runLifecycle(run, 'setup', undefined, options.setupTimeout);
      if (setup.error !== undefined) return { setupDataJson: undefined, error: setup.error };
      setupDataJson = setup.value;
    }

    if (!state.stopped) await runScenarios(run, scenarios, vuCounts, vus, setupDataJson);

    let error: Qk6Error | undefined;
    if (run.exportedFunctions.has('teardown') && !options.noTeardown) {
      const teardown = await runLifecycle(run, 'teardown', setupDataJson, options.teardownTimeout);
      error = teardown.error;
    }
    return { setupDataJson, error };
  } finally {
    state.stopSignal.removeEventListener('abort', stopAll);
    for (const vu of vus) vu.dispose();
  }
}

function scenarioVuCount(scenario: ResolvedScenario): number {
  switch (scenario.executor) {
    case 'shared-iterations':
    case 'per-vu-iterations':
    case 'constant-vus':
      return scenario.vus;
    case 'ramping-vus':
      return Math.max(scenario.startVUs, ...scenario.stages.map((stage) => stage.target));
    case 'constant-arrival-rate':
    case 'ramping-arrival-rate':
      return scenario.maxVUs;
    case 'externally-controlled':
      return scenario.maxVUs;
  }
}

async function runScenarios(
  run: TestRunConfig,
  scenarios: readonly ResolvedScenario[],
  vuCounts: readonly number[],
  vus: readonly VirtualUser[],
  setupDataJson: string | undefined,
): Promise<void> {
  const { state, metrics, options } = run;
  state.startedAt = performance.now();
  const sampleVus = (): void => {
    metrics.add('vus', state.activeVUs, options.tags);
    metrics.add('vus_max', state.initializedVUs, options.tags);
  };
  const vusTimer = setInterval(sampleVus, VUS_SAMPLE_INTERVAL_MS);
  const thresholdTimer = setInterval(() => {
    const evaluation = run.thresholds?.evaluate(state.elapsedMs(), false);
    if (evaluation?.abort === true) state.stop(new ThresholdsFailedError(evaluation.failed, true));
  }, THRESHOLD_INTERVAL_MS);
  try {
    let offset = 0;
    await Promise.all(
      scenarios.map(async (scenario, index) => {
        const count = vuCounts[index] ?? 0;
        const scenarioVus = vus.slice(offset, offset + count);
        offset += count;
        const progress: ScenarioProgress = {
          name: scenario.name,
          detail: '',
          fraction: 0,
          done: false,
          activeVUs: 0,
          completed: 0,
          interrupted: 0,
        };
        state.scenarios.set(scenario.name, progress);
        await waitUntil(state.startedAt + scenario.startTime, state.stopSignal);
        if (state.stopped) return;
        await runScenario(run, scenario, scenarioVus, setupDataJson, progress);
        progress.done = true;
      }),
    );
  } finally {
    clearInterval(vusTimer);
    clearInterval(thresholdTimer);
  }
}

async function runScenario(
  run: TestRunConfig,
  scenario: ResolvedScenario,
  vus: readonly VirtualUser[],
  setupDataJson: string | undefined,
  progress: ScenarioProgress,
): Promise<void> {
  const executor = executorFor(scenario.executor);
  if (executor === undefined) {
    run.log('error', `the ${scenario.executor} executor is not supported by qk6 yet; scenario "${scenario.name}" did not run`);
    return;
  }
  const tags = { ...run.options.tags, scenario: scenario.name, ...scenario.tags };
  const scenarioTags = { scenario: scenario.name, ...scenario.tags };
  const env = Object.keys(scenario.env).length > 0 ? scenario.env : undefined;
  for (const vu of vus) {
    const activated = await vu.activate(scenario.exec, setupDataJson, scenarioTags, env);
    if (!activated.ok) throw new ScriptExceptionError(activated.error.message, activated.error.text);
  }
  const context: IterationContext & { scenario: ResolvedScenario; vus: readonly VirtualUser[] } = {
    scenario,
    vus,
    metrics: run.metrics,
    state: run.state,
    progress,
    tags,
    executor: scenario.executor,
    minIterationDurationMs: run.options.minIterationDuration,
    log: run.log,
    afterIteration: run.afterIteration,
  };
  await executor(context);
}

/** Runs setup() or teardown() in a VU of its own (`__VU` 0), with its timeout. */
async function runLifecycle(
  run: TestRunConfig,
  name: 'setup' | 'teardown',
  argJson: string | undefined,
  timeoutMs: number,
): Promise<{ value: string | undefined; error: Qk6Error | undefined }> {
  const vu = await createInitializedVu(vuConfig(run, 0));
  try {
    const deadline = performance.now() + timeoutMs;
    vu.interruptAt(deadline);
    const outcome: CallOutcome = await vu.callExport(name, argJson, name, `::${name}`);
    if (outcome.ok) return { value: outcome.value, error: undefined };
    if (outcome.error.interrupted && performance.now() >= deadline) {
      return { value: undefined, error: new LifecycleTimeoutError(name, timeoutMs) };
    }
    if (outcome.error.interrupted) return { value: undefined, error: undefined };
    return { value: undefined, error: new ScriptExceptionError(outcome.error.message, outcome.error.text) };
  } finally {
    vu.dispose();
  }
}
