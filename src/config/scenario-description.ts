/**
 * What the banner says about scenarios: k6's per-executor `GetDescription()` lines, the order
 * scenarios are listed in, the test's max duration and max VUs. Everything here describes the
 * whole test (no execution segment); segment scaling belongs to the execution planner.
 */
import { formatDuration } from './duration.js';
import { maxStageTarget } from './scenarios.js';
import type { ResolvedRampingVUs, ResolvedScenario, ResolvedStage } from './scenario-types.js';

function sumStages(stages: readonly ResolvedStage[]): number {
  return stages.reduce((sum, stage) => sum + stage.duration, 0);
}

/** Go's `%.2f`: like `toFixed(2)`, but exact binary ties round half to even. */
function formatRate(value: number): string {
  const scaled = value * 100;
  if (!Number.isInteger(scaled) && Number.isInteger(scaled * 2)) {
    const floor = Math.floor(scaled);
    return ((floor % 2 === 0 ? floor : floor + 1) / 100).toFixed(2);
  }
  return value.toFixed(2);
}

/** k6 `BaseConfig.getBaseInfo`: extra facts, then exec, startTime and gracefulStop when relevant. */
function baseInfo(config: ResolvedScenario, ...facts: string[]): string {
  const all = [...facts];
  if (config.execExplicit) all.push(`exec: ${config.exec}`);
  if (config.startTime > 0) all.push(`startTime: ${formatDuration(config.startTime)}`);
  if (config.gracefulStop > 0) all.push(`gracefulStop: ${formatDuration(config.gracefulStop)}`);
  return all.length === 0 ? '' : ` (${all.join(', ')})`;
}

function maxVUsRange(preAllocatedVUs: number, maxVUs: number): string {
  return maxVUs > preAllocatedVUs ? `maxVUs: ${preAllocatedVUs}-${maxVUs}` : `maxVUs: ${preAllocatedVUs}`;
}

/**
 * k6's description of one scenario, as printed after `* <name>: ` in the banner, e.g.
 * `6 iterations shared among 2 VUs (maxDuration: 10m0s, gracefulStop: 30s)`.
 */
export function describeScenario(config: ResolvedScenario): string {
  switch (config.executor) {
    case 'shared-iterations':
      return `${config.iterations} iterations shared among ${config.vus} VUs${baseInfo(config, `maxDuration: ${formatDuration(config.maxDuration)}`)}`;
    case 'per-vu-iterations':
      return `${config.iterations} iterations for each of ${config.vus} VUs${baseInfo(config, `maxDuration: ${formatDuration(config.maxDuration)}`)}`;
    case 'constant-vus':
      return `${config.vus} looping VUs for ${formatDuration(config.duration)}${baseInfo(config)}`;
    case 'ramping-vus':
      return (
        `Up to ${maxStageTarget(config.startVUs, config.stages)} looping VUs for ${formatDuration(sumStages(config.stages))} ` +
        `over ${config.stages.length} stages${baseInfo(config, `gracefulRampDown: ${formatDuration(config.gracefulRampDown)}`)}`
      );
    case 'constant-arrival-rate': {
      const perSecond = config.maxVUs === 0 ? 0 : (config.rate * 1000) / config.timeUnit;
      return (
        `${formatRate(perSecond)} iterations/s for ${formatDuration(config.duration)}` +
        baseInfo(config, maxVUsRange(config.preAllocatedVUs, config.maxVUs))
      );
    }
    case 'ramping-arrival-rate': {
      const perSecond = (maxStageTarget(config.startRate, config.stages) * 1000) / config.timeUnit;
      return (
        `Up to ${formatRate(perSecond)} iterations/s for ${formatDuration(sumStages(config.stages))} over ` +
        `${config.stages.length} stages${baseInfo(config, maxVUsRange(config.preAllocatedVUs, config.maxVUs))}`
      );
    }
    case 'externally-controlled': {
      const duration = config.duration === 0 ? 'infinite' : formatDuration(config.duration);
      return `Externally controlled execution with ${config.vus} VUs, ${config.maxVUs} max VUs, ${duration} duration`;
    }
  }
}

/** Scenarios in k6's listing order: by startTime, then by name (`ScenarioConfigs.GetSortedConfigs`). */
export function sortScenarios(scenarios: Readonly<Record<string, ResolvedScenario>>): ResolvedScenario[] {
  return Object.values(scenarios).sort((a, b) => {
    if (a.startTime !== b.startTime) return a.startTime - b.startTime;
    if (a.name === b.name) return 0;
    return a.name < b.name ? -1 : 1;
  });
}

/**
 * ramping-vus ends at sum(stages) + gracefulStop, unless VUs are already down to 0 at the end:
 * then the last VU leaves gracefulRampDown after it was ramped down, if that comes sooner
 * (k6 `RampingVUsConfig.GetExecutionRequirements` + `reserveVUsForGracefulRampDowns`).
 */
function rampingVUsEnd(config: ResolvedRampingVUs): number {
  const end = sumStages(config.stages) + config.gracefulStop;
  let vus = config.startVUs;
  let elapsed = 0;
  let zeroSince: number | undefined = vus === 0 ? 0 : undefined;
  for (const stage of config.stages) {
    elapsed += stage.duration;
    if (stage.target !== vus) {
      vus = stage.target;
      zeroSince = vus === 0 ? elapsed : undefined;
    }
  }
  return zeroSince === undefined ? end : Math.min(zeroSince + config.gracefulRampDown, end);
}

/**
 * When a scenario releases its last VU, relative to its own start (the end offset of k6's
 * execution requirements). An infinite externally-controlled scenario gives 0, as in k6.
 */
export function scenarioEndOffset(config: ResolvedScenario): number {
  switch (config.executor) {
    case 'shared-iterations':
    case 'per-vu-iterations':
      return config.maxDuration + config.gracefulStop;
    case 'constant-vus':
    case 'constant-arrival-rate':
      return config.duration + config.gracefulStop;
    case 'ramping-vus':
      return rampingVUsEnd(config);
    case 'ramping-arrival-rate':
      return sumStages(config.stages) + config.gracefulStop;
    case 'externally-controlled':
      return config.duration;
  }
}

/**
 * The test's maximum duration including graceful stops, in ms: the latest
 * `startTime + end offset` (k6 prints it as "10m30s max duration (incl. graceful stop)", after
 * `roundDuration(ms, 100)`).
 */
export function maxDurationOf(scenarios: Readonly<Record<string, ResolvedScenario>>): number {
  return Object.values(scenarios).reduce((max, config) => Math.max(max, config.startTime + scenarioEndOffset(config)), 0);
}

/** The most VUs one scenario can use at once (arrival-rate and externally-controlled: maxVUs). */
export function scenarioMaxVUs(config: ResolvedScenario): number {
  switch (config.executor) {
    case 'shared-iterations':
    case 'per-vu-iterations':
    case 'constant-vus':
      return config.vus;
    case 'ramping-vus':
      return maxStageTarget(config.startVUs, config.stages);
    case 'constant-arrival-rate':
    case 'ramping-arrival-rate':
    case 'externally-controlled':
      return config.maxVUs;
  }
}

/**
 * Max VUs of the whole test, as the sum over scenarios.
 * k6-compat: k6 (`lib.GetMaxPossibleVUs` over the merged execution plan) reuses VUs between
 * scenarios that do not overlap in time, so it can print a smaller number; the execution planner
 * should replace this with the plan-based value.
 */
export function maxVUsOf(scenarios: Readonly<Record<string, ResolvedScenario>>): number {
  return Object.values(scenarios).reduce((sum, config) => sum + scenarioMaxVUs(config), 0);
}
