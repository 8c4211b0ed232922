// k6/execution through the real CLI with VUs in two worker threads: VU ids and iteration numbers
// are unique across the whole test, per-VU tags reach the samples, exec.test.abort() ends the run
// (exit 108) with teardown and summary, exec.test.fail() marks it failed (exit 110) and lets it
// finish, and reading VU information in the init context is a script exception (exit 107), as k6.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInline } from '../helpers/run-cli.js';
import { startServer, type TestServer } from '../helpers/target-server.js';
import { explain, runWithExport, type ExportedRun } from './helpers/cli-test-kit.js';
import { consoleMessages, parseLogLines, reported } from './helpers/log-lines.js';

let server: TestServer;

beforeAll(async () => {
  server = await startServer((_request, res) => {
    res.end('ok');
  });
});

afterAll(async () => {
  await server.close();
});

// Every iteration reports what k6/execution says; odd VUs tag their samples `parity:odd`.
const INFO_SCRIPT = `
import http from 'k6/http';
import exec from 'k6/execution';
import { check, sleep } from 'k6';

export const options = {
  scenarios: {
    pool: { executor: 'shared-iterations', vus: 4, iterations: 40 },
    each: { executor: 'per-vu-iterations', vus: 3, iterations: 2, exec: 'each' },
  },
  thresholds: { 'checks{parity:odd}': ['rate==1'], 'http_reqs{parity:odd}': ['count>0'] },
};

function report() {
  exec.vu.tags.parity = exec.vu.idInTest % 2 === 1 ? 'odd' : 'even';
  http.get(__ENV.TARGET + '/info');
  check(null, { 'tagged by its VU': () => exec.vu.tags.parity !== undefined });
  console.log('iteration ' + JSON.stringify({
    name: exec.scenario.name,
    executor: exec.scenario.executor,
    vu: exec.vu.idInTest,
    vuIteration: exec.vu.iterationInScenario,
    inInstance: exec.scenario.iterationInInstance,
    inTest: exec.scenario.iterationInTest,
  }));
  sleep(0.01);
}

export default report;
export function each() { report(); }
`;

interface IterationInfo {
  name: string;
  executor: string;
  vu: number;
  vuIteration: number;
  inInstance: number;
  inTest: number;
}

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

const errorMessages = (stderr: string): string[] =>
  parseLogLines(stderr)
    .filter((line) => line.level === 'error')
    .map((line) => line.msg);

describe('k6/execution across two worker threads', () => {
  let run: ExportedRun;
  let seen: IterationInfo[];
  const of = (name: string): IterationInfo[] => seen.filter((info) => info.name === name);

  beforeAll(async () => {
    run = await runWithExport(INFO_SCRIPT, ['--workers', '2'], { env: { TARGET: server.url } });
    seen = reported<IterationInfo>(run.stderr, 'iteration');
  });

  it('runs every iteration', () => {
    expect(run.exitCode, explain(run)).toBe(0);
    expect(of('pool')).toHaveLength(40);
    expect(of('each')).toHaveLength(6);
  });

  it('names the scenario and its executor', () => {
    expect(new Set(of('pool').map((info) => info.executor))).toEqual(new Set(['shared-iterations']));
    expect(new Set(of('each').map((info) => info.executor))).toEqual(new Set(['per-vu-iterations']));
  });

  it('numbers VUs 1..7 across the workers, each VU in one scenario', () => {
    const vus = (name: string): Set<number> => new Set(of(name).map((info) => info.vu));
    expect(vus('each').size).toBe(3);
    expect(vus('pool').size).toBeLessThanOrEqual(4);
    expect([...vus('pool'), ...vus('each')].sort((a, b) => a - b)).toEqual(
      [...new Set([...vus('pool'), ...vus('each')])].sort((a, b) => a - b),
    );
    for (const vu of [...vus('pool'), ...vus('each')]) expect(vu >= 1 && vu <= 7, `VU ${vu}`).toBe(true);
  });

  it.each([
    ['pool', 40],
    ['each', 6],
  ] as const)('numbers the iterations of %s 0..%d-1 in the instance and in the test, once each', (name, total) => {
    const sorted = (pick: (info: IterationInfo) => number) => of(name).map(pick).sort((a, b) => a - b);
    expect(sorted((info) => info.inInstance)).toEqual(range(total));
    expect(sorted((info) => info.inTest)).toEqual(range(total));
  });

  it('counts each VU’s iterations in its scenario from 0', () => {
    for (const name of ['pool', 'each']) {
      const byVu = new Map<number, number[]>();
      for (const info of of(name)) byVu.set(info.vu, [...(byVu.get(info.vu) ?? []), info.vuIteration]);
      for (const [vu, iterations] of byVu) expect(iterations, `${name} VU ${vu}`).toEqual(range(iterations.length));
    }
    for (const info of of('each')) expect(info.vuIteration).toBeLessThan(2);
  });

  it('adds exec.vu.tags to the samples of that VU', () => {
    const oddIterations = seen.filter((info) => info.vu % 2 === 1).length;
    expect(oddIterations).toBeGreaterThan(0);
    expect(run.summary.metrics['checks{parity:odd}']).toMatchObject({ passes: oddIterations, fails: 0 });
    expect(run.summary.metrics['http_reqs{parity:odd}']?.count).toBe(oddIterations);
  });
});

