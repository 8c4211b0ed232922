// Cookies through the real CLI against a local server that records every Cookie header: cookies
// set by responses (also on a redirect hop) are sent back, the jar API (set, cookiesForURL, delete,
// clear), per-request `cookies`, a private `new http.CookieJar()`, one jar per VU, and the jar reset
// at the start of every iteration (unless noCookiesReset).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RecordedRequest, type TestServer } from '../helpers/target-server.js';
import { explain, runWithExport, type ExportedRun } from './helpers/cli-test-kit.js';
import { reported } from './helpers/log-lines.js';

const SCRIPT = `
import http from 'k6/http';
import { check, sleep } from 'k6';

const B = __ENV.TARGET;
export const options = JSON.parse(__ENV.OPTIONS);

const p = (extra) => Object.assign({ headers: { 'X-VU': String(__VU), 'X-Iter': String(__ITER) } }, extra);

export default function () {
  http.get(B + '/start', p());
  http.get(B + '/set?vu=' + __VU, p());
  sleep(0.02); // let the other VU set its own cookie meanwhile
  http.get(B + '/after-set', p());
  if (__ENV.JAR_API !== '1') return;

  const jar = http.cookieJar();
  jar.set(B, 'manual', 'm1');
  jar.set(B, 'scoped', 's1', { path: '/only' });
  console.log('jar ' + JSON.stringify({ vu: __VU, root: jar.cookiesForURL(B + '/'), only: jar.cookiesForURL(B + '/only/x') }));
  http.get(B + '/after-jar-set', p());
  http.get(B + '/only/x', p());
  http.get(B + '/per-request', p({ cookies: { extra: 'e1' } }));
  jar.delete(B, 'manual');
  http.get(B + '/after-delete', p());

  const own = new http.CookieJar();
  own.set(B, 'private', 'p1');
  http.get(B + '/own-jar', p({ jar: own }));
  http.get(B + '/redirect-setting-cookie', p());

  jar.clear(B);
  console.log('cleared ' + JSON.stringify(jar.cookiesForURL(B + '/')));
  const res = http.get(B + '/after-clear', p());
  check(res, { 'no cookies after clear': (r) => r.json('cookie') === null });
}
`;

/** The Cookie header of every request to `path`, with the VU and iteration that sent it. */
interface Seen {
  vu: number;
  iter: number;
  cookie: string | null;
}

