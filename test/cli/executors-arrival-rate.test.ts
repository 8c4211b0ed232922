// The arrival-rate executors through the real CLI against a local server: iterations start at the
// configured rate whatever the VUs do, so the started iterations (`iterations` + the starts that
// found no free VU, `dropped_iterations`) follow the schedule: rate × duration for
// constant-arrival-rate, the area under the rate curve for ramping-arrival-rate.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SummaryExport } from '../helpers/run-cli.js';
import { startServer, type TestServer } from '../helpers/target-server.js';
import { explain, runWithExport } from './helpers/cli-test-kit.js';
import { parseLogLines } from './helpers/log-lines.js';

let server: TestServer;

beforeAll(async () => {
  server = await startServer((_request, res) => {
    res.end('ok');
  });
});

afterAll(async () => {
  await server.close();
});

function hits(path: string): number {
  return server.requests.filter((request) => request.url === path).length;
}

/** `metric{scenario:name}`'s count in the export; 0 when the submetric has no samples. */
function scenarioCount(summary: SummaryExport, metric: string, scenario: string): number {
  const submetric = summary.metrics[`${metric}{scenario:${scenario}}`];
  if (submetric === undefined) throw new Error(`${metric}{scenario:${scenario}} is not in the export`);
  return submetric.count ?? 0;
}

describe('qk6 run: constant-arrival-rate', () => {
  it('starts 2000 iterations (±2 %) at 200 it/s for 10 s', async () => {
    const script = `
import http from 'k6/http';
export const options = {
  scenarios: {
    car: { executor: 'constant-arrival-rate', rate: 200, timeUnit: '1s', duration: '10s', preAllocatedVUs: 20, maxVUs: 50 },
  },
};
export default function () { http.get(__ENV.TARGET + '/car'); }
`;
    const run = await runWithExport(script, [], { env: { TARGET: server.url }, timeoutMs: 40_000 });
    expect(run.exitCode, explain(run)).toBe(0);
    const iterations = run.summary.metrics.iterations?.count ?? 0;
    const dropped = run.summary.metrics.dropped_iterations?.count ?? 0;
    expect(Math.abs(iterations + dropped - 2000), `${iterations} iterations + ${dropped} dropped`).toBeLessThanOrEqual(40);
    expect(hits('/car')).toBe(iterations);
  });
});

// ramp: 10 → 25 it/s over 1 s, then 25 it/s for 1 s: the area under the rate is 17.5 + 25 = 42.5, and
// k6 starts iteration n (1, 2, …) where the area reaches n, so 42 starts.
// starved: 4 starts in 1 s (at 0, 250, 500, 750 ms) for one VU whose iterations take 350 ms; at most
// 3 can find it free, the others are dropped, and k6 warns once that it ran out of VUs.
const SCRIPT = `
import http from 'k6/http';
import { sleep } from 'k6';
export const options = {
  scenarios: {
    ramp: {
      executor: 'ramping-arrival-rate',
      startRate: 10,
      timeUnit: '1s',
      stages: [{ duration: '1s', target: 25 }, { duration: '1s', target: 25 }],
      preAllocatedVUs: 5,
      maxVUs: 10,
      exec: 'ramp',
    },
    starved: { executor: 'constant-arrival-rate', rate: 4, duration: '1s', preAllocatedVUs: 1, maxVUs: 1, exec: 'starved' },
  },
  thresholds: {
    'iterations{scenario:ramp}': ['count>0'],
    'dropped_iterations{scenario:ramp}': ['count>=0'],
    'iterations{scenario:starved}': ['count>0'],
    'dropped_iterations{scenario:starved}': ['count>0'],
  },
};
export function ramp() { http.get(__ENV.TARGET + '/ramp'); }
export function starved() { http.get(__ENV.TARGET + '/starved'); sleep(0.35); }
`;

describe('qk6 run: ramping-arrival-rate and dropped iterations', () => {
  it.each([1, 2])('starts as many iterations as the area under the rate, and drops what finds no VU, with --workers %d', async (workers) => {
    const run = await runWithExport(SCRIPT, ['--workers', String(workers)], { env: { TARGET: server.url } });
    expect(run.exitCode, explain(run)).toBe(0);
    const { summary } = run;
    expect(scenarioCount(summary, 'iterations', 'ramp') + scenarioCount(summary, 'dropped_iterations', 'ramp')).toBe(42);

    const starvedIterations = scenarioCount(summary, 'iterations', 'starved');
    const starvedDropped = scenarioCount(summary, 'dropped_iterations', 'starved');
    expect(starvedIterations + starvedDropped).toBe(4);
    expect(starvedDropped).toBeGreaterThanOrEqual(1);
    // Once, for the starved scenario only (other warnings, e.g. a busy REST API port, may appear).
    const insufficient = parseLogLines(run.stderr).filter((line) => line.level === 'warning' && line.msg.startsWith('Insufficient VUs'));
    expect(insufficient.map((line) => [line.msg, line.fields.scenario])).toEqual([
      ['Insufficient VUs, reached 1 active VUs and cannot initialize more', 'starved'],
    ]);
  });
});
