/**
 * Pure parsing of threshold keys and expressions, following k6 `metrics.ParseMetricName`
 * (metrics/metric.go) and `parseThresholdExpression` (metrics/thresholds_parser.go), error texts
 * included. Both functions throw a `SyntaxError` carrying k6's message; `thresholds.ts` turns those
 * into validation issues.
 */
import { TagSelector } from '../metrics/tag-selector.js';
import type { Tags } from '../metrics/metric.js';
import { parseGoFloat } from './go-float.js';

/** A parsed threshold key: `http_req_duration{status:200}` → metric + selected tags. */
export interface ThresholdKey {
  /** The metric name (text before `{`). */
  metric: string;
  /** The selected tags (empty for a plain metric). */
  tags: Tags;
  /** The raw text between the braces, or undefined for a plain metric. */
  selector: string | undefined;
}

/** Parses `metric` or `metric{k:v,k2:v2}` with k6's rules (`{`…`}` last, every tag `k:v` with a value). */
export function parseThresholdKey(key: string): ThresholdKey {
  const open = key.indexOf('{');
  const close = key.lastIndexOf('}');
  if (open === -1 && close === -1) return { metric: key, tags: {}, selector: undefined };
  const fail = (detail: string): never => {
    throw new SyntaxError(`parsing metric name failed, ${detail}`);
  };
  if (open === -1 || close === -1) fail(`metric ${quote(key)} has unmatched opening/close curly brace`);
  if (close < open) fail(`metric ${quote(key)} closing curly brace appears before opening one`);
  if (close !== key.length - 1) fail(`metric ${quote(key)} lacks a closing curly brace in its last position`);
  const selector = key.slice(open + 1, close);
  for (const tag of selector.split(',')) {
    const colon = tag.indexOf(':');
    if (colon === -1 || colon === tag.length - 1) fail(`metric ${quote(tag)} tag expression is malformed`);
  }
  return { metric: key.slice(0, open), tags: TagSelector.parse(selector)?.tags ?? {}, selector };
}

/** Threshold aggregation methods (k6 tokens). */
export type ThresholdAggregation = 'value' | 'count' | 'rate' | 'avg' | 'min' | 'med' | 'max' | 'p';
/** Threshold comparison operators; `==` and `===` are the same. */
export type ThresholdOperator = '<=' | '<' | '>=' | '>' | '===' | '==' | '!=';

/** A parsed `aggregation operator value` expression. */
export interface ThresholdExpression {
  aggregation: ThresholdAggregation;
  /** For `p(N)`: N (e.g. 99.9). */
  percentile?: number;
  operator: ThresholdOperator;
  value: number;
  /** The expression as written. */
  source: string;
}

/** Scan order matters: longer tokens sharing characters with shorter ones come first (k6). */
const OPERATORS: readonly ThresholdOperator[] = ['<=', '<', '>=', '>', '===', '==', '!='];
const AGGREGATIONS: readonly ThresholdAggregation[] = ['value', 'count', 'rate', 'avg', 'min', 'med', 'max', 'p'];

/** Parses `p(99.9) < 200` and friends exactly as k6 does. */
export function parseThresholdExpression(source: string): ThresholdExpression {
  let scanned: { left: string; operator: ThresholdOperator; right: string } | undefined;
  for (const operator of OPERATORS) {
    const at = source.indexOf(operator);
    const right = at === -1 ? '' : source.slice(at + operator.length);
    if (right !== '') {
      scanned = { left: source.slice(0, at).trim(), operator, right: right.trim() };
      break;
    }
  }
  if (scanned === undefined) {
    throw new SyntaxError(`failed parsing threshold expression ${quote(source)}; reason: malformed threshold expression`);
  }
  const { left, operator, right } = scanned;

  const lhsError = (reason: string): never => {
    throw new SyntaxError(`failed parsing threshold expression's ${quote(source)} left hand side; reason: ${reason}`);
  };
  let aggregation: ThresholdAggregation | undefined = AGGREGATIONS.find((token) => token === left);
  let percentile: number | undefined;
  if (aggregation === undefined) {
    if (!(left.startsWith('p(') && left.endsWith(')'))) lhsError('failed parsing method from expression');
    const parsed = parseGoFloat(left.slice(2, -1));
    if (!parsed.ok) return lhsError(`malformed percentile value; reason: ${parsed.error}`);
    aggregation = 'p';
    percentile = parsed.value;
  }

  const value = parseGoFloat(right);
  if (!value.ok) {
    // "expresion's" is k6's spelling.
    throw new SyntaxError(`failed parsing threshold expresion's ${quote(source)} right hand side; reason: ${value.error}`);
  }
  const expression: ThresholdExpression = { aggregation, operator, value: value.value, source };
  if (percentile !== undefined) expression.percentile = percentile;
  return expression;
}

/** Aggregations each metric type supports, in k6's order (used in its error message). */
export const SUPPORTED_AGGREGATIONS = {
  counter: ['count', 'rate'],
  gauge: ['value'],
  rate: ['rate'],
  trend: ['avg', 'min', 'max', 'med', 'p'],
} as const satisfies Record<string, readonly ThresholdAggregation[]>;

/** Applies `operator` to the observed value and the threshold's value. */
export function compareThreshold(observed: number, operator: ThresholdOperator, value: number): boolean {
  switch (operator) {
    case '<=':
      return observed <= value;
    case '<':
      return observed < value;
    case '>=':
      return observed >= value;
    case '>':
      return observed > value;
    case '==':
    case '===':
      return observed === value;
    case '!=':
      return observed !== value;
  }
}

/** Go's %q for the plain strings we quote. */
function quote(s: string): string {
  return JSON.stringify(s);
}
