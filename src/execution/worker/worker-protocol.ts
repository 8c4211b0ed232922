/**
 * Messages between the main thread and a VU worker thread. Everything here is structured-clone
 * data. Flow: workerData → `ready` (VUs initialised) | `failed` → main: `start` → worker: `report`
 * every 250 ms … → main may send `stop` → worker: last `report`, `done`. Live control (REST API):
 * main `pause` / `scale` (any time after `ready`) → worker `controlled` with the same `requestId`
 * once the change has settled.
 */
import type { ResolvedOptions } from '../../config/options.js';
import type { ResolvedScenario } from '../../config/scenario-types.js';
import type { MetricType, ValueType } from '../../metrics/metric.js';
import type { MetricsSnapshot } from '../../metrics/snapshot.js';
import type { InstanceInfo, LogLevel } from '../../vu/host-context.js';
import type { ScenarioCounters } from '../progress-text.js';

export interface WorkerShare {
  /** The whole test's scenario; the worker scales it to its segment. */
  readonly scenario: ResolvedScenario;
  /** This worker's execution segment and sequence, as text (rebuilt with resolveExecutionTuple). */
  readonly segment: string;
  readonly sequence: string;
  /** VUs this worker initialises for the scenario. */
  readonly vus: number;
  readonly sharedCounter?: SharedArrayBuffer | undefined;
  /** shared-iterations: the iterations the shared pool holds. */
  readonly poolIterations?: number | undefined;
  /** Numbers the scenario's iterations across all workers (`exec.scenario.iterationInInstance`). */
  readonly iterationCounter: SharedArrayBuffer;
}

/** The VUs a worker initialises for `shares`: the sum of its scenarios' (each at its most). */
export function workerVus(shares: readonly { readonly vus: number }[]): number {
  return shares.reduce((sum, share) => sum + share.vus, 0);
}

/** The VUs all of a run's `workers` initialise. */
export function runVus(workers: readonly { readonly shares: readonly { readonly vus: number }[] }[]): number {
  return workers.reduce((sum, worker) => sum + workerVus(worker.shares), 0);
}

export interface WorkerData {
  readonly index: number;
  readonly scriptPath: string;
  readonly options: ResolvedOptions;
  readonly env: Readonly<Record<string, string>>;
  readonly shares: readonly WorkerShare[];
  /** `__VU` of this worker's first VU. */
  readonly firstVuId: number;
  /** Custom metrics the init context declared, so samples before any VU init are accepted. */
  readonly metricDefinitions: ReadonlyArray<readonly [string, MetricType, ValueType]>;
  /** Submetrics to aggregate (thresholds, expected_response): [parent, selector text]. */
  readonly submetrics: ReadonlyArray<readonly [string, string]>;
  /** Keep per-group/scenario aggregates for the `full` summary. */
  readonly breakdown: boolean;
  /** `exec.test.options`. */
  readonly testOptions: unknown;
  /** qk6's runtime modules the script loads (vu-runner.ts `VuEnvironment.runtimeModules`). */
  readonly runtimeModules: readonly string[] | undefined;
  /**
   * One Int32 shared by the main thread and every worker: non-zero once the run is stopped. VUs
   * check it in QuickJS's interrupt handler, so a stop reaches a VU spinning in a busy loop, whose
   * thread cannot receive the 'stop' message until the VU yields.
   */
  readonly stopFlag: SharedArrayBuffer;
  /**
   * The main thread's compiled QuickJS: the stack-switched build where this process can run it
   * (suspending-engine.ts), else the asyncify build (quickjs-engine.ts).
   */
  readonly quickJs: { readonly suspending: WebAssembly.Module } | { readonly asyncify: WebAssembly.Module };
}

export interface WorkerCounters {
  readonly activeVUs: number;
  readonly completedIterations: number;
  readonly interruptedIterations: number;
  readonly scenarios: ReadonlyArray<readonly [string, ScenarioCounters]>;
}

export type WorkerMessage =
  | { readonly type: 'ready'; readonly vus: number; readonly initMs: number; readonly youngGenerationMb: number | undefined }
  | { readonly type: 'failed'; readonly error: SerializedError }
  | { readonly type: 'log'; readonly level: LogLevel; readonly message: string; readonly fields: Readonly<Record<string, string>> | undefined }
  | { readonly type: 'report'; readonly snapshot: MetricsSnapshot; readonly counters: WorkerCounters }
  | { readonly type: 'abort'; readonly reason: string | undefined }
  | { readonly type: 'fail'; readonly reason: string | undefined }
  | { readonly type: 'controlled'; readonly requestId: number; readonly counters: WorkerCounters; readonly error?: SerializedError | undefined }
  | ({ readonly type: 'lifecycle-done'; readonly requestId: number } & LifecycleOutcome)
  | { readonly type: 'done' };

export type MainMessage =
  | { readonly type: 'start'; readonly setupDataJson: string | undefined; readonly startAtEpoch: number; readonly instance: InstanceInfo }
  | { readonly type: 'stop' }
  | { readonly type: 'instance'; readonly totals: InstanceInfo }
  | ({ readonly type: 'lifecycle'; readonly requestId: number } & LifecycleRequest)
  | { readonly type: 'lifecycle-interrupt'; readonly requestId: number }
  | ControlMessage;

/**
 * setup() or teardown(), run by worker 0 in a VU of its own (`__VU` 0) rather than on the main
 * thread, whose ~1 MB native stack holds only ~20 nested script calls once V8 has optimised
 * QuickJS (src/vu/vu-engine.ts); the VU workers have 64 MiB. `interruptFlag` (one Int32) lets the
 * main thread interrupt the call even while the VU spins in script code.
 */
export interface LifecycleRequest {
  readonly name: 'setup' | 'teardown';
  readonly argJson: string | undefined;
  readonly timeoutMs: number;
  readonly interruptFlag: SharedArrayBuffer;
}

/** How a lifecycle call ended: its JSON result, the script's error, or an interruption. */
export interface LifecycleOutcome {
  readonly value?: string | undefined;
  readonly error?: SerializedError | undefined;
  readonly interrupted: boolean;
  /** Interrupted because the timeout passed (k6's setupTimeout/teardownTimeout errors). */
  readonly timedOut: boolean;
}

/**
 * Live control of a running worker. `pause` answers once in-flight iterations have finished;
 * `scale` sets this worker's share of a scalable scenario's VUs: `maxVUs` VUs initialised (new ones
 * get ids from `firstVuId`), `vus` of them looping.
 */
export type ControlMessage = ControlRequest & { readonly requestId: number };

/** A live-control request as the main thread makes it (the pool numbers it). */
export type ControlRequest =
  | { readonly type: 'pause'; readonly paused: boolean }
  | { readonly type: 'scale'; readonly scenario: string; readonly vus: number; readonly maxVUs: number; readonly firstVuId: number };

/** A Qk6Error as data (`code` decides how the main thread rebuilds it). */
export interface SerializedError {
  readonly code: string;
  readonly message: string;
  readonly scriptStack?: string | undefined;
}
