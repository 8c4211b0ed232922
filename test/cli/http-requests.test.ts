// k6/http through the real CLI: every verb and body encoding as a local echo server received it,
// headers and tags params (seen in the request and in tagged submetrics), and res.json(selector).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RecordedRequest, type TestServer } from '../helpers/target-server.js';
import { explain, runWithExport, type ExportedRun } from './helpers/cli-test-kit.js';
import { reported } from './helpers/log-lines.js';

/** Each request carries `X-Case: <name>` so the test can find what the server received for it. */
const SCRIPT = `
import http from 'k6/http';
import { check } from 'k6';

const B = __ENV.TARGET;
const c = (name, extra) => ({ headers: Object.assign({ 'X-Case': name }, extra) });

export const options = {
  thresholds: {
    'http_reqs{flow:checkout}': ['count==2'],
    'http_reqs{name:items-by-id}': ['count==1'],
    'http_reqs{method:PATCH}': ['count==1'],
    'http_reqs{method:PROPFIND}': ['count==1'],
    'http_req_duration{status:200}': ['max>=0'],
  },
};

function seen(name, res, method) {
  check(res, {
    [name + ': status 200']: (r) => r.status === 200,
    [name + ': method echoed']: (r) => r.request.method === method && (method === 'HEAD' || r.json('method') === method),
  });
}

export default function () {
  seen('get', http.get(B + '/echo?q=1', {
    headers: { 'X-Case': 'get', 'X-Custom': 'custom value' },
    tags: { name: 'items-by-id', flow: 'checkout' },
  }), 'GET');
  seen('post string', http.post(B + '/echo', 'plain text body', c('post string')), 'POST');
  seen('post json', http.post(B + '/echo', JSON.stringify({ id: 7, tags: ['a', 'b'] }),
    c('post json', { 'Content-Type': 'application/json' })), 'POST');
  seen('post object', http.post(B + '/echo', { zeta: 'last', alpha: 'x y', amp: 'ü&=' }, c('post object')), 'POST');
  seen('post arraybuffer', http.post(B + '/echo', new Uint8Array([0, 1, 2, 255, 128]).buffer, c('post arraybuffer')), 'POST');
  seen('put', http.put(B + '/echo', 'put body', c('put')), 'PUT');
  seen('patch', http.patch(B + '/echo', 'patch body', c('patch')), 'PATCH');
  seen('del', http.del(B + '/echo', null, c('del')), 'DELETE');
  seen('head', http.head(B + '/echo', c('head')), 'HEAD');
  seen('options', http.options(B + '/echo', null, c('options')), 'OPTIONS');
  seen('request', http.request('PROPFIND', B + '/echo', 'request body', c('request')), 'PROPFIND');

  const list = http.batch([
    ['GET', B + '/echo?n=0', null, c('batch 0')],
    { method: 'POST', url: B + '/echo', body: 'batch body', params: Object.assign(c('batch 1'), { tags: { flow: 'checkout' } }) },
  ]);
  seen('batch array 0', list[0], 'GET');
  seen('batch array 1', list[1], 'POST');
  const named = http.batch({ first: ['PUT', B + '/echo', 'named', c('batch first')] });
  seen('batch object', named.first, 'PUT');

  const res = http.post(B + '/echo', JSON.stringify({ items: [{ name: 'espresso' }, { name: 'latte' }], total: 2 }),
    c('selectors', { 'Content-Type': 'application/json' }));
  console.log('selectors ' + JSON.stringify({
    second: res.json('json.items.1.name'),
    count: res.json('json.items.#'),
    total: res.json('json.total'),
    header: res.json('headers.x-case'),
    missing: res.json('json.nope.deeper') === undefined,
    whole: res.json().json,
  }));
  console.log('head-body ' + JSON.stringify({ body: http.head(B + '/echo', c('head body')).body }));
}
`;

