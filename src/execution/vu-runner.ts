/**
 * Runs a share of a test's VUs wherever they live (a worker thread): initialises them concurrently,
 * then runs each scenario's executor on its VUs from a common start time. Scenarios arrive already
 * scaled to this share; VU ids are offset so `__VU` is unique across workers.
 */
import type { ResolvedOptions } from '../config/options.js';
import type { ResolvedScenario } from '../config/scenario-types.js';
import { ScriptExceptionError } from '../errors/errors.js';
import type { HostModule } from '../vu/bridge-contract.js';
import type { LogLevel, ScenarioInfo, TestControl, VuHttpOptions } from '../vu/host-context.js';
import { EngineTemplate } from '../vu/engine-template.js';
import { VirtualUser, type VirtualUserConfig } from '../vu/virtual-user.js';
import type { ScenarioContext } from './executors/executor.js';
import { executorFor } from './executors/registry.js';
import type { SegmentedScenario } from './segments/scale-scenario.js';
import type { LiveVus } from './live-vus.js';
import { describeProgress } from './progress-text.js';
import { epochNow, type RunState } from './run-state.js';
import type { TestMetrics } from './test-metrics.js';

export type Log = (level: LogLevel, message: string, fields?: Readonly<Record<string, string>>) => void;

/** What every VU of a run shares, wherever it runs. */
export interface VuEnvironment {
  /** How k6/execution in these VUs reaches the test (abort, fail, instance totals). */
  readonly control?: TestControl | undefined;
  readonly scriptPath: string;
  readonly options: ResolvedOptions;
  readonly env: Readonly<Record<string, string>>;
  readonly metrics: TestMetrics;
  readonly modules: readonly HostModule[];
  readonly log: Log;
  /** Interrupts every VU once another thread makes it non-zero (worker-protocol.ts `stopFlag`). */
  readonly stopFlag?: Int32Array | undefined;
  /**
   * qk6's runtime modules the script loads, as a VU that ran its init code recorded them (the
   * main thread's, which read the options): {@link initializeVus} captures the engine template
   * from them before it creates any VU. Absent: from the first VU it creates.
   */
  readonly runtimeModules?: readonly string[] | undefined;
  /**
   * The engine the VUs start from, set by {@link initializeVus}; null when it could not be
   * captured (VUs then evaluate qk6's runtime modules themselves).
   */
  engineTemplate?: EngineTemplate | null;
}

export interface ScenarioShare {
  readonly scenario: ResolvedScenario;
  /** VUs this share runs for the scenario. */
  readonly vus: number;
  /** shared-iterations' pool counter, when the scenario spans several workers. */
  readonly sharedCounter?: Int32Array | undefined;
  /** The execution segment this share runs (scaling, striped starts and ramping steps). */
  readonly segment?: SegmentedScenario | undefined;
  /** Numbers the scenario's iterations across workers (`exec.scenario.iterationInInstance`). */
  readonly iterationCounter?: Int32Array | undefined;
  /** Scalable while running (REST API): its live VU pool and target; the pool replaces the slice of `vus`. */
  readonly live?: LiveVus | undefined;
}

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
    tlsVersion: options.tlsVersion,
    tlsCipherSuites: options.tlsCipherSuites,
    tlsAuth: options.tlsAuth,
    hosts: options.hosts,
    blacklistIPs: options.blacklistIPs,
    blockHostnames: options.blockHostnames,
    rps: options.rps,
  };
}

export function vuConfig(environment: VuEnvironment, id: number): VirtualUserConfig {
  return {
    id,
    scriptPath: environment.scriptPath,
    env: environment.env,
    http: httpOptionsOf(environment.options),
    sink: environment.metrics,
    runTags: environment.options.tags,
    log: environment.log,
    modules: environment.modules,
    ...(environment.control === undefined ? {} : { control: environment.control }),
    ...(environment.stopFlag === undefined ? {} : { stopFlag: environment.stopFlag }),
    ...(environment.engineTemplate ? { template: environment.engineTemplate } : {}),
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

/**
 * Initialises `count` VUs concurrently with ids `firstId`…; all or nothing. The first time, it
 * captures the engine template they start from: from the runtime modules the environment names,
 * or else from those of a first VU made alone.
 */
export async function initializeVus(environment: VuEnvironment, firstId: number, count: number): Promise<VirtualUser[]> {
  const first: VirtualUser[] = [];
  const capturing = environment.engineTemplate === undefined && count > 1;
  if (capturing) {
    const config = vuConfig(environment, firstId);
    let runtimeModules = environment.runtimeModules;
    if (runtimeModules === undefined) {
      const vu = await createInitializedVu(config);
      first.push(vu);
      runtimeModules = vu.runtimeModules;
    }
    try {
      environment.engineTemplate = (await EngineTemplate.capture(config, environment.modules, runtimeModules, vusPerCopy(count))) ?? null;
    } catch (error) {
      for (const vu of first) vu.dispose();
      throw error;
    }
  }
  const settled = await Promise.allSettled(
    Array.from({ length: count - first.length }, (_, index) => createInitializedVu(vuConfig(environment, firstId + first.length + index))),
  );
  const vus = [...first, ...settled.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []))];
  const failed = settled.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failed !== undefined) {
    for (const vu of vus) vu.dispose();
    throw failed.reason;
  }
  if (capturing && vus[0] !== undefined) logEngine(environment, vus[0]);
  return vus;
}

