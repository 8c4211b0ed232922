import { describe, expect, it } from 'vitest';
import type { ResolvedConstantArrivalRate, ResolvedRampingArrivalRate } from '../../../src/config/scenario-types.js';
import { RampingRateMeter, arrivalRateProgress } from '../../../src/execution/arrival-rate-progress.js';
import { fixedLengthDuration, fixedLengthFloat, fixedLengthInt, goFixed } from '../../../src/execution/go-format.js';

describe('Go formatting used by progress lines', () => {
  it.each([
    [0.125, 2, '0.12'],
    [0.375, 2, '0.38'],
    [2.5, 0, '2'],
    [3.5, 0, '4'],
    [1.005, 2, '1.00'],
    [2.675, 2, '2.67'],
    [10, 2, '10.00'],
    [-1.5, 0, '-2'],
    [1e21, 1, '1000000000000000000000.0'],
    [0.000001, 2, '0.00'],
  ])('%%.Nf of %d with %d digits is %s (exact ties to even)', (value, digits, expected) => {
    expect(goFixed(value, digits)).toBe(expected);
  });

  // k6 internal/ui/pb TestGetFixedLengthInt (the int64 extremes left out).
  it.each([
    [1, 0, '1'],
    [1, 1, '1'],
    [111, 5, '111'],
    [-1, 5, '-1'],
    [-1, -50, '-01'],
    [1, 15, '01'],
    [1, 150, '001'],
    [999, 1500, '0999'],
    [-999, 1500, '-999'],
    [1, 10000, '00001'],
    [1234567, 10000, '1234567'],
  ])('pb int %d padded for max %d is %s', (value, max, expected) => {
    expect(fixedLengthInt(value, max)).toBe(expected);
  });

  // k6 internal/ui/pb TestGetFixedLengthFloat.
  it.each([
    [0, 0, 0, '0'],
    [0, 0, 2, '0.00'],
    [0, 100, 2, '000.00'],
    [0, -100, 2, '0000.00'],
    [12, -100, 2, '0012.00'],
    [-12, -100, 2, '-012.00'],
    [12, 99, 2, '12.00'],
    [12, 100, 2, '012.00'],
    [1, 0, 1, '1.0'],
    [1.01, 0, 1, '1.0'],
    [1.007, 0, 2, '1.01'],
    [1.003, 10, 4, '01.0030'],
    [1.003, -10, 4, '001.0030'],
    [-1.003, -10, 4, '-01.0030'],
    [12.003, 1000, 4, '0012.0030'],
  ])('pb float %d padded for max %d with %d digits is %s', (value, max, precision, expected) => {
    expect(fixedLengthFloat(value, max, precision)).toBe(expected);
  });

  const S = 1_000;
  const M = 60 * S;
  const H = 60 * M;
  // k6 internal/ui/pb TestGetFixedLengthDuration.
  it.each([
    [0, 0, '0.0s'],
    [1 * S, 0, '1.0s'],
    [9_940, 0, '9.9s'],
    [9_950, 0, '10.0s'],
    [1_100, 0, '1.1s'],
    [-1_100, 0, '1.1s'],
    [1_100, 10 * S, '01.1s'],
    [1_100, M, '0m01.1s'],
    [1_100, -M, '0m01.1s'],
    [1_100, 10 * M, '00m01.1s'],
    [1_100, H, '0h00m01.1s'],
    [1_100, 10 * H, '00h00m01.1s'],
    [183 * S, 10 * M, '03m03.0s'],
    [183 * S, 120 * M, '0h03m03.0s'],
    [183 * S, 10 * H, '00h03m03.0s'],
    [183 * S, 25 * H, '0d00h03m03.0s'],
    [25 * H, 25 * H, '1d01h00m00.0s'],
    [482 * H, 25 * H, '20d02h00m00.0s'],
    [482 * H, 4800 * H, '020d02h00m00.0s'],
  ])('pb duration %d ms for max %d ms is %s', (value, max, expected) => {
    expect(fixedLengthDuration(value, max)).toBe(expected);
  });
});

const BASE = { startTime: 0, gracefulStop: 30_000, env: {}, exec: 'default', execExplicit: false, tags: {}, browser: null };

describe('arrivalRateProgress', () => {
  const car: ResolvedConstantArrivalRate = {
    ...BASE,
    name: 'car',
    executor: 'constant-arrival-rate',
    rate: 10,
    timeUnit: 1_000,
    duration: 10_000,
    preAllocatedVUs: 7,
    maxVUs: 10,
  };

  it.each([
    [0, 0, 7, { fraction: 0, detail: '00/07 VUs  00.0s/10s  10.00 iters/s' }],
    [4_200, 3, 7, { fraction: 0.42, detail: '03/07 VUs  04.2s/10s  10.00 iters/s' }],
    [10_000, 1, 10, { fraction: 1, detail: '01/10 VUs  10.0s/10s  10.00 iters/s' }],
    [12_000, 0, 10, { fraction: 1, detail: '00/10 VUs  10s  10.00 iters/s' }],
  ])('constant-arrival-rate at %d ms with %d running of %d VUs', (elapsedMs, runningVUs, activatedVUs, expected) => {
    expect(arrivalRateProgress({ scenario: car, elapsedMs, runningVUs, activatedVUs })).toEqual(expected);
  });

  it('pads the rate to its width and prints fractional rates like Go', () => {
    const slow = { ...car, rate: 1, timeUnit: 3_000, duration: 90_000, maxVUs: 200 };
    expect(arrivalRateProgress({ scenario: slow, elapsedMs: 1_000, runningVUs: 5, activatedVUs: 20 }).detail).toBe(
      '005/020 VUs  0m01.0s/1m30s  0.33 iters/s',
    );
  });

  it('shows the current ramping rate from the schedule, padded to the highest stage rate', () => {
    const rar: ResolvedRampingArrivalRate = {
      ...BASE,
      name: 'rar',
      executor: 'ramping-arrival-rate',
      startRate: 10,
      timeUnit: 1_000,
      stages: [
        { duration: 1_000, target: 10 },
        { duration: 1_000, target: 50 },
        { duration: 1_000, target: 50 },
      ],
      preAllocatedVUs: 10,
      maxVUs: 20,
    };
    const meter = new RampingRateMeter(rar);
    const at = (elapsedMs: number): string =>
      arrivalRateProgress({ scenario: rar, elapsedMs, runningVUs: 2, activatedVUs: 10, currentRatePerSecond: meter.rateAt(elapsedMs) }).detail;
    expect(at(500)).toBe('02/10 VUs  0.5s/3s  10.00 iters/s');
    expect(at(2_500)).toBe('02/10 VUs  2.5s/3s  50.00 iters/s');
    expect(meter.rateAt(1_500)).toBeCloseTo(1_000 / (1_000 / 30), -1);
  });
});
