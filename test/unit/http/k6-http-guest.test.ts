/**
 * The guest module (runtime/modules/k6-http.js) inside a real QuickJS VU with the host module:
 * the k6 surface end to end. Each script logs `label value` lines that the test checks.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpModule } from '../../../src/modules/http/http-module.js';
import { VirtualUser } from '../../../src/vu/virtual-user.js';
import { defaultHttpOptions, echo, startServer, type TargetServer } from './http-test-kit.js';

let server: TargetServer;

beforeAll(async () => {
  server = await startServer((req, res, body) => {
    if (req.url === '/json') {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ a: { b: [1, 2, { c: 'x' }] }, items: [{ id: 1 }, { id: 2 }], 'd.e': 5 }));
      return;
    }
    if (req.url === '/bin') return void res.end(Buffer.from([1, 2, 3]));
    if (req.url === '/cookie') {
      res.setHeader('set-cookie', 'k=v');
      return void res.end('c');
    }
    if (req.url === '/text') return void res.end('not json');
    if (req.url === '/lines') return void res.end('a\nb\u0000c\n');
    if (req.url === '/utf8') return void res.end('héllo ✓ 😀\n'.repeat(2000));
    if (req.url === '/invalid-utf8') return void res.end(Buffer.from([0x61, 0xff, 0x62, 0xc3]));
    echo(req, res, body);
  });
});
afterAll(async () => {
  await server.close();
});

/** Runs `body` as one iteration and returns the `console.log` lines and the samples. */
async function runIteration(body: string): Promise<{ logs: string[]; samples: Array<[string, Record<string, string>]> }> {
  const dir = mkdtempSync(join(tmpdir(), 'qk6-http-'));
  writeFileSync(join(dir, 'main.js'), `import http from 'k6/http';\nconst base = __ENV.BASE;\nexport default function () {\n${body}\n}`);
  const logs: string[] = [];
  const samples: Array<[string, Record<string, string>]> = [];
  const { vu, init } = await VirtualUser.create({
    id: 1,
    scriptPath: join(dir, 'main.js'),
    env: { BASE: server.url },
    http: defaultHttpOptions,
    sink: { define: () => undefined, add: (metric, _value, tags) => samples.push([metric, { ...tags }]) },
    runTags: {},
    log: (level, message, fields) =>
      logs.push(
        (level === 'info' ? message : `${level}: ${message}`) +
          (fields?.error === undefined ? '' : ` error=${JSON.stringify(fields.error)}`),
      ),
    modules: [httpModule],
  });
  expect(init.ok).toBe(true);
  await vu.activate('default', undefined, { scenario: 'default' });
  const outcome = await vu.iterate();
  vu.dispose();
  expect(outcome).toMatchObject({ ok: true });
  return { logs, samples };
}

