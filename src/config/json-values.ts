/**
 * Readers for JSON-shaped option values (the script's exported `options`, the config file, and
 * scenario objects), following k6's `UnmarshalJSON` rules: `null` means unset, integers may also
 * be written as integer strings (`guregu/null` Int), durations are strings or milliseconds.
 *
 * A reader returns the value, or `undefined` after pushing an issue (so a bad value is reported
 * once and never reaches consolidation).
 */
import type { ValidationIssue } from '../errors/errors.js';
import { tryParseDuration, type DurationInput } from './duration.js';

/** Reads one value found at `path`; returns undefined for null/unset or after recording an issue. */
export type ValueReader<T> = (raw: unknown, path: string, issues: ValidationIssue[]) => T | undefined;

/** Short description of a received value for messages: `"abc"`, `1.5`, `true`, `an array`. */
export function describeValue(raw: unknown): string {
  if (raw === null) return 'null';
  if (Array.isArray(raw)) return 'an array';
  switch (typeof raw) {
    case 'string':
      return JSON.stringify(raw);
    case 'number':
    case 'boolean':
    case 'bigint':
      return String(raw);
    case 'object':
      return 'an object';
    case 'undefined':
      return 'undefined';
    default:
      return `a ${typeof raw}`;
  }
}

function wrongType(path: string, expected: string, raw: unknown, issues: ValidationIssue[]): undefined {
  issues.push({ path, message: `expected ${expected}, got ${describeValue(raw)}` });
  return undefined;
}

/** A JSON object (not null, not an array). */
export function isPlainObject(raw: unknown): raw is Record<string, unknown> {
  return typeof raw === 'object' && raw !== null && !Array.isArray(raw);
}

/** An integer (k6 null.Int): a whole number, or a string holding one; `""` and null are unset. */
export const readInt: ValueReader<number> = (raw, path, issues) => {
  if (raw === null || raw === undefined || raw === '') return undefined;
  if (typeof raw === 'number' && Number.isSafeInteger(raw)) return raw;
  if (typeof raw === 'string' && /^[+-]?\d+$/.test(raw) && Number.isSafeInteger(Number(raw))) return Number(raw);
  return wrongType(path, 'an integer', raw, issues);
};

/** A boolean (k6 null.Bool accepts only true/false). */
export const readBool: ValueReader<boolean> = (raw, path, issues) => {
  if (raw === null || raw === undefined) return undefined;
  if (typeof raw === 'boolean') return raw;
  return wrongType(path, 'true or false', raw, issues);
};

/** A string (k6 null.String; `""` is a real value). */
export const readString: ValueReader<string> = (raw, path, issues) => {
  if (raw === null || raw === undefined) return undefined;
  if (typeof raw === 'string') return raw;
  return wrongType(path, 'a string', raw, issues);
};

/** A duration (k6 types.NullDuration): a string in k6's extended syntax, or milliseconds. */
export const readDuration: ValueReader<DurationInput> = (raw, path, issues) => {
  if (raw === null || raw === undefined) return undefined;
  if (typeof raw !== 'string' && typeof raw !== 'number') {
    return wrongType(path, 'a duration (like "30s", "1m30s", "1d2h", or a number of milliseconds)', raw, issues);
  }
  const parsed = tryParseDuration(raw);
  if (!parsed.ok) {
    issues.push({ path, message: parsed.message });
    return undefined;
  }
  return raw;
};

/** An array of strings; each element optionally checked by `check` (returns an error message). */
export function readStringList(check?: (item: string) => string | undefined): ValueReader<string[]> {
  return (raw, path, issues) => {
    if (raw === null || raw === undefined) return undefined;
    if (!Array.isArray(raw)) return wrongType(path, 'an array of strings', raw, issues);
    const before = issues.length;
    const list: string[] = [];
    raw.forEach((item: unknown, index) => {
      const itemPath = `${path}[${index}]`;
      if (typeof item !== 'string') {
        wrongType(itemPath, 'a string', item, issues);
        return;
      }
      const problem = check?.(item);
      if (problem !== undefined) issues.push({ path: itemPath, message: problem });
      list.push(item);
    });
    return issues.length === before ? list : undefined;
  };
}

/** An object whose values are all strings (Go `map[string]string`). */
export function readStringMap(checkKey?: (key: string) => string | undefined, checkValue?: (value: string) => string | undefined): ValueReader<Record<string, string>> {
  return (raw, path, issues) => {
    if (raw === null || raw === undefined) return undefined;
    if (!isPlainObject(raw)) return wrongType(path, 'an object of string values', raw, issues);
    const before = issues.length;
    const result: Record<string, string> = {};
    for (const [key, value] of Object.entries(raw)) {
      const keyPath = `${path}.${key}`;
      const keyProblem = checkKey?.(key);
      if (keyProblem !== undefined) issues.push({ path: keyPath, message: keyProblem });
      if (typeof value !== 'string') {
        wrongType(keyPath, 'a string', value, issues);
        continue;
      }
      const valueProblem = checkValue?.(value);
      if (valueProblem !== undefined) issues.push({ path: keyPath, message: valueProblem });
      result[key] = value;
    }
    return issues.length === before ? result : undefined;
  };
}

/** Any JSON object, kept raw. */
export const readObject: ValueReader<Record<string, unknown>> = (raw, path, issues) => {
  if (raw === null || raw === undefined) return undefined;
  if (isPlainObject(raw)) return raw;
  return wrongType(path, 'an object', raw, issues);
};

/** One of a fixed set of strings. */
export function readEnum<T extends string>(values: readonly T[], check?: (value: string) => string | undefined): ValueReader<T> {
  return (raw, path, issues) => {
    if (raw === null || raw === undefined) return undefined;
    if (typeof raw !== 'string') return wrongType(path, 'a string', raw, issues);
    if ((values as readonly string[]).includes(raw)) return raw as T;
    issues.push({ path, message: check?.(raw) ?? `expected one of ${values.join(', ')}, got ${describeValue(raw)}` });
    return undefined;
  };
}

/**
 * Reports keys of `raw` outside `allowed` as issues (k6 decodes these objects strictly:
 * `json: unknown field "x"`).
 */
export function checkKnownKeys(raw: Record<string, unknown>, allowed: readonly string[], path: string, issues: ValidationIssue[], what: string): void {
  for (const key of Object.keys(raw)) {
    if (!allowed.includes(key)) issues.push({ path: `${path}.${key}`, message: `unknown field "${key}" in ${what}` });
  }
}
