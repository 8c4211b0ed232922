// How many iterations each executor runs, through the real CLI against a local server: the
// iteration-count executors (shared-iterations, per-vu-iterations and the -u/-i/-d shortcuts) run
// exactly k6's counts; the looping executors (constant-vus, ramping-vus) are time-based, so their
// VU counts are checked through `exec.vu.idInTest`. Every multi-VU case runs with --workers 1 and
// --workers 2, which must agree on counts, check results, threshold verdicts and the exit code.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SummaryExport } from '../helpers/run-cli.js';
import { startServer, type TestServer } from '../helpers/target-server.js';
import { explain, runWithExport, type ExportedRun } from './helpers/cli-test-kit.js';
import { parseLogLines, reported } from './helpers/log-lines.js';

let server: TestServer;

beforeAll(async () => {
  server = await startServer((_request, res) => {
    res.end('ok');
  });
});

afterAll(async () => {
  await server.close();
});

/** Requests the server received for `path`. */
function hits(path: string): number {
  return server.requests.filter((request) => request.url === path).length;
}

/** `metric{scenario:name}`'s count in the export (the script gives it a threshold so it is exported). */
function scenarioCount(summary: SummaryExport, metric: string, scenario: string): number | undefined {
  return summary.metrics[`${metric}{scenario:${scenario}}`]?.count;
}

/** Each case uses its own request path, so server counts of runs sharing the server stay apart. */
function countingScript(path: string): string {
  return `
import http from 'k6/http';
import exec from 'k6/execution';
export default function () {
  http.get(__ENV.TARGET + '${path}');
  console.log('vu ' + JSON.stringify(exec.vu.idInTest));
}
`;
}

describe('qk6 run: iteration counts of the iteration-count executors', () => {
  interface CountCase {
    what: string;
    args: string[];
    iterations: number;
    /** Distinct `exec.vu.idInTest` values at most (all VUs need not get a shared iteration). */
    vus: number;
    workers: number;
    /** The banner's scenario line, as k6 prints it. */
    banner: string;
    /** A warning k6 prints for this configuration. */
    warns?: RegExp;
  }

  const ONE_ITERATION = '* default: 1 iterations for each of 1 VUs (maxDuration: 10m0s, gracefulStop: 30s)';
  const SEVEN_SHARED = '* default: 7 iterations shared among 3 VUs (maxDuration: 10m0s, gracefulStop: 30s)';

  const CASES: CountCase[] = [
    { what: 'no execution options (1 VU × 1 iteration)', args: [], iterations: 1, vus: 1, workers: 2, banner: ONE_ITERATION },
    {
      what: '-u 5 alone (ignored, as k6 warns)',
      args: ['-u', '5'],
      iterations: 1,
      vus: 1,
      workers: 2,
      banner: ONE_ITERATION,
      warns: /`vus=5` option will be ignored/,
    },
    { what: '-u 3 -i 7 (shared among 3 VUs)', args: ['-u', '3', '-i', '7'], iterations: 7, vus: 3, workers: 1, banner: SEVEN_SHARED },
    { what: '-u 3 -i 7 (shared among 3 VUs)', args: ['-u', '3', '-i', '7'], iterations: 7, vus: 3, workers: 2, banner: SEVEN_SHARED },
    {
      what: '-u 2 -i 4 -d 1s (maxDuration 1s)',
      args: ['-u', '2', '-i', '4', '-d', '1s'],
      iterations: 4,
      vus: 2,
      workers: 2,
      banner: '* default: 4 iterations shared among 2 VUs (maxDuration: 1s, gracefulStop: 30s)',
    },
  ];

  it.each(CASES.map((c, index) => ({ ...c, index })))(
    'runs $iterations iterations for $what with --workers $workers',
    async ({ args, iterations, vus, workers, banner, warns, index }) => {
      const path = `/shortcut-${index}`;
      const run = await runWithExport(countingScript(path), ['--workers', String(workers), ...args], {
        env: { TARGET: server.url },
      });
      expect(run.exitCode, explain(run)).toBe(0);
      expect(run.stdout.split('\n').map((line) => line.trim())).toContain(banner);
      expect(run.summary.metrics.iterations?.count).toBe(iterations);
      expect(hits(path)).toBe(iterations);
      if (warns !== undefined) {
        const warnings = parseLogLines(run.stderr).filter((line) => line.level === 'warning' && warns.test(line.msg));
        expect(warnings, explain(run)).toHaveLength(1);
      }
      const ids = new Set(reported<number>(run.stderr, 'vu'));
      expect(ids.size).toBeGreaterThanOrEqual(1);
      expect(ids.size).toBeLessThanOrEqual(vus);
      for (const id of ids) expect(id).toBeGreaterThanOrEqual(1);
      for (const id of ids) expect(id).toBeLessThanOrEqual(vus);
    },
  );
});

