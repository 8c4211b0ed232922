/**
 * `qk6 run`: load → consolidate → run → summary → exit code, as k6's `internal/cmd/run.go`.
 * The init context runs once to read `options`; the config layers are merged once; VUs are
 * initialised concurrently; the summary is written even when the test ends early, and the exit code
 * follows k6's rules (a script error beats failed thresholds). run.ts registers the command and
 * imports this module only when a test runs.
 */
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism, homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { consolidateOptions } from '../../config/consolidate.js';
import { cliFlagsToOptions, parseEnvFlags } from '../../config/cli-options.js';
import { parseDuration } from '../../config/duration.js';
import { readEnvOptions } from '../../config/env-options.js';
import { readOptionsLayer } from '../../config/script-options.js';
import { InvalidConfigError, MarkedAsFailedError, ScriptAbortedError, ThresholdsFailedError, UsageError } from '../../errors/errors.js';
import type { TestControl } from '../../vu/host-context.js';
import { instanceInfo } from '../../execution/worker/worker-pool.js';
import type { Qk6Error } from '../../errors/qk6-error.js';
import { RunState } from '../../execution/run-state.js';
import { RunControl } from '../../execution/run-control.js';
import { createControlSurface } from '../../api/control-surface.js';
import { DEFAULT_REST_API_ADDRESS, launchRestApi } from '../../api/launch.js';
import { TestMetrics } from '../../execution/test-metrics.js';
import { runTest, testOptionsOf } from '../../execution/test-run.js';
import { resolveExecutionTuple, type ExecutionTuple } from '../../execution/segments/execution-tuple.js';
import { scaleScenario } from '../../execution/segments/scale-scenario.js';
import { vuConfig } from '../../execution/vu-runner.js';
import { fetchRemoteModules, loadScript, resolveScriptPath } from '../../loader/load-script.js';
import { HOST_MODULES } from '../../modules/host-modules.js';
import { writeEndOfTestSummary } from '../../output/end-of-test.js';
import type { SummaryMode } from '../../summary/summary-report.js';
import { Thresholds } from '../../thresholds/thresholds.js';
import { renderBanner, renderExecutionDescription } from '../../ui/banner.js';
import { ProgressDisplay, type ProgressSnapshot } from '../../ui/progress.js';
import { describeProgress } from '../../execution/progress-text.js';
import { scenarioMaxVUs, sortScenarios } from '../../config/scenario-description.js';
import type { ResolvedOptions } from '../../config/options.js';
import type { GlobalState } from '../global-state.js';
import { toCliFlagValues, type RunFlags } from '../run-flags.js';
import { createOutputs, type CliOutputs } from '../cli-outputs.js';

/** Runs the test `scriptArgument` names; resolves with the exit code. */
export async function runCommand(scriptArgument: string, flags: RunFlags, given: (name: string) => boolean, state: GlobalState): Promise<number> {
  const outputs = createOutputs(flags, given, state);
  if (outputs.setupError !== undefined) return outputs.reportError(outputs.setupError);
  try {
    return await runWithOutputs(scriptArgument, flags, given, state, outputs);
  } catch (error) {
    return outputs.reportError(error);
  }
}

