/**
 * Scenario defaults and validation (k6 `lib/executor/*.go` `New*Config` + `Validate()`): turns one
 * user-written scenario into its resolved form, reporting every broken rule with its path and
 * k6's wording. Types live in `scenario-types.ts`, JSON reading in `scenario-reader.ts`,
 * shortcut derivation in `scenario-shortcuts.ts`, descriptions in `scenario-description.ts`.
 */
import type { ValidationIssue } from '../errors/errors.js';
import { formatDuration, tryParseDuration, type DurationInput } from './duration.js';
import type {
  ResolvedScenario,
  ResolvedScenarioBase,
  ResolvedStage,
  ScenarioOptions,
  StageOptions,
} from './scenario-types.js';

export * from './scenario-types.js';

/** k6 `scenarioNameWhitelist`. */
export const SCENARIO_NAME_PATTERN = /^[0-9a-zA-Z_-]+$/;

/** Scenario defaults (k6 `DefaultGracefulStopValue`, `New*Config` constructors). */
export const SCENARIO_DEFAULTS = {
  exec: 'default',
  startTime: 0,
  gracefulStop: 30_000,
  gracefulRampDown: 30_000,
  maxDuration: 600_000,
  timeUnit: 1_000,
  vus: 1,
  iterations: 1,
  startVUs: 1,
  startRate: 0,
} as const;

/** Minimum scheduled duration of constant-vus, arrival-rate and iteration executors (k6 `minDuration`). */
const MIN_DURATION_MS = 1_000;
/** k6 `maxConcurrentVUs`, a sanity limit. */
const MAX_CONCURRENT_VUS = 100_000_000;

class ScenarioChecker {
  constructor(
    readonly path: string,
    readonly issues: ValidationIssue[],
  ) {}

  fail(field: string, message: string): void {
    this.issues.push({ path: field === '' ? this.path : `${this.path}.${field}`, message });
  }

  /** Milliseconds of an optional duration, or undefined when unset or unparsable (reported). */
  duration(field: string, value: DurationInput | undefined): number | undefined {
    if (value === undefined) return undefined;
    const parsed = tryParseDuration(value);
    if (parsed.ok) return parsed.ms;
    this.fail(field, parsed.message);
    return undefined;
  }

  /** A duration that must be at least 1s; required when there is no fallback. */
  minimumDuration(field: string, value: DurationInput | undefined, fallback?: number): number {
    if (value === undefined) {
      if (fallback !== undefined) return fallback;
      this.fail(field, `the ${field} is unspecified`);
      return 0;
    }
    const ms = this.duration(field, value);
    if (ms === undefined) return 0;
    if (ms < MIN_DURATION_MS) {
      this.fail(field, `the ${field} must be at least ${formatDuration(MIN_DURATION_MS)}, but is ${formatDuration(ms)}`);
    }
    return ms;
  }

  stages(stages: StageOptions[] | undefined): ResolvedStage[] {
    const list = stages ?? [];
    if (list.length === 0) this.fail('stages', 'at least one stage has to be specified');
    return list.map((stage, index) => {
      const field = `stages[${index}]`;
      const number = index + 1;
      const duration = this.duration(`${field}.duration`, stage.duration);
      if (stage.duration === undefined) this.fail(`${field}.duration`, `stage ${number} doesn't have a duration`);
      else if (duration !== undefined && duration < 0) this.fail(`${field}.duration`, `the duration for stage ${number} can't be negative`);
      if (stage.target === undefined) this.fail(`${field}.target`, `stage ${number} doesn't have a target`);
      else if (stage.target < 0) this.fail(`${field}.target`, `the target for stage ${number} can't be negative`);
      return { duration: duration ?? 0, target: stage.target ?? 0 };
    });
  }

  vusAboveZero(vus: number, field = 'vus'): void {
    if (vus <= 0) this.fail(field, 'the number of VUs must be more than 0');
  }

