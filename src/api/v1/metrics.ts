/**
 * `GET /v1/metrics` and `GET /v1/metrics/{id}` (k6 `api/v1/metric*.go`): every observed metric
 * (and submetric) with its type, value type, threshold taint and k6's `Sink.Format` sample —
 * counter `count`/`rate`, gauge `value`, rate `rate`, trend `avg`/`max`/`med`/`min`/`p(90)`/`p(95)`
 * (k6 ignores summaryTrendStats here too).
 */
import type { Metric, MetricType, ValueType } from '../../metrics/metric.js';
import type { ControlSurface, MetricView } from '../control-surface.js';
import { ApiError } from '../json-api.js';

export interface MetricAttributes {
  readonly type: MetricType;
  readonly contains: ValueType;
  readonly tainted: boolean | null;
  readonly sample: Readonly<Record<string, number>>;
}

export interface MetricData {
  readonly type: 'metrics';
  readonly id: string;
  readonly attributes: MetricAttributes;
}

/** k6 `Sink.Format(t)`, keys in Go's (sorted) map order. */
export function metricSample(metric: Metric, elapsedMs: number): Record<string, number> {
  const { sink } = metric;
  switch (sink.type) {
    case 'counter':
      return { count: sink.value, rate: sink.rate(elapsedMs) };
    case 'gauge':
      return { value: sink.value };
    case 'rate':
      return { rate: sink.rate() ?? 0 };
    case 'trend':
      return { avg: sink.avg(), max: sink.max, med: sink.med(), min: sink.min, 'p(90)': sink.percentile(0.9), 'p(95)': sink.percentile(0.95) };
  }
}

export function metricData(view: MetricView, elapsedMs: number): MetricData {
  const { metric } = view;
  return {
    type: 'metrics',
    id: metric.name,
    attributes: { type: metric.type, contains: metric.valueType, tainted: view.tainted, sample: metricSample(metric, elapsedMs) },
  };
}

export function metricsDocument(surface: ControlSurface): { data: MetricData[] } {
  const elapsedMs = surface.elapsedMs();
  return { data: surface.metrics().map((view) => metricData(view, elapsedMs)) };
}

/** One metric by name; 404 as k6 for an unknown or unobserved one. */
export function metricDocument(surface: ControlSurface, id: string): { data: MetricData } {
  const view = surface.metrics().find((candidate) => candidate.metric.name === id);
  if (view === undefined) throw new ApiError(404, 'Not Found', 'No metric with that ID was found');
  return { data: metricData(view, surface.elapsedMs()) };
}
