/**
 * Durations, with k6's two syntaxes (all values in milliseconds, possibly fractional).
 *
 * - Go syntax (`time.ParseDuration`): `300ms`, `1.5s`, `1h2m3.5s`, `10us`/`µs`, `ns`, an optional
 *   leading sign, and the bare `0`. k6 uses it for CLI flags (`-d`, `--min-iteration-duration`)
 *   and for stage text (`-s 30s:10`, `K6_STAGES`).
 * - k6's extended syntax (`lib/types.ParseExtendedDuration`), used for every duration option in
 *   the script, the config file and `K6_*` variables: a plain number, as a number or as a numeric
 *   string (`"30"`), is milliseconds; otherwise Go syntax, plus a leading day count (`1d2h`).
 *
 * Printing follows Go's `time.Duration.String()` (`10m0s`, `1m30s`, `500ms`, `1.5s`, `0s`), which
 * is what k6 shows in scenario descriptions and the banner.
 */
import { InvalidConfigError, type ValidationIssue } from '../errors/errors.js';

/** A duration as users write it: a string in k6's extended syntax, or a number of milliseconds. */
export type DurationInput = string | number;

/** Outcome of parsing a duration without throwing. */
export type DurationParseResult = { ok: true; ms: number } | { ok: false; message: string };

const NS_PER_MS = 1_000_000n;
const MAX_INT64 = (1n << 63n) - 1n;

/** Nanoseconds per Go duration unit (`time.unitMap`). */
const GO_UNITS: ReadonlyMap<string, bigint> = new Map([
  ['ns', 1n],
  ['us', 1_000n],
  ['µs', 1_000n], // U+00B5 micro sign
  ['μs', 1_000n], // U+03BC Greek small letter mu
  ['ms', 1_000_000n],
  ['s', 1_000_000_000n],
  ['m', 60_000_000_000n],
  ['h', 3_600_000_000_000n],
]);

const DECIMAL_FLOAT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const DECIMAL_INT = /^[+-]?\d+$/;

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

/** Go's `time.ParseDuration`, returning nanoseconds. Messages quote the bad value like Go does. */
function parseGoNanos(input: string): { ok: true; ns: bigint } | { ok: false; message: string } {
  const invalid = { ok: false as const, message: `invalid duration ${JSON.stringify(input)}` };
  let s = input;
  let negative = false;
  if (s.startsWith('-') || s.startsWith('+')) {
    negative = s.startsWith('-');
    s = s.slice(1);
  }
  if (s === '0') return { ok: true, ns: 0n };
  if (s === '') return invalid;
  let total = 0n;
  let i = 0;
  while (i < s.length) {
    const first = s[i];
    if (first !== '.' && !isDigit(first)) return invalid;
    let intDigits = '';
    while (isDigit(s[i])) intDigits += s[i++];
    let fracDigits = '';
    if (s[i] === '.') {
      i++;
      while (isDigit(s[i])) fracDigits += s[i++];
    }
    if (intDigits === '' && fracDigits === '') return invalid;
    let unit = '';
    while (i < s.length && s[i] !== '.' && !isDigit(s[i])) unit += s[i++];
    if (unit === '') return { ok: false, message: `missing unit in duration ${JSON.stringify(input)}` };
    const scale = GO_UNITS.get(unit);
    if (scale === undefined) {
      return { ok: false, message: `unknown unit ${JSON.stringify(unit)} in duration ${JSON.stringify(input)}` };
    }
    let value = BigInt(intDigits === '' ? '0' : intDigits) * scale;
    if (fracDigits !== '') {
      value += (BigInt(fracDigits) * scale) / 10n ** BigInt(fracDigits.length);
    }
    total += value;
    if (total > MAX_INT64) return invalid;
  }
  return { ok: true, ns: negative ? -total : total };
}

function nanosToMs(ns: bigint): number {
  const whole = ns / NS_PER_MS;
  const rest = ns % NS_PER_MS;
  return Number(whole) + Number(rest) / 1e6;
}

/** Go syntax only (`time.ParseDuration`): what k6 accepts in CLI flags and stage text. */
export function tryParseGoDuration(text: string): DurationParseResult {
  const result = parseGoNanos(text);
  return result.ok ? { ok: true, ms: nanosToMs(result.ns) } : result;
}

