import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { closeVu, echo, fakeVu, request, samplesOf, startServer, type FakeVu, type TargetServer } from './http-test-kit.js';

let server: TargetServer;
let vu: FakeVu;

beforeAll(async () => {
  server = await startServer((req, res, body) => {
    if (req.url === '/bytes') {
      res.setHeader('content-type', 'application/octet-stream');
      res.end(Buffer.from([0, 1, 2, 253, 254, 255]));
      return;
    }
    if (req.url === '/multi-header') {
      res.setHeader('x-multi', ['a', 'b']);
      res.setHeader('content-type', 'text/plain');
      res.end('ok');
      return;
    }
    if (req.url === '/no-content') {
      res.statusCode = 204;
      res.end();
      return;
    }
    echo(req, res, body);
  });
});
afterAll(async () => {
  await server.close();
});
afterEach(async () => {
  await closeVu(vu);
});

interface Echo {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
  bodyBase64: string;
}

function echoed(body: string | null): Echo {
  return JSON.parse(body ?? 'null') as Echo;
}

describe('http.request', () => {
  it.each(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'])('sends a %s request and reports k6 response fields', async (method) => {
    vu = fakeVu();
    const res = await request(vu, { method, url: `${server.url}/path?q=1`, body: method === 'GET' || method === 'HEAD' ? undefined : 'payload' });
    expect(res.status).toBe(200);
    expect(res.status_text).toBe('200 OK');
    expect(res.proto).toBe('HTTP/1.1');
    expect(res.url).toBe(`${server.url}/path?q=1`);
    expect(res.error).toBe('');
    expect(res.error_code).toBe(0);
    expect(res.remote_ip).toBe('127.0.0.1');
    expect(res.remote_port).toBe(Number(new URL(server.url).port));
    expect(res.headers['Content-Type']).toBe('application/json');
    if (method === 'HEAD') {
      expect(res.body).toBe('');
      return;
    }
    const sent = echoed(res.body);
    expect(sent.method).toBe(method);
    expect(sent.url).toBe('/path?q=1');
    expect(sent.body).toBe(method === 'GET' ? '' : 'payload');
    expect(sent.headers['user-agent']).toBe('qk6-test/1.0');
  });

  it('sends user headers over the User-Agent option and records res.request', async () => {
    vu = fakeVu();
    const res = await request(vu, { method: 'POST', url: `${server.url}/h`, body: 'a=1', headers: { 'user-agent': 'mine', 'x-custom': 'v' } });
    const sent = echoed(res.body);
    expect(sent.headers['user-agent']).toBe('mine');
    expect(sent.headers['x-custom']).toBe('v');
    expect(res.request).toMatchObject({ method: 'POST', url: `${server.url}/h` });
    expect(res.request.body).toBeUndefined(); // a string body: the guest fills it in (response-data.ts)
    expect(res.request.headers).toMatchObject({ 'User-Agent': ['mine'], 'X-Custom': ['v'] });
  });

  it('sends a form body with the guest-chosen content type, which user headers override', async () => {
    vu = fakeVu();
    const form = await request(vu, { method: 'POST', url: server.url, body: 'a=1&b=2', bodyContentType: 'application/x-www-form-urlencoded' });
    expect(echoed(form.body).headers['content-type']).toBe('application/x-www-form-urlencoded');
    const custom = await request(vu, { method: 'POST', url: server.url, body: 'x', bodyContentType: 'application/x-www-form-urlencoded', headers: { 'Content-Type': 'text/plain' } });
    expect(echoed(custom.body).headers['content-type']).toBe('text/plain');
  });

  it('sends a binary body from the bridge buffer range', async () => {
    vu = fakeVu();
    const bytes = new Uint8Array([9, 9, 0, 255, 128, 7, 9]);
    const res = await request(vu, { method: 'PUT', url: server.url, bodyRange: [2, 4] }, bytes.buffer);
    expect(Buffer.from(echoed(res.body).bodyBase64, 'base64')).toEqual(Buffer.from([0, 255, 128, 7]));
  });

  it('stashes a binary response body for http.takeBody', async () => {
    vu = fakeVu();
    const res = await request(vu, { method: 'GET', url: `${server.url}/bytes`, responseType: 'binary' });
    expect(res.body).toBeNull();
    expect(typeof res.body_id).toBe('number');
    const { httpModule } = await import('../../../src/modules/http/http-module.js');
    const body = httpModule.sync?.['http.takeBody']?.(vu, { payload: res.body_id, buffer: undefined }) as { bytes: Uint8Array };
    expect(Array.from(body.bytes)).toEqual([0, 1, 2, 253, 254, 255]);
    expect(body.bytes.buffer.byteLength).toBe(6);
    expect(() => httpModule.sync?.['http.takeBody']?.(vu, { payload: res.body_id, buffer: undefined })).toThrow('no response body');
  });

  it('discards the body with responseType none and with discardResponseBodies', async () => {
    vu = fakeVu({ discardResponseBodies: true });
    expect((await request(vu, { method: 'GET', url: server.url })).body).toBeNull();
    expect((await request(vu, { method: 'GET', url: server.url, responseType: 'text' })).body).not.toBeNull();
    expect((await request(vu, { method: 'GET', url: server.url, responseType: 'none' })).body).toBeNull();
  });

  it('joins repeated response headers and returns a null body for 204', async () => {
    vu = fakeVu();
    expect((await request(vu, { method: 'GET', url: `${server.url}/multi-header` })).headers['X-Multi']).toBe('a, b');
    const empty = await request(vu, { method: 'GET', url: `${server.url}/no-content` });
    expect(empty.status).toBe(204);
    expect(empty.body).toBeNull();
  });

  it('sends basic auth from URL credentials and masks them in the name and url tags', async () => {
    vu = fakeVu();
    const port = new URL(server.url).port;
    const res = await request(vu, { method: 'GET', url: `http://user:p%40ss@127.0.0.1:${port}/auth` });
    expect(echoed(res.body).headers.authorization).toBe(`Basic ${Buffer.from('user:p@ss').toString('base64')}`);
    const reqs = samplesOf(vu, 'http_reqs');
    expect(reqs[0]?.tags.name).toBe(`http://****:****@127.0.0.1:${port}/auth`);
    expect(reqs[0]?.tags.url).toBe(`http://****:****@127.0.0.1:${port}/auth`);
  });

  it('refuses requests in the init context', async () => {
    vu = fakeVu();
    vu.phase = 'init';
    await expect(request(vu, { method: 'GET', url: server.url })).rejects.toThrow('Making http requests in the init context is not supported');
  });
});

