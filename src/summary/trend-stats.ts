/**
 * Trend columns of the summary (`summaryTrendStats`: avg, min, med, max, count, p(N)) — k6
 * `metrics.GetResolversForTrendColumns` (metrics/sample.go).
 */
import type { TrendSink } from '../metrics/sinks/trend.js';
import { parseGoFloat } from '../thresholds/go-float.js';

/** k6's default `summaryTrendStats`. */
export const DEFAULT_SUMMARY_TREND_STATS: readonly string[] = ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)'];

/** Reads one stat from a trend sink. */
export type TrendStatResolver = (sink: TrendSink) => number;

const STATIC: Readonly<Record<string, TrendStatResolver>> = {
  avg: (s) => s.avg(),
  min: (s) => s.min,
  med: (s) => s.med(),
  max: (s) => s.max,
  count: (s) => s.count,
};

/** The resolver for `stat`, or k6's error message when the stat is invalid. */
export function resolveTrendStat(stat: string): { ok: true; resolve: TrendStatResolver } | { ok: false; error: string } {
  if (Object.hasOwn(STATIC, stat)) return { ok: true, resolve: STATIC[stat] as TrendStatResolver };
  if (!stat.startsWith('p(') || !stat.endsWith(')')) {
    return { ok: false, error: `invalid trend stat '${stat}', unknown format` };
  }
  const parsed = parseGoFloat(stat.slice(2, -1));
  if (!parsed.ok || parsed.value < 0 || parsed.value > 100) {
    return { ok: false, error: `invalid percentile trend stat value '${stat}', provide a number between 0 and 100` };
  }
  const p = parsed.value / 100;
  return { ok: true, resolve: (s) => s.percentile(p) };
}

/** Values of `stats` on `sink`, keyed by the stat string exactly as written (e.g. `p(99.9)`). */
export function trendValues(sink: TrendSink, stats: readonly string[]): Record<string, number> {
  const values: Record<string, number> = {};
  for (const stat of stats) {
    const resolved = resolveTrendStat(stat);
    if (resolved.ok) values[stat] = resolved.resolve(sink);
  }
  return values;
}
