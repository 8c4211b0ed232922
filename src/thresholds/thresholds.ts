/**
 * Thresholds built from `options.thresholds` against a metric registry, and their evaluation
 * (k6 metrics/thresholds.go, internal/metrics/engine/engine.go).
 *
 * Building validates everything at once — key syntax, unknown metrics, expression syntax,
 * aggregation vs metric type, the shape of each entry — and throws one InvalidConfigError (exit
 * 104) with every issue. It then creates the submetrics the keys select and marks the metrics
 * observed. `evaluate` is called every 2 s during the run (`final = false`: empty sinks are
 * skipped) and once at the end (`final = true`: an empty trend reads 0, an empty rate passes).
 */
import { InvalidConfigError, type ValidationIssue } from '../errors/errors.js';
import type { Metric } from '../metrics/metric.js';
import type { MetricRegistry } from '../metrics/registry.js';
import { thresholdValue } from './evaluate.js';
import {
  SUPPORTED_AGGREGATIONS,
  compareThreshold,
  parseThresholdExpression,
  parseThresholdKey,
  type ThresholdExpression,
  type ThresholdKey,
} from './parse.js';

/** The object form of one threshold in `options.thresholds`. */
export interface ThresholdDefinition {
  threshold: string;
  abortOnFail?: boolean;
  /** A k6 duration string (`10s`) or milliseconds. */
  delayAbortEval?: string | number;
}

/** `options.thresholds` as users write it. */
export type ThresholdsOption = Readonly<Record<string, readonly (string | ThresholdDefinition)[]>>;

/** One threshold expression and its latest outcome. */
export interface Threshold {
  readonly source: string;
  readonly expression: ThresholdExpression;
  readonly abortOnFail: boolean;
  /** Minimum test time before a failure may abort the run; undefined = abort at once. */
  readonly delayAbortEvalMs: number | undefined;
  /** Whether the latest evaluation failed (k6 `LastFailed`; shown as `ok: false` in the summary). */
  lastFailed: boolean;
  /** The aggregate compared in the latest evaluation (undefined: nothing to compare yet). */
  lastValue: number | undefined;
}

/** All thresholds of one metric or submetric. */
export interface MetricThresholds {
  /** The key as written in `options.thresholds`. */
  readonly key: string;
  readonly metric: Metric;
  readonly thresholds: readonly Threshold[];
  /** Sticky: set once an abortOnFail threshold failed after its delay (k6 `Thresholds.Abort`). */
  abort: boolean;
}

/** Outcome of one evaluation round. */
export interface ThresholdEvaluation {
  /** Names of the metrics with at least one failing threshold, sorted (k6's error message order). */
  readonly failed: readonly string[];
  /** True when a failing metric has an abortOnFail threshold past its delayAbortEval. */
  readonly abort: boolean;
}

export class Thresholds {
  private constructor(
    /** Per-metric threshold sets, in `options.thresholds` order. */
    readonly metrics: readonly MetricThresholds[],
    /** Non-fatal problems (selectors on the non-indexable `vu`/`iter` tags). */
    readonly warnings: readonly string[],
  ) {}

  /**
   * Validates `option` (the raw `options.thresholds` value) against `registry` and builds the
   * thresholds; `parseDuration` turns a `delayAbortEval` string into milliseconds (it throws on
   * bad input). Throws InvalidConfigError listing every problem.
   */
  static build(option: unknown, registry: MetricRegistry, parseDuration: (s: string) => number): Thresholds {
    const issues: ValidationIssue[] = [];
    const pending: { key: string; parsedKey: ThresholdKey; thresholds: Threshold[] }[] = [];
    if (option === undefined || option === null) return new Thresholds([], []);
    if (typeof option !== 'object' || Array.isArray(option)) {
      throw new InvalidConfigError([{ path: 'thresholds', message: 'must be an object of metric name → array of thresholds' }]);
    }
    for (const [key, value] of Object.entries(option)) {
      const path = `thresholds.${key}`;
      let parsedKey: ThresholdKey | undefined;
      try {
        parsedKey = parseThresholdKey(key);
      } catch (error) {
        issues.push({ path, message: `unable to validate threshold expressions; reason: ${messageOf(error)}` });
      }
      const metric = parsedKey === undefined ? undefined : registry.get(parsedKey.metric);
      if (parsedKey !== undefined && metric === undefined) {
        issues.push({ path, message: `invalid threshold defined on ${key}; reason: no metric name ${JSON.stringify(key)} found` });
      }
      const thresholds = parseEntries(value, path, key, metric, parseDuration, issues);
      if (parsedKey !== undefined) pending.push({ key, parsedKey, thresholds });
    }
    if (issues.length > 0) {
      throw new InvalidConfigError(issues, { hint: 'fix options.thresholds, or run with --no-thresholds to skip them' });
    }
    return Thresholds.attach(pending, registry);
  }

  private static attach(
    pending: readonly { key: string; parsedKey: ThresholdKey; thresholds: Threshold[] }[],
    registry: MetricRegistry,
  ): Thresholds {
    const byMetric = new Map<Metric, MetricThresholds>();
    const warnings: string[] = [];
    for (const { key, parsedKey, thresholds } of pending) {
      const parent = registry.get(parsedKey.metric) as Metric;
      const metric = parsedKey.selector === undefined ? parent : registry.addSubmetric(parent.name, parsedKey.selector);
      metric.markedObserved = true;
      parent.markedObserved = true;
      for (const tag of ['vu', 'iter']) {
        if (parsedKey.selector !== undefined && Object.hasOwn(parsedKey.tags, tag)) {
          warnings.push(
            `The high-cardinality '${tag}' metric tag was made non-indexable in k6 v0.41.0, so thresholds like ` +
              `'${key}' that are based on it won't work correctly.`,
          );
        }
      }
      // k6-compat: two keys selecting the same submetric (`m{a:1}` and `m{ a:1 }`) make k6 keep only
      // the last key's thresholds; we keep both lists.
      const existing = byMetric.get(metric);
      if (existing === undefined) byMetric.set(metric, { key, metric, thresholds, abort: false });
      else byMetric.set(metric, { ...existing, thresholds: [...existing.thresholds, ...thresholds] });
    }
    return new Thresholds([...byMetric.values()], warnings);
  }