describe('http metrics', () => {
  it('emits k6 samples and tags for one request', async () => {
    vu = fakeVu();
    await request(vu, { method: 'GET', url: `${server.url}/m`, group: '::g', tags: { custom: 'x', method: 'ignored' } });
    const names = vu.samples.map((s) => s.metric);
    expect(names).toEqual([
      'http_reqs', 'http_req_duration', 'http_req_blocked', 'http_req_connecting', 'http_req_tls_handshaking',
      'http_req_sending', 'http_req_waiting', 'http_req_receiving', 'http_req_failed', 'data_sent', 'data_received',
    ]);
    expect(samplesOf(vu, 'http_reqs')[0]?.tags).toEqual({
      group: '::g', custom: 'x', name: `${server.url}/m`, url: `${server.url}/m`, method: 'GET', status: '200', proto: 'HTTP/1.1', expected_response: 'true',
    });
    expect(samplesOf(vu, 'http_req_failed')[0]?.value).toBe(0);
    expect(samplesOf(vu, 'data_sent')[0]?.value).toBeGreaterThan(50);
    expect(samplesOf(vu, 'data_received')[0]?.value).toBeGreaterThan(100);
    expect(samplesOf(vu, 'data_received')[0]?.tags).toEqual({ group: '' });
  });

  it('uses tags.name or the http.url template for both name and url', async () => {
    vu = fakeVu();
    await request(vu, { method: 'GET', url: `${server.url}/item/1`, tags: { name: 'items' } });
    await request(vu, { method: 'GET', url: `${server.url}/item/2`, urlName: `${server.url}/item/\${}` });
    const tags = samplesOf(vu, 'http_reqs').map((s) => [s.tags.name, s.tags.url]);
    expect(tags).toEqual([['items', 'items'], [`${server.url}/item/\${}`, `${server.url}/item/\${}`]]);
  });

  it('measures non-negative timings whose duration is sending + waiting + receiving', async () => {
    vu = fakeVu();
    const res = await request(vu, { method: 'POST', url: server.url, body: 'x'.repeat(10_000) });
    const t = res.timings;
    for (const value of Object.values(t)) expect(value).toBeGreaterThanOrEqual(0);
    expect(t.duration).toBeCloseTo(t.sending + t.waiting + t.receiving, 6);
    expect(t.blocked).toBeGreaterThanOrEqual(t.connecting);
    expect(t.connecting).toBeGreaterThan(0);
    expect(t.tls_handshaking).toBe(0);
    expect(samplesOf(vu, 'http_req_duration')[0]?.value).toBe(t.duration);
  });

  it('reuses the VU connection: the second request has zero connecting time', async () => {
    vu = fakeVu();
    const before = server.connections;
    const first = await request(vu, { method: 'GET', url: server.url });
    const second = await request(vu, { method: 'GET', url: server.url });
    expect(first.timings.connecting).toBeGreaterThan(0);
    expect(second.timings.connecting).toBe(0);
    expect(server.connections - before).toBe(1);
  });

  it('opens a new connection per request with noConnectionReuse', async () => {
    vu = fakeVu({ noConnectionReuse: true });
    const before = server.connections;
    await request(vu, { method: 'GET', url: server.url });
    const second = await request(vu, { method: 'GET', url: server.url });
    expect(second.timings.connecting).toBeGreaterThan(0);
    expect(server.connections - before).toBe(2);
  });
});
