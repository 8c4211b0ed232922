import { createServer as createNetServer } from 'node:net';
import { once } from 'node:events';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { closeVu, fakeVu, request, samplesOf, startServer, type FakeVu, type TargetServer } from './http-test-kit.js';

let server: TargetServer;
let vu: FakeVu;
let closedPort: number;

beforeAll(async () => {
  server = await startServer((req, res) => {
    const status = /^\/status\/(\d+)$/.exec(req.url ?? '');
    if (status !== null) {
      res.statusCode = Number(status[1]);
      res.end('status');
      return;
    }
    if (req.url === '/slow') {
      setTimeout(() => res.end('late'), 2000);
      return;
    }
    if (req.url === '/slow-body') {
      res.write('start');
      setTimeout(() => res.end('end'), 2000);
      return;
    }
    if (req.url === '/once-per-connection') {
      const socket = req.socket as typeof req.socket & { served?: number };
      socket.served = (socket.served ?? 0) + 1;
      if (socket.served > 1) {
        socket.destroy();
        return;
      }
      res.end('fresh');
      return;
    }
    if (req.url === '/gzip') {
      res.setHeader('content-encoding', 'gzip');
      res.end(gzipSync('hello gzip'));
      return;
    }
    if (req.url === '/gzip-br') {
      res.setHeader('content-encoding', 'gzip, br');
      res.end(brotliCompressSync(gzipSync('twice encoded')));
      return;
    }
    if (req.url === '/bad-gzip') {
      res.setHeader('content-encoding', 'gzip');
      res.end('definitely not gzip');
      return;
    }
    res.end('ok');
  });
  const probe = createNetServer();
  probe.listen(0, '127.0.0.1');
  await once(probe, 'listening');
  closedPort = (probe.address() as AddressInfo).port;
  probe.close();
  await once(probe, 'close');
});
afterAll(async () => {
  await server.close();
});
afterEach(async () => {
  await closeVu(vu);
});

