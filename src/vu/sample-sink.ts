import type { MetricType, Tags, ValueType } from '../metrics/metric.js';

/**
 * Where a VU's samples go. On the main thread this is the test's metric engine; in a worker it is
 * the worker's aggregator that ships batches to the main thread. VUs never see which.
 */
export interface SampleSink {
  /** Declares a custom metric (init context); throws a message for the script on a bad name/type. */
  define(name: string, type: MetricType, valueType: ValueType): void;
  /** Records one sample; `tags` already include the run and scenario tags. */
  add(metric: string, value: number, tags: Tags): void;
}