async function runWithOutputs(
  scriptArgument: string,
  flags: RunFlags,
  given: (name: string) => boolean,
  state: GlobalState,
  outputs: CliOutputs,
): Promise<number> {
  const { logger } = outputs;
  const cliLayer = cliFlagsToOptions(toCliFlagValues(flags, given));
  const envPairs = parseEnvFlags(Array.isArray(flags.env) ? (flags.env as string[]) : []);
  const flagIssues = [...cliLayer.issues, ...envPairs.issues];
  if (flagIssues.length > 0) {
    throw new UsageError(flagIssues.map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message)).join('; '));
  }

  const scriptPath = resolveScriptPath(scriptArgument, state.cwd);
  await fetchRemoteModules(scriptPath, { env: state.env, home: homedir(), offline: given('offline'), warn: (message) => logger.warn(message) });
  const includeSystemEnv = boolSetting(flags.includeSystemEnvVars, state.env.K6_INCLUDE_SYSTEM_ENV_VARS, true);
  const env: Record<string, string> = {};
  if (includeSystemEnv) for (const [key, value] of Object.entries(state.env)) if (value !== undefined) env[key] = value;
  Object.assign(env, envPairs.env);

  const metrics = new TestMetrics();
  const log = logger.log.bind(logger);
  const runState = new RunState();
  let testOptions: unknown = {};
  const control: TestControl = {
    instance: () => instanceInfo(runState),
    abort: (reason) => runState.stop(new ScriptAbortedError(reason === undefined ? 'test aborted' : `test aborted: ${reason}`)),
    fail: (reason) => {
      runState.failedReason ??= reason ?? 'test marked as failed';
    },
    get options() {
      return testOptions;
    },
  };
  const baseVu = { scriptPath, env, metrics, modules: HOST_MODULES, log, control };
  const script = await loadScript(scriptArgument, vuConfig({ ...baseVu, options: consolidateOptions({}).options }, 0));

  const configFile = readConfigFile(flags, given, state);
  const fileLayer = readOptionsLayer(configFile, 'config file');
  const scriptLayer = readOptionsLayer(script.options ?? {}, 'script');
  const envLayer = readEnvOptions(state.env);
  for (const warning of [...fileLayer.warnings, ...scriptLayer.warnings]) logger.warn(warning);
  const config = consolidateOptions(
    { configFile: fileLayer.options, script: scriptLayer.options, env: envLayer.options, cli: cliLayer.options },
    { isExecutable: (name) => script.exportedFunctions.has(name), layerIssues: [...fileLayer.issues, ...scriptLayer.issues, ...envLayer.issues] },
  );
  for (const warning of config.warnings) logger.warn(warning);
  const { options } = config;
  testOptions = testOptionsOf(options);
  const segment = resolveExecutionTuple(options.executionSegment, options.executionSegmentSequence);
  if (segment.issues.length > 0) throw new InvalidConfigError(segment.issues);
  const executionTuple = options.executionSegment === null && options.executionSegmentSequence === null ? null : segment.tuple;
  if (config.runConfig.out.length > 0) {
    throw new UsageError(`outputs (-o ${config.runConfig.out.join(', ')}) are not supported by qk6 yet`);
  }

  const noThresholds = boolSetting(given('thresholds') ? !(flags.thresholds as boolean) : undefined, state.env.K6_NO_THRESHOLDS, false);
  const thresholds = noThresholds ? undefined : Thresholds.build(options.thresholds, metrics.registry, (text) => parseDuration(text));
  for (const warning of thresholds?.warnings ?? []) logger.warn(warning);
  metrics.registry.addSubmetric('http_req_duration', 'expected_response:true');
  const mode = summaryMode(flags, given, state);
  if (mode === 'full') metrics.enableBreakdown();

  if (!outputs.quiet) {
    outputs.stdout.write(renderBanner(outputs.colors));
    outputs.stdout.write(`\n${renderExecutionDescription(scriptArgument, [], options, executionTuple)}`);
  }

  // The REST API comes up before the VUs are initialised, as in k6 (`--paused` waits for it).
  const liveControl = new RunControl(runState, sortScenarios(options.scenarios), options.paused);
  const api = await launchRestApi({
    address: given('address') ? String(flags.address) : DEFAULT_REST_API_ADDRESS,
    explicit: given('address'),
    surface: createControlSurface({ control: liveControl, state: runState, metrics, thresholds }),
    log,
  });
  if (options.paused && api === undefined) logger.warn('the test starts paused but has no REST API to resume it; only Ctrl+C ends it');
  const removeSignalHandler = outputs.handleSignals(runState);
  const progress = outputs.quiet ? undefined : new ProgressDisplay(outputs.stderr, progressSnapshot(runState, options, executionTuple), outputs.colors, outputs.stderr.isTTY);
  progress?.start();
  let result;
  try {
    result = await runTest({
      ...baseVu,
      options,
      exportedFunctions: script.exportedFunctions,
      runtimeModules: script.runtimeModules,
      thresholds,
      state: runState,
      workers: workerSetting(flags, given, state),
      executionTuple,
      liveControl,
    });
  } finally {
    progress?.stop();
    removeSignalHandler();
  }
  const testRunDurationMs = runState.elapsedMs();
  const final = thresholds?.evaluate(testRunDurationMs, true);

  await writeEndOfTestSummary({
    source: {
      registry: metrics.registry,
      groups: metrics.groups,
      thresholds,
      breakdown: metrics.breakdown,
      testRunDurationMs,
      summaryTrendStats: options.summaryTrendStats,
      summaryTimeUnit: options.summaryTimeUnit ?? '',
      noColor: !outputs.colorEnabled,
      isStdOutTTY: state.stdout.isTTY,
      isStdErrTTY: state.stderr.isTTY,
      setupData: result.setupDataJson === undefined ? undefined : (JSON.parse(result.setupDataJson) as unknown),
    },
    mode,
    colors: outputs.colorEnabled && state.stdout.isTTY,
    summaryExportPath: summaryExportPath(flags, given, state),
    summaryVu: vuConfig({ ...baseVu, options }, 0),
    hasHandleSummary: script.exportedFunctions.has('handleSummary'),
    cwd: state.cwd,
    stdout: outputs.stdout,
    stderr: outputs.stderr,
    logger,
  });

  if (given('linger') || config.runConfig.linger) await lingerUntilSignal(state, logger);
  await api?.close();

  const stopReason = runState.stopReason as Qk6Error | undefined;
  const error: Qk6Error | undefined =
    result.error ??
    stopReason ??
    (final !== undefined && final.failed.length > 0 ? new ThresholdsFailedError(final.failed, false) : undefined) ??
    (runState.failedReason === undefined ? undefined : new MarkedAsFailedError(runState.failedReason));
  return error === undefined ? 0 : outputs.reportError(error);
}

