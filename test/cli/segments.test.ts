// Execution segments through the real CLI: three processes running `0:1/3`, `1/3:2/3` and `2/3:1`
// of the sequence `0,1/3,2/3,1` together run exactly the single-process test — the same
// shared-iterations and per-vu-iterations counts, and constant-arrival-rate starts within one of
// it. Each process's banner scales the scenarios as k6 does (k6-reference.md §3's worked example,
// verified against k6 v1.3.0). A segment missing from the sequence is a configuration error.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInline, type SummaryExport } from '../helpers/run-cli.js';
import { startServer, type TestServer } from '../helpers/target-server.js';
import { explain, runWithExport, type ExportedRun } from './helpers/cli-test-kit.js';
import { parseLogLines } from './helpers/log-lines.js';

// The worked example's scenarios (si, pvu, car, rv), each hitting its own path.
const SCRIPT = `
import http from 'k6/http';
export const options = {
  scenarios: {
    si: { executor: 'shared-iterations', vus: 10, iterations: 100 },
    pvu: { executor: 'per-vu-iterations', vus: 10, iterations: 3 },
    car: { executor: 'constant-arrival-rate', rate: 10, duration: '1s', preAllocatedVUs: 7, maxVUs: 10 },
    rv: { executor: 'ramping-vus', startVUs: 0, stages: [{ duration: '1s', target: 10 }] },
  },
  thresholds: {
    'iterations{scenario:si}': ['count>=0'],
    'iterations{scenario:pvu}': ['count>=0'],
    'iterations{scenario:car}': ['count>=0'],
    'dropped_iterations{scenario:car}': ['count>=0'],
  },
};
export default function () {
  http.get(__ENV.TARGET + '/' + __ENV.RUN);
}
`;

const SEQUENCE = '0,1/3,2/3,1';
const SEGMENTS = ['0:1/3', '1/3:2/3', '2/3:1'] as const;

/** k6 v1.3.0's banner for each segment of the worked example (scenario lines in name order). */
const BANNERS: Record<(typeof SEGMENTS)[number], string[]> = {
  '0:1/3': [
    'scenarios: (33.33%) 4 scenarios, 16 max VUs, 10m30s max duration (incl. graceful stop):',
    '* car: 4.00 iterations/s for 1s (maxVUs: 3-4, gracefulStop: 30s)',
    '* pvu: 3 iterations for each of 4 VUs (maxDuration: 10m0s, gracefulStop: 30s)',
    '* rv: Up to 4 looping VUs for 1s over 1 stages (gracefulRampDown: 30s, gracefulStop: 30s)',
    '* si: 40 iterations shared among 4 VUs (maxDuration: 10m0s, gracefulStop: 30s)',
  ],
  '1/3:2/3': [
    'scenarios: (33.33%) 4 scenarios, 12 max VUs, 10m30s max duration (incl. graceful stop):',
    '* car: 3.00 iterations/s for 1s (maxVUs: 2-3, gracefulStop: 30s)',
    '* pvu: 3 iterations for each of 3 VUs (maxDuration: 10m0s, gracefulStop: 30s)',
    '* rv: Up to 3 looping VUs for 1s over 1 stages (gracefulRampDown: 30s, gracefulStop: 30s)',
    '* si: 30 iterations shared among 3 VUs (maxDuration: 10m0s, gracefulStop: 30s)',
  ],
  '2/3:1': [
    'scenarios: (33.33%) 4 scenarios, 12 max VUs, 10m30s max duration (incl. graceful stop):',
    '* car: 3.00 iterations/s for 1s (maxVUs: 2-3, gracefulStop: 30s)',
    '* pvu: 3 iterations for each of 3 VUs (maxDuration: 10m0s, gracefulStop: 30s)',
    '* rv: Up to 3 looping VUs for 1s over 1 stages (gracefulRampDown: 30s, gracefulStop: 30s)',
    '* si: 30 iterations shared among 3 VUs (maxDuration: 10m0s, gracefulStop: 30s)',
  ],
};

/** The banner's `scenarios:` line and the scenario lines under it, trimmed. */
function bannerLines(stdout: string): string[] {
  const lines = stdout.split('\n').map((line) => line.trim());
  const start = lines.findIndex((line) => line.startsWith('scenarios:'));
  if (start < 0) return [];
  const end = lines.findIndex((line, index) => index > start && !line.startsWith('* '));
  return lines.slice(start, end < 0 ? undefined : end);
}

function count(summary: SummaryExport, metric: string): number {
  const value = summary.metrics[metric]?.count;
  if (value === undefined) throw new Error(`${metric} is not in the export`);
  return value;
}

