import { describe, expect, it } from 'vitest';
import {
  humanizeBytes,
  humanizeDuration,
  humanizeValue,
  nonTrendValueColumns,
  strWidth,
  toFixedNoTrailingZeros,
} from '../../../src/summary/format.js';

describe('duration formatting', () => {
  it.each([
    [0, '', '0s'],
    [0.0008129, '', '812ns'],
    [0.38082, '', '380.82µs'],
    [0.065379, '', '65.37µs'],
    [0.1, '', '100µs'],
    [2.155, '', '2.15ms'],
    [999.999, '', '999.99ms'],
    [1500, '', '1.5s'],
    [59_999, '', '59.99s'],
    [90_000, '', '1m30s'],
    [3_723_000, '', '1h2m3s'],
    [2.155, 'ms', '2.15ms'],
    [2.155, 's', '0.00s'],
    [1234.5, 's', '1.23s'],
    [0.5, 'us', '500.00µs'],
    [0.5, 'minutes', '500µs'],
  ])('formats %d ms with unit %j as %j', (ms, unit, text) => {
    expect(humanizeDuration(ms, unit)).toBe(text);
  });
});

describe('byte formatting', () => {
  it.each([
    [0, '0 B'],
    [9, '9 B'],
    [420, '420 B'],
    [960, '960 B'],
    [168_992.87, '169 kB'],
    [386_269.41, '386 kB'],
    [1_250_000, '1.3 MB'],
    [9_960_000, '10 MB'],
  ])('formats %d bytes as %j', (bytes, text) => {
    expect(humanizeBytes(bytes)).toBe(text);
  });
});

describe('value formatting', () => {
  it.each([
    ['rate', 'default', 1, '100.00%'],
    ['rate', 'default', 0.99999, '99.99%'],
    ['rate', 'default', 0, '0.00%'],
    ['trend', 'default', 0.5692450001, '0.569245'],
    ['counter', 'default', 2414.1838126, '2414.183813'],
    ['counter', 'default', 6, '6'],
    ['counter', 'data', 960, '960 B'],
    ['trend', 'time', 2.055, '2.05ms'],
    // k6 truncates 2.05 × 100 = 204.999… to 204
    ['trend', 'time', 2.05, '2.04ms'],
  ] as const)('formats a %s of %s values %d as %j', (type, contains, value, text) => {
    expect(humanizeValue(value, { type, contains }, '')).toBe(text);
  });

  it.each([
    [{ type: 'counter', contains: 'default', values: { count: 12, rate: 4828.3676252 } }, ['12', '4828.367625/s']],
    [{ type: 'counter', contains: 'data', values: { count: 420, rate: 168992.8 } }, ['420 B', '169 kB/s']],
    [{ type: 'gauge', contains: 'default', values: { value: 2, min: 1, max: 2 } }, ['2', 'min=1', 'max=2']],
    [{ type: 'rate', contains: 'default', values: { rate: 0.5, passes: 8, fails: 8 } }, ['50.00%', '8 out of 16']],
  ] as const)('renders the columns of %j', (metric, columns) => {
    expect(nonTrendValueColumns(metric, '')).toEqual(columns);
  });

  it('drops trailing zeros after rounding', () => {
    expect(toFixedNoTrailingZeros(1.5000001, 6)).toBe('1.5');
  });

  it('measures display width without ANSI codes', () => {
    expect(strWidth('\x1b[2;37m....:\x1b[0m µs ✓')).toBe(10);
  });
});
