/**
 * Metric and threshold lines of the compact/full text summary (k6 internal/js/summary.js:
 * computeSummaryInfo, renderMetricLine, renderTrendData, renderNonTrendData, ...).
 */
import type { Decorator } from './colors.js';
import { formatTrendStat, nonTrendValueColumns, strWidth } from './format.js';
import type { RenderContext } from './render-context.js';
import type { ReportMetric } from './summary-report.js';

/** Options the line renderers read. */
export interface LineOptions {
  readonly summaryTrendStats: readonly string[];
  readonly summaryTimeUnit: string;
  readonly sortByName: boolean;
}

/**
 * Column widths and formatted values of a set of metrics. `maxNameWidth` is NaN when k6's own
 * arithmetic yields NaN (see text-summary.ts): the dots then disappear, as in k6.
 */
export interface SummaryInfo {
  trendStats: readonly string[];
  maxNameWidth: number;
  nonTrendValues: Record<string, string>;
  nonTrendExtras: Record<string, string[]>;
  trendCols: Record<string, string[]>;
  trendKeys: Record<string, Record<string, string>>;
  trendColMaxLens: number[];
  maxNonTrendValueLen: number;
  nonTrendExtraMaxLens: number[];
}

/** `http_req_duration{status:200}` → `  { status:200 }`. */
export function displayName(name: string): string {
  const at = name.indexOf('{');
  return at >= 0 ? `  { ${name.substring(at + 1, name.length - 1)} }` : name;
}

/** Sorts names by parent metric, then selector, keeping submetrics under their parent. */
export function sortMetricNames(names: string[]): string[] {
  // k6 runs in sobek, whose localeCompare uses the root collation (golang.org/x/text/collate).
  const collator = new Intl.Collator('und');
  return names.sort((a, b) => {
    const pa = a.split('{', 1)[0] ?? '';
    const pb = b.split('{', 1)[0] ?? '';
    const byParent = collator.compare(pa, pb);
    return byParent !== 0 ? byParent : collator.compare(a.substring(pa.length), b.substring(pb.length));
  });
}

/** Precomputes widths and formatted values; `fixedNameWidth` replaces the computed name width. */
export function computeSummaryInfo(
  metrics: Record<string, ReportMetric>,
  ctx: RenderContext,
  opts: LineOptions,
  fixedNameWidth?: number,
): SummaryInfo {
  const stats = opts.summaryTrendStats;
  const info: SummaryInfo = {
    trendStats: stats,
    maxNameWidth: fixedNameWidth ?? 0,
    nonTrendValues: {},
    nonTrendExtras: {},
    trendCols: {},
    trendKeys: {},
    trendColMaxLens: stats.map(() => 0),
    maxNonTrendValueLen: 0,
    nonTrendExtraMaxLens: [],
  };
  for (const [name, metric] of Object.entries(metrics)) {
    if (fixedNameWidth === undefined) info.maxNameWidth = Math.max(info.maxNameWidth, strWidth(ctx.indent(displayName(name))));
    if (metric.type === 'trend') {
      const keys: Record<string, string> = {};
      for (const [key, value] of Object.entries(metric.values)) {
        if (!stats.includes(key)) keys[key] = formatTrendStat(value, key, metric, opts.summaryTimeUnit);
      }
      const cols = stats.map((stat) => formatTrendStat(metric.values[stat] ?? Number.NaN, stat, metric, opts.summaryTimeUnit));
      cols.forEach((col, i) => {
        info.trendColMaxLens[i] = Math.max(info.trendColMaxLens[i] ?? 0, strWidth(col));
      });
      info.trendCols[name] = cols;
      info.trendKeys[name] = keys;
    } else {
      const [main = '', ...extras] = nonTrendValueColumns(metric, opts.summaryTimeUnit);
      info.nonTrendValues[name] = main;
      info.maxNonTrendValueLen = Math.max(info.maxNonTrendValueLen, strWidth(main));
      info.nonTrendExtras[name] = extras;
      extras.forEach((extra, i) => {
        info.nonTrendExtraMaxLens[i] = Math.max(info.nonTrendExtraMaxLens[i] ?? 0, strWidth(extra));
      });
    }
  }
  return info;
}

/** `name.......: data`, dot-padded to the widest name, values aligned in columns. */
export function renderMetricLine(name: string, metric: ReportMetric, info: SummaryInfo, fmt: Decorator, ctx: RenderContext): string {
  const shown = displayName(name);
  const width = strWidth(shown) + strWidth(ctx.indentLevel());
  const dots = Math.max(3, info.maxNameWidth - width + 3);
  const dotted = shown + fmt.decorate(`${Number.isNaN(dots) ? '' : '.'.repeat(dots)}:`, 'white', 'faint');
  const data = metric.type === 'trend' ? renderTrendData(name, info, fmt) : renderNonTrendData(name, info, fmt);
  return ctx.indent(`${dotted} ${data}`);
}

function renderTrendData(name: string, info: SummaryInfo, fmt: Decorator): string {
  const cols = info.trendCols[name] ?? [];
  return cols
    .map((col, i) => {
      const padding = ' '.repeat((info.trendColMaxLens[i] ?? 0) - strWidth(col));
      return `${info.trendStats[i] ?? ''}=${fmt.decorate(col, 'cyan')}${padding}`;
    })
    .join(' ');
}

function renderNonTrendData(name: string, info: SummaryInfo, fmt: Decorator): string {
  const value = info.nonTrendValues[name] ?? '';
  const extras = info.nonTrendExtras[name] ?? [];
  let result = fmt.decorate(value, 'cyan') + ' '.repeat(Math.max(0, info.maxNonTrendValueLen - strWidth(value)));
  if (extras.length === 1) {
    result += ` ${fmt.decorate(extras[0] ?? '', 'cyan', 'faint')}`;
  } else if (extras.length > 1) {
    const parts = extras.map(
      (extra, i) => fmt.decorate(extra, 'cyan', 'faint') + ' '.repeat((info.nonTrendExtraMaxLens[i] ?? 0) - strWidth(extra)),
    );
    result += ` ${parts.join(' ')}`;
  }
  return result;
}

/** Renders `metrics` one line each (sorted by name when `opts.sortByName`). */
export function renderMetrics(
  metrics: Record<string, ReportMetric>,
  info: SummaryInfo,
  fmt: Decorator,
  ctx: RenderContext,
  opts: LineOptions,
): string[] {
  let names = Object.keys(metrics);
  if (opts.sortByName) names = sortMetricNames(names);
  return names.map((name) => renderMetricLine(name, metrics[name] as ReportMetric, info, fmt, ctx));
}
