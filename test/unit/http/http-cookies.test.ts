import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CookieJar } from '../../../src/modules/http/cookie-jar.js';
import { parseSetCookie, ZERO_TIME_MS } from '../../../src/modules/http/set-cookie.js';
import { closeVu, echo, fakeVu, request, startServer, syncOp, type FakeVu, type TargetServer } from './http-test-kit.js';

let server: TargetServer;
let vu: FakeVu;

beforeAll(async () => {
  server = await startServer((req, res, body) => {
    if (req.url === '/set') {
      res.setHeader('set-cookie', [
        'plain=1',
        'full=2; Domain=127.0.0.1; Path=/; Max-Age=100; HttpOnly; Secure',
        'dated=3; Expires=Wed, 21 Oct 2099 07:28:00 GMT',
        'bad name=4',
      ]);
      res.end('set');
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

const cookieSent = (body: string | null): string | undefined => (JSON.parse(body ?? 'null') as { headers: Record<string, string> }).headers.cookie;

describe('response cookies and the VU jar', () => {
  it('reports res.cookies like k6 and stores them in the VU jar', async () => {
    vu = fakeVu();
    const res = await request(vu, { method: 'GET', url: `${server.url}/set` });
    expect(res.cookies).toEqual({
      plain: [{ name: 'plain', value: '1', domain: '', path: '', http_only: false, secure: false, max_age: 0, expires: ZERO_TIME_MS }],
      full: [{ name: 'full', value: '2', domain: '127.0.0.1', path: '/', http_only: true, secure: true, max_age: 100, expires: ZERO_TIME_MS }],
      dated: [{ name: 'dated', value: '3', domain: '', path: '', http_only: false, secure: false, max_age: 0, expires: Date.UTC(2099, 9, 21, 7, 28) }],
    });
    // `full` is Secure: not sent over http.
    const next = await request(vu, { method: 'GET', url: `${server.url}/echo` });
    expect(cookieSent(next.body)).toBe('plain=1; dated=3');
    expect(syncOp(vu, 'http.jar.cookiesForURL', { jar: 0, url: `${server.url}/` })).toEqual({ plain: ['1'], dated: ['3'] });
  });

  it('sends params cookies first, and replace hides the jar cookie', async () => {
    vu = fakeVu();
    syncOp(vu, 'http.jar.set', { jar: 0, url: server.url, name: 'a', value: 'jar' });
    const both = await request(vu, { method: 'GET', url: server.url, cookies: { a: { value: 'param', replace: false } } });
    expect(cookieSent(both.body)).toBe('a=param; a=jar');
    const replaced = await request(vu, { method: 'GET', url: server.url, cookies: { a: { value: 'param', replace: true } } });
    expect(cookieSent(replaced.body)).toBe('a=param');
    expect(replaced.request.cookies).toEqual({ a: [{ name: 'a', value: 'param', replace: false }] });
  });

  it('resets the VU jar between iterations unless noCookiesReset', async () => {
    vu = fakeVu();
    syncOp(vu, 'http.jar.set', { jar: 0, url: server.url, name: 'a', value: '1' });
    syncOp(vu, 'http.resetJar');
    expect(syncOp(vu, 'http.jar.cookiesForURL', { jar: 0, url: server.url })).toEqual({});
    await closeVu(vu);
    vu = fakeVu({ noCookiesReset: true });
    syncOp(vu, 'http.jar.set', { jar: 0, url: server.url, name: 'a', value: '1' });
    syncOp(vu, 'http.resetJar');
    expect(syncOp(vu, 'http.jar.cookiesForURL', { jar: 0, url: server.url })).toEqual({ a: ['1'] });
  });

  it('uses a separate jar given by id, with set/delete/clear', async () => {
    vu = fakeVu();
    const jar = syncOp(vu, 'http.jar.new') as number;
    expect(jar).toBeGreaterThan(0);
    syncOp(vu, 'http.jar.set', { jar, url: server.url, name: 'k', value: 'v', options: { path: '/p' } });
    syncOp(vu, 'http.jar.set', { jar, url: server.url, name: 'j', value: 'w' });
    const res = await request(vu, { method: 'GET', url: `${server.url}/p/x`, jar });
    expect(cookieSent(res.body)).toBe('k=v; j=w');
    expect(cookieSent((await request(vu, { method: 'GET', url: `${server.url}/p/x` })).body)).toBeUndefined();
    // Like Go's jar, delete targets the cookie the URL would set: default path of /other is /.
    syncOp(vu, 'http.jar.delete', { jar, url: `${server.url}/other`, name: 'k' });
    expect(syncOp(vu, 'http.jar.cookiesForURL', { jar, url: `${server.url}/p/x` })).toEqual({ k: ['v'], j: ['w'] });
    syncOp(vu, 'http.jar.delete', { jar, url: `${server.url}/p/x`, name: 'k' });
    expect(syncOp(vu, 'http.jar.cookiesForURL', { jar, url: `${server.url}/p/x` })).toEqual({ j: ['w'] });
    syncOp(vu, 'http.jar.clear', { jar, url: server.url });
    expect(syncOp(vu, 'http.jar.cookiesForURL', { jar, url: server.url })).toEqual({});
  });

  it('rejects an unparsable expires in jar.set and the VU jar in init', () => {
    vu = fakeVu();
    expect(() => syncOp(vu, 'http.jar.set', { jar: 0, url: server.url, name: 'a', value: '1', options: { expires: 'tomorrow' } })).toThrow('unable to parse "expires" date string "tomorrow"');
    vu.phase = 'init';
    expect(() => syncOp(vu, 'http.jar.vu')).toThrow('Making cookie jars in the init context is not supported');
  });
});

describe('cookie jar rules (Go cookiejar without a public suffix list)', () => {
  const url = (href: string): URL => new URL(href);

  it('scopes host-only and domain cookies', () => {
    const jar = new CookieJar();
    jar.setCookies(url('http://www.example.com/'), [{ name: 'host', value: '1' }, { name: 'dom', value: '2', domain: '.example.com' }]);
    jar.setCookies(url('http://www.example.com/'), [{ name: 'evil', value: '3', domain: 'other.com' }]);
    expect(jar.cookies(url('http://www.example.com/')).map((c) => c.name)).toEqual(['host', 'dom']);
    expect(jar.cookies(url('http://api.example.com/')).map((c) => c.name)).toEqual(['dom']);
    expect(jar.cookies(url('http://example.com/')).map((c) => c.name)).toEqual(['dom']);
    expect(jar.size).toBe(2);
  });

  it('orders by longer path first and expires cookies', () => {
    const jar = new CookieJar();
    const now = 1_000_000;
    jar.setCookies(url('http://h/a/b/c'), [{ name: 'short', value: '1', path: '/' }, { name: 'long', value: '2' }, { name: 'ttl', value: '3', path: '/', maxAge: 10 }], now);
    expect(jar.cookies(url('http://h/a/b/x'), now).map((c) => c.name)).toEqual(['long', 'short', 'ttl']);
    expect(jar.cookies(url('http://h/a/bc'), now).map((c) => c.name)).toEqual(['short', 'ttl']);
    expect(jar.cookies(url('http://h/'), now + 11_000).map((c) => c.name)).toEqual(['short']);
    jar.setCookies(url('http://h/'), [{ name: 'short', value: '', maxAge: -1 }], now);
    expect(jar.cookies(url('http://h/'), now)).toEqual([]);
  });

  it('parses Set-Cookie like Go', () => {
    expect(parseSetCookie('a="quoted"; max-age=0')).toMatchObject({ name: 'a', value: 'quoted', maxAge: -1 });
    expect(parseSetCookie('a=1; max-age=012')).toMatchObject({ maxAge: 0 });
    expect(parseSetCookie('a=1; expires=Mon, 02-Jan-2006 15:04:05 GMT')?.expires).toBe(Date.UTC(2006, 0, 2, 15, 4, 5));
    expect(parseSetCookie('a=1; expires=garbage')?.expires).toBeUndefined();
    expect(parseSetCookie('novalue')).toBeUndefined();
    expect(parseSetCookie('a=b\\c')).toBeUndefined();
  });
});
