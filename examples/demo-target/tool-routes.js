// httpbin-style helper routes of the demo target: arbitrary statuses, delays, an echo, redirect
// chains, cookie setters, random bytes and a slowly streamed body. Timers are registered in the
// shared `timers` set so that closing the target never waits for a pending delay.
import { randomBytes } from 'node:crypto';
import { intInRange, parseCookies, queryObject, route, sendEmpty, sendJson } from './router.js';

const MAX_DELAY_MS = 10_000;
const MAX_REDIRECTS = 50;
const MAX_BYTES = 10 * 1024 * 1024;
const EXPIRED = 'Expires=Thu, 01 Jan 1970 00:00:00 GMT';

/** @param {{ timers: Set<ReturnType<typeof setTimeout>> }} deps */
export function createToolRoutes({ timers }) {
  /** setTimeout that `close()` of the target can cancel; also cancelled when the client goes away. */
  const later = (res, ms, fn) => {
    const cancel = () => {
      clearTimeout(timer);
      timers.delete(timer);
    };
    const timer = setTimeout(() => {
      timers.delete(timer);
      res.off('close', cancel);
      if (!res.destroyed) fn();
    }, ms);
    timers.add(timer);
    res.once('close', cancel);
  };

  return [
    route('*', '/status/:code', ({ res, params }) => {
      const status = intInRange(params.code, 200, 599);
      if (status === undefined) {
        sendJson(res, 400, { error: `status must be a number from 200 to 599, got ${params.code}` });
      } else if (status === 204 || status === 304) {
        sendEmpty(res, status);
      } else {
        sendJson(res, status, { status });
      }
    }),

    route('*', '/delay/:ms', ({ res, params }) => {
      const ms = intInRange(params.ms, 0, Number.MAX_SAFE_INTEGER);
      if (ms === undefined) {
        sendJson(res, 400, { error: `delay must be a whole number of milliseconds, got ${params.ms}` });
        return;
      }
      const delayed = Math.min(ms, MAX_DELAY_MS);
      later(res, delayed, () => sendJson(res, 200, { delayedMs: delayed }));
    }),

    route('*', '/echo', ({ req, res, url, body }) => {
      const contentType = String(req.headers['content-type'] ?? '').toLowerCase();
      const decoded = decodeBody(body);
      const echo = {
        method: req.method,
        path: url.pathname,
        query: queryObject(url.searchParams),
        headers: req.headers,
        body: decoded.body,
        bodyEncoding: decoded.encoding,
        bodyLength: body.length,
        cookies: parseCookies(req.headers.cookie),
      };
      if (decoded.encoding === 'utf8' && contentType.startsWith('application/x-www-form-urlencoded')) {
        echo.form = queryObject(new URLSearchParams(decoded.body));
      }
      if (decoded.encoding === 'utf8' && contentType.includes('json')) {
        try {
          echo.json = JSON.parse(decoded.body);
        } catch {
          echo.json = null;
        }
      }
      sendJson(res, 200, echo);
    }),

    route('*', '/redirect/:n', ({ res, params }) => {
      const n = intInRange(params.n, 0, MAX_REDIRECTS);
      if (n === undefined) {
        sendJson(res, 400, { error: `redirect count must be from 0 to ${MAX_REDIRECTS}, got ${params.n}` });
      } else if (n === 0) {
        sendJson(res, 200, { status: 'ok' });
      } else {
        sendEmpty(res, 302, { Location: n === 1 ? '/api/health' : `/redirect/${n - 1}` });
      }
    }),

    route('*', '/redirect-to', ({ res, url }) => {
      const target = url.searchParams.get('url');
      const status = intInRange(url.searchParams.get('status') ?? '302', 300, 308);
      if (!target) sendJson(res, 400, { error: 'the url query parameter is required' });
      else if (status === undefined) sendJson(res, 400, { error: 'status must be from 300 to 308' });
      else sendEmpty(res, status, { Location: target });
    }),

    route('GET', '/cookies/set', ({ res, url }) => {
      const cookies = [...url.searchParams].map(([name, value]) => `${name}=${encodeURIComponent(value)}; Path=/`);
      sendEmpty(res, 302, { Location: '/cookies', 'Set-Cookie': cookies });
    }),

    route('GET', '/cookies/delete', ({ res, url }) => {
      const cookies = [...url.searchParams.keys()].map((name) => `${name}=; Path=/; Max-Age=0; ${EXPIRED}`);
      sendEmpty(res, 302, { Location: '/cookies', 'Set-Cookie': cookies });
    }),

    route('GET', '/cookies', ({ res, cookies }) => sendJson(res, 200, { cookies })),

    route('GET', '/bytes/:n', ({ res, params }) => {
      const n = intInRange(params.n, 0, MAX_BYTES);
      if (n === undefined) {
        sendJson(res, 400, { error: `byte count must be from 0 to ${MAX_BYTES}, got ${params.n}` });
        return;
      }
      const bytes = randomBytes(n);
      res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': bytes.length });
      res.end(bytes);
    }),

    route('GET', '/slow-body', ({ res, url }) => {
      const chunks = intInRange(url.searchParams.get('chunks') ?? '6', 1, 100) ?? 6;
      const interval = intInRange(url.searchParams.get('interval') ?? '60', 0, 1000) ?? 60;
      res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
      let sent = 0;
      const next = () => {
        sent += 1;
        const line = `chunk ${sent} of ${chunks}\n`;
        if (sent === chunks) {
          res.end(line);
          return;
        }
        res.write(line);
        later(res, interval, next);
      };
      next();
    }),
  ];
}

/** Text when the body is readable UTF-8, else base64 (binary bodies, control bytes). */
function decodeBody(body) {
  if (body.length === 0) return { body: '', encoding: 'utf8' };
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(body);
    // eslint-disable-next-line no-control-regex
    if (!/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text)) return { body: text, encoding: 'utf8' };
  } catch {
    // not UTF-8: fall through to base64
  }
  return { body: body.toString('base64'), encoding: 'base64' };
}
