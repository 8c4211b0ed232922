/**
 * The `data` object k6 passes to `handleSummary(data)` (internal/js/summary.go
 * `summarizeMetricsToObject`), built from our aggregates.
 */
import type { GroupNode, GroupTree } from '../metrics/group-tree.js';
import type { MetricType, ValueType } from '../metrics/metric.js';
import type { MetricRegistry } from '../metrics/registry.js';
import type { Sink } from '../metrics/sinks/sink.js';
import type { SummaryBreakdown } from '../metrics/breakdown.js';
import type { Thresholds } from '../thresholds/thresholds.js';
import { trendValues } from './trend-stats.js';

/** Everything the summary builders read. */
export interface SummarySource {
  readonly registry: MetricRegistry;
  readonly groups: GroupTree;
  /** Built thresholds (absent with --no-thresholds or when none are defined). */
  readonly thresholds?: Thresholds | undefined;
  /** Per-group/scenario aggregates; only the `full` text summary uses them. */
  readonly breakdown?: SummaryBreakdown | undefined;
  readonly testRunDurationMs: number;
  /** Resolved `summaryTrendStats` (already validated by the config module). */
  readonly summaryTrendStats: readonly string[];
  /** Resolved `summaryTimeUnit`; `''` when unset (automatic units). */
  readonly summaryTimeUnit: string;
  readonly noColor: boolean;
  readonly isStdOutTTY: boolean;
  readonly isStdErrTTY: boolean;
  /** The value setup() returned, already JSON-round-tripped; undefined when there was none. */
  readonly setupData?: unknown;
}

/** One metric in `data.metrics`. */
export interface SummaryMetricData {
  type: MetricType;
  contains: ValueType;
  values: Record<string, number>;
  /** Keyed by the threshold source as written; present only when the metric has thresholds. */
  thresholds?: Record<string, { ok: boolean }>;
}

/** One check in `data.root_group`. */
export interface SummaryCheckData {
  name: string;
  path: string;
  id: string;
  passes: number;
  fails: number;
}

/** One group in `data.root_group`. */
export interface SummaryGroupData {
  name: string;
  path: string;
  id: string;
  groups: SummaryGroupData[];
  checks: SummaryCheckData[];
}

/** k6's handleSummary `data`. */
export interface SummaryData {
  root_group: SummaryGroupData;
  options: { summaryTrendStats: string[]; summaryTimeUnit: string; noColor: boolean };
  state: { isStdOutTTY: boolean; isStdErrTTY: boolean; testRunDurationMs: number };
  metrics: Record<string, SummaryMetricData>;
  setup_data: unknown;
}

/**
 * A sink's summary values (k6 `metricValueGetter`): counter `count, rate`; gauge `value, min, max`;
 * rate `rate, passes, fails`; trend one key per `trendStats` entry.
 */
export function sinkValues(sink: Sink, elapsedMs: number, trendStats: readonly string[]): Record<string, number> {
  switch (sink.type) {
    case 'counter':
      return sink.values(elapsedMs);
    case 'gauge':
      return sink.values();
    case 'rate':
      return sink.values();
    case 'trend':
      return trendValues(sink, trendStats);
  }
}

/** Builds handleSummary's `data`: every observed metric and submetric, the group tree, options, state. */
export function buildSummaryData(source: SummarySource): SummaryData {
  const metrics: Record<string, SummaryMetricData> = {};
  for (const metric of source.registry.all()) {
    if (!metric.observed) continue;
    const data: SummaryMetricData = {
      type: metric.type,
      contains: metric.valueType,
      values: sinkValues(metric.sink, source.testRunDurationMs, source.summaryTrendStats),
    };
    const set = source.thresholds?.forMetric(metric.name);
    if (set !== undefined && set.thresholds.length > 0) {
      data.thresholds = {};
      for (const threshold of set.thresholds) data.thresholds[threshold.source] = { ok: !threshold.lastFailed };
    }
    metrics[metric.name] = data;
  }
  return {
    root_group: exportGroup(source.groups.root),
    options: {
      summaryTrendStats: [...source.summaryTrendStats],
      summaryTimeUnit: source.summaryTimeUnit,
      noColor: source.noColor,
    },
    state: {
      isStdOutTTY: source.isStdOutTTY,
      isStdErrTTY: source.isStdErrTTY,
      testRunDurationMs: source.testRunDurationMs,
    },
    metrics,
    setup_data: source.setupData,
  };
}

function exportGroup(group: GroupNode): SummaryGroupData {
  return {
    name: group.name,
    path: group.path,
    id: group.id,
    groups: [...group.groups.values()].map(exportGroup),
    checks: [...group.checks.values()].map((check) => ({
      name: check.name,
      path: check.path,
      id: check.id,
      passes: check.passes,
      fails: check.fails,
    })),
  };
}
