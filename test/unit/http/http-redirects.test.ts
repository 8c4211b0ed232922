import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { closeVu, echo, fakeVu, request, samplesOf, startServer, type FakeVu, type TargetServer } from './http-test-kit.js';

let server: TargetServer;
let other: TargetServer;
let vu: FakeVu;

beforeAll(async () => {
  other = await startServer(echo);
  server = await startServer((req, res, body) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const redirect = /^\/redirect\/(\d+)$/.exec(url.pathname);
    if (redirect !== null) {
      res.statusCode = Number(redirect[1]);
      res.setHeader('location', url.searchParams.get('to') ?? '/echo');
      res.end('moved');
      return;
    }
    const chain = /^\/chain\/(\d+)$/.exec(url.pathname);
    if (chain !== null) {
      const n = Number(chain[1]);
      if (n === 0) res.end('done');
      else {
        res.statusCode = 302;
        res.setHeader('location', `/chain/${n - 1}`);
        res.end();
      }
      return;
    }
    if (url.pathname === '/login/submit') {
      res.statusCode = 302;
      res.setHeader('set-cookie', ['session=abc; Path=/', 'scoped=1']);
      res.setHeader('location', '/account/home');
      res.end();
      return;
    }
    if (url.pathname === '/no-location') {
      res.statusCode = 302;
      res.end('stay');
      return;
    }
    echo(req, res, body);
  });
});
afterAll(async () => {
  await server.close();
  await other.close();
});
afterEach(async () => {
  await closeVu(vu);
});

interface Echo {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}
const echoed = (body: string | null): Echo => JSON.parse(body ?? 'null') as Echo;

describe('redirects', () => {
  it.each([
    [301, 'GET', ''],
    [302, 'GET', ''],
    [303, 'GET', ''],
    [307, 'POST', 'data'],
    [308, 'POST', 'data'],
  ])('follows %i from a POST as %s with body %j', async (status, method, body) => {
    vu = fakeVu();
    const res = await request(vu, { method: 'POST', url: `${server.url}/redirect/${status}`, body: 'data' });
    expect(res.status).toBe(200);
    expect(res.url).toBe(`${server.url}/echo`);
    const sent = echoed(res.body);
    expect([sent.method, sent.body]).toEqual([method, body]);
    expect(sent.headers.referer).toBe(`${server.url}/redirect/${status}`);
    expect(res.request.method).toBe('POST');
    const hops = samplesOf(vu, 'http_reqs').map((s) => [s.tags.method, s.tags.status, s.tags.url]);
    expect(hops).toEqual([
      ['POST', String(status), `${server.url}/redirect/${status}`],
      [method, '200', `${server.url}/echo`],
    ]);
  });

  it('keeps HEAD as HEAD across a 302', async () => {
    vu = fakeVu();
    await request(vu, { method: 'HEAD', url: `${server.url}/redirect/302` });
    expect(samplesOf(vu, 'http_reqs').map((s) => s.tags.method)).toEqual(['HEAD', 'HEAD']);
  });

  it('stops at the redirects limit and returns the last redirection', async () => {
    vu = fakeVu();
    const res = await request(vu, { method: 'GET', url: `${server.url}/chain/3`, redirects: 2 });
    expect(res.status).toBe(302);
    expect(res.url).toBe(`${server.url}/chain/1`);
    expect(samplesOf(vu, 'http_reqs')).toHaveLength(3);
    expect(vu.logs).toEqual([]);
    const none = await request(vu, { method: 'GET', url: `${server.url}/chain/1`, redirects: 0 });
    expect([none.status, none.url]).toEqual([302, `${server.url}/chain/1`]);
  });

  it('warns when the maxRedirects option stops a chain', async () => {
    vu = fakeVu({ maxRedirects: 1 });
    const res = await request(vu, { method: 'GET', url: `${server.url}/chain/5` });
    expect(res.status).toBe(302);
    expect(vu.logs[0]?.message).toBe('Stopped after 2 redirects and returned the redirection; pass { redirects: n } in request params or set global maxRedirects to silence this');
  });

  it('returns a 3xx without Location as the response', async () => {
    vu = fakeVu();
    const res = await request(vu, { method: 'GET', url: `${server.url}/no-location` });
    expect([res.status, res.body]).toEqual([302, 'stay']);
  });

  it('stores Set-Cookie of a redirect in the jar and sends it on the next hop by path', async () => {
    vu = fakeVu();
    const res = await request(vu, { method: 'POST', url: `${server.url}/login/submit`, body: 'u=1' });
    // session has Path=/, scoped defaults to /login: only session reaches /account/home.
    expect(echoed(res.body).headers.cookie).toBe('session=abc');
    const back = await request(vu, { method: 'GET', url: `${server.url}/login/again` });
    expect(echoed(back.body).headers.cookie).toBe('scoped=1; session=abc');
  });

  it('follows a redirect to another origin and drops a user Authorization header', async () => {
    vu = fakeVu();
    const target = `${other.url.replace('127.0.0.1', 'localhost')}/landing`;
    const res = await request(vu, { method: 'GET', url: `${server.url}/redirect/302?to=${encodeURIComponent(target)}`, headers: { Authorization: 'Bearer t', 'X-Keep': 'yes' } });
    expect(res.url).toBe(target);
    const sent = echoed(res.body);
    expect(sent.headers.authorization).toBeUndefined();
    expect(sent.headers['x-keep']).toBe('yes');
  });

  it('fails a redirect to a closed port with the hop URL as res.url', async () => {
    vu = fakeVu();
    const res = await request(vu, { method: 'GET', url: `${server.url}/redirect/302?to=${encodeURIComponent('http://127.0.0.1:1/pesho')}` });
    expect(res).toMatchObject({ status: 0, url: 'http://127.0.0.1:1/pesho', error_code: 1212 });
    expect(samplesOf(vu, 'http_reqs').map((s) => s.tags.status)).toEqual(['302', '0']);
  });
});