/**
 * How many VUs' engines one copy of the template holds when a worker makes `count` VUs. The
 * template sets up and evaluates each engine (~1.5 ms, its modules compiled once for all; ~10 ms
 * an engine while each compiled them and QuickJS's code was still cold), and a VU that shares its
 * copy with others starts sooner (100 VUs in one thread: 0.2 s from copies of 16 engines against
 * 0.52 s alone) and takes less memory. Measured with `npm run bench`, 1000 VUs (copies of sixteen)
 * were ready 0.3–0.5 s sooner in most runs; 100 VUs on two workers (copies of five) were ready
 * ~0.1 s later than with one engine a copy, and still 20–40 ms later with the modules compiled
 * once, for 15 MB less: a copy grows with the square root of the VU count, from 64 VUs a worker,
 * to the 16 an instance holds (suspending-engine.ts).
 */
function vusPerCopy(count: number): number {
  // The template holds no more engines than an instance does (engine-template.ts).
  return count < SHARED_COPIES_FROM ? 1 : Math.round(Math.sqrt(count / 2));
}

/** Fewer VUs than this in a worker do not share copies of the template. */
const SHARED_COPIES_FROM = 64;

/** Says (at debug level) which QuickJS build the VUs run and whether they start from a template. */
function logEngine(environment: VuEnvironment, vu: VirtualUser): void {
  const template = environment.engineTemplate;
  environment.log(
    'debug',
    vu.engineKind === 'asyncify'
      ? 'VUs run the asyncify QuickJS build (WebAssembly stack switching is off or unavailable here)'
      : 'VUs run the sync QuickJS build on WebAssembly stack switching',
    { component: 'vu-init' },
  );
  environment.log(
    'debug',
    template === null || template === undefined
      ? 'VUs compile the runtime modules themselves: no engine template could be captured'
      : `VUs start from an engine template: ${template.runtimeModules.length} runtime modules, ${template.scriptModules.length} script modules compiled${template.modulesCompiledOnce ? ` once for its ${template.vusPerCopy} engines` : ''}, ${Math.round(template.imageBytes / 1024)} KiB copied per ${template.vusPerCopy === 1 ? 'VU' : `${template.vusPerCopy} VUs`}`,
    { component: 'vu-init' },
  );
}

/**
 * Runs every scenario share on its slice of `vus`, each starting at `startAtEpoch + startTime`.
 * Resolves when all have finished (or the run state is stopped and the VUs have wound down).
 */
export async function runScenarioShares(
  environment: VuEnvironment,
  shares: readonly ScenarioShare[],
  vus: readonly VirtualUser[],
  setupDataJson: string | undefined,
  state: RunState,
  startAtEpoch: number,
): Promise<void> {
  let offset = 0;
  // In test-clock time: a pause before a scenario's startTime delays its start by the pause.
  const startAt = state.clock.now() + (startAtEpoch - epochNow());
  await Promise.all(
    shares.map(async (share) => {
      // A live (scalable) scenario runs its live pool, which starts as the same slice and may grow.
      const scenarioVus = share.live?.pool ?? vus.slice(offset, offset + share.vus);
      offset += share.vus;
      const counters = state.scenario(share.scenario.name);
      await state.clock.waitUntil(startAt + share.scenario.startTime, state.stopSignal);
      if (!state.stopped && (scenarioVus.length > 0 || share.live !== undefined)) {
        await runScenario(environment, share, scenarioVus, setupDataJson, state);
      }
      counters.done = true;
    }),
  );
}

async function runScenario(
  environment: VuEnvironment,
  share: ScenarioShare,
  vus: readonly VirtualUser[],
  setupDataJson: string | undefined,
  state: RunState,
): Promise<void> {
  const { scenario } = share;
  const executor = executorFor(scenario.executor);
  if (executor === undefined) {
    environment.log('error', `the ${scenario.executor} executor is not supported by qk6 yet; scenario "${scenario.name}" did not run`);
    return;
  }
  const scenarioTags = { scenario: scenario.name, ...scenario.tags };
  const env = Object.keys(scenario.env).length > 0 ? scenario.env : undefined;
  const startTime = epochNow();
  const activate = async (batch: readonly VirtualUser[]): Promise<void> => {
    for (const vu of batch) {
      const activated = await vu.activate(scenario.exec, setupDataJson, scenarioTags, env);
      if (!activated.ok) throw new ScriptExceptionError(activated.error.message, activated.error.text);
      vu.host.execution.scenario = scenarioInfo(scenario, startTime, state, vus.length);
      vu.host.execution.iterationInScenario = 0;
    }
  };
  // VUs a scale request adds from now on are activated by the worker's control before they join the pool.
  if (share.live !== undefined) share.live.activate = activate;
  await activate([...vus]);
  const context: ScenarioContext = {
    scenario,
    vus,
    sharedCounter: share.sharedCounter,
    iterationCounter: share.iterationCounter ?? new Int32Array(1),
    segment: share.segment,
    live: share.live,
    metrics: environment.metrics,
    state,
    progress: state.scenario(scenario.name),
    scenarioName: scenario.name,
    tags: { ...environment.options.tags, ...scenarioTags },
    executor: scenario.executor,
    minIterationDurationMs: environment.options.minIterationDuration,
    log: environment.log,
    afterIteration: (vu) => vu.afterIteration(),
  };
  await executor(context);
}

/** `exec.scenario` for one VU: live progress, and iteration numbers the runner sets per iteration. */
function scenarioInfo(scenario: ResolvedScenario, startTime: number, state: RunState, vuCount: number): ScenarioInfo {
  return {
    name: scenario.name,
    executor: scenario.executor,
    startTime,
    progress: () => describeProgress(scenario, state.scenario(scenario.name), epochNow() - startTime, vuCount).fraction,
    iterationInInstance: 0,
    iterationInTest: 0,
  };
}
