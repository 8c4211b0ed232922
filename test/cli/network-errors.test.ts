// Failed requests through the real CLI: a refused connection (a port the test just closed) is a
// response with status 0 and k6's error_code, unless `throw` (param, option or --throw) makes it an
// exception; http_req_failed / expected_response follow the response callback (default 200-399,
// expectedStatuses per request or via setResponseCallback, null for none).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInline } from '../helpers/run-cli.js';
import { startServer, type TestServer } from '../helpers/target-server.js';
import { closedPort, explain, runWithExport, type ExportedRun } from './helpers/cli-test-kit.js';
import { parseLogLines, reported } from './helpers/log-lines.js';

const SCRIPT = `
import http from 'k6/http';

const B = __ENV.TARGET;
const DEAD = __ENV.DEAD;

export const options = {
  iterations: 1,
  summaryTrendStats: ['count', 'max'],
  thresholds: {
    http_req_failed: ['rate<0.7'],
    'http_reqs{status:0}': ['count==2'],
    'http_reqs{error_code:1212}': ['count==2'],
    'http_reqs{expected_response:true}': ['count==3'],
    'http_reqs{expected_response:false}': ['count==5'],
  },
};

export default function () {
  const dead = http.get(DEAD + '/nothing');
  console.log('dead ' + JSON.stringify({ status: dead.status, error_code: dead.error_code, error: dead.error, body: dead.body }));
  try {
    http.get(DEAD + '/nothing', { throw: true });
    console.log('thrown ' + JSON.stringify(null));
  } catch (e) {
    console.log('thrown ' + JSON.stringify({ message: String(e.message) }));
  }
  http.get(B + '/status/200');                                                            // expected
  http.get(B + '/status/404');                                                            // failed: default callback is 200-399
  http.get(B + '/status/404', { responseCallback: http.expectedStatuses(404) });          // expected
  http.get(B + '/status/201', { responseCallback: http.expectedStatuses({ min: 500, max: 599 }) }); // failed
  http.get(B + '/status/200', { responseCallback: null });                                // neither
  http.setResponseCallback(http.expectedStatuses(200, { min: 418, max: 418 }));
  http.get(B + '/status/418');                                                            // expected
  http.get(B + '/status/204');                                                            // failed
}
`;

describe('qk6 run: failed requests and response callbacks', () => {
  let server: TestServer;
  let dead: string;

  beforeAll(async () => {
    server = await startServer((request, res) => {
      const status = Number(/^\/status\/(\d+)/.exec(request.url)?.[1] ?? 200);
      res.writeHead(status, { 'Content-Type': 'text/plain' });
      res.end(status === 204 ? undefined : `status ${status}`);
    });
    dead = `http://127.0.0.1:${await closedPort()}`;
  });

  afterAll(async () => {
    await server?.close();
  });

  describe('one iteration mixing refused connections and response callbacks', () => {
    let run: ExportedRun;

    beforeAll(async () => {
      run = await runWithExport(SCRIPT, ['-e', `TARGET=${server.url}`, '-e', `DEAD=${dead}`]);
    });

    it('exits 0 with every threshold passing', () => {
      expect(run.exitCode, explain(run)).toBe(0);
      const verdicts = Object.entries(run.summary.metrics).flatMap(([name, metric]) =>
        Object.entries(metric.thresholds ?? {}).map(([expression, failed]) => [`${name}: ${expression}`, failed]),
      );
      expect(verdicts).toHaveLength(5);
      for (const [threshold, failed] of verdicts) expect(failed, String(threshold)).toBe(false);
    });

    it("returns status 0 with k6's error_code 1212 and error for a refused connection", () => {
      expect(reported(run.stderr, 'dead')).toEqual([{ status: 0, error_code: 1212, error: 'dial: connection refused', body: null }]);
    });

    it('logs "Request Failed" at level=warning for the request that does not throw', () => {
      const warnings = parseLogLines(run.stderr).filter((l) => l.level === 'warning' && l.raw.includes('Request Failed'));
      expect(warnings).toHaveLength(1);
      expect(warnings[0]?.raw).toContain(`${dead}/nothing`);
      expect(warnings[0]?.raw).toContain('connection refused');
    });

    it('prints the "Request Failed" warning like k6: the error as its own field, not marked source=console', () => {
      const [warning] = parseLogLines(run.stderr).filter((l) => l.level === 'warning' && l.msg === 'Request Failed');
      expect(warning?.fields.error).toMatch(/^Get "http:\/\/127\.0\.0\.1:\d+\/nothing": dial tcp .*connection refused$/);
      expect(warning?.fields.source).toBeUndefined();
    });

    it('throws instead with { throw: true }', () => {
      const [thrown] = reported<{ message: string } | null>(run.stderr, 'thrown');
      expect(thrown?.message).toMatch(/^Get "http:\/\/127\.0\.0\.1:\d+\/nothing": dial tcp 127\.0\.0\.1:\d+: connect: connection refused$/);
    });

    it('counts http_req_failed by the response callback in force: 5 failed of 8 (none for responseCallback: null)', () => {
      // refused ×2, 404 (default), 201 (expected 500-599), 204 (expected 200 or 418) failed;
      // 200, 404 (expected 404), 418 (expected 418) did not; the request with responseCallback null has no sample.
      expect(run.summary.metrics.http_req_failed).toMatchObject({ passes: 5, fails: 3, value: 5 / 8 });
      expect(run.summary.metrics.http_reqs?.count).toBe(9);
    });

    it('puts only the expected responses in http_req_duration{expected_response:true}', () => {
      expect(run.summary.metrics['http_req_duration{expected_response:true}']?.count).toBe(3);
      expect(run.summary.metrics.http_req_duration?.count).toBe(9);
    });
  });

  it.each([
    ['--throw', { args: ['--throw'], options: {} }],
    ['-w', { args: ['-w'], options: {} }],
    ['options.throw', { args: [], options: { throw: true } }],
  ])('with %s a refused connection is an iteration error (logged with file:line, exit code still 0); a 404 is not', async (_how, { args, options }) => {
    const script = `
import http from 'k6/http';
export const options = Object.assign({ iterations: 2 }, ${JSON.stringify(options)});
export default function () {
  const notFound = http.get(__ENV.TARGET + '/status/404');
  console.log('404 ' + JSON.stringify({ status: notFound.status, error_code: notFound.error_code, error: notFound.error }));
  http.get(__ENV.DEAD + '/gone');
  console.log('after the request');
}
`;
    const result = await runInline({ 'throwing.js': script }, [
      '-e', `DEAD=${dead}`, '-e', `TARGET=${server.url}`, '--summary-export', 'summary.json', ...args,
    ]);
    expect(result.exitCode, explain(result)).toBe(0);
    const errors = parseLogLines(result.stderr).filter((l) => l.level === 'error');
    expect(errors).toHaveLength(2);
    for (const error of errors) {
      expect(error.msg).toMatch(/connection refused/);
      expect(error.msg).toMatch(/at default \(file:\/\/\S*throwing\.js:7:\d+\)/);
      expect(error.fields).toMatchObject({ source: 'stacktrace', scenario: 'default' });
    }
    expect(result.stderr).not.toContain('after the request');
    expect(result.stderr).not.toContain('Request Failed');
    // An HTTP error status is a response, never an exception: k6 sets error_code 1000 + status.
    expect(reported(result.stderr, '404')).toEqual(Array(2).fill({ status: 404, error_code: 1404, error: '' }));
  });
});