describe('exec.test', () => {
  it('abort() stops the test at once with exit code 108, and teardown and the summary still run', async () => {
    // One VU: iterations 0 and 1 complete, iteration 2 aborts; the 30 s would time the run out.
    const script = `
import http from 'k6/http';
import exec from 'k6/execution';
export const options = { scenarios: { s: { executor: 'constant-vus', vus: 1, duration: '30s' } } };
export default function () {
  http.get(__ENV.TARGET + '/abort');
  if (exec.vu.iterationInScenario === 2) exec.test.abort('enough');
}
export function teardown() { console.log('teardown ran'); }
`;
    const run = await runWithExport(script, [], { env: { TARGET: server.url }, timeoutMs: 20_000 });
    expect(run.exitCode, explain(run)).toBe(108);
    expect(consoleMessages(run.stderr)).toContain('teardown ran');
    expect(errorMessages(run.stderr)).toContain('test aborted: enough');
    expect(run.stdout).toContain('TOTAL RESULTS');
    expect(run.summary.metrics.iterations?.count).toBe(2);
    expect(server.requests.filter((request) => request.url === '/abort')).toHaveLength(3);
  });

  it('fail() marks the test failed with exit code 110 and lets it run to the end', async () => {
    const script = `
import http from 'k6/http';
import exec from 'k6/execution';
export const options = { scenarios: { s: { executor: 'shared-iterations', vus: 2, iterations: 10 } } };
export default function () {
  http.get(__ENV.TARGET + '/fail');
  if (exec.scenario.iterationInTest === 3) exec.test.fail('not good');
}
export function teardown() { console.log('teardown ran'); }
`;
    const run = await runWithExport(script, [], { env: { TARGET: server.url } });
    expect(run.exitCode, explain(run)).toBe(110);
    expect(run.summary.metrics.iterations?.count).toBe(10);
    expect(server.requests.filter((request) => request.url === '/fail')).toHaveLength(10);
    expect(consoleMessages(run.stderr)).toContain('teardown ran');
    expect(errorMessages(run.stderr)).toContain('test marked as failed: not good');
  });
});

describe('k6/execution in the init context', () => {
  it('throws on exec.vu, a script exception with exit code 107 as in k6', async () => {
    const script = `
import exec from 'k6/execution';
const id = exec.vu.idInTest;
export default function () {}
`;
    const run = await runInline({ 'script.js': script });
    expect(run.exitCode, explain(run)).toBe(107);
    const errors = parseLogLines(run.stderr).filter((line) => line.level === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]?.msg).toMatch(/getting VU information in the init context is not supported[\s\S]*script\.js:3/);
  });
});
