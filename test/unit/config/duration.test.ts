import { describe, expect, it } from 'vitest';
import { InvalidConfigError } from '../../../src/errors/errors.js';
import {
  formatDuration,
  parseDuration,
  roundDuration,
  tryParseDuration,
  tryParseGoDuration,
} from '../../../src/config/duration.js';

describe('parseDuration (k6 extended syntax)', () => {
  it.each([
    ['300ms', 300],
    ['1.5s', 1500],
    ['1h2m3.5s', 3_723_500],
    ['10us', 0.01],
    ['10µs', 0.01],
    ['10μs', 0.01],
    ['1500ns', 0.0015],
    ['1m30s', 90_000],
    ['-1.5s', -1500],
    ['+2s', 2000],
    ['0', 0],
    ['.5s', 500],
    ['1d', 86_400_000],
    ['1d2h', 93_600_000],
    ['-1d2h', -93_600_000],
    ['30', 30],
    ['10000', 10_000],
    ['1.5', 1.5],
    ['1e3', 1000],
  ])('reads the string %s as %d ms', (input, expected) => {
    expect(parseDuration(input)).toBeCloseTo(expected, 9);
  });

  it.each([
    [0, 0],
    [1500, 1500],
    [1000.5, 1000.5],
  ])('reads the number %d as milliseconds', (input, expected) => {
    expect(parseDuration(input)).toBe(expected);
  });

  it.each([
    ['abc', 'invalid duration "abc"'],
    ['', 'invalid duration ""'],
    ['1x', 'unknown unit "x" in duration "1x"'],
    ['1 s', 'unknown unit " s" in duration "1 s"'],
    ['1s2', 'missing unit in duration "1s2"'],
    ['.s', 'invalid duration ".s"'],
    ['1.5d', 'invalid duration "1.5d"'],
    ['1h2d', 'invalid duration "1h2d"'],
    ['1d-2h', 'invalid time format "-2h" in "1d-2h"'],
    ['1dfoo', 'invalid duration "foo" in "1dfoo"'],
  ])('rejects %j quoting the bad value', (input, message) => {
    const result = tryParseDuration(input);
    expect(result).toEqual({ ok: false, message });
  });

  it('throws an InvalidConfigError naming the path', () => {
    expect(() => parseDuration('soon', 'scenarios.s1.duration')).toThrow(InvalidConfigError);
    try {
      parseDuration('soon', 'scenarios.s1.duration');
    } catch (error) {
      expect((error as InvalidConfigError).issues).toEqual([
        { path: 'scenarios.s1.duration', message: 'invalid duration "soon"' },
      ]);
      expect((error as InvalidConfigError).exitCode).toBe(104);
    }
  });
});

describe('tryParseGoDuration (CLI flags and stage text)', () => {
  it.each([['1000'], ['1d'], ['30']])('rejects %s, which only the extended syntax accepts', (input) => {
    expect(tryParseGoDuration(input).ok).toBe(false);
  });

  it('says a unitless number is missing its unit', () => {
    expect(tryParseGoDuration('1000')).toEqual({ ok: false, message: 'missing unit in duration "1000"' });
  });

  it.each([
    ['0', 0],
    ['1m30s', 90_000],
    ['2h', 7_200_000],
  ])('accepts %s', (input, expected) => {
    expect(tryParseGoDuration(input)).toEqual({ ok: true, ms: expected });
  });
});

describe('formatDuration (Go time.Duration.String)', () => {
  it.each([
    [0, '0s'],
    [600_000, '10m0s'],
    [30_000, '30s'],
    [90_000, '1m30s'],
    [3_600_000, '1h0m0s'],
    [630_000, '10m30s'],
    [500, '500ms'],
    [1500, '1.5s'],
    [1.5, '1.5ms'],
    [0.0015, '1.5µs'],
    [0.000001, '1ns'],
    [86_400_000, '24h0m0s'],
    [93_784_500, '26h3m4.5s'],
    [-1500, '-1.5s'],
    [1000.5, '1.0005s'],
  ])('prints %d ms as %s', (ms, expected) => {
    expect(formatDuration(ms)).toBe(expected);
  });

  it.each(['10m0s', '1h0m0s', '1.5s', '500ms', '26h3m4.5s'])('round-trips %s through parse and format', (text) => {
    expect(formatDuration(parseDuration(text))).toBe(text);
  });
});

describe('roundDuration (Go Duration.Round)', () => {
  it.each([
    [630_049, 100, 630_000],
    [630_050, 100, 630_100],
    [-150, 100, -200],
    [1234, 0, 1234],
  ])('rounds %d ms to a multiple of %d as %d', (ms, multiple, expected) => {
    expect(roundDuration(ms, multiple)).toBe(expected);
  });
});
