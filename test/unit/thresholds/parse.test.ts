import { describe, expect, it } from 'vitest';
import { parseThresholdExpression, parseThresholdKey } from '../../../src/thresholds/parse.js';
import { parseGoFloat } from '../../../src/thresholds/go-float.js';

describe('threshold keys', () => {
  it.each([
    ['http_req_duration', 'http_req_duration', {}],
    ['http_req_duration{status:200}', 'http_req_duration', { status: '200' }],
    ['http_req_duration{group:::api}', 'http_req_duration', { group: '::api' }],
    ['checks{scenario:foo, method : "GET"}', 'checks', { scenario: 'foo', method: 'GET' }],
    ["my_trend{'my_tag':'x'}", 'my_trend', { my_tag: 'x' }],
    ['http_req_duration{url:http://x/?a=b}', 'http_req_duration', { url: 'http://x/?a=b' }],
  ])('parses %j', (key, metric, tags) => {
    expect(parseThresholdKey(key)).toMatchObject({ metric, tags });
  });

  it.each([
    ['http_req_duration{status:200', 'metric "http_req_duration{status:200" has unmatched opening/close curly brace'],
    ['http_req_duration}status:200', 'metric "http_req_duration}status:200" has unmatched opening/close curly brace'],
    ['http_req_duration}x{', 'metric "http_req_duration}x{" closing curly brace appears before opening one'],
    ['http_req_duration{a:1}x', 'metric "http_req_duration{a:1}x" lacks a closing curly brace in its last position'],
    ['http_req_duration{status}', 'metric "status" tag expression is malformed'],
    ['http_req_duration{status:}', 'metric "status:" tag expression is malformed'],
    ['http_req_duration{}', 'metric "" tag expression is malformed'],
    ['http_req_duration{a:1,}', 'metric "" tag expression is malformed'],
  ])('rejects %j', (key, message) => {
    expect(() => parseThresholdKey(key)).toThrow(`parsing metric name failed, ${message}`);
  });
});

describe('threshold expressions', () => {
  it.each([
    ['p(95)<200', { aggregation: 'p', percentile: 95, operator: '<', value: 200 }],
    ['p(99.9) < 200', { aggregation: 'p', percentile: 99.9, operator: '<', value: 200 }],
    ['avg<=1.5', { aggregation: 'avg', operator: '<=', value: 1.5 }],
    ['  med >= 10 ', { aggregation: 'med', operator: '>=', value: 10 }],
    ['max>-1e3', { aggregation: 'max', operator: '>', value: -1000 }],
    ['min===0', { aggregation: 'min', operator: '===', value: 0 }],
    ['count==5', { aggregation: 'count', operator: '==', value: 5 }],
    ['rate!=0.5', { aggregation: 'rate', operator: '!=', value: 0.5 }],
    ['value < .5', { aggregation: 'value', operator: '<', value: 0.5 }],
    ['rate<0x1p-2', { aggregation: 'rate', operator: '<', value: 0.25 }],
    ['avg<+Inf', { aggregation: 'avg', operator: '<', value: Infinity }],
  ])('parses %j', (source, expected) => {
    expect(parseThresholdExpression(source)).toEqual({ ...expected, source });
  });

  it.each([
    ['p(95)', 'failed parsing threshold expression "p(95)"; reason: malformed threshold expression'],
    ['avg<', 'failed parsing threshold expression "avg<"; reason: malformed threshold expression'],
    ['', 'failed parsing threshold expression ""; reason: malformed threshold expression'],
    ['average<200', `failed parsing threshold expression's "average<200" left hand side; reason: failed parsing method from expression`],
    ['avg => 3', `failed parsing threshold expression's "avg => 3" left hand side; reason: failed parsing method from expression`],
    ['p(abc)<1', `failed parsing threshold expression's "p(abc)<1" left hand side; reason: malformed percentile value; reason: strconv.ParseFloat: parsing "abc": invalid syntax`],
    ['p( 95 )<1', `failed parsing threshold expression's "p( 95 )<1" left hand side; reason: malformed percentile value; reason: strconv.ParseFloat: parsing " 95 ": invalid syntax`],
    ['avg<abc', `failed parsing threshold expresion's "avg<abc" right hand side; reason: strconv.ParseFloat: parsing "abc": invalid syntax`],
    ['avg<1e400', `failed parsing threshold expresion's "avg<1e400" right hand side; reason: strconv.ParseFloat: parsing "1e400": value out of range`],
    ['avg<1_000', `failed parsing threshold expresion's "avg<1_000" right hand side; reason: strconv.ParseFloat: parsing "1_000": invalid syntax`],
  ])('rejects %j with k6 error text', (source, message) => {
    expect(() => parseThresholdExpression(source)).toThrow(message);
  });

  it('scans operators in k6 order, so `a<b>c` splits at `<`', () => {
    expect(() => parseThresholdExpression('avg<1>2')).toThrow(/right hand side/);
  });
});

describe('Go float parsing', () => {
  it.each([
    ['1', 1],
    ['-2.5', -2.5],
    ['1.', 1],
    ['1E2', 100],
    ['inf', Infinity],
    ['-Infinity', -Infinity],
    ['0X1.8P1', 3],
  ])('parses %j', (s, value) => {
    expect(parseGoFloat(s)).toEqual({ ok: true, value });
  });

  it('parses NaN', () => {
    const result = parseGoFloat('NaN');
    expect(result.ok && Number.isNaN(result.value)).toBe(true);
  });

  it.each(['', '1..2', '--1', '0x1', 'e5', '1 2'])('rejects %j', (s) => {
    expect(parseGoFloat(s).ok).toBe(false);
  });
});
