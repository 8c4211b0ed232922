/**
 * Value formatting shared by the threshold lines and the metric lines of the text summary, as
 * k6's summary.js / summary-legacy.js do it (internal/js/summary.js: humanizeValue and friends).
 */
import type { MetricType, ValueType } from '../metrics/metric.js';

/** The parts of a metric the formatters look at. */
export interface FormattableMetric {
  readonly type: MetricType;
  readonly contains: ValueType;
  readonly values: Readonly<Record<string, number>>;
}

/** Display width in a terminal: ANSI escape sequences are skipped, text is NFKC-normalized first. */
export function strWidth(s: string): number {
  let inEscape = false;
  let inLongEscape = false;
  let width = 0;
  for (const char of s.normalize('NFKC')) {
    const code = char.charCodeAt(0);
    if (char === '\x1b') {
      inEscape = true;
      continue;
    }
    if (inEscape && char === '[') {
      inLongEscape = true;
      continue;
    }
    if (inEscape && inLongEscape && code >= 0x40 && code <= 0x7e) {
      inEscape = false;
      inLongEscape = false;
      continue;
    }
    if (inEscape && !inLongEscape && code >= 0x40 && code <= 0x5f) {
      inEscape = false;
      continue;
    }
    if (!inEscape && !inLongEscape) width++;
  }
  return width;
}

/** `val.toFixed(prec)` without trailing zeros (k6 toFixedNoTrailingZeros). */
export function toFixedNoTrailingZeros(val: number, prec: number): string {
  return Number.parseFloat(val.toFixed(prec)).toString();
}

/** Truncates (not rounds) to `prec` decimals, then drops trailing zeros. */
export function toFixedNoTrailingZerosTrunc(val: number, prec: number): string {
  const mult = 10 ** prec;
  return toFixedNoTrailingZeros(Math.trunc(mult * val) / mult, prec);
}

/** Bytes in base 1000: `960 B`, `386 kB`, `1.2 MB`. */
export function humanizeBytes(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB', 'ZB', 'YB'];
  if (bytes < 10) return `${bytes} B`;
  const e = Math.floor(Math.log(bytes) / Math.log(1000));
  const suffix = units[e | 0];
  const val = Math.floor((bytes / 1000 ** e) * 10 + 0.5) / 10;
  return `${val.toFixed(val < 10 ? 1 : 0)} ${String(suffix)}`;
}

/** A duration in ms with an automatic unit: `812ns`, `380.82µs`, `2.05ms`, `1.5s`, `1m30s`, `1h2m3s`. */
export function humanizeGenericDuration(duration: number): string {
  if (duration === 0) return '0s';
  if (duration < 0.001) return `${Math.trunc(duration * 1_000_000)}ns`;
  if (duration < 1) return `${toFixedNoTrailingZerosTrunc(duration * 1000, 2)}µs`;
  if (duration < 1000) return `${toFixedNoTrailingZerosTrunc(duration, 2)}ms`;
  let fixed = `${toFixedNoTrailingZerosTrunc((duration % 60000) / 1000, duration > 60000 ? 0 : 2)}s`;
  let rem = Math.trunc(duration / 60000);
  if (rem < 1) return fixed;
  fixed = `${rem % 60}m${fixed}`;
  rem = Math.trunc(rem / 60);
  if (rem < 1) return fixed;
  return `${rem}h${fixed}`;
}

const TIME_UNITS: Readonly<Record<string, { unit: string; coef: number }>> = {
  s: { unit: 's', coef: 0.001 },
  ms: { unit: 'ms', coef: 1 },
  us: { unit: 'µs', coef: 1000 },
};

/** A duration in ms, in `timeUnit` (`s`, `ms`, `us`, 2 decimals) or automatic when unset/unknown. */
export function humanizeDuration(duration: number, timeUnit: string | null | undefined): string {
  const fixed = timeUnit === null || timeUnit === undefined || timeUnit === '' ? undefined : TIME_UNITS[timeUnit];
  if (fixed !== undefined && Object.hasOwn(TIME_UNITS, timeUnit as string)) {
    return `${(duration * fixed.coef).toFixed(2)}${fixed.unit}`;
  }
  return humanizeGenericDuration(duration);
}

/** One metric value for display: rates as truncated percentages, bytes, durations or plain numbers. */
export function humanizeValue(
  val: number,
  metric: Pick<FormattableMetric, 'type' | 'contains'>,
  timeUnit: string | null | undefined,
): string {
  if (metric.type === 'rate') return `${(Math.trunc(val * 100 * 100) / 100).toFixed(2)}%`;
  switch (metric.contains) {
    case 'data':
      return humanizeBytes(val);
    case 'time':
      return humanizeDuration(val, timeUnit);
    default:
      return toFixedNoTrailingZeros(val, 6);
  }
}

/** One trend column: `count` as a plain integer, anything else through {@link humanizeValue}. */
export function formatTrendStat(
  value: number,
  stat: string,
  metric: Pick<FormattableMetric, 'type' | 'contains'>,
  timeUnit: string | null | undefined,
): string {
  if (stat === 'count') return value.toString();
  return humanizeValue(value, metric, timeUnit);
}

/**
 * The columns of a counter, gauge or rate line: main value first, then the extras —
 * counter `[count, rate/s]`, gauge `[value, min=…, max=…]`, rate `[x.xx%, "n out of m"]`.
 */
export function nonTrendValueColumns(metric: FormattableMetric, timeUnit: string | null | undefined): string[] {
  const v = (key: string): number => metric.values[key] ?? Number.NaN;
  switch (metric.type) {
    case 'counter':
      return [humanizeValue(v('count'), metric, timeUnit), `${humanizeValue(v('rate'), metric, timeUnit)}/s`];
    case 'gauge':
      return [
        humanizeValue(v('value'), metric, timeUnit),
        `min=${humanizeValue(v('min'), metric, timeUnit)}`,
        `max=${humanizeValue(v('max'), metric, timeUnit)}`,
      ];
    case 'rate':
      return [humanizeValue(v('rate'), metric, timeUnit), `${v('passes')} out of ${v('passes') + v('fails')}`];
    default:
      return ['[no data]'];
  }
}