describe('http failures', () => {
  it('turns a refused connection into status 0 with error code 1212, tags and a warning', async () => {
    vu = fakeVu();
    const url = `http://127.0.0.1:${closedPort}/x`;
    const res = await request(vu, { method: 'GET', url });
    expect(res).toMatchObject({ status: 0, error: 'dial: connection refused', error_code: 1212, body: null, url });
    const tags = samplesOf(vu, 'http_reqs')[0]?.tags;
    expect(tags).toMatchObject({ status: '0', error: 'dial: connection refused', error_code: '1212', expected_response: 'false' });
    expect(tags).not.toHaveProperty('proto');
    expect(samplesOf(vu, 'http_req_failed')[0]?.value).toBe(1);
    expect(vu.logs).toEqual([
      { level: 'warn', message: 'Request Failed', fields: { error: `Get "${url}": dial tcp 127.0.0.1:${closedPort}: connect: connection refused` } },
    ]);
  });

  it('throws the Go-style error with throw (param or option) and still emits samples', async () => {
    vu = fakeVu();
    const url = `http://127.0.0.1:${closedPort}/`;
    await expect(request(vu, { method: 'POST', url, throw: true })).rejects.toThrow(`Post "${url}": dial tcp 127.0.0.1:${closedPort}: connect: connection refused`);
    expect(samplesOf(vu, 'http_reqs')).toHaveLength(1);
    expect(vu.logs).toEqual([]);
    await closeVu(vu);
    vu = fakeVu({ throw: true });
    await expect(request(vu, { method: 'GET', url })).rejects.toThrow('connection refused');
  });

  it('times out waiting for headers with error code 1050', async () => {
    vu = fakeVu();
    const res = await request(vu, { method: 'GET', url: `${server.url}/slow`, timeout: 100 });
    expect(res).toMatchObject({ status: 0, error: 'request timeout', error_code: 1050 });
    // The wait for headers is `waiting`. The timer started with the request and never fires early,
    // so the phases until the timeout add up to it; on a busy machine connecting can take a share.
    const t = res.timings;
    expect(t.waiting).toBeGreaterThan(0);
    expect(t.blocked + t.connecting + t.sending + t.waiting).toBeGreaterThanOrEqual(90);
    expect(samplesOf(vu, 'http_reqs')[0]?.tags).toMatchObject({ error: 'request timeout', error_code: '1050', status: '0' });
  });

  it('times out while reading the body with error code 1050', async () => {
    vu = fakeVu();
    const res = await request(vu, { method: 'GET', url: `${server.url}/slow-body`, timeout: 150 });
    expect(res).toMatchObject({ status: 0, error_code: 1050, body: null });
    expect(res.timings.receiving).toBeGreaterThan(0);
  });

  it('reports HTTP errors as error_code 1000+status without an error message', async () => {
    vu = fakeVu();
    const res = await request(vu, { method: 'GET', url: `${server.url}/status/404` });
    expect(res).toMatchObject({ status: 404, status_text: '404 Not Found', error: '', error_code: 1404, body: 'status' });
    const tags = samplesOf(vu, 'http_reqs')[0]?.tags;
    expect(tags).toMatchObject({ status: '404', error_code: '1404', expected_response: 'false' });
    expect(tags).not.toHaveProperty('error');
    expect(samplesOf(vu, 'http_req_failed')[0]?.value).toBe(1);
    expect(vu.logs).toEqual([]);
  });

  it('applies expectedStatuses ranges and disables http_req_failed with a null callback', async () => {
    vu = fakeVu();
    const callback = { kind: 'expectedStatuses', ranges: [[404, 404], [500, 599]] };
    await request(vu, { method: 'GET', url: `${server.url}/status/404`, responseCallback: callback });
    await request(vu, { method: 'GET', url: `${server.url}/status/200`, responseCallback: callback });
    await request(vu, { method: 'GET', url: `${server.url}/status/503`, responseCallback: callback });
    expect(samplesOf(vu, 'http_req_failed').map((s) => s.value)).toEqual([0, 1, 0]);
    expect(samplesOf(vu, 'http_reqs').map((s) => s.tags.expected_response)).toEqual(['true', 'false', 'true']);
    vu.samples.length = 0;
    await request(vu, { method: 'GET', url: `${server.url}/status/500`, responseCallback: null });
    expect(samplesOf(vu, 'http_req_failed')).toHaveLength(0);
    expect(samplesOf(vu, 'http_reqs')[0]?.tags).not.toHaveProperty('expected_response');
  });

  it('undoes a response\'s Content-Encoding list, the last one applied first', async () => {
    vu = fakeVu();
    const gzipped = await request(vu, { method: 'GET', url: `${server.url}/gzip` });
    expect([gzipped.status, gzipped.error, gzipped.body]).toEqual([200, '', 'hello gzip']);
    const twice = await request(vu, { method: 'GET', url: `${server.url}/gzip-br` });
    expect([twice.status, twice.error, twice.body]).toEqual([200, '', 'twice encoded']);
    const none = await request(vu, { method: 'GET', url: `${server.url}/gzip`, responseType: 'none' });
    expect([none.status, none.body]).toEqual([200, null]);
  });

  it('fails an undecodable body with error code 1701', async () => {
    vu = fakeVu();
    const res = await request(vu, { method: 'GET', url: `${server.url}/bad-gzip` });
    expect(res.status).toBe(0);
    expect(res.error_code).toBe(1701);
    expect(res.error).toMatch(/^error decompressing response body \(/);
  });

  it('reports an invalid URL as error 1020 without samples, or throws it', async () => {
    vu = fakeVu();
    const res = await request(vu, { method: 'GET', url: 'http://[::1' });
    expect(res.error_code).toBe(1020);
    expect(res.error).toMatch(/^invalid URL: parse "http:\/\/\[::1": /);
    expect(vu.samples).toHaveLength(0);
    expect(vu.logs[0]?.message).toBe('Request Failed');
    expect(vu.logs[0]?.fields?.error).toMatch(/^invalid URL/);
    await expect(request(vu, { method: 'GET', url: 'http://[::1', throw: true })).rejects.toThrow('invalid URL');
  });

  it('fails a URL without an http scheme with samples, like Go', async () => {
    vu = fakeVu();
    const res = await request(vu, { method: 'GET', url: 'example.com/' });
    expect(res).toMatchObject({ status: 0, error: 'unsupported protocol scheme ""', error_code: 1000 });
    expect(samplesOf(vu, 'http_reqs')[0]?.tags).toMatchObject({ url: 'example.com/', status: '0', error_code: '1000' });
  });

  it('handles a params error found by the guest like k6 parse errors', async () => {
    vu = fakeVu();
    const res = await request(vu, { method: 'GET', url: server.url, invalid: 'invalid timeout value: time: invalid duration "abc"' });
    expect(res).toMatchObject({ status: 0, error: 'invalid timeout value: time: invalid duration "abc"', error_code: 0 });
    expect(vu.samples).toHaveLength(0);
  });

  it('rejects unknown compression algorithms and compresses bodies with known ones', async () => {
    vu = fakeVu();
    const bad = await request(vu, { method: 'POST', url: server.url, body: 'x', compression: 'lzma' });
    expect(bad.error).toBe('unknown compression algorithm lzma, supported algorithms are [gzip deflate zstd br]');
    const good = await request(vu, { method: 'POST', url: server.url, body: 'hello', compression: 'gzip' });
    expect(good.status).toBe(200);
    expect(good.request.headers['Content-Encoding']).toEqual(['gzip']);
  });

  it('retries an idempotent request once when a reused connection turns out closed', async () => {
    vu = fakeVu();
    await request(vu, { method: 'GET', url: `${server.url}/once-per-connection` });
    const res = await request(vu, { method: 'GET', url: `${server.url}/once-per-connection` });
    expect([res.status, res.body]).toEqual([200, 'fresh']);
    expect(res.timings.connecting).toBeGreaterThan(0);
    expect(samplesOf(vu, 'http_reqs')).toHaveLength(2);
    const post = await request(vu, { method: 'POST', url: `${server.url}/once-per-connection`, body: 'x' });
    expect(post).toMatchObject({ status: 0, error: 'EOF', error_code: 1000 });
  });

  it('aborts in-flight requests when the VU signal aborts, without samples or warnings', async () => {
    vu = fakeVu();
    const pending = request(vu, { method: 'GET', url: `${server.url}/slow` });
    setTimeout(() => vu.abort(), 50);
    const res = await pending;
    expect(res).toMatchObject({ status: 0, error: 'context canceled' });
    expect(vu.samples).toHaveLength(0);
    expect(vu.logs).toHaveLength(0);
  });
});