// Two iteration-count scenarios side by side, with checks whose outcome depends on k6/execution's
// test-wide numbering and thresholds of which two fail: every number is known in advance.
const SCENARIOS_SCRIPT = `
import http from 'k6/http';
import exec from 'k6/execution';
import { check } from 'k6';

export const options = {
  scenarios: {
    si: { executor: 'shared-iterations', vus: 4, iterations: 30, exec: 'shared' },
    pvu: { executor: 'per-vu-iterations', vus: 3, iterations: 4, exec: 'perVu' },
  },
  thresholds: {
    'iterations{scenario:si}': ['count==30'],
    'iterations{scenario:pvu}': ['count<12'],
    'checks{scenario:si}': ['rate==0.5'],
    checks: ['rate>0.9'],
  },
};

export function shared() {
  http.get(__ENV.TARGET + '/si-' + __ENV.WORKERS);
  check(exec.scenario.iterationInTest, { 'an even iteration of the pool': (n) => n % 2 === 0 });
  console.log('vu ' + JSON.stringify({ scenario: 'si', id: exec.vu.idInTest }));
}

export function perVu() {
  http.get(__ENV.TARGET + '/pvu-' + __ENV.WORKERS);
  check(exec.vu.iterationInScenario, { 'not the last iteration of its VU': (n) => n < 3 });
  console.log('vu ' + JSON.stringify({ scenario: 'pvu', id: exec.vu.idInTest }));
}
`;

describe('qk6 run: shared-iterations and per-vu-iterations side by side', () => {
  const runs = new Map<number, ExportedRun>();

  beforeAll(async () => {
    for (const workers of [1, 2]) {
      runs.set(
        workers,
        await runWithExport(SCENARIOS_SCRIPT, ['--workers', String(workers)], {
          env: { TARGET: server.url, WORKERS: String(workers) },
        }),
      );
    }
  });

  const run = (workers: number): ExportedRun => {
    const result = runs.get(workers);
    if (result === undefined) throw new Error(`no run with ${workers} workers`);
    return result;
  };

  it.each([1, 2])('runs 30 shared and 3 × 4 per-VU iterations with --workers %d', (workers) => {
    const { summary } = run(workers);
    expect(scenarioCount(summary, 'iterations', 'si'), explain(run(workers))).toBe(30);
    expect(scenarioCount(summary, 'iterations', 'pvu')).toBe(12);
    expect(summary.metrics.iterations?.count).toBe(42);
    expect(hits(`/si-${workers}`)).toBe(30);
    expect(hits(`/pvu-${workers}`)).toBe(12);
  });

  it.each([1, 2])('gives each scenario its own VUs, numbered 1..7 across workers, with --workers %d', (workers) => {
    const seen = reported<{ scenario: string; id: number }>(run(workers).stderr, 'vu');
    const ids = (scenario: string): Set<number> => new Set(seen.filter((s) => s.scenario === scenario).map((s) => s.id));
    expect(ids('pvu').size).toBe(3);
    expect(ids('si').size).toBeLessThanOrEqual(4);
    const all = [...ids('si'), ...ids('pvu')];
    expect(new Set(all).size).toBe(all.length);
    for (const id of all) expect(id >= 1 && id <= 7, `VU id ${id}`).toBe(true);
  });

  it('counts the same checks with one worker and with two', () => {
    const checks = (workers: number) => run(workers).summary.root_group.checks;
    expect(checks(1)).toEqual(checks(2));
    expect(checks(1)['an even iteration of the pool']).toMatchObject({ passes: 15, fails: 15 });
    expect(checks(1)['not the last iteration of its VU']).toMatchObject({ passes: 9, fails: 3 });
  });

  it('gives the same threshold verdicts and exit code 99 with one worker and with two', () => {
    const verdicts = (workers: number) =>
      Object.fromEntries(
        Object.entries(run(workers).summary.metrics)
          .filter(([, metric]) => metric.thresholds !== undefined)
          .map(([name, metric]) => [name, metric.thresholds]),
      );
    expect(verdicts(1)).toEqual(verdicts(2));
    // summary-export booleans mean "failed".
    expect(verdicts(1)).toEqual({
      'iterations{scenario:si}': { 'count==30': false },
      'iterations{scenario:pvu}': { 'count<12': true },
      'checks{scenario:si}': { 'rate==0.5': false },
      checks: { 'rate>0.9': true },
    });
    expect(run(1).exitCode, explain(run(1))).toBe(99);
    expect(run(2).exitCode, explain(run(2))).toBe(99);
  });
});

