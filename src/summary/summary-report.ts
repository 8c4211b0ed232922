/**
 * The report the compact/full text summary renders (k6 internal/output/summary: data.go and
 * summary.go, internal/lib/summary/summary.go): thresholds per metric, checks, metrics split into
 * sections by name prefix, and — in `full` mode — per-group and per-scenario sections.
 */
import type { BreakdownNode } from '../metrics/breakdown.js';
import type { CheckTotals } from '../metrics/group-tree.js';
import type { Metric, MetricType, ValueType } from '../metrics/metric.js';
import type { Sink } from '../metrics/sinks/sink.js';
import { sinkValues, type SummarySource } from './summary-data.js';

/** `--summary-mode` values that render text. */
export type SummaryMode = 'compact' | 'full' | 'legacy';

/** A metric as the report shows it. */
export interface ReportMetric {
  name: string;
  type: MetricType;
  contains: ValueType;
  values: Record<string, number>;
}

/** Report sections in k6's object order (the renderer moves `custom` first). */
export const REPORT_SECTIONS = ['http', 'execution', 'network', 'browser', 'web_vitals', 'grpc', 'websocket', 'custom'] as const;
export type ReportSection = (typeof REPORT_SECTIONS)[number];
export type ReportMetrics = Record<ReportSection, Record<string, ReportMetric>>;

/** The checks block: the three synthetic metrics and every check by name. */
export interface ReportChecks {
  metrics: { checks_total: ReportMetric; checks_succeeded: ReportMetric; checks_failed: ReportMetric };
  ordered_checks: CheckTotals[];
}

/** A group or scenario section. */
export interface ReportGroup {
  checks: ReportChecks | undefined;
  metrics: ReportMetrics;
  groups: [string, ReportGroup][];
}

/** One metric's thresholds with the values to print next to them. */
export interface ReportThresholds {
  metric: ReportMetric;
  thresholds: { source: string; ok: boolean }[];
}

export interface SummaryReport {
  thresholds: Record<string, ReportThresholds>;
  checks: ReportChecks | undefined;
  metrics: ReportMetrics;
  groups: [string, ReportGroup][];
  scenarios: [string, ReportGroup][];
}

const HTTP = ['http_reqs', 'http_req_failed', 'http_req_duration', 'http_req_blocked', 'http_req_connecting',
  'http_req_tls_handshaking', 'http_req_sending', 'http_req_waiting', 'http_req_receiving'];
const EXECUTION = ['vus', 'vus_max', 'iterations', 'iteration_duration', 'dropped_iterations'];
const NETWORK = ['data_sent', 'data_received'];
const HIDDEN = ['checks', 'group_duration'];
const HIDDEN_IN_COMPACT = [...HIDDEN, 'http_req_blocked', 'http_req_connecting', 'http_req_receiving', 'http_req_sending',
  'http_req_tls_handshaking', 'http_req_waiting'];

/** k6 matches these lists by prefix (`oneOfMetrics`), so `http_reqs_custom` lands in HTTP. */
const hasPrefix = (name: string, prefixes: readonly string[]): boolean => prefixes.some((p) => name.startsWith(p));

/** The section a metric belongs to, or undefined when the mode hides it. */
export function sectionOf(name: string, mode: SummaryMode): ReportSection | undefined {
  if (hasPrefix(name, mode === 'compact' ? HIDDEN_IN_COMPACT : HIDDEN)) return undefined;
  if (hasPrefix(name, HTTP)) return 'http';
  if (hasPrefix(name, EXECUTION)) return 'execution';
  if (hasPrefix(name, NETWORK)) return 'network';
  if (name.startsWith('browser_web_vital_')) return 'web_vitals';
  if (name.startsWith('browser_')) return 'browser';
  if (name.startsWith('grpc_')) return 'grpc';
  if (name.startsWith('ws_')) return 'websocket';
  return 'custom';
}

function emptyMetrics(): ReportMetrics {
  return { http: {}, execution: {}, network: {}, browser: {}, web_vitals: {}, grpc: {}, websocket: {}, custom: {} };
}

