// The two QuickJS engines a VU can run (src/vu/vu-engine.ts): the sync build on WebAssembly stack
// switching — what `qk6 run` uses on Node 20 — and the asyncify build (QK6_ENGINE=asyncify, and
// any Node without the API). The same script must give the same results on both, wherever it
// suspends: a plain iteration, an async default function after `await`, a timer callback, setup
// and teardown, groups, and a script error in the middle of suspended work.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../helpers/target-server.js';
import { explain, runWithExport } from './helpers/cli-test-kit.js';
import { parseLogLines } from './helpers/log-lines.js';

const SCRIPT = `
import http from 'k6/http';
import { check, group, sleep } from 'k6';

export const options = { vus: 4, iterations: 40 };

export function setup() {
  return { token: http.get(__ENV.TARGET + '/setup').body };
}

function deep(n) { return n === 0 ? http.get(__ENV.TARGET + '/deep').status : deep(n - 1); }

export default async function (data) {
  group('sync', () => {
    check(http.get(__ENV.TARGET + '/a?t=' + data.token), { 'a is 200': (r) => r.status === 200 });
    check(deep(50), { 'deep is 200': (s) => s === 200 });
  });
  await Promise.resolve();
  const after = http.post(__ENV.TARGET + '/b', JSON.stringify({ iter: __ITER }));
  check(after, { 'b echoes': (r) => r.json().iter === __ITER });
  await new Promise((resolve) => setTimeout(() => {
    check(http.get(__ENV.TARGET + '/timer'), { 'timer is 200': (r) => r.status === 200 });
    resolve();
  }, 1));
  sleep(0.001);
  if (__ITER === 3 && __VU === 1) throw new Error('planned failure');
}

export function teardown(data) {
  http.get(__ENV.TARGET + '/teardown?t=' + data.token);
}
`;

let server: TestServer;
beforeAll(async () => {
  server = await startServer((request, res) => {
    if (request.url.startsWith('/setup')) return void res.end('tok');
    if (request.url === '/b') return void res.end(request.body);
    res.end('ok');
  });
});
afterAll(() => server.close());

describe('both engines', () => {
  it('give the same counts, checks and errors for a script that suspends everywhere', async () => {
    const runs = [];
    for (const engine of [undefined, 'asyncify']) {
      server.requests.length = 0;
      const result = await runWithExport(SCRIPT, ['-v', '--workers', '2'], { env: { TARGET: server.url, QK6_ENGINE: engine } });
      expect(result.exitCode, explain(result)).toBe(0);
      const engines = new Set(parseLogLines(result.stderr).filter((log) => log.msg.startsWith('VUs run the')).map((log) => log.msg));
      const paths = server.requests.map((request) => request.url.replace(/\?.*/, ''));
      runs.push({
        engines: [...engines],
        requests: paths.length,
        byPath: Object.fromEntries(['/setup', '/a', '/deep', '/b', '/timer', '/teardown'].map((path) => [path, paths.filter((p) => p === path).length])),
        iterations: result.summary.metrics.iterations?.count,
        checks: Object.values(result.summary.root_group.groups.sync?.checks ?? {}).concat(Object.values(result.summary.root_group.checks)).map((c) => [c.name, c.passes, c.fails]),
        errors: parseLogLines(result.stderr).filter((log) => log.msg.includes('planned failure')).length,
      });
    }
    const [switched, asyncify] = runs;
    expect(asyncify?.engines).toEqual(['VUs run the asyncify QuickJS build (WebAssembly stack switching is off or unavailable here)']);
    if (/^11\./.test(process.versions.v8)) expect(switched?.engines).toEqual(['VUs run the sync QuickJS build on WebAssembly stack switching']);
    // 40 iterations: every request of each, the one failing iteration included (it throws at its end).
    expect(switched?.byPath).toEqual({ '/setup': 1, '/a': 40, '/deep': 40, '/b': 40, '/timer': 40, '/teardown': 1 });
    expect(switched?.iterations).toBe(40);
    expect(switched?.errors).toBe(1);
    expect(switched?.checks).toEqual([
      ['a is 200', 40, 0],
      ['deep is 200', 40, 0],
      ['b echoes', 40, 0],
      ['timer is 200', 40, 0],
    ]);
    expect({ ...switched, engines: [] }).toEqual({ ...asyncify, engines: [] });
  });

  it('keeps one VU going through thousands of engine calls (its stack-switched driver is replaced every few hundred)', async () => {
    const script = `
import http from 'k6/http';
import { check } from 'k6';
export const options = { vus: 1, iterations: 1500 };
export default async function () {
  await null;
  check(http.get(__ENV.TARGET + '/a'), { ok: (r) => r.status === 200 });
}
`;
    server.requests.length = 0;
    const result = await runWithExport(script, [], { env: { TARGET: server.url } });
    expect(result.exitCode, explain(result)).toBe(0);
    expect(result.summary.metrics.iterations?.count).toBe(1500);
    expect(result.summary.root_group.checks.ok).toMatchObject({ passes: 1500, fails: 0 });
    expect(server.requests).toHaveLength(1500);
    expect(result.stderr).not.toMatch(/level=error/);
  });
});

