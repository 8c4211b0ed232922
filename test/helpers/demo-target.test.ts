import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from './run-cli.js';
import { startDemoTarget, startServer, type DemoTarget } from './target-server.js';

let target: DemoTarget;

beforeAll(async () => {
  target = await startDemoTarget();
});

afterAll(async () => {
  await target.close();
});

async function json(path: string, init?: RequestInit): Promise<{ status: number; body: any; res: Response }> {
  const res = await fetch(`${target.url}${path}`, init);
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, res };
}

const jsonBody = (value: unknown): RequestInit => ({
  body: JSON.stringify(value),
  headers: { 'Content-Type': 'application/json' },
});

describe('demo target', () => {
  it('listens on 127.0.0.1 and answers the health check', async () => {
    expect(target.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await json('/api/health')).toMatchObject({ status: 200, body: { status: 'ok' } });
  });

  it('serves an HTML home page with links and a login form', async () => {
    const res = await fetch(`${target.url}/`);
    expect(res.headers.get('content-type')).toContain('text/html');
    const html = await res.text();
    expect(html).toContain('<a href="/api/items"');
    expect(html).toContain('<form id="login-form" action="/api/login" method="post">');
  });

  it('creates, reads, updates and deletes an item', async () => {
    const created = await json('/api/items', { method: 'POST', ...jsonBody({ name: 'Tea', price: 1 }) });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Tea', price: 1, id: expect.any(Number) });
    const path = `/api/items/${created.body.id}`;
    expect(created.res.headers.get('location')).toBe(path);

    expect((await json(path)).body).toEqual(created.body);
    expect((await json('/api/items')).body).toContainEqual(created.body);
    const patched = await json(path, { method: 'PATCH', ...jsonBody({ price: 2 }) });
    expect(patched.body).toEqual({ id: created.body.id, name: 'Tea', price: 2 });
    const put = await json(path, { method: 'PUT', ...jsonBody({ name: 'Green tea' }) });
    expect(put.body).toEqual({ id: created.body.id, name: 'Green tea' });
    expect((await json(path, { method: 'DELETE' })).status).toBe(204);
    expect(await json(path)).toMatchObject({ status: 404, body: { error: expect.stringContaining('not found') } });
  });

  it('rejects invalid JSON with 400 and unknown methods with 405', async () => {
    const bad = await json('/api/items', { method: 'POST', body: '{nope', headers: { 'Content-Type': 'application/json' } });
    expect(bad.status).toBe(400);
    const notAllowed = await json('/api/items', { method: 'DELETE' });
    expect(notAllowed.status).toBe(405);
    expect(notAllowed.res.headers.get('allow')).toContain('POST');
  });

  it('logs in with a form or JSON, sets a session cookie and knows the user on /api/me', async () => {
    expect((await json('/api/me')).status).toBe(401);
    const bad = await json('/api/login', { method: 'POST', ...jsonBody({ username: 'alice', password: 'nope' }) });
    expect(bad.status).toBe(401);

    const login = await json('/api/login', {
      method: 'POST',
      body: 'username=alice&password=wonderland',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    expect(login.status).toBe(200);
    const [cookie] = login.res.headers.getSetCookie();
    expect(cookie).toMatch(/^session=[0-9a-f]+; Path=\/; HttpOnly/);
    const session = cookie!.split(';')[0]!;
    expect(await json('/api/me', { headers: { Cookie: session } })).toMatchObject({
      status: 200,
      body: { username: 'alice', name: 'Alice Liddell' },
    });
    const bearer = await json('/api/me', { headers: { Authorization: `Bearer ${login.body.token}` } });
    expect(bearer.body.username).toBe('alice');
  });

  it('accepts every account listed in examples/data/users.json', async () => {
    const users = JSON.parse(readFileSync(`${repoRoot}/examples/data/users.json`, 'utf8')) as Array<Record<string, string>>;
    for (const user of users) {
      expect((await json('/api/login', { method: 'POST', ...jsonBody(user) })).status).toBe(200);
    }
  });

  it('follows a chain of n redirects to /api/health', async () => {
    const first = await fetch(`${target.url}/redirect/3`, { redirect: 'manual' });
    expect(first.status).toBe(302);
    expect(first.headers.get('location')).toBe('/redirect/2');
    const followed = await fetch(`${target.url}/redirect/3`);
    expect(followed.url).toBe(`${target.url}/api/health`);
    const to = await fetch(`${target.url}/redirect-to?url=/echo&status=307`, { redirect: 'manual' });
    expect([to.status, to.headers.get('location')]).toEqual([307, '/echo']);
  });

  it.each([200, 201, 204, 404, 418, 500, 503])('answers /status/%i with that status', async (code) => {
    expect((await fetch(`${target.url}/status/${code}`)).status).toBe(code);
  });

  it('echoes method, path, query, headers, cookies and body', async () => {
    const echo = await json('/echo?a=1&a=2&b=x', {
      method: 'PUT',
      body: 'name=Ada+Lovelace',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: 'c1=v1; c2=v2', 'X-Test': 'yes' },
    });
    expect(echo.body).toMatchObject({
      method: 'PUT',
      path: '/echo',
      query: { a: ['1', '2'], b: 'x' },
      body: 'name=Ada+Lovelace',
      bodyEncoding: 'utf8',
      form: { name: 'Ada Lovelace' },
      cookies: { c1: 'v1', c2: 'v2' },
    });
    expect(echo.body.headers['x-test']).toBe('yes');
    const binary = await json('/echo', { method: 'POST', body: new Uint8Array([0, 1, 254, 255]) });
    expect(binary.body).toMatchObject({ body: 'AAH+/w==', bodyEncoding: 'base64', bodyLength: 4 });
  });

  it('sets cookies and redirects to /cookies, which lists what it received', async () => {
    const set = await fetch(`${target.url}/cookies/set?flavour=oatmeal&chip=choc`, { redirect: 'manual' });
    expect(set.status).toBe(302);
    expect(set.headers.getSetCookie()).toEqual(['flavour=oatmeal; Path=/', 'chip=choc; Path=/']);
    const cookies = await json('/cookies', { headers: { Cookie: 'flavour=oatmeal' } });
    expect(cookies.body).toEqual({ cookies: { flavour: 'oatmeal' } });
  });

  it('serves n random bytes, delays, and a body streamed in chunks', async () => {
    const bytes = await fetch(`${target.url}/bytes/1024`);
    expect(bytes.headers.get('content-type')).toBe('application/octet-stream');
    expect((await bytes.arrayBuffer()).byteLength).toBe(1024);

    let started = performance.now();
    expect((await json('/delay/100')).body).toEqual({ delayedMs: 100 });
    expect(performance.now() - started).toBeGreaterThanOrEqual(95);

    started = performance.now();
    const slow = await fetch(`${target.url}/slow-body`);
    expect((await slow.text()).split('\n').filter(Boolean)).toHaveLength(6);
    expect(performance.now() - started).toBeGreaterThanOrEqual(250);
  });

  it('counts requests per path', async () => {
    const before = target.stats.count('/api/items/1');
    await fetch(`${target.url}/api/items/1?x=1`).then((r) => r.text());
    expect(target.stats.count('/api/items/1')).toBe(before + 1);
    expect(target.stats.requests).toBeGreaterThan(before);
  });

  it('closes promptly even with a delayed request in flight', async () => {
    const other = await startDemoTarget();
    const pending = fetch(`${other.url}/delay/10000`).catch((error: unknown) => error);
    await new Promise((r) => setTimeout(r, 50));
    const started = performance.now();
    await other.close();
    expect(performance.now() - started).toBeLessThan(1000);
    expect(await pending).toBeInstanceOf(Error);
  });
});

describe('startServer', () => {
  it('records requests with their bodies and answers with the handler', async () => {
    const server = await startServer((request, res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.end(`got ${request.body.length} bytes`);
    });
    try {
      const res = await fetch(`${server.url}/upload?x=1`, { method: 'POST', body: 'hello' });
      expect(await res.text()).toBe('got 5 bytes');
      expect(server.requests).toHaveLength(1);
      expect(server.requests[0]).toMatchObject({ method: 'POST', url: '/upload?x=1' });
      expect(server.requests[0]!.body.toString()).toBe('hello');
    } finally {
      await server.close();
    }
  });
});