  /**
   * Evaluates every threshold after `elapsedMs` of test time and records each one's outcome and
   * value. During the run (`final = false`) metrics without samples are skipped.
   */
  evaluate(elapsedMs: number, final: boolean): ThresholdEvaluation {
    const failed: string[] = [];
    let abort = false;
    for (const set of this.metrics) {
      if (set.thresholds.length === 0 || (!final && set.metric.sink.isEmpty())) continue;
      let succeeded = true;
      for (const threshold of set.thresholds) {
        const value = thresholdValue(set.metric.sink, threshold.expression, elapsedMs);
        const passes = value === undefined || compareThreshold(value, threshold.expression.operator, threshold.expression.value);
        threshold.lastValue = value;
        threshold.lastFailed = !passes;
        if (passes) continue;
        succeeded = false;
        if (set.abort || !threshold.abortOnFail) continue;
        set.abort = threshold.delayAbortEvalMs === undefined || threshold.delayAbortEvalMs < elapsedMs;
      }
      if (succeeded) continue;
      failed.push(set.metric.name);
      if (set.abort) abort = true;
    }
    failed.sort();
    return { failed, abort };
  }

  /** The threshold set of a metric or submetric by its name. */
  forMetric(name: string): MetricThresholds | undefined {
    return this.metrics.find((set) => set.metric.name === name);
  }
}

function parseEntries(
  value: unknown,
  path: string,
  key: string,
  metric: Metric | undefined,
  parseDuration: (s: string) => number,
  issues: ValidationIssue[],
): Threshold[] {
  if (!Array.isArray(value)) {
    issues.push({ path, message: 'must be an array of threshold expressions (strings or {threshold, abortOnFail, delayAbortEval})' });
    return [];
  }
  const thresholds: Threshold[] = [];
  value.forEach((entry: unknown, index) => {
    const entryPath = `${path}[${index}]`;
    const definition = toDefinition(entry, entryPath, issues);
    if (definition === undefined) return;
    let expression: ThresholdExpression;
    try {
      expression = parseThresholdExpression(definition.threshold);
    } catch (error) {
      issues.push({ path: entryPath, message: messageOf(error) });
      return;
    }
    if (metric !== undefined) {
      const supported: readonly string[] = SUPPORTED_AGGREGATIONS[metric.type];
      if (!supported.includes(expression.aggregation)) {
        issues.push({
          path: entryPath,
          message:
            `invalid threshold ${JSON.stringify(definition.threshold)} applied on metric ${key}; reason: unsupported ` +
            `aggregation method ${expression.aggregation} on metric of type ${metric.type}. supported aggregation ` +
            `methods for this metric are: ${supported.join(', ')}`,
        });
        return;
      }
    }
    let delayAbortEvalMs: number | undefined;
    const delay = definition.delayAbortEval;
    if (typeof delay === 'number') delayAbortEvalMs = delay;
    else if (typeof delay === 'string') {
      try {
        delayAbortEvalMs = parseDuration(delay);
      } catch (error) {
        issues.push({ path: `${entryPath}.delayAbortEval`, message: messageOf(error) });
        return;
      }
    }
    thresholds.push({
      source: definition.threshold,
      expression,
      abortOnFail: definition.abortOnFail === true,
      delayAbortEvalMs,
      lastFailed: false,
      lastValue: undefined,
    });
  });
  return thresholds;
}

function toDefinition(entry: unknown, path: string, issues: ValidationIssue[]): ThresholdDefinition | undefined {
  if (typeof entry === 'string') return { threshold: entry };
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
    issues.push({ path, message: `must be a string or an object with a "threshold" string, got ${JSON.stringify(entry) ?? typeof entry}` });
    return undefined;
  }
  const record = entry as Record<string, unknown>;
  const { threshold, abortOnFail, delayAbortEval } = record;
  let valid = true;
  if (typeof threshold !== 'string') {
    issues.push({ path: `${path}.threshold`, message: 'must be a string such as "p(95)<200"' });
    valid = false;
  }
  if (abortOnFail !== undefined && abortOnFail !== null && typeof abortOnFail !== 'boolean') {
    issues.push({ path: `${path}.abortOnFail`, message: `must be a boolean, got ${JSON.stringify(abortOnFail)}` });
    valid = false;
  }
  if (delayAbortEval !== undefined && delayAbortEval !== null && typeof delayAbortEval !== 'string' && typeof delayAbortEval !== 'number') {
    issues.push({ path: `${path}.delayAbortEval`, message: `must be a duration such as "10s", got ${JSON.stringify(delayAbortEval)}` });
    valid = false;
  }
  if (!valid) return undefined;
  const definition: ThresholdDefinition = { threshold: threshold as string, abortOnFail: abortOnFail === true };
  if (typeof delayAbortEval === 'string' || typeof delayAbortEval === 'number') definition.delayAbortEval = delayAbortEval;
  return definition;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
