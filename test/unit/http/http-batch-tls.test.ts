import { once } from 'node:events';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { batch, closeVu, echo, fakeVu, request, samplesOf, startServer, type FakeVu, type TargetServer } from './http-test-kit.js';
import { TLS_CERT, TLS_KEY } from './tls-fixture.js';

let server: TargetServer;
let tls: HttpsServer;
let tlsUrl: string;
let vu: FakeVu;
let active = 0;
let maxActive = 0;

beforeAll(async () => {
  server = await startServer((req, res, body) => {
    if (req.url?.startsWith('/slow') === true) {
      active += 1;
      maxActive = Math.max(maxActive, active);
      setTimeout(() => {
        active -= 1;
        res.end(req.url);
      }, 30);
      return;
    }
    echo(req, res, body);
  });
  tls = createHttpsServer({ key: TLS_KEY, cert: TLS_CERT }, (_req, res) => res.end('secure'));
  tls.listen(0, '127.0.0.1');
  await once(tls, 'listening');
  tlsUrl = `https://127.0.0.1:${(tls.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await server.close();
  tls.closeAllConnections();
  tls.close();
});
afterEach(async () => {
  await closeVu(vu);
});

describe('http.batch', () => {
  it('returns responses in request order', async () => {
    vu = fakeVu();
    const urls = [3, 1, 2].map((n) => `${server.url}/slow/${n}`);
    const responses = await batch(vu, urls.map((url) => ({ method: 'GET', url })));
    expect(responses.map((r) => r.body)).toEqual(['/slow/3', '/slow/1', '/slow/2']);
    expect(samplesOf(vu, 'http_reqs')).toHaveLength(3);
  });

  it('respects batchPerHost', async () => {
    vu = fakeVu({ batchPerHost: 2 });
    maxActive = 0;
    await batch(vu, Array.from({ length: 6 }, (_, i) => ({ method: 'GET', url: `${server.url}/slow/${i}` })));
    expect(maxActive).toBe(2);
  });

  it('respects the global batch limit', async () => {
    vu = fakeVu({ batch: 3, batchPerHost: 0 });
    maxActive = 0;
    await batch(vu, Array.from({ length: 7 }, (_, i) => ({ method: 'GET', url: `${server.url}/slow/${i}` })));
    expect(maxActive).toBe(3);
  });

  it('carries several binary bodies in one buffer', async () => {
    vu = fakeVu();
    const buffer = new Uint8Array([1, 2, 3, 4, 5]).buffer;
    const responses = await batch(vu, [
      { method: 'POST', url: server.url, bodyRange: [0, 2] },
      { method: 'POST', url: server.url, bodyRange: [2, 3] },
    ], buffer);
    const sent = responses.map((r) => Buffer.from((JSON.parse(r.body ?? '{}') as { bodyBase64: string }).bodyBase64, 'base64'));
    expect(sent).toEqual([Buffer.from([1, 2]), Buffer.from([3, 4, 5])]);
  });

  it('rejects with the first failure after all requests when throwing', async () => {
    vu = fakeVu();
    const ok = `${server.url}/slow/ok`;
    await expect(batch(vu, [{ method: 'GET', url: ok }, { method: 'GET', url: 'http://127.0.0.1:1/', throw: true }])).rejects.toThrow('connection refused');
    expect(samplesOf(vu, 'http_reqs')).toHaveLength(2);
  });
});

describe('https', () => {
  it('rejects an unknown authority with error code 1310', async () => {
    vu = fakeVu();
    const res = await request(vu, { method: 'GET', url: tlsUrl });
    expect(res).toMatchObject({ status: 0, error: 'x509: unknown authority', error_code: 1310 });
  });

  it('measures the TLS handshake and reports the TLS version with insecureSkipTLSVerify', async () => {
    vu = fakeVu({ insecureSkipTLSVerify: true });
    const first = await request(vu, { method: 'GET', url: tlsUrl });
    expect(first).toMatchObject({ status: 200, body: 'secure', tls_version: 'tls1.3' });
    expect(first.tls_cipher_suite).toMatch(/^TLS_/);
    expect(first.timings.tls_handshaking).toBeGreaterThan(0);
    expect(first.timings.connecting).toBeGreaterThan(0);
    expect(samplesOf(vu, 'http_reqs')[0]?.tags.tls_version).toBe('tls1.3');
    const second = await request(vu, { method: 'GET', url: tlsUrl });
    expect([second.timings.connecting, second.timings.tls_handshaking]).toEqual([0, 0]);
  });
});

describe('--http-debug', () => {
  it('logs the request and response like k6', async () => {
    vu = fakeVu({ httpDebug: 'full' });
    await request(vu, { method: 'POST', url: `${server.url}/dbg`, body: 'hello' });
    const [req, res] = vu.logs.map((l) => l.message);
    expect(req).toMatch(/^Request:\nPOST \/dbg HTTP\/1\.1\n/);
    expect(req).toContain('User-Agent: qk6-test/1.0\n');
    expect(req?.endsWith('\n\nhello\n')).toBe(true);
    expect(res).toMatch(/^Response:\nHTTP\/1\.1 200 OK\n/);
    expect(res).toContain('Content-Type: application/json\n');
  });
});
