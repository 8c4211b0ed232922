/**
 * Opening a k6/ws connection (k6 internal/js/modules/k6/ws/ws.go `dial`): the handshake with the
 * VU's User-Agent, the script's headers and the cookie jar; the handshake's outcome as k6's
 * response object; `ws_sessions` and `ws_connecting` samples for every attempt, as k6 pushes them.
 *
 * The `ws` package is loaded on the first connect: most scripts never open a WebSocket.
 */
import type { ClientRequest, IncomingMessage } from 'node:http';
import type { Tags } from '../../metrics/metric.js';
import { GuestError } from '../../vu/bridge-contract.js';
import type { VuHostContext } from '../../vu/host-context.js';
import { k6ResponseHeaders, headerValues } from '../http/headers.js';
import { tlsFailure } from '../http/error-codes.js';
import { cookiePair, parseSetCookie } from '../http/set-cookie.js';
import { httpState } from '../http/vu-http-state.js';
import { wsSocketConnector } from './ws-socket.js';
import { WsSession } from './ws-session.js';

type WsModule = typeof import('ws');
let wsModule: Promise<WsModule> | undefined;

/** What the guest sends to `ws.connect`. */
export interface ConnectSpec {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly tags: Readonly<Record<string, string>>;
  readonly group: string;
  /** Cookie jar id (0 = the VU's), or null for none. */
  readonly jar: number | null;
  readonly compression: boolean;
}

/** k6's ws.connect() response. */
export interface WsResponse {
  url: string;
  status: number;
  headers: Record<string, string>;
  body: string;
  error: string;
}

export type ConnectOutcome =
  | { readonly ok: true; readonly session: WsSession; readonly response: WsResponse; readonly tags: Tags; readonly startedAt: number }
  | { readonly ok: false; readonly error: string; readonly response: WsResponse; readonly tags: Tags; readonly startedAt: number };

export function parseConnectSpec(payload: unknown): ConnectSpec {
  if (payload === null || typeof payload !== 'object') throw new GuestError('ws.connect: invalid arguments');
  const p = payload as Record<string, unknown>;
  if (typeof p.url !== 'string') throw new GuestError('ws.connect: the url must be a string');
  const strings = (value: unknown): Record<string, string> => {
    const out: Record<string, string> = {};
    if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) out[k] = String(v);
    return out;
  };
  return {
    url: p.url,
    headers: strings(p.headers),
    tags: strings(p.tags),
    group: typeof p.group === 'string' ? p.group : '',
    jar: typeof p.jar === 'number' ? p.jar : null,
    compression: p.compression === true,
  };
}

/** The http(s) URL a jar sees for a ws(s) URL (gorilla rewrites the scheme before using the jar). */
export function jarUrl(url: URL): URL {
  const copy = new URL(url.href);
  if (url.protocol === 'ws:' || url.protocol === 'wss:') copy.protocol = url.protocol === 'wss:' ? 'https:' : 'http:';
  return copy;
}