  preAllocatedAndMax(pre: number | undefined, max: number | undefined): { preAllocatedVUs: number; maxVUs: number } {
    if (pre === undefined) this.fail('preAllocatedVUs', "the number of preAllocatedVUs isn't specified");
    else if (pre < 0) this.fail('preAllocatedVUs', "the number of preAllocatedVUs can't be negative");
    const preAllocatedVUs = pre ?? 0;
    if (max !== undefined && max < preAllocatedVUs) this.fail('maxVUs', "maxVUs can't be less than preAllocatedVUs");
    return { preAllocatedVUs, maxVUs: max ?? preAllocatedVUs };
  }

  timeUnit(value: DurationInput | undefined): number {
    if (value === undefined) return SCENARIO_DEFAULTS.timeUnit;
    const ms = this.duration('timeUnit', value);
    if (ms === undefined) return 0;
    if (ms <= 0) this.fail('timeUnit', 'the timeUnit must be more than 0');
    return ms;
  }
}

/** Largest of the start value and every stage target (k6 `getStagesUnscaledMaxTarget`). */
export function maxStageTarget(start: number, stages: readonly ResolvedStage[]): number {
  return stages.reduce((max, stage) => Math.max(max, stage.target), start);
}

function resolveBase(name: string, config: ScenarioOptions, check: ScenarioChecker): ResolvedScenarioBase {
  if (name === '') check.fail('', "scenario name can't be empty");
  if (!SCENARIO_NAME_PATTERN.test(name)) {
    check.fail('', 'the scenario name should contain only numbers, latin letters, underscores, and dashes');
  }
  if (config.exec === '') check.fail('exec', 'exec value cannot be empty');
  const startTime = check.duration('startTime', config.startTime) ?? SCENARIO_DEFAULTS.startTime;
  if (startTime < 0) check.fail('startTime', "the startTime can't be negative");
  const gracefulStop = check.duration('gracefulStop', config.gracefulStop) ?? SCENARIO_DEFAULTS.gracefulStop;
  if (gracefulStop < 0) check.fail('gracefulStop', "the gracefulStop timeout can't be negative");
  return {
    name,
    startTime,
    gracefulStop,
    env: { ...config.env },
    exec: config.exec === undefined || config.exec === '' ? SCENARIO_DEFAULTS.exec : config.exec,
    execExplicit: config.exec !== undefined,
    tags: { ...config.tags },
    browser: config.options?.browser ?? null,
  };
}

