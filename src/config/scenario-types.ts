/**
 * Scenario (executor) configuration types: what users write in `options.scenarios`, and the
 * resolved form with every k6 default applied (k6 `lib/executor/*.go` config structs).
 * Durations in the resolved form are milliseconds.
 */
import type { DurationInput } from './duration.js';

/** The seven k6 executor types, by their k6 names. */
export const EXECUTOR_TYPES = [
  'shared-iterations',
  'per-vu-iterations',
  'constant-vus',
  'ramping-vus',
  'constant-arrival-rate',
  'ramping-arrival-rate',
  'externally-controlled',
] as const;

/** A k6 executor name. */
export type ExecutorType = (typeof EXECUTOR_TYPES)[number];

/** One `{duration, target}` step of `stages` (options shortcut and ramping executors). */
export interface StageOptions {
  /** Required by k6; a stage without a duration is dropped when layers merge. */
  duration?: DurationInput;
  /** VUs (ramping-vus) or iterations per `timeUnit` (ramping-arrival-rate) to reach at the end. */
  target?: number;
}

/** A stage with its duration in milliseconds. */
export interface ResolvedStage {
  duration: number;
  target: number;
}

/** Keys every executor accepts (k6 `BaseConfig`). */
export interface BaseScenarioOptions {
  /** Time offset from the test start. @default 0 */
  startTime?: DurationInput;
  /** Time running iterations get to finish once the scenario ends. @default "30s" */
  gracefulStop?: DurationInput;
  /** Variables merged over `__ENV` for this scenario's VUs. */
  env?: Record<string, string>;
  /** Name of the exported function to run. @default "default" */
  exec?: string;
  /** Tags added to every sample of this scenario. */
  tags?: Record<string, string>;
  /** Scenario options for extensions (k6 only knows `browser`). */
  options?: { browser?: Record<string, unknown> };
}

/** A `shared-iterations` scenario, as users write it. */
export interface SharedIterationsOptions extends BaseScenarioOptions {
  executor: 'shared-iterations';
  /** @default 1 */
  vus?: number;
  /** Total iterations shared by all VUs. @default 1 */
  iterations?: number;
  /** @default "10m" */
  maxDuration?: DurationInput;
}

/** A `per-vu-iterations` scenario, as users write it. */
export interface PerVUIterationsOptions extends BaseScenarioOptions {
  executor: 'per-vu-iterations';
  /** @default 1 */
  vus?: number;
  /** Iterations each VU runs. @default 1 */
  iterations?: number;
  /** @default "10m" */
  maxDuration?: DurationInput;
}

/** A `constant-vus` scenario, as users write it. */
export interface ConstantVUsOptions extends BaseScenarioOptions {
  executor: 'constant-vus';
  /** @default 1 */
  vus?: number;
  /** Required, at least 1s. */
  duration?: DurationInput;
}

/** A `ramping-vus` scenario, as users write it. */
export interface RampingVUsOptions extends BaseScenarioOptions {
  executor: 'ramping-vus';
  /** @default 1 */
  startVUs?: number;
  /** Required, at least one stage. */
  stages?: StageOptions[];
  /** @default "30s" */
  gracefulRampDown?: DurationInput;
}

/** A `constant-arrival-rate` scenario, as users write it. */
export interface ConstantArrivalRateOptions extends BaseScenarioOptions {
  executor: 'constant-arrival-rate';
  /** Iterations started per `timeUnit`; required, > 0. */
  rate?: number;
  /** @default "1s" */
  timeUnit?: DurationInput;
  /** Required, at least 1s. */
  duration?: DurationInput;
  /** Required. */
  preAllocatedVUs?: number;
  /** @default preAllocatedVUs */
  maxVUs?: number;
}

/** A `ramping-arrival-rate` scenario, as users write it. */
export interface RampingArrivalRateOptions extends BaseScenarioOptions {
  executor: 'ramping-arrival-rate';
  /** @default 0 */
  startRate?: number;
  /** @default "1s" */
  timeUnit?: DurationInput;
  /** Required, at least one stage; `target` is a rate. */
  stages?: StageOptions[];
  /** Required. */
  preAllocatedVUs?: number;
  /** @default preAllocatedVUs */
  maxVUs?: number;
}

/** An `externally-controlled` scenario, as users write it. */
export interface ExternallyControlledOptions extends BaseScenarioOptions {
  executor: 'externally-controlled';
  /** @default 0 */
  vus?: number;
  /** @default vus */
  maxVUs?: number;
  /** Required; 0 means infinite. */
  duration?: DurationInput;
}

/** One entry of `options.scenarios`, as users write it. */
export type ScenarioOptions =
  | SharedIterationsOptions
  | PerVUIterationsOptions
  | ConstantVUsOptions
  | RampingVUsOptions
  | ConstantArrivalRateOptions
  | RampingArrivalRateOptions
  | ExternallyControlledOptions;

/** Common resolved fields. */
export interface ResolvedScenarioBase {
  /** The key in `scenarios`. */
  name: string;
  startTime: number;
  gracefulStop: number;
  env: Record<string, string>;
  exec: string;
  /** Whether `exec` was written by the user (k6 then shows it in the description). */
  execExplicit: boolean;
  tags: Record<string, string>;
  /** `options.browser` when given, else null. */
  browser: Record<string, unknown> | null;
}

/** A resolved `shared-iterations` scenario. */
export interface ResolvedSharedIterations extends ResolvedScenarioBase {
  executor: 'shared-iterations';
  vus: number;
  iterations: number;
  maxDuration: number;
}

/** A resolved `per-vu-iterations` scenario. */
export interface ResolvedPerVUIterations extends ResolvedScenarioBase {
  executor: 'per-vu-iterations';
  vus: number;
  iterations: number;
  maxDuration: number;
}

/** A resolved `constant-vus` scenario. */
export interface ResolvedConstantVUs extends ResolvedScenarioBase {
  executor: 'constant-vus';
  vus: number;
  duration: number;
}

/** A resolved `ramping-vus` scenario. */
export interface ResolvedRampingVUs extends ResolvedScenarioBase {
  executor: 'ramping-vus';
  startVUs: number;
  stages: ResolvedStage[];
  gracefulRampDown: number;
}

/** A resolved `constant-arrival-rate` scenario. */
export interface ResolvedConstantArrivalRate extends ResolvedScenarioBase {
  executor: 'constant-arrival-rate';
  rate: number;
  timeUnit: number;
  duration: number;
  preAllocatedVUs: number;
  maxVUs: number;
}

/** A resolved `ramping-arrival-rate` scenario. */
export interface ResolvedRampingArrivalRate extends ResolvedScenarioBase {
  executor: 'ramping-arrival-rate';
  startRate: number;
  timeUnit: number;
  stages: ResolvedStage[];
  preAllocatedVUs: number;
  maxVUs: number;
}

/** A resolved `externally-controlled` scenario. */
export interface ResolvedExternallyControlled extends ResolvedScenarioBase {
  executor: 'externally-controlled';
  vus: number;
  maxVUs: number;
  /** 0 means infinite. */
  duration: number;
}

/** A scenario with every default applied and every rule checked. */
export type ResolvedScenario =
  | ResolvedSharedIterations
  | ResolvedPerVUIterations
  | ResolvedConstantVUs
  | ResolvedRampingVUs
  | ResolvedConstantArrivalRate
  | ResolvedRampingArrivalRate
  | ResolvedExternallyControlled;