interface Named {
  readonly name: string;
  readonly type: MetricType;
  readonly valueType: ValueType;
  readonly sink: Sink;
}

function reportMetric(metric: Named, source: SummarySource): ReportMetric {
  return {
    name: metric.name,
    type: metric.type,
    contains: metric.valueType,
    values: sinkValues(metric.sink, source.testRunDurationMs, source.summaryTrendStats),
  };
}

function checksBlock(checksSink: Sink | undefined, ordered: CheckTotals[], source: SummarySource): ReportChecks | undefined {
  if (checksSink?.type !== 'rate') return undefined;
  const total = checksSink.total;
  const success = checksSink.passes;
  const elapsed = source.testRunDurationMs;
  const base = { type: 'rate' as const, contains: 'default' as const };
  return {
    metrics: {
      checks_total: { name: 'checks_total', type: 'counter', contains: 'default', values: { count: total, rate: elapsed === 0 ? 0 : total / (elapsed / 1000) } },
      checks_succeeded: { name: 'checks_succeeded', ...base, values: checksSink.values() },
      // k6 stores the failure count as "passes" here, so the line reads "n out of total".
      checks_failed: { name: 'checks_failed', ...base, values: { passes: total - success, fails: success, rate: total > 0 ? (total - success) / total : 0 } },
    },
    ordered_checks: ordered.map((c) => ({ ...c })),
  };
}

function groupFromNode(node: BreakdownNode, mode: SummaryMode, source: SummarySource): ReportGroup {
  const metrics = emptyMetrics();
  for (const entry of node.metrics.values()) {
    const section = sectionOf(entry.name, mode);
    if (section !== undefined) metrics[section][entry.name] = reportMetric(entry, source);
  }
  return {
    checks: checksBlock(node.metrics.get('checks')?.sink, [...node.checks.values()], source),
    metrics,
    groups: [...node.groups].map(([name, child]) => [name, groupFromNode(child, mode, source)]),
  };
}

/** The `p(N)` of a threshold source, when it is one (k6 `extractPercentileThresholdSource`). */
const PERCENTILE_SOURCE = /^p\((\d+(?:\.\d+)?)\)\s*([<>=])/;

/** Builds the report for `mode`; groups and scenarios are filled only in `full` mode with a breakdown. */
export function buildSummaryReport(source: SummarySource, mode: SummaryMode): SummaryReport {
  const observed: Metric[] = source.registry.all().filter((m) => m.observed);
  const metrics = emptyMetrics();
  for (const metric of observed) {
    const section = sectionOf(metric.name, mode);
    if (section !== undefined) metrics[section][metric.name] = reportMetric(metric, source);
  }

  const thresholds: Record<string, ReportThresholds> = {};
  for (const set of source.thresholds?.metrics ?? []) {
    if (set.thresholds.length === 0) continue;
    const metric = reportMetric(set.metric, source);
    for (const threshold of set.thresholds) {
      const match = PERCENTILE_SOURCE.exec(threshold.source.trim());
      if (match !== null && set.metric.sink.type === 'trend') {
        metric.values[`p(${match[1] ?? ''})`] = set.metric.sink.percentile(Number(match[1]) / 100);
      }
    }
    thresholds[set.metric.name] = {
      metric,
      thresholds: set.thresholds.map((t) => ({ source: t.source, ok: !t.lastFailed })),
    };
  }

  const checksMetric = observed.find((m) => m.name === 'checks' && m.submetricOf === undefined);
  const breakdown = mode === 'full' ? source.breakdown : undefined;
  return {
    thresholds,
    checks: checksBlock(checksMetric?.sink, source.groups.checkTotals(), source),
    metrics,
    groups: breakdown === undefined ? [] : [...breakdown.root.groups].map(([name, node]) => [name, groupFromNode(node, mode, source)]),
    scenarios: breakdown === undefined ? [] : [...breakdown.scenarios].map(([name, node]) => [name, groupFromNode(node, mode, source)]),
  };
}