// Looping executors run for a time, so iteration counts vary; VU counts do not. ramping-vus reaches
// its 4 VUs halfway, so all 4 run iterations.
const LOOPING_SCRIPT = `
import http from 'k6/http';
import exec from 'k6/execution';
import { sleep } from 'k6';

export const options = {
  scenarios: {
    cv: { executor: 'constant-vus', vus: 3, duration: '1s', gracefulStop: '0s' },
    rv: {
      executor: 'ramping-vus',
      startVUs: 1,
      stages: [{ duration: '500ms', target: 4 }, { duration: '500ms', target: 4 }],
      gracefulRampDown: '0s',
      gracefulStop: '0s',
    },
  },
  thresholds: { 'iterations{scenario:cv}': ['count>0'], 'iterations{scenario:rv}': ['count>0'] },
};

export default function () {
  http.get(__ENV.TARGET + '/looping');
  if (exec.vu.iterationInScenario === 0) {
    console.log('vu ' + JSON.stringify({ scenario: exec.scenario.name, id: exec.vu.idInTest }));
  }
  sleep(0.05);
}
`;

describe('qk6 run: VU counts of the looping executors', () => {
  it.each([1, 2])('runs 3 constant and up to 4 ramping VUs, numbered 1..7, with --workers %d', async (workers) => {
    const run = await runWithExport(LOOPING_SCRIPT, ['--workers', String(workers)], { env: { TARGET: server.url } });
    expect(run.exitCode, explain(run)).toBe(0);
    const seen = reported<{ scenario: string; id: number }>(run.stderr, 'vu');
    const ids = (scenario: string): number[] => seen.filter((s) => s.scenario === scenario).map((s) => s.id);
    expect(new Set(ids('cv')).size, explain(run)).toBe(3);
    expect(new Set(ids('rv')).size).toBe(4);
    const all = [...ids('cv'), ...ids('rv')];
    expect(new Set(all).size).toBe(all.length);
    for (const id of all) expect(id >= 1 && id <= 7, `VU id ${id}`).toBe(true);
    expect(scenarioCount(run.summary, 'iterations', 'cv')).toBeGreaterThan(0);
    expect(scenarioCount(run.summary, 'iterations', 'rv')).toBeGreaterThan(0);
    const vusMax = run.summary.metrics.vus_max;
    if (vusMax !== undefined) expect(vusMax.max).toBe(7); // sampled once a second, so a 1 s test may have none
  });
});
