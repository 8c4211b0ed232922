// How many VU workers the launcher starts before the CLI has parsed anything (early-worker.ts).
import { describe, expect, it } from 'vitest';
import { earlyWorkerCount } from '../../../src/execution/worker/early-worker.js';

const count = (args: string[], env: Record<string, string> = {}, cores = 2): number => earlyWorkerCount(['run', ...args, 'script.js'], env, cores);

describe('earlyWorkerCount', () => {
  it('starts one worker when the VU count comes from the script (or k6 default of 1)', () => {
    expect(count([])).toBe(1);
    expect(count(['--duration', '10s'], {}, 8)).toBe(1);
  });

  it('starts every worker the run will use when --vus / -u fixes the VU count', () => {
    expect(count(['--vus', '100'])).toBe(2);
    expect(count(['--vus=1000'], {}, 8)).toBe(8);
    expect(count(['-u', '3'], {}, 8)).toBe(3);
    expect(count(['-u5'], {}, 8)).toBe(5);
    expect(count(['--vus', '1'], {}, 8)).toBe(1);
  });

  it('takes K6_VUS when the command line has no --vus, as k6 orders them', () => {
    expect(count([], { K6_VUS: '50' })).toBe(2);
    expect(count(['--vus', '1'], { K6_VUS: '50' })).toBe(1);
  });

  it('follows --workers and QK6_WORKERS instead of the core count', () => {
    expect(count(['--vus', '100', '--workers', '1'], {}, 8)).toBe(1);
    expect(count(['--vus', '100', '--workers=3'], {}, 8)).toBe(3);
    expect(count(['--vus', '100'], { QK6_WORKERS: '4' }, 2)).toBe(4);
  });

  it('starts one for an execution segment, and ignores what it cannot read', () => {
    expect(count(['--vus', '100', '--execution-segment', '0:1/2'])).toBe(1);
    expect(count(['--vus', 'many'])).toBe(1);
    expect(count(['--vus', '0'])).toBe(1);
    expect(count(['--vus', '100', '--workers', 'x'], {}, 4)).toBe(4);
    expect(count(['--', '--vus', '100'])).toBe(1);
  });
});
