/**
 * The metric registry (k6 `metrics.Registry` + the sample routing of its metrics engine ingester).
 * Defines metrics, holds their sinks, creates submetrics, and routes each sample to its metric's
 * sink and to every submetric whose tag selector matches.
 */
import { Metric, type MetricType, type Tags, type ValueType } from './metric.js';
import { createSink, mergeSink } from './sinks/sink.js';
import { TagSelector } from './tag-selector.js';

/** k6 metric name rule (metrics/registry.go): 2–129 chars, letters, digits, underscores. */
export const METRIC_NAME_PATTERN = /^[a-zA-Z_][a-zA-Z0-9_]{1,128}$/;

/** Receives every sample after the registry has routed it (used for per-group/scenario breakdowns). */
export interface SampleObserver {
  observe(metric: Metric, value: number, tags: Tags, timeMs: number | undefined): void;
}

export class MetricRegistry {
  private readonly byName = new Map<string, Metric>();
  private readonly submetricsByName = new Map<string, Metric>();
  private readonly submetricsByKey = new Map<string, Metric>();
  private observer: SampleObserver | null = null;

  /**
   * Declares a metric, or returns the existing one when name, type and value type all match.
   * Throws an `Error` with k6's message for a bad name or a conflicting re-declaration (scripts see
   * it as an exception from `new Trend(...)` and friends).
   */
  define(name: string, type: MetricType, valueType: ValueType = 'default'): Metric {
    if (!METRIC_NAME_PATTERN.test(name)) {
      throw new Error(
        `Invalid metric name: '${name}'. Metric names must only include up to 128 ASCII letters, numbers, ` +
          'or underscores and start with a letter or an underscore.',
      );
    }
    const existing = this.byName.get(name);
    if (existing === undefined) {
      const metric = new Metric(name, type, valueType, createSink(type));
      this.byName.set(name, metric);
      return metric;
    }
    if (existing.type !== type) {
      throw new Error(`metric '${name}' already exists but with type ${existing.type}, instead of ${type}`);
    }
    if (existing.valueType !== valueType) {
      throw new Error(
        `metric '${name}' already exists but with a value type ${existing.valueType}, instead of ${valueType}`,
      );
    }
    return existing;
  }

  /** The top-level metric called `name`. */
  get(name: string): Metric | undefined {
    return this.byName.get(name);
  }

  /** A submetric by its full name, e.g. `http_req_duration{expected_response:true}`. */
  getSubmetric(name: string): Metric | undefined {
    return this.submetricsByName.get(name);
  }

  /**
   * Creates (or returns) the submetric of `parentName` selecting `selector`: the text between the
   * braces (`status:200,method:GET`) or a tag object. Idempotent by tag set: a second request for
   * the same tags, however written, returns the first submetric (and its name).
   */
  addSubmetric(parentName: string, selector: string | Tags): Metric {
    const parent = this.byName.get(parentName);
    if (parent === undefined) throw new Error(`metric '${parentName}' does not exist in the script`);
    const text = typeof selector === 'string' ? selector.trim() : Object.entries(selector).map(([k, v]) => `${k}:${v}`).join(',');
    const parsed = typeof selector === 'string' ? TagSelector.parse(text) : TagSelector.fromTags(selector);
    if (parsed === undefined || text === '') {
      throw new Error(`submetric criteria for metric '${parentName}' cannot be empty`);
    }
    const key = `${parentName}{${parsed.canonical}}`;
    const existing = this.submetricsByKey.get(key);
    if (existing !== undefined) return existing;
    const name = `${parentName}{${text}}`;
    const submetric = new Metric(name, parent.type, parent.valueType, createSink(parent.type), { parent, selector: parsed });
    parent.submetrics.push(submetric);
    this.submetricsByKey.set(key, submetric);
    this.submetricsByName.set(name, submetric);
    return submetric;
  }

  /**
   * Adds one sample to metric `name` (which must be defined) and to its matching submetrics.
   * `timeMs` is the sample's wall-clock time; only gauges use it (to order merged values).
   */
  add(name: string, value: number, tags: Tags, timeMs?: number): void {
    const metric = this.byName.get(name);
    if (metric === undefined) throw new Error(`internal error: sample for undefined metric '${name}'`);
    this.addTo(metric, value, tags, timeMs);
  }

  /** {@link add} for an already looked-up metric: the hot path, allocation-free. */
  addTo(metric: Metric, value: number, tags: Tags, timeMs?: number): void {
    metric.sink.add(value, timeMs);
    const submetrics = metric.submetrics;
    for (let i = 0; i < submetrics.length; i++) {
      const submetric = submetrics[i] as Metric;
      if ((submetric.submetricOf as NonNullable<Metric['submetricOf']>).selector.matches(tags)) {
        submetric.sink.add(value, timeMs);
      }
    }
    if (this.observer !== null) this.observer.observe(metric, value, tags, timeMs);
  }

  /** Installs (or removes, with `null`) the observer that sees every sample after routing. */
  setObserver(observer: SampleObserver | null): void {
    this.observer = observer;
  }

  /** Top-level metrics in definition order. */
  metrics(): IterableIterator<Metric> {
    return this.byName.values();
  }

  /** Top-level metrics in definition order, each followed by its submetrics. */
  all(): Metric[] {
    const result: Metric[] = [];
    for (const metric of this.byName.values()) result.push(metric, ...metric.submetrics);
    return result;
  }

  [Symbol.iterator](): IterableIterator<Metric> {
    return this.byName.values();
  }

  /**
   * Merges another registry's aggregates into this one (per-worker aggregates → main): metrics and
   * submetrics missing here are created, sinks are merged. Conflicting definitions throw.
   */
  merge(other: MetricRegistry): void {
    for (const metric of other.byName.values()) {
      const target = this.define(metric.name, metric.type, metric.valueType);
      mergeSink(target.sink, metric.sink);
      for (const sub of metric.submetrics) {
        // A submetric is named `parent{selector text}`; re-adding the text finds or creates it here.
        const targetSub = this.addSubmetric(metric.name, sub.name.slice(metric.name.length + 1, -1));
        mergeSink(targetSub.sink, sub.sink);
      }
    }
  }
}