/**
 * k6's extended syntax (`types.ParseExtendedDuration` / `Duration.UnmarshalJSON`): a number is
 * milliseconds, a numeric string is milliseconds, otherwise Go syntax with optional leading days.
 */
export function tryParseDuration(value: DurationInput): DurationParseResult {
  if (typeof value === 'number') {
    return Number.isFinite(value)
      ? { ok: true, ms: value }
      : { ok: false, message: `invalid duration ${String(value)}: expected a finite number of milliseconds` };
  }
  if (DECIMAL_FLOAT.test(value)) return { ok: true, ms: Number(value) };
  const dPos = value.indexOf('d');
  if (dPos < 0) return tryParseGoDuration(value);
  const invalid = { ok: false as const, message: `invalid duration ${JSON.stringify(value)}` };
  let restNs = 0n;
  if (dPos + 1 < value.length) {
    const rest = value.slice(dPos + 1);
    const parsed = parseGoNanos(rest);
    if (!parsed.ok) return { ok: false, message: `${parsed.message} in ${JSON.stringify(value)}` };
    if (parsed.ns < 0n) return { ok: false, message: `invalid time format ${JSON.stringify(rest)} in ${JSON.stringify(value)}` };
    restNs = parsed.ns;
  }
  const daysText = value.slice(0, dPos);
  if (!DECIMAL_INT.test(daysText)) return invalid;
  const days = BigInt(daysText);
  if (days < 0n) restNs = -restNs;
  const totalNs = days * 24n * 3_600_000_000_000n + restNs;
  // k6-compat: Go's int64 arithmetic silently wraps a day count past ~106751 days (292 years);
  // such a duration is reported as invalid instead.
  if (totalNs > MAX_INT64 || totalNs < -MAX_INT64) return { ok: false, message: `invalid duration ${JSON.stringify(value)}: longer than 292 years` };
  return { ok: true, ms: nanosToMs(totalNs) };
}

/**
 * Parses a duration in k6's extended syntax (see {@link tryParseDuration}) into milliseconds.
 * @throws InvalidConfigError (exit 104) naming `path` and quoting the bad value.
 */
export function parseDuration(value: DurationInput, path = ''): number {
  const result = tryParseDuration(value);
  if (result.ok) return result.ms;
  const issue: ValidationIssue = { path, message: result.message };
  throw new InvalidConfigError([issue]);
}

function trimFraction(fraction: bigint, digits: number): string {
  if (fraction === 0n) return '';
  return `.${fraction.toString().padStart(digits, '0').replace(/0+$/, '')}`;
}

/**
 * Prints milliseconds the way Go's `time.Duration.String()` does, as k6 shows durations:
 * `0s`, `500ms`, `1.5s`, `30s`, `1m30s`, `10m0s`, `1h0m0s`, `1.5µs`.
 */
export function formatDuration(ms: number): string {
  let ns = BigInt(Math.round(ms * 1e6));
  const sign = ns < 0n ? '-' : '';
  if (ns < 0n) ns = -ns;
  if (ns === 0n) return '0s';
  if (ns < 1_000n) return `${sign}${ns}ns`;
  if (ns < 1_000_000n) return `${sign}${ns / 1_000n}${trimFraction(ns % 1_000n, 3)}µs`;
  if (ns < 1_000_000_000n) return `${sign}${ns / 1_000_000n}${trimFraction(ns % 1_000_000n, 6)}ms`;
  const totalSeconds = ns / 1_000_000_000n;
  let text = `${totalSeconds % 60n}${trimFraction(ns % 1_000_000_000n, 9)}s`;
  const totalMinutes = totalSeconds / 60n;
  if (totalMinutes > 0n) {
    text = `${totalMinutes % 60n}m${text}`;
    const hours = totalMinutes / 60n;
    if (hours > 0n) text = `${hours}h${text}`;
  }
  return `${sign}${text}`;
}

/**
 * Go's `time.Duration.Round(multiple)`: rounds half away from zero. k6 rounds the banner's
 * "max duration" to 100ms this way.
 */
export function roundDuration(ms: number, multipleMs: number): number {
  if (multipleMs <= 0) return ms;
  const magnitude = Math.abs(ms);
  const remainder = magnitude % multipleMs;
  const rounded = remainder + remainder < multipleMs ? magnitude - remainder : magnitude + multipleMs - remainder;
  return ms < 0 ? -rounded : rounded;
}
