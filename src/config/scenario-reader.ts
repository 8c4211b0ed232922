/**
 * Reads `options.scenarios` from JSON-shaped input with k6's strictness (`lib.ScenarioConfigs`
 * and `lib.StrictJSONUnmarshal`): every scenario needs a known `executor`, and any key the
 * executor does not define is an error. Value rules (required keys, minimums) are checked later,
 * on the consolidated result, by `scenarios.ts` — k6 validates only the scenarios that win.
 */
import type { ValidationIssue } from '../errors/errors.js';
import {
  checkKnownKeys,
  describeValue,
  isPlainObject,
  readDuration,
  readInt,
  readObject,
  readString,
  readStringMap,
  type ValueReader,
} from './json-values.js';
import { readStages } from './stage.js';
import { EXECUTOR_TYPES, type BaseScenarioOptions, type ExecutorType, type ScenarioOptions } from './scenario-types.js';

type FieldReaders<T> = { [K in keyof T]-?: ValueReader<NonNullable<T[K]>> };
type OwnFields<E extends ExecutorType> = Omit<Extract<ScenarioOptions, { executor: E }>, keyof BaseScenarioOptions | 'executor'>;

const readScenarioExtensionOptions: ValueReader<{ browser?: Record<string, unknown> }> = (raw, path, issues) => {
  const object = readObject(raw, path, issues);
  if (object === undefined) return undefined;
  const before = issues.length;
  checkKnownKeys(object, ['browser'], path, issues, 'scenario options');
  const browser = readObject(object.browser, `${path}.browser`, issues);
  if (issues.length !== before) return undefined;
  return browser === undefined ? {} : { browser };
};

const BASE_READERS: FieldReaders<BaseScenarioOptions> = {
  startTime: readDuration,
  gracefulStop: readDuration,
  env: readStringMap(),
  exec: readString,
  tags: readStringMap(),
  options: readScenarioExtensionOptions,
};

const strictStages = readStages(true);

const EXECUTOR_READERS: { [E in ExecutorType]: FieldReaders<OwnFields<E>> } = {
  'shared-iterations': { vus: readInt, iterations: readInt, maxDuration: readDuration },
  'per-vu-iterations': { vus: readInt, iterations: readInt, maxDuration: readDuration },
  'constant-vus': { vus: readInt, duration: readDuration },
  'ramping-vus': { startVUs: readInt, stages: strictStages, gracefulRampDown: readDuration },
  'constant-arrival-rate': {
    rate: readInt,
    timeUnit: readDuration,
    duration: readDuration,
    preAllocatedVUs: readInt,
    maxVUs: readInt,
  },
  'ramping-arrival-rate': {
    startRate: readInt,
    timeUnit: readDuration,
    stages: strictStages,
    preAllocatedVUs: readInt,
    maxVUs: readInt,
  },
  'externally-controlled': { vus: readInt, maxVUs: readInt, duration: readDuration },
};

function readFields<T extends object>(raw: Record<string, unknown>, readers: FieldReaders<T>, path: string, issues: ValidationIssue[]): Partial<T> {
  const result: Partial<T> = {};
  for (const key of Object.keys(readers) as (keyof T & string)[]) {
    const value = readers[key](raw[key], `${path}.${key}`, issues);
    if (value !== undefined) result[key] = value;
  }
  return result;
}

function isExecutorType(value: string): value is ExecutorType {
  return (EXECUTOR_TYPES as readonly string[]).includes(value);
}

/** Reads one scenario object; returns undefined after recording issues. */
export function readScenario(name: string, raw: unknown, path: string, issues: ValidationIssue[]): ScenarioOptions | undefined {
  if (!isPlainObject(raw)) {
    issues.push({ path, message: `expected a scenario object, got ${describeValue(raw)}` });
    return undefined;
  }
  const executor = raw.executor;
  if (executor === undefined || executor === null || executor === '') {
    issues.push({ path: `${path}.executor`, message: `scenario '${name}' doesn't have a specified executor type` });
    return undefined;
  }
  if (typeof executor !== 'string' || !isExecutorType(executor)) {
    const shown = typeof executor === 'string' ? executor : describeValue(executor);
    issues.push({
      path: `${path}.executor`,
      message: `unknown executor type '${shown}' (expected one of ${EXECUTOR_TYPES.join(', ')})`,
    });
    return undefined;
  }
  const before = issues.length;
  const ownReaders: FieldReaders<object> = EXECUTOR_READERS[executor];
  const allowed = ['executor', ...Object.keys(BASE_READERS), ...Object.keys(ownReaders)];
  checkKnownKeys(raw, allowed, path, issues, `a ${executor} scenario`);
  const base = readFields(raw, BASE_READERS, path, issues);
  const own = readFields(raw, ownReaders, path, issues);
  if (issues.length !== before) return undefined;
  return { ...base, ...own, executor } as ScenarioOptions;
}

/**
 * Reads the whole `scenarios` object; undefined when unset or when no scenario could be read. With
 * some scenarios unreadable (their issues recorded, so the run cannot start) the readable ones are
 * still returned, so that their value rules are checked too and every problem is reported at once.
 */
export const readScenarios: ValueReader<Record<string, ScenarioOptions>> = (raw, path, issues) => {
  if (raw === null || raw === undefined) return undefined;
  if (!isPlainObject(raw)) {
    issues.push({ path, message: `expected an object of named scenarios, got ${describeValue(raw)}` });
    return undefined;
  }
  const before = issues.length;
  const scenarios: Record<string, ScenarioOptions> = {};
  for (const [name, value] of Object.entries(raw)) {
    const scenario = readScenario(name, value, `${path}.${name}`, issues);
    if (scenario !== undefined) scenarios[name] = scenario;
  }
  return issues.length === before || Object.keys(scenarios).length > 0 ? scenarios : undefined;
};
