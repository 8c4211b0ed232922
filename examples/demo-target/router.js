// A tiny method + path router for the demo target, and the response helpers its routes share.
// Paths are written like '/api/items/:id'; HEAD is served by GET routes (node:http drops the body);
// a path that exists under other methods answers 405 with `Allow` (OPTIONS answers 204 with it).

/**
 * @typedef {object} RouteContext
 * @property {import('node:http').IncomingMessage} req
 * @property {import('node:http').ServerResponse} res
 * @property {Buffer} body the whole request body
 * @property {URL} url the request URL (host is a placeholder; use path and query)
 * @property {Record<string, string>} params values of the `:name` path segments
 * @property {Record<string, string>} cookies cookies the request carried
 */

/**
 * @typedef {object} Route
 * @property {string[] | null} methods upper-case methods, or null for any method
 * @property {RegExp} pattern
 * @property {(ctx: RouteContext) => void | Promise<void>} handler
 */

/**
 * Declares a route.
 * @param {string} methods 'GET', 'PUT|PATCH' or '*'
 * @param {string} path
 * @param {(ctx: RouteContext) => void | Promise<void>} handler
 * @returns {Route}
 */
export function route(methods, path, handler) {
  const source = path
    .split('/')
    .map((part) => (part.startsWith(':') ? `(?<${part.slice(1)}>[^/]+)` : escapeRegExp(part)))
    .join('/');
  return {
    methods: methods === '*' ? null : methods.split('|'),
    pattern: new RegExp(`^${source}$`),
    handler,
  };
}

/** @param {Route[]} routes */
export function createRouter(routes) {
  return {
    /**
     * @param {import('node:http').IncomingMessage} req
     * @param {import('node:http').ServerResponse} res
     * @param {Buffer} body
     */
    async handle(req, res, body) {
      const url = new URL(req.url ?? '/', 'http://demo.invalid');
      const method = req.method === 'HEAD' ? 'GET' : (req.method ?? 'GET');
      const allowed = new Set();
      for (const { methods, pattern, handler } of routes) {
        const match = pattern.exec(url.pathname);
        if (match === null) continue;
        if (methods !== null && !methods.includes(method)) {
          for (const m of methods) allowed.add(m);
          continue;
        }
        const params = { ...match.groups };
        for (const [key, value] of Object.entries(params)) params[key] = safeDecode(value);
        await handler({ req, res, body, url, params, cookies: parseCookies(req.headers.cookie) });
        return;
      }
      if (allowed.size > 0) {
        if (allowed.has('GET')) allowed.add('HEAD');
        allowed.add('OPTIONS');
        const allow = [...allowed].join(', ');
        if (method === 'OPTIONS') {
          res.writeHead(204, { Allow: allow });
          res.end();
          return;
        }
        sendJson(res, 405, { error: `${req.method} is not allowed on ${url.pathname}` }, { Allow: allow });
        return;
      }
      sendJson(res, 404, { error: `no route for ${req.method} ${url.pathname}` });
    },
  };
}

/** Sends `value` as JSON with `status`. */
export function sendJson(res, status, value, headers = {}) {
  const body = Buffer.from(JSON.stringify(value));
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': body.length,
    ...headers,
  });
  res.end(body);
}

/** Sends a body-less response (204, 304, redirects). */
export function sendEmpty(res, status, headers = {}) {
  res.writeHead(status, { 'Content-Length': 0, ...headers });
  res.end();
}

/** Parses a `Cookie` request header into name → value (the first value wins). */
export function parseCookies(header) {
  /** @type {Record<string, string>} */
  const cookies = {};
  if (!header) return cookies;
  for (const pair of header.split(';')) {
    const eq = pair.indexOf('=');
    if (eq <= 0) continue;
    const name = pair.slice(0, eq).trim();
    if (name && !(name in cookies)) cookies[name] = safeDecode(pair.slice(eq + 1).trim());
  }
  return cookies;
}

/** Query parameters as an object; a repeated name becomes an array of its values. */
export function queryObject(searchParams) {
  /** @type {Record<string, string | string[]>} */
  const query = {};
  for (const [key, value] of searchParams) {
    const existing = query[key];
    if (existing === undefined) query[key] = value;
    else if (Array.isArray(existing)) existing.push(value);
    else query[key] = [existing, value];
  }
  return query;
}

/**
 * Parses a JSON or form-urlencoded body by its Content-Type (JSON when the type says nothing).
 * @returns {{ ok: true, value: unknown } | { ok: false, error: string }}
 */
export function parseBody(req, body) {
  const type = String(req.headers['content-type'] ?? '').toLowerCase();
  const text = body.toString('utf8');
  if (type.startsWith('application/x-www-form-urlencoded')) {
    return { ok: true, value: Object.fromEntries(new URLSearchParams(text)) };
  }
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, error: `invalid JSON body: ${error.message}` };
  }
}

/** Parses a whole-number path or query value within [min, max]; undefined when it is not one. */
export function intInRange(value, min, max) {
  if (typeof value !== 'string' || !/^-?\d+$/.test(value)) return undefined;
  const n = Number(value);
  return n >= min && n <= max ? n : undefined;
}

/** True for a plain JSON object (not null, not an array). */
export function isPlainObject(value) {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function safeDecode(value) {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
