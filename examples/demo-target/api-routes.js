// The demo target's "product" API: an HTML home page, health, an items CRUD resource and a
// cookie-session login. State lives in memory per started target and is bounded, so a long load
// test against it cannot grow the process without limit.
import { randomBytes } from 'node:crypto';
import { isPlainObject, parseBody, route, sendEmpty, sendJson } from './router.js';

/** The accounts `POST /api/login` accepts; examples/data/users.json lists the same ones. */
export const DEMO_USERS = Object.freeze({
  alice: { password: 'wonderland', name: 'Alice Liddell', role: 'admin' },
  bob: { password: 'builder', name: 'Bob Builder', role: 'user' },
  carol: { password: 'christmas', name: 'Carol Singer', role: 'user' },
});

const SEED_ITEMS = [
  { id: 1, name: 'Espresso', price: 2.5, tags: ['coffee', 'hot'] },
  { id: 2, name: 'Flat white', price: 3.2, tags: ['coffee', 'milk'] },
  { id: 3, name: 'Croissant', price: 2.1, tags: ['pastry'] },
];

/** Created items and sessions kept at most; the oldest go first. */
const MAX_ITEMS = 10_000;
const MAX_SESSIONS = 10_000;

const HOME_PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>qk6 demo target</title></head>
<body>
  <h1 id="title">qk6 demo target</h1>
  <p class="intro">A small API for trying out k6 scripts with qk6.</p>
  <ul id="links">
    <li><a href="/api/items" class="nav">Items</a></li>
    <li><a href="/api/health" class="nav">Health</a></li>
    <li><a href="/cookies" class="nav">Cookies</a></li>
  </ul>
  <form id="login-form" action="/api/login" method="post">
    <input type="text" name="username" value="alice">
    <input type="password" name="password" value="">
    <input type="hidden" name="source" value="home">
    <button type="submit" name="submit" value="login">Log in</button>
  </form>
</body>
</html>
`;

/** Builds the API routes with fresh state. */
export function createApiRoutes() {
  /** @type {Map<number, Record<string, unknown>>} */
  const items = new Map(SEED_ITEMS.map((item) => [item.id, structuredClone(item)]));
  let nextId = SEED_ITEMS.length + 1;
  /** @type {Map<string, string>} session token → username */
  const sessions = new Map();

  const findItem = (ctx) => {
    const id = Number(ctx.params.id);
    const item = Number.isInteger(id) ? items.get(id) : undefined;
    if (item === undefined) sendJson(ctx.res, 404, { error: `item ${ctx.params.id} not found` });
    return item;
  };

  const readItem = (ctx) => {
    const parsed = parseBody(ctx.req, ctx.body);
    if (!parsed.ok) sendJson(ctx.res, 400, { error: parsed.error });
    else if (!isPlainObject(parsed.value)) sendJson(ctx.res, 400, { error: 'the body must be a JSON object' });
    else return parsed.value;
    return undefined;
  };

  const sessionUser = (ctx) => {
    const auth = String(ctx.req.headers.authorization ?? '');
    const token = auth.startsWith('Bearer ') ? auth.slice(7) : ctx.cookies.session;
    const username = token === undefined ? undefined : sessions.get(token);
    return username === undefined ? undefined : { username, ...publicUser(username) };
  };

  return [
    route('GET', '/', ({ res }) => {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(HOME_PAGE);
    }),

    route('GET', '/api/health', ({ res }) => sendJson(res, 200, { status: 'ok' })),

    route('GET', '/api/items', ({ res, url }) => {
      const limit = Math.min(Math.max(Number(url.searchParams.get('limit') ?? 20) || 20, 1), 100);
      sendJson(res, 200, [...items.values()].slice(0, limit));
    }),

    route('POST', '/api/items', (ctx) => {
      const fields = readItem(ctx);
      if (fields === undefined) return;
      const item = { ...fields, id: nextId++ };
      items.set(item.id, item);
      evictOldest(items, MAX_ITEMS + SEED_ITEMS.length, (id) => id > SEED_ITEMS.length);
      sendJson(ctx.res, 201, item, { Location: `/api/items/${item.id}` });
    }),

    route('GET', '/api/items/:id', (ctx) => {
      const item = findItem(ctx);
      if (item !== undefined) sendJson(ctx.res, 200, item);
    }),

    route('PUT|PATCH', '/api/items/:id', (ctx) => {
      const item = findItem(ctx);
      if (item === undefined) return;
      const fields = readItem(ctx);
      if (fields === undefined) return;
      const updated = ctx.req.method === 'PUT' ? { ...fields, id: item.id } : { ...item, ...fields, id: item.id };
      items.set(item.id, updated);
      sendJson(ctx.res, 200, updated);
    }),

    route('DELETE', '/api/items/:id', (ctx) => {
      const item = findItem(ctx);
      if (item === undefined) return;
      items.delete(item.id);
      sendEmpty(ctx.res, 204);
    }),

    route('POST', '/api/login', (ctx) => {
      const parsed = parseBody(ctx.req, ctx.body);
      if (!parsed.ok || !isPlainObject(parsed.value)) {
        sendJson(ctx.res, 400, { error: 'send username and password as JSON or form fields' });
        return;
      }
      const { username, password } = parsed.value;
      const known = typeof username === 'string' && Object.hasOwn(DEMO_USERS, username);
      if (!known || DEMO_USERS[username].password !== password) {
        sendJson(ctx.res, 401, { error: 'invalid username or password' });
        return;
      }
      const token = randomBytes(16).toString('hex');
      sessions.set(token, username);
      evictOldest(sessions, MAX_SESSIONS);
      sendJson(ctx.res, 200, { username, ...publicUser(username), token }, {
        'Set-Cookie': `session=${token}; Path=/; HttpOnly; SameSite=Lax`,
      });
    }),

    route('POST', '/api/logout', (ctx) => {
      if (ctx.cookies.session !== undefined) sessions.delete(ctx.cookies.session);
      sendJson(ctx.res, 200, { loggedOut: true }, {
        'Set-Cookie': 'session=; Path=/; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT',
      });
    }),

    route('GET', '/api/me', (ctx) => {
      const user = sessionUser(ctx);
      if (user === undefined) sendJson(ctx.res, 401, { error: 'not logged in' });
      else sendJson(ctx.res, 200, user);
    }),
  ];
}

function publicUser(username) {
  const { name, role } = DEMO_USERS[username];
  return { name, role };
}

/** Drops the oldest evictable entries (insertion order) until `map` holds at most `max`. */
function evictOldest(map, max, evictable = () => true) {
  for (const key of map.keys()) {
    if (map.size <= max) break;
    if (evictable(key)) map.delete(key);
  }
}