/** Opens the connection; resolves when the handshake succeeded or failed. */
export async function connect(vu: VuHostContext, spec: ConnectSpec): Promise<ConnectOutcome> {
  const { WebSocket: Socket } = await (wsModule ??= import('ws'));
  const tags: Record<string, string> = { group: spec.group, ...spec.tags, url: spec.url };
  const response: WsResponse = { url: '', status: 0, headers: {}, body: '', error: '' };
  const startedAt = performance.now();
  let url: URL;
  try {
    url = new URL(spec.url);
    if (url.protocol !== 'ws:' && url.protocol !== 'wss:') throw new Error(`malformed ws or wss URL`);
  } catch (error) {
    return failed(vu, { ok: false, error: `websocket: ${error instanceof Error ? error.message : String(error)}`, response, tags, startedAt });
  }
  const headers: Record<string, string> = { 'User-Agent': vu.http.userAgent };
  let protocols: string[] = [];
  for (const [name, value] of Object.entries(spec.headers)) {
    if (name.toLowerCase() === 'sec-websocket-protocol') protocols = value.split(',').map((p) => p.trim()).filter((p) => p !== '');
    else headers[name] = value;
  }
  const jar = spec.jar === null ? undefined : httpState(vu).jar(spec.jar);
  const cookies = jar?.cookies(jarUrl(url)) ?? [];
  if (cookies.length > 0) headers.Cookie = cookies.map((c) => cookiePair(c.name, c.value)).join('; ');

  const socket = new Socket(url, protocols, {
    headers,
    handshakeTimeout: 60_000,
    perMessageDeflate: spec.compression,
    followRedirects: false,
    rejectUnauthorized: !vu.http.insecureSkipTLSVerify,
    createConnection: wsSocketConnector(httpState(vu).network(), url),
  });
  // Listening from the start: a server may ping or send in the same packet as its handshake.
  const session = new WsSession(vu, socket, tags, startedAt);
  const outcome = await new Promise<{ error?: string }>((resolve) => {
    const onAbort = (): void => {
      socket.terminate();
      resolve({ error: 'websocket: the VU was stopped' });
    };
    vu.signal.addEventListener('abort', onAbort, { once: true });
    const settle = (result: { error?: string }): void => {
      vu.signal.removeEventListener('abort', onAbort);
      resolve(result);
    };
    socket.once('upgrade', (res: IncomingMessage) => {
      response.status = res.statusCode ?? 101;
      response.headers = k6ResponseHeaders(res.headers);
      storeCookies(jar, url, res);
    });
    socket.once('open', () => settle({}));
    socket.once('unexpected-response', (_req: ClientRequest, res: IncomingMessage) => {
      response.status = res.statusCode ?? 0;
      response.headers = k6ResponseHeaders(res.headers);
      storeCookies(jar, url, res);
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        response.body = Buffer.concat(chunks).toString('utf8');
        socket.terminate();
        settle({ error: 'websocket: bad handshake' });
      });
      res.on('error', () => settle({ error: 'websocket: bad handshake' }));
    });
    socket.once('error', (error: Error) => settle({ error: dialError(error, url) }));
  });
  if (response.status !== 0) {
    tags.status = String(response.status);
    tags.subproto = Object.entries(response.headers).find(([name]) => name.toLowerCase() === 'sec-websocket-protocol')?.[1] ?? '';
  }
  if (outcome.error !== undefined) {
    socket.removeAllListeners();
    socket.on('error', () => undefined);
    if (response.status === 0) response.error = outcome.error;
    return failed(vu, { ok: false, error: outcome.error, response, tags, startedAt });
  }
  emitSessionStart(vu, tags, startedAt);
  response.url = spec.url;
  return { ok: true, session, response, tags, startedAt };
}

export function storeCookies(jar: ReturnType<ReturnType<typeof httpState>['jar']> | undefined, url: URL, res: IncomingMessage): void {
  if (jar === undefined) return;
  const parsed = headerValues(res.headers, 'set-cookie').map(parseSetCookie).filter((c) => c !== undefined);
  if (parsed.length > 0) jar.setCookies(jarUrl(url), parsed);
}

function emitSessionStart(vu: VuHostContext, tags: Tags, startedAt: number): void {
  vu.emit('ws_sessions', 1, tags);
  vu.emit('ws_connecting', performance.now() - startedAt, tags);
}

/** A failed attempt still counts as a session, as in k6 (its connEndHook runs on every path). */
function failed(vu: VuHostContext, outcome: ConnectOutcome & { ok: false }): ConnectOutcome {
  emitSessionStart(vu, outcome.tags, outcome.startedAt);
  vu.emit('ws_session_duration', performance.now() - outcome.startedAt, outcome.tags);
  return outcome;
}

/** Go-style dial errors ("dial tcp 127.0.0.1:1: connect: connection refused"). */
export function dialError(error: Error, url: URL): string {
  const code = (error as NodeJS.ErrnoException).code;
  const port = url.port !== '' ? url.port : url.protocol === 'wss:' ? '443' : '80';
  // Go names the address it dialled (a `hosts` override's, when there is one).
  const { address: ip, port: dialled } = error as { address?: unknown; port?: unknown };
  const address = typeof ip === 'string' && typeof dialled === 'number' ? `${ip.includes(':') ? `[${ip}]` : ip}:${dialled}` : `${url.hostname}:${port}`;
  if (code === 'ECONNREFUSED') return `dial tcp ${address}: connect: connection refused`;
  if (code === 'ENOTFOUND') return `dial tcp: lookup ${url.hostname}: no such host`;
  if (code === 'ECONNRESET') return `dial tcp ${address}: connection reset by peer`;
  if (/handshake has timed out/i.test(error.message)) return `dial tcp ${address}: i/o timeout`;
  // gorilla returns the TLS handshake error itself ("tls: failed to verify certificate: …").
  const tls = tlsFailure(error, url.hostname);
  if (tls !== undefined) return tls.text;
  return `websocket: ${error.message}`;
}
