/**
 * A metric: its k6 name, type and value type, the sink that aggregates its samples, and the
 * submetrics (tag-filtered views) that thresholds or the summary asked for.
 */
import type { Sink } from './sinks/sink.js';
import type { TagSelector } from './tag-selector.js';

/** k6 metric types. */
export type MetricType = 'counter' | 'gauge' | 'rate' | 'trend';
/** What a metric's values are: plain numbers, durations in ms, or byte counts. */
export type ValueType = 'default' | 'time' | 'data';
/** Sample tags. */
export type Tags = Readonly<Record<string, string>>;

/** The parent and tag selector of a submetric. */
export interface SubmetricOf {
  readonly parent: Metric;
  readonly selector: TagSelector;
}

export class Metric {
  /** Submetrics of this metric, in creation order (always empty on a submetric). */
  readonly submetrics: Metric[] = [];
  /**
   * Set when thresholds reference the metric (or one of its submetrics): it then shows in the
   * summary even without samples, as k6's engine marks it "observed".
   */
  markedObserved = false;

  constructor(
    /** k6 name; for a submetric `parent{selector text}`, e.g. `http_req_duration{status:200}`. */
    readonly name: string,
    readonly type: MetricType,
    readonly valueType: ValueType,
    readonly sink: Sink,
    /** Set when this is a submetric. */
    readonly submetricOf?: SubmetricOf,
  ) {}

  /** k6 "observed": it received a sample or carries thresholds; only observed metrics are summarized. */
  get observed(): boolean {
    return this.markedObserved || !this.sink.isEmpty();
  }
}