describe('k6/http in a VU', () => {
  it('returns k6 responses and applies json selectors', async () => {
    const { logs } = await runIteration(`
      const r = http.get(base + '/json');
      console.log('status', r.status, r.status_text, r.proto, r.timings.duration >= 0);
      console.log('select', r.json('a.b.2.c'), r.json('items.#'), JSON.stringify(r.json('items.#.id')), r.json('d\\\\.e'), r.json('nope'));
      console.log('whole', typeof r.json().a, r.json() === r.json());
      const t = http.get(base + '/text');
      try { t.json(); } catch (e) { console.log('error', e.message); }
      console.log('invalid-select', t.json('a'));`);
    expect(logs).toEqual([
      'status 200 200 OK HTTP/1.1 true',
      'select x 2 [1,2] 5 undefined',
      'whole object true',
      "error cannot parse json due to an error at line 1, character 1 , error: unexpected token: 'not'",
      'invalid-select undefined',
    ]);
  });

  it('gives responses their k6 fields as own properties, read lazily or not', async () => {
    const { logs } = await runIteration(`
      const r = http.post(base + '/cookie', 'sent body', { headers: { 'X-A': 'b' } });
      console.log('keys', Object.keys(r).join(','));
      const copy = JSON.parse(JSON.stringify(r));
      console.log('json', copy.headers['Content-Length'], JSON.stringify(copy.cookies.k.map((c) => c.value)), copy.request.body, copy.request.headers['X-A'][0]);
      console.log('spread', JSON.stringify({ ...r }.request.method), Object.prototype.hasOwnProperty.call(r, 'headers'));
      console.log('made', JSON.stringify(r.ocsp), typeof copy.timings.waiting, r.timings === r.timings, JSON.stringify({ ...r }.ocsp) === JSON.stringify(r.ocsp));
      r.headers = { replaced: '1' };
      r.timings.duration = -1;
      r.ocsp = 'replaced';
      console.log('assign', JSON.stringify(r.headers), r.timings.duration, r.request.method, r.ocsp);
      r.timings = { duration: 7 };
      console.log('reassign', r.timings.duration, Object.keys(r).length);
      const body = http.get(base + '/lines').body;
      console.log('body', JSON.stringify(body), body.length);`);
    expect(logs).toEqual([
      'keys status,status_text,proto,url,headers,cookies,request,body,timings,remote_ip,remote_port,tls_version,tls_cipher_suite,ocsp,error,error_code',
      'json 1 ["v"] sent body b',
      'spread "POST" true',
      'made {"produced_at":0,"this_update":0,"next_update":0,"revocation_reason":"","revoked_at":0,"status":""} number true true',
      'assign {"replaced":"1"} -1 POST replaced',
      'reassign 7 16',
      'body "a\\nb\\u0000c\\n" 6',
    ]);
  });

  it('gives text bodies as received: UTF-8 as is, invalid bytes as U+FFFD, NUL kept', async () => {
    const { logs } = await runIteration(`
      const line = 'h\\u00e9llo \\u2713 \\ud83d\\ude00\\n';
      const show = (label, body) => console.log(label, body.length, body === line.repeat(2000), JSON.stringify(body.slice(0, 13)));
      show('get', http.get(base + '/utf8').body);
      const [a, b] = http.batch([base + '/utf8', base + '/invalid-utf8']);
      show('batch', a.body);
      console.log('invalid', JSON.stringify(http.get(base + '/invalid-utf8').body), JSON.stringify(b.body));
      console.log('nul', JSON.stringify(http.batch([base + '/lines'])[0].body));`);
    expect(logs).toEqual([
      'get 22000 true "héllo ✓ 😀\\nhé"',
      'batch 22000 true "héllo ✓ 😀\\nhé"',
      'invalid "a\uFFFDb\uFFFD" "a\uFFFDb\uFFFD"',
      'nul "a\\nb\\u0000c\\n"',
    ]);
  });

  it('encodes bodies and params like k6', async () => {
    const { logs, samples } = await runIteration(`
      const p = http.post(base + '/echo', { b: 'x y', a: [1, 2] }, { headers: { 'X-A': 1 }, tags: { t: 'v' }, timeout: '2s' });
      console.log('form', p.json('body'), p.json('headers.content-type'), p.json('headers.x-a'));
      const up = http.put(base + '/echo', new Uint8Array([5, 6, 7]));
      console.log('binary', up.json('bodyBase64'));
      const bin = http.get(base + '/bin', { responseType: 'binary' });
      console.log('response', bin.body instanceof ArrayBuffer, new Uint8Array(bin.body).join(','));
      const bad = http.get(base + '/echo', { timeout: 'abc' });
      console.log('timeout', bad.status, bad.error);
      const c = http.get(base + '/echo', { cookies: { a: 'b', c: { value: 'd', replace: true } } });
      console.log('cookies', c.json('headers.cookie'));
      const raw = http.post(base + '/echo', 'raw text é');
      console.log('sent', JSON.stringify([p.request.body, raw.request.body, up.request.body, http.get(base + '/echo').request.body]));`);
    expect(logs).toEqual([
      'form a=1&a=2&b=x+y application/x-www-form-urlencoded 1',
      'binary BQYH',
      'response true 1,2,3',
      'warn: Request Failed error="invalid timeout value: time: invalid duration \\"abc\\""',
      'timeout 0 invalid timeout value: time: invalid duration "abc"',
      'cookies a=b; c=d',
      `sent ${JSON.stringify(['a=1&a=2&b=x+y', 'raw text é', '\u0005\u0006\u0007', ''])}`,
    ]);
    expect(samples.find((s) => s[0] === 'http_reqs')?.[1]).toMatchObject({ t: 'v', method: 'POST', scenario: 'default', group: '' });
  });

  it('batches, templates URLs, uses cookie jars and response callbacks', async () => {
    const { logs, samples } = await runIteration(`
      const list = http.batch([base + '/echo', ['POST', base + '/echo', 'x'], { method: 'get', url: base + '/json', body: 'dropped' }]);
      console.log('batch', list.length, list[1].json('body'), list[2].json('a.b.0'), list[1].request.body, JSON.stringify(list[0].request.body));
      console.log('object', http.batch({ one: base + '/json' }).one.status);
      http.get(http.url\`\${base}/echo?id=\${5}\`);
      http.get(base + '/cookie');
      console.log('vu-jar', JSON.stringify(http.cookieJar().cookiesForURL(base + '/')));
      const jar = new http.CookieJar();
      jar.set(base, 'z', '1');
      console.log('own-jar', http.get(base + '/echo', { jar }).json('headers.cookie'));
      http.setResponseCallback(http.expectedStatuses(201));
      http.get(base + '/echo');
      http.setResponseCallback(null);
      http.get(base + '/echo');`);
    expect(logs).toEqual(['batch 3 x 1 x ""', 'object 200', 'vu-jar {"k":["v"]}', 'own-jar z=1']);
    const reqs = samples.filter((s) => s[0] === 'http_reqs').map((s) => s[1]);
    expect(reqs[4]?.name).toBe('${}/echo?id=${}');
    expect(reqs.slice(-2).map((t) => t.expected_response)).toEqual(['false', undefined]);
  });

  it('exports the k6 surface and throws k6 errors', async () => {
    const { logs } = await runIteration(`
      console.log('surface', ['get','head','post','put','patch','del','options','request','asyncRequest','batch','cookieJar','CookieJar','setResponseCallback','expectedStatuses','url','file'].every((k) => typeof http[k] === 'function'));
      console.log('constants', http.TLS_1_3, http.OCSP_STATUS_GOOD, http.OCSP_REASON_AA_COMPROMISE);
      try { http.expectedStatuses({ min: 1 }); } catch (e) { console.log('statuses', e.message); }
      try { http.setResponseCallback(() => true); } catch (e) { console.log('callback', e.message); }
      try { http.get('http://127.0.0.1:1/', { throw: true }); } catch (e) { console.log('throw', e.message); }`);
    expect(logs).toEqual([
      'surface true',
      'constants tls1.3 good aa_compromise',
      'statuses argument number 1 to expectedStatuses was neither an integer nor an object like {min:100, max:329}',
      'callback unsupported argument, expected http.expectedStatuses',
      'throw Get "http://127.0.0.1:1/": dial tcp 127.0.0.1:1: connect: connection refused',
    ]);
  });
});