function resolveWith(config: ScenarioOptions, base: ResolvedScenarioBase, check: ScenarioChecker): ResolvedScenario {
  switch (config.executor) {
    case 'shared-iterations':
    case 'per-vu-iterations': {
      const vus = config.vus ?? SCENARIO_DEFAULTS.vus;
      const iterations = config.iterations ?? SCENARIO_DEFAULTS.iterations;
      check.vusAboveZero(vus);
      if (config.executor === 'per-vu-iterations' && iterations <= 0) {
        check.fail('iterations', 'the number of iterations must be more than 0');
      }
      if (config.executor === 'shared-iterations' && iterations < vus) {
        check.fail('iterations', `the number of iterations (${iterations}) can't be less than the number of VUs (${vus})`);
      }
      const maxDuration = check.minimumDuration('maxDuration', config.maxDuration, SCENARIO_DEFAULTS.maxDuration);
      return { ...base, executor: config.executor, vus, iterations, maxDuration };
    }
    case 'constant-vus': {
      const vus = config.vus ?? SCENARIO_DEFAULTS.vus;
      check.vusAboveZero(vus);
      const duration = check.minimumDuration('duration', config.duration);
      return { ...base, executor: config.executor, vus, duration };
    }
    case 'ramping-vus': {
      const startVUs = config.startVUs ?? SCENARIO_DEFAULTS.startVUs;
      if (startVUs < 0) check.fail('startVUs', "the number of start VUs can't be negative");
      const stages = check.stages(config.stages);
      if (maxStageTarget(startVUs, stages) <= 0) {
        check.fail('stages', "either startVUs or one of the stages' target values must be greater than 0");
      }
      if (startVUs > MAX_CONCURRENT_VUS) check.fail('startVUs', `the startVUs exceed max limit of ${MAX_CONCURRENT_VUS}`);
      stages.forEach((stage, index) => {
        if (stage.target > MAX_CONCURRENT_VUS) {
          check.fail(`stages[${index}].target`, `target for stage ${index + 1} exceeds max limit of ${MAX_CONCURRENT_VUS}`);
        }
      });
      const gracefulRampDown = check.duration('gracefulRampDown', config.gracefulRampDown) ?? SCENARIO_DEFAULTS.gracefulRampDown;
      return { ...base, executor: config.executor, startVUs, stages, gracefulRampDown };
    }
    case 'constant-arrival-rate': {
      if (config.rate === undefined) check.fail('rate', "the iteration rate isn't specified");
      else if (config.rate <= 0) check.fail('rate', 'the iteration rate must be more than 0');
      const timeUnit = check.timeUnit(config.timeUnit);
      const duration = check.minimumDuration('duration', config.duration);
      const vus = check.preAllocatedAndMax(config.preAllocatedVUs, config.maxVUs);
      return { ...base, executor: config.executor, rate: config.rate ?? 0, timeUnit, duration, ...vus };
    }
    case 'ramping-arrival-rate': {
      const startRate = config.startRate ?? SCENARIO_DEFAULTS.startRate;
      if (startRate < 0) check.fail('startRate', "the startRate value can't be negative");
      const timeUnit = check.timeUnit(config.timeUnit);
      const stages = check.stages(config.stages);
      const vus = check.preAllocatedAndMax(config.preAllocatedVUs, config.maxVUs);
      return { ...base, executor: config.executor, startRate, timeUnit, stages, ...vus };
    }
    case 'externally-controlled': {
      const vus = config.vus ?? 0;
      const maxVUs = config.maxVUs ?? vus;
      if (vus < 0) check.fail('vus', "the number of VUs can't be negative");
      if (maxVUs < vus) {
        check.fail('maxVUs', `the number of active VUs (${vus}) must be less than or equal to the number of maxVUs (${maxVUs})`);
      }
      const duration = check.duration('duration', config.duration);
      if (config.duration === undefined) check.fail('duration', 'the duration must be specified, for infinite duration use 0');
      else if (duration !== undefined && duration < 0) check.fail('duration', "the duration can't be negative, for infinite duration use 0");
      if (config.gracefulStop !== undefined) {
        check.fail('gracefulStop', 'gracefulStop is not supported by the externally controlled executor');
      }
      return { ...base, executor: config.executor, vus, maxVUs, duration: duration ?? 0 };
    }
  }
}

/**
 * Applies k6's defaults to one scenario and checks every rule. `scenario` is usable only when
 * `issues` is empty. Paths look like `scenarios.<name>.<field>`.
 */
export function resolveScenario(name: string, config: ScenarioOptions): { scenario: ResolvedScenario; issues: ValidationIssue[] } {
  const issues: ValidationIssue[] = [];
  const check = new ScenarioChecker(`scenarios.${name}`, issues);
  const base = resolveBase(name, config, check);
  return { scenario: resolveWith(config, base, check), issues };
}

/** Resolves every scenario, collecting all issues. */
export function resolveScenarios(scenarios: Readonly<Record<string, ScenarioOptions>>): {
  scenarios: Record<string, ResolvedScenario>;
  issues: ValidationIssue[];
} {
  const resolved: Record<string, ResolvedScenario> = {};
  const issues: ValidationIssue[] = [];
  for (const [name, config] of Object.entries(scenarios)) {
    const result = resolveScenario(name, config);
    resolved[name] = result.scenario;
    issues.push(...result.issues);
  }
  return { scenarios: resolved, issues };
}
