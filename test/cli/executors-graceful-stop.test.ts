// Graceful stop and graceful ramp-down through the real CLI: an iteration still running when its
// scenario's time is up gets `gracefulStop` (a VU removed by ramping-vus gets `gracefulRampDown`)
// to finish; past that it is interrupted. As in k6, an interrupted iteration is counted in the
// progress line's "N interrupted iterations" and emits no `iterations` or `iteration_duration`.
import { afterAll, beforeAll, describe, it } from 'vitest';
import { startServer, type TestServer } from '../helpers/target-server.js';
import { explain, runWithExport } from './helpers/cli-test-kit.js';

let server: TestServer;

beforeAll(async () => {
  server = await startServer((_request, res) => {
    res.end('ok');
  });
});

afterAll(async () => {
  await server.close();
});

/** The completed and interrupted counts of the final `running (…)` progress line on stderr. */
function progressCounts(stderr: string): { complete: number; interrupted: number } {
  const lines = [...stderr.matchAll(/^running \(.*\), \d+\/\d+ VUs, (\d+) complete and (\d+) interrupted iterations$/gm)];
  const last = lines.at(-1);
  if (last === undefined) throw new Error(`no progress line on stderr:\n${stderr}`);
  return { complete: Number(last[1]), interrupted: Number(last[2]) };
}

// Both runs mostly sleep, so they run side by side.
describe.concurrent('qk6 run: gracefulStop and gracefulRampDown', () => {
  it('interrupts iterations still running 500 ms after a 1 s constant-vus scenario ends', async ({ expect }) => {
    // Each VU's first iteration takes 200 ms; its second (3 s) cannot finish by 1 s + 500 ms.
    const script = `
import http from 'k6/http';
import exec from 'k6/execution';
import { sleep } from 'k6';
export const options = {
  scenarios: { cv: { executor: 'constant-vus', vus: 2, duration: '1s', gracefulStop: '500ms' } },
};
export default function () {
  http.get(__ENV.TARGET + '/graceful-stop');
  sleep(exec.vu.iterationInScenario === 0 ? 0.2 : 3);
}
`;
    const run = await runWithExport(script, [], { env: { TARGET: server.url } });
    expect(run.exitCode, explain(run)).toBe(0);
    expect(progressCounts(run.stderr)).toEqual({ complete: 2, interrupted: 2 });
    expect(run.summary.metrics.iterations?.count).toBe(2);
    // Only the two 200 ms iterations have a duration; the interrupted ones (≈1.3 s) have none.
    expect(run.summary.metrics.iteration_duration?.max).toBeLessThan(1000);
  });

  it('interrupts a VU that ramping-vus removes once gracefulRampDown is over, and lets the others finish', async ({ expect }) => {
    // Iterations take 2 s. At 1 s the target drops from 2 VUs to 1: the removed VU has 200 ms left,
    // so its first iteration is interrupted. The remaining VU's second iteration (2 s → 4 s) outlasts
    // the stages (2.5 s) but finishes within the default 30 s gracefulStop.
    const script = `
import http from 'k6/http';
import { sleep } from 'k6';
export const options = {
  scenarios: {
    rv: {
      executor: 'ramping-vus',
      startVUs: 2,
      stages: [
        { duration: '1s', target: 2 },
        { duration: '0s', target: 1 },
        { duration: '1500ms', target: 1 },
      ],
      gracefulRampDown: '200ms',
    },
  },
};
export default function () {
  http.get(__ENV.TARGET + '/graceful-ramp-down');
  sleep(2);
}
`;
    const run = await runWithExport(script, [], { env: { TARGET: server.url } });
    expect(run.exitCode, explain(run)).toBe(0);
    expect(progressCounts(run.stderr)).toEqual({ complete: 2, interrupted: 1 });
    expect(run.summary.metrics.iterations?.count).toBe(2);
    expect(run.summary.metrics.iteration_duration?.min).toBeGreaterThanOrEqual(2000);
  });
});