describe('qk6 run: cookies', () => {
  let server: TestServer;
  const seen = (path: string): Seen[] =>
    server.requests
      .filter((r: RecordedRequest) => r.url.split('?')[0] === path)
      .map((r) => ({ vu: Number(r.headers['x-vu']), iter: Number(r.headers['x-iter']), cookie: r.headers.cookie ?? null }));

  beforeAll(async () => {
    server = await startServer((request, res) => {
      const url = new URL(request.url, 'http://x');
      const headers: Record<string, string | string[]> = { 'Content-Type': 'application/json' };
      let status = 200;
      if (url.pathname === '/set') {
        headers['Set-Cookie'] = [...url.searchParams].map(([k, v]) => `${k}=${v}; Path=/`);
      } else if (url.pathname === '/redirect-setting-cookie') {
        status = 302;
        headers['Set-Cookie'] = 'hop=h1; Path=/';
        headers.Location = '/landing';
      }
      res.writeHead(status, headers);
      res.end(JSON.stringify({ cookie: request.headers.cookie ?? null }));
    });
  });

  afterAll(async () => {
    await server?.close();
  });

  describe('with 2 VUs running 3 iterations each and the jar API', () => {
    let run: ExportedRun;
    /** What the server saw on `path`, once per iteration (6 in all). */
    const everyIteration = (path: string): Seen[] => {
      const all = seen(path);
      expect(all, path).toHaveLength(6);
      return all;
    };

    beforeAll(async () => {
      server.requests.length = 0;
      const options = { scenarios: { default: { executor: 'per-vu-iterations', vus: 2, iterations: 3 } } };
      run = await runWithExport(SCRIPT, ['-e', `TARGET=${server.url}`, '-e', `OPTIONS=${JSON.stringify(options)}`, '-e', 'JAR_API=1']);
    });

    it('exits 0 with all checks passing', () => {
      expect(run.exitCode, explain(run)).toBe(0);
      expect(run.summary.metrics.checks).toMatchObject({ passes: 6, fails: 0 });
    });

    it("sends a response's Set-Cookie back on the VU's next request, and only the VU's own cookie", () => {
      const after = everyIteration('/after-set');
      for (const { vu, cookie } of after) expect(cookie).toBe(`vu=${vu}`);
      expect(after.filter((s) => s.vu === 1)).toHaveLength(3);
      expect(after.filter((s) => s.vu === 2)).toHaveLength(3);
    });

    it('starts every iteration with an empty jar', () => {
      for (const start of everyIteration('/start')) expect(start.cookie).toBeNull();
    });

    it('jar.set() adds a cookie that cookiesForURL() lists and requests carry, honouring its path', () => {
      const jars = reported<{ vu: number; root: unknown; only: unknown }>(run.stderr, 'jar');
      expect(jars).toHaveLength(6);
      for (const { vu, root, only } of jars) {
        expect(root).toEqual({ vu: [String(vu)], manual: ['m1'] });
        expect(only).toEqual({ vu: [String(vu)], manual: ['m1'], scoped: ['s1'] });
      }
      for (const { vu, cookie } of everyIteration('/after-jar-set')) expect(cookiePairs(cookie)).toEqual(['manual=m1', `vu=${vu}`]);
      for (const { cookie } of everyIteration('/only/x')) expect(cookiePairs(cookie).map((c) => c.split('=')[0])).toEqual(['manual', 'scoped', 'vu']);
    });

    it('adds per-request cookies to that request only', () => {
      for (const { cookie } of everyIteration('/per-request')) expect(cookiePairs(cookie).map((c) => c.split('=')[0])).toEqual(['extra', 'manual', 'vu']);
      for (const { cookie } of everyIteration('/after-delete')) expect(cookie).not.toContain('extra');
    });

    it('jar.delete() removes one cookie', () => {
      for (const { vu, cookie } of everyIteration('/after-delete')) expect(cookie).toBe(`vu=${vu}`);
    });

    it('uses only the given jar when params.jar is a new http.CookieJar()', () => {
      for (const { cookie } of everyIteration('/own-jar')) expect(cookie).toBe('private=p1');
    });

    it('stores a cookie set on a redirect hop and sends it to the redirect target', () => {
      for (const { vu, cookie } of everyIteration('/landing')) expect(cookiePairs(cookie)).toEqual(['hop=h1', `vu=${vu}`]);
    });

    it('jar.clear() empties the jar for that URL', () => {
      expect(reported(run.stderr, 'cleared')).toEqual(Array(6).fill({}));
      for (const { cookie } of everyIteration('/after-clear')) expect(cookie).toBeNull();
    });
  });

  it('keeps cookies across iterations with noCookiesReset', async () => {
    server.requests.length = 0;
    const run = await runWithExport(SCRIPT, [
      '-e', `TARGET=${server.url}`, '-e', `OPTIONS=${JSON.stringify({ vus: 1, iterations: 2, noCookiesReset: true })}`,
    ]);
    expect(run.exitCode, explain(run)).toBe(0);
    expect(seen('/start')).toEqual([
      { vu: 1, iter: 0, cookie: null },
      { vu: 1, iter: 1, cookie: 'vu=1' },
    ]);
  });
});

/** The `name=value` pairs of a Cookie header, sorted. */
function cookiePairs(header: string | null): string[] {
  if (header === null) return [];
  return header
    .split(';')
    .map((pair) => pair.trim())
    .sort();
}
