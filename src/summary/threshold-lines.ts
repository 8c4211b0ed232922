/** The █ THRESHOLDS block of the compact/full text summary (k6 summary.js renderThresholds). */
import type { Decorator } from './colors.js';
import { computeSummaryInfo, sortMetricNames, type LineOptions, type SummaryInfo } from './metric-lines.js';
import type { RenderContext } from './render-context.js';
import type { ReportMetric, ReportThresholds } from './summary-report.js';

type MetricWithThresholds = ReportMetric & { thresholds: { source: string; ok: boolean }[] };

/**
 * One name line per metric (submetrics of a listed parent show only `{tags}`, one level deeper),
 * then `✓ 'source' agg=value` per threshold and a blank line.
 */
export function renderThresholds(
  report: Record<string, ReportThresholds>,
  fmt: Decorator,
  ctx: RenderContext,
  opts: LineOptions,
): string[] {
  const metrics: Record<string, MetricWithThresholds> = {};
  for (const entry of Object.values(report)) metrics[entry.metric.name] = { ...entry.metric, thresholds: entry.thresholds };
  let names = Object.keys(metrics);
  if (opts.sortByName) names = sortMetricNames(names);
  const info = computeSummaryInfo(metrics, ctx, opts);

  const lines: string[] = [];
  for (const name of names) {
    const metric = metrics[name] as MetricWithThresholds;
    const parentName = name.split('{', 1)[0] ?? '';
    const isSubmetric = name.length > parentName.length;
    const nested = isSubmetric && Object.hasOwn(metrics, parentName);
    const inner = nested ? ctx.indented() : ctx;
    lines.push(inner.indent(nested ? name.substring(parentName.length) : name));
    for (const threshold of metric.thresholds) {
      const status = threshold.ok ? fmt.decorate('✓', 'green') : fmt.decorate('✗', 'red');
      const source = fmt.decorate(`'${threshold.source.trim()}'`, 'white');
      lines.push(inner.indent([status, source, thresholdValueText(metric, threshold.source, info, fmt)].join(' ')));
    }
    lines.push('\n');
  }
  return lines;
}

/** `agg=value` using the same formatted values as the metric lines. */
function thresholdValueText(metric: ReportMetric, source: string, info: SummaryInfo, fmt: Decorator): string {
  const aggregation = (source.split(/[=><]/)[0] ?? '').trim();
  let value: string | undefined;
  switch (metric.type) {
    case 'trend': {
      const index = info.trendStats.indexOf(aggregation);
      value = index !== -1 ? info.trendCols[metric.name]?.[index] : info.trendKeys[metric.name]?.[aggregation];
      break;
    }
    case 'counter':
      value = aggregation === 'count' ? info.nonTrendValues[metric.name] : info.nonTrendExtras[metric.name]?.[0];
      break;
    default:
      value = info.nonTrendValues[metric.name];
  }
  // k6 joins an undefined value: empty without colours, the word "undefined" inside colour codes.
  const shown = value === undefined ? (fmt.enabled ? fmt.decorate('undefined', 'cyan') : '') : fmt.decorate(value, 'cyan');
  return `${fmt.decorate(aggregation, 'white')}=${shown}`;
}