describe('qk6 run: HTTP verbs, bodies, params and JSON selectors against a local echo server', () => {
  let server: TestServer;
  let run: ExportedRun;
  const received = (name: string): RecordedRequest => {
    const found = server.requests.find((r) => r.headers['x-case'] === name);
    if (found === undefined) throw new Error(`the server never received case ${name}`);
    return found;
  };

  beforeAll(async () => {
    server = await startServer((request, res) => {
      const body = JSON.stringify({
        method: request.method,
        url: request.url,
        headers: request.headers,
        body: request.body.toString('utf8'),
        json: /json/.test(String(request.headers['content-type'])) ? JSON.parse(request.body.toString('utf8')) : null,
      });
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(body);
    });
    run = await runWithExport(SCRIPT, ['-e', `TARGET=${server.url}`]);
  });

  afterAll(async () => {
    await server?.close();
  });

  it('exits 0 with every threshold on tagged submetrics passing', () => {
    expect(run.exitCode, explain(run)).toBe(0);
    for (const name of ['http_reqs{flow:checkout}', 'http_reqs{name:items-by-id}', 'http_reqs{method:PATCH}', 'http_reqs{method:PROPFIND}']) {
      expect(run.summary.metrics[name], name).toMatchObject({ thresholds: expect.any(Object) });
      expect(Object.values(run.summary.metrics[name]?.thresholds ?? {}), name).toEqual([false]);
    }
  });

  it.each([
    // [X-Case header, method, path and query, the script's check label]
    ['get', 'GET', '/echo?q=1', 'get'],
    ['post string', 'POST', '/echo', 'post string'],
    ['post json', 'POST', '/echo', 'post json'],
    ['post object', 'POST', '/echo', 'post object'],
    ['post arraybuffer', 'POST', '/echo', 'post arraybuffer'],
    ['put', 'PUT', '/echo', 'put'],
    ['patch', 'PATCH', '/echo', 'patch'],
    ['del', 'DELETE', '/echo', 'del'],
    ['head', 'HEAD', '/echo', 'head'],
    ['options', 'OPTIONS', '/echo', 'options'],
    ['request', 'PROPFIND', '/echo', 'request'],
    ['batch 0', 'GET', '/echo?n=0', 'batch array 0'],
    ['batch 1', 'POST', '/echo', 'batch array 1'],
    ['batch first', 'PUT', '/echo', 'batch object'],
  ])('sends %s as %s %s, and its checks (%s) see the echo', (name, method, url, label) => {
    expect(received(name)).toMatchObject({ method, url });
    const checks = run.summary.root_group.checks;
    for (const check of [`${label}: status 200`, `${label}: method echoed`]) {
      expect(checks[check], check).toMatchObject({ passes: 1, fails: 0 });
    }
  });

  it.each([
    ['post string', 'plain text body', undefined],
    ['post json', '{"id":7,"tags":["a","b"]}', 'application/json'],
    // k6: an object body is form-encoded like Go's url.Values.Encode: keys sorted, QueryEscape'd values.
    ['post object', 'alpha=x+y&amp=%C3%BC%26%3D&zeta=last', 'application/x-www-form-urlencoded'],
    ['put', 'put body', undefined],
    ['patch', 'patch body', undefined],
    ['request', 'request body', undefined],
    ['batch 1', 'batch body', undefined],
    ['batch first', 'named', undefined],
  ])('encodes the %s body as %j with Content-Type %s', (name, body, contentType) => {
    const request = received(name);
    expect(request.body.toString('utf8')).toBe(body);
    expect(request.headers['content-type']).toBe(contentType);
    expect(request.headers['content-length']).toBe(String(Buffer.byteLength(body)));
  });

  it('sends an ArrayBuffer body as its raw bytes', () => {
    expect([...received('post arraybuffer').body]).toEqual([0, 1, 2, 255, 128]);
  });

  it.each(['get', 'del', 'head', 'options', 'batch 0'])('sends %s without a body', (name) => {
    expect(received(name).body.length).toBe(0);
  });

  it('sends the headers given in params', () => {
    expect(received('get').headers['x-custom']).toBe('custom value');
  });

  it('resolves res.json() selectors like k6 (gjson paths, # for a length, undefined when absent)', () => {
    expect(reported(run.stderr, 'selectors')).toEqual([
      {
        second: 'latte',
        count: 2,
        total: 2,
        header: 'selectors',
        missing: true,
        whole: { items: [{ name: 'espresso' }, { name: 'latte' }], total: 2 },
      },
    ]);
  });

  it('gives a HEAD response an empty body', () => {
    expect(reported(run.stderr, 'head-body')).toEqual([{ body: '' }]);
  });

  it('counts every request, batch members included, in http_reqs', () => {
    // 11 single requests + 2 + 1 batch members + the selectors POST + the last HEAD.
    expect(run.summary.metrics.http_reqs?.count).toBe(16);
    expect(server.requests).toHaveLength(16);
  });
});