interface Counts {
  si: number;
  pvu: number;
  /** constant-arrival-rate starts: iterations + dropped. */
  carStarts: number;
}

function countsOf(run: ExportedRun): Counts {
  return {
    si: count(run.summary, 'iterations{scenario:si}'),
    pvu: count(run.summary, 'iterations{scenario:pvu}'),
    carStarts: count(run.summary, 'iterations{scenario:car}') + count(run.summary, 'dropped_iterations{scenario:car}'),
  };
}

let server: TestServer;
let single: ExportedRun;
const segmentRuns = new Map<string, ExportedRun>();

beforeAll(async () => {
  server = await startServer((_request, res) => {
    res.end('ok');
  });
  const run = (name: string, args: string[]) => runWithExport(SCRIPT, args, { env: { TARGET: server.url, RUN: name } });
  const runSegment = (segment: string) => run(segment, ['--execution-segment', segment, '--execution-segment-sequence', SEQUENCE]);
  // The single run and the first segment, then the other two: two processes at a time.
  const [whole, first] = await Promise.all([run('single', []), runSegment(SEGMENTS[0])]);
  single = whole;
  segmentRuns.set(SEGMENTS[0], first);
  const rest = await Promise.all(SEGMENTS.slice(1).map(runSegment));
  SEGMENTS.slice(1).forEach((segment, index) => segmentRuns.set(segment, rest[index] as ExportedRun));
});

afterAll(async () => {
  await server.close();
});

function segmentRun(segment: string): ExportedRun {
  const run = segmentRuns.get(segment);
  if (run === undefined) throw new Error(`no run for segment ${segment}`);
  return run;
}

describe('qk6 run --execution-segment with --execution-segment-sequence 0,1/3,2/3,1', () => {
  it('runs the whole test in one process: 100 shared, 10 × 3 per-VU and 10 arrival-rate starts', () => {
    expect(single.exitCode, explain(single)).toBe(0);
    expect(countsOf(single)).toEqual({ si: 100, pvu: 30, carStarts: 10 });
  });

  it.each(SEGMENTS)('prints k6 scaled scenario descriptions for segment %s', (segment) => {
    const run = segmentRun(segment);
    expect(run.exitCode, explain(run)).toBe(0);
    expect(bannerLines(run.stdout)).toEqual(BANNERS[segment]);
  });

  it('adds up to the single run in three processes', () => {
    const sums = SEGMENTS.map((segment) => countsOf(segmentRun(segment))).reduce((total, counts) => ({
      si: total.si + counts.si,
      pvu: total.pvu + counts.pvu,
      carStarts: total.carStarts + counts.carStarts,
    }));
    const whole = countsOf(single);
    expect(sums.si).toBe(whole.si);
    expect(sums.pvu).toBe(whole.pvu);
    expect(Math.abs(sums.carStarts - whole.carStarts)).toBeLessThanOrEqual(1);
    // The server saw the same: each process's requests are its iterations (rv's included).
    for (const segment of SEGMENTS) {
      const requests = server.requests.filter((request) => request.url === `/${segment}`).length;
      expect(requests).toBe(segmentRun(segment).summary.metrics.iterations?.count);
    }
  });

  it.each(SEGMENTS)('gives segment %s its share: 4/3/3 of 10 VUs, 40/30/30 shared iterations', (segment) => {
    const counts = countsOf(segmentRun(segment));
    const share = segment === '0:1/3' ? { si: 40, pvu: 12, carStarts: 4 } : { si: 30, pvu: 9, carStarts: 3 };
    expect(counts.si).toBe(share.si);
    expect(counts.pvu).toBe(share.pvu);
    expect(Math.abs(counts.carStarts - share.carStarts)).toBeLessThanOrEqual(1);
  });

  it('rejects a segment that is not in the sequence with exit code 104', async () => {
    const run = await runInline({ 'script.js': SCRIPT }, ['--execution-segment', '1/4:1/2', '--execution-segment-sequence', SEQUENCE], {
      env: { TARGET: server.url, RUN: 'rejected' },
    });
    expect(run.exitCode, explain(run)).toBe(104);
    const errors = parseLogLines(run.stderr).filter((line) => line.level === 'error');
    expect(errors.map((line) => line.msg)).toEqual([expect.stringMatching(/1\/4:1\/2.*can't be found in sequence 0,1\/3,2\/3,1/)]);
    expect(server.requests.some((request) => request.url === '/rejected')).toBe(false);
  });
});