/** `--linger`: keep the process (and, once it exists, the REST API) up until Ctrl+C. */
function lingerUntilSignal(state: GlobalState, logger: CliOutputs['logger']): Promise<void> {
  logger.info('Linger set; waiting for Ctrl+C...');
  return new Promise((resolve) => {
    // Signal listeners do not keep Node's event loop alive; this timer does, until Ctrl+C.
    const keepAlive = setInterval(() => undefined, 1 << 30);
    const remove = state.onSignal(() => {
      clearInterval(keepAlive);
      remove();
      resolve();
    });
  });
}

function readConfigFile(flags: RunFlags, given: (name: string) => boolean, state: GlobalState): unknown {
  const explicit = given('config') ? String(flags.config) : state.env.K6_CONFIG;
  const configHome = state.env.XDG_CONFIG_HOME ?? join(homedir(), '.config');
  const path = explicit === undefined ? join(configHome, 'k6', 'config.json') : resolve(state.cwd, explicit);
  if (explicit === undefined && !existsSync(path)) return {};
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new UsageError(`cannot read the config file ${path}`, { hint: 'check the path given to -c/--config' });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new InvalidConfigError([{ path, message: `the config file is not valid JSON: ${(error as Error).message}` }]);
  }
}

/** What the progress display shows, from the main thread's run state. */
function progressSnapshot(state: RunState, options: ResolvedOptions, tuple: ExecutionTuple | null): () => ProgressSnapshot {
  // With --execution-segment the bars show this instance's share, as k6 does.
  const scenarios = sortScenarios(options.scenarios).map((scenario) => (tuple === null ? scenario : scaleScenario(scenario, tuple).scenario));
  return () => {
    const elapsedMs = state.elapsedMs();
    return {
      elapsedMs,
      activeVUs: state.activeVUs,
      initializedVUs: state.initializedVUs,
      completed: state.completedIterations,
      interrupted: state.interruptedIterations,
      scenarios: scenarios.map((scenario) => {
        const counters = state.scenario(scenario.name);
        return { name: scenario.name, done: counters.done, ...describeProgress(scenario, counters, elapsedMs - scenario.startTime, scenarioMaxVUs(scenario)) };
      }),
    };
  };
}

/** `--workers N` / `QK6_WORKERS`: VU worker threads; default one per available core. */
function workerSetting(flags: RunFlags, given: (name: string) => boolean, state: GlobalState): number {
  const text = given('workers') ? String(flags.workers) : state.env.QK6_WORKERS;
  if (text === undefined || text === '') return availableParallelism();
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) {
    throw new UsageError(`invalid number of workers "${text}": expected a whole number of at least 1`, { hint: 'fix --workers or QK6_WORKERS' });
  }
  return value;
}

function summaryMode(flags: RunFlags, given: (name: string) => boolean, state: GlobalState): SummaryMode | 'disabled' {
  if (given('summary') && flags.summary === false) return 'disabled';
  if (boolSetting(undefined, state.env.K6_NO_SUMMARY, false)) return 'disabled';
  const mode = given('summaryMode') ? String(flags.summaryMode) : state.env.K6_SUMMARY_MODE;
  if (mode === undefined || mode === '') return 'compact';
  if (mode === 'compact' || mode === 'full' || mode === 'legacy' || mode === 'disabled') return mode;
  throw new UsageError(`invalid summary mode "${mode}": use compact, full, legacy or disabled`);
}

function summaryExportPath(flags: RunFlags, given: (name: string) => boolean, state: GlobalState): string | undefined {
  if (given('summaryExport')) return String(flags.summaryExport);
  return state.env.K6_SUMMARY_EXPORT === '' ? undefined : state.env.K6_SUMMARY_EXPORT;
}

/** A boolean from a flag (wins), else a Go-style env value, else the default. */
function boolSetting(flag: unknown, envValue: string | undefined, fallback: boolean): boolean {
  if (typeof flag === 'boolean') return flag;
  if (typeof flag === 'string') return !['false', '0', 'f', 'F', 'FALSE', 'False'].includes(flag);
  if (envValue === undefined || envValue === '') return fallback;
  return ['1', 't', 'T', 'true', 'TRUE', 'True'].includes(envValue);
}
