/**
 * k6's HTTP phase timings, measured for real from undici's `diagnostics_channel` events.
 *
 * Per request (one redirect hop = one request), undici publishes on the channels below with the
 * undici `Request` object; we correlate that object with our {@link HopTrace}:
 *   undici:request:create     → correlation: published synchronously inside `dispatch()`, so the
 *                               trace registered by {@link dispatchTraced} just before is this
 *                               request's (undici creates the Request synchronously because our
 *                               pools never cap connections; see `vu-http-state.ts`)
 *   undici:client:sendHeaders → `sendStart` + the socket (end of "blocked")
 *   undici:request:bodySent   → `sent` (end of "sending")
 *   undici:request:headers    → `firstByte` (end of "waiting")
 * The end of "receiving" is stamped when the response body has been fully read, as in k6.
 *
 * Connection phases: `undici:client:beforeConnect`/`connected` are per connection, not per request,
 * and do not carry the socket when the connection starts, so they cannot split DNS, TCP connect
 * and TLS. The per-VU agent therefore uses {@link timedConnector}, a thin wrapper of undici's own
 * `buildConnector` (a public option, not a patch), which stamps the socket's `lookup`, `connect`
 * and `secureConnect` events. The first request written on a new socket claims its connecting /
 * TLS durations; every later request on it (a reused connection) gets 0, as in k6.
 *
 * Cost: the channels are subscribed once per process, on the first request; undici only publishes
 * while somebody listens, so nothing runs before qk6 makes a request. Each event is one WeakMap
 * lookup; a traced request allocates one small object.
 *
 * k6 semantics (lib/netext/httpext/tracer.go): blocked = waiting for a connection (includes DNS,
 * connecting and TLS for a new one), connecting = TCP connect (excludes DNS), sending = headers +
 * body written, waiting = time to first response byte, receiving = reading the response;
 * duration = sending + waiting + receiving.
 */
import diagnosticsChannel from 'node:diagnostics_channel';
import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { TLSSocket } from 'node:tls';
import type { buildConnector } from 'undici';
import { k6CipherSuiteName } from '../../net/tls-cipher-suites.js';
import { undici } from './undici-module.js';

/** Timestamps (performance.now() ms) and connection facts of one request hop. */
export interface HopTrace {
  /** When the hop was handed to undici. */
  start: number;
  sendStart: number;
  sent: number;
  firstByte: number;
  end: number;
  connecting: number;
  tlsHandshaking: number;
  socket: Socket | undefined;
  /** Written on a connection an earlier request already used. */
  reused: boolean;
}

/** What one hop measured, in k6's names (ms). */
export interface PhaseTimings {
  duration: number;
  blocked: number;
  looking_up: number;
  connecting: number;
  tls_handshaking: number;
  sending: number;
  waiting: number;
  receiving: number;
}

/** Per-socket connection timings, and the bytes already attributed to requests. */
interface SocketInfo {
  start: number;
  lookedUp: number;
  connected: number;
  secured: number;
  claimed: boolean;
  accountedWritten: number;
  accountedRead: number;
}

const now = (): number => performance.now();
const traces = new WeakMap<object, HopTrace>();
const sockets = new WeakMap<Socket, SocketInfo>();
let pending: HopTrace | undefined;
let subscribed = false;

interface RequestMessage {
  request: object;
}
interface SendHeadersMessage extends RequestMessage {
  socket: Socket;
}

function ensureSubscribed(): void {
  if (subscribed) return;
  subscribed = true;
  diagnosticsChannel.subscribe('undici:request:create', (message) => {
    if (pending === undefined) return;
    traces.set((message as RequestMessage).request, pending);
    pending = undefined;
  });
  diagnosticsChannel.subscribe('undici:client:sendHeaders', (message) => {
    const { request, socket } = message as SendHeadersMessage;
    const trace = traces.get(request);
    if (trace === undefined) return;
    trace.sendStart = now();
    trace.socket = socket;
    const info = sockets.get(socket);
    trace.reused = info === undefined || info.claimed;
    if (info !== undefined && !info.claimed) {
      info.claimed = true;
      const tcpDone = info.connected || info.secured || trace.sendStart;
      // A TLS socket without its own TCP milestone counts the whole setup as connecting.
      trace.connecting = Math.max(0, tcpDone - (info.lookedUp || info.start));
      trace.tlsHandshaking = info.secured > 0 ? Math.max(0, info.secured - tcpDone) : 0;
    }
  });
  diagnosticsChannel.subscribe('undici:request:bodySent', (message) => {
    const trace = traces.get((message as RequestMessage).request);
    if (trace !== undefined) trace.sent = now();
  });
  diagnosticsChannel.subscribe('undici:request:headers', (message) => {
    const trace = traces.get((message as RequestMessage).request);
    if (trace !== undefined && trace.firstByte === 0) trace.firstByte = now();
  });
}

/** A fresh trace, started now. */
export function newHopTrace(): HopTrace {
  ensureSubscribed();
  return { start: now(), sendStart: 0, sent: 0, firstByte: 0, end: 0, connecting: 0, tlsHandshaking: 0, socket: undefined, reused: false };
}

/** Runs `dispatch` (a synchronous undici dispatch) with `trace` bound to the request it creates. */
export function dispatchTraced<T>(trace: HopTrace, dispatch: () => T): T {
  pending = trace;
  try {
    return dispatch();
  } finally {
    pending = undefined;
  }
}

/** Stamps the end of the hop (once). */
export function stampEnd(trace: HopTrace): void {
  if (trace.end === 0) trace.end = now();
}

/** Stamps the end of the hop unless already done and returns k6's phase durations. */
export function finishHop(trace: HopTrace): PhaseTimings {
  if (trace.end === 0) trace.end = now();
  const { end, sendStart, sent, firstByte } = trace;
  const blocked = sendStart > 0 ? sendStart - trace.start : 0;
  let sending = 0;
  let waiting = 0;
  let receiving = 0;
  if (sendStart > 0) {
    const sentAt = sent > 0 ? sent : firstByte > 0 ? firstByte : end;
    sending = sentAt - sendStart;
    if (firstByte > 0) waiting = Math.max(0, firstByte - sentAt);
    else if (sent > 0) waiting = end - sent;
  }
  if (firstByte > 0) receiving = end - firstByte;
  return {
    duration: toNanoseconds(sending + waiting + receiving),
    blocked: toNanoseconds(blocked),
    looking_up: 0,
    connecting: toNanoseconds(trace.connecting),
    tls_handshaking: toNanoseconds(trace.tlsHandshaking),
    sending: toNanoseconds(sending),
    waiting: toNanoseconds(waiting),
    receiving: toNanoseconds(receiving),
  };
}

/**
 * Rounds ms to whole nanoseconds, k6's resolution: differences of performance.now() carry float
 * noise (4.804212000000007), and shorter numbers are cheaper for the guest to parse.
 */
function toNanoseconds(ms: number): number {
  return Math.round(ms * 1e6) / 1e6;
}

/** Bytes written and read on the hop's socket since the previous request on it (best effort). */
export function takeSocketBytes(trace: HopTrace): { sent: number; received: number } {
  const socket = trace.socket;
  if (socket === undefined) return { sent: 0, received: 0 };
  const info = sockets.get(socket);
  const written = socket.bytesWritten;
  const read = socket.bytesRead;
  if (info === undefined) return { sent: written, received: read };
  const result = { sent: written - info.accountedWritten, received: read - info.accountedRead };
  info.accountedWritten = written;
  info.accountedRead = read;
  return result;
}

/** TLS facts of the hop's connection, or undefined for plain HTTP. */
export function tlsInfo(trace: HopTrace): { version: string; cipher: string } | undefined {
  const socket = trace.socket as TLSSocket | undefined;
  if (socket === undefined || typeof socket.getProtocol !== 'function') return undefined;
  const protocol = socket.getProtocol() ?? '';
  const version = TLS_VERSIONS[protocol] ?? protocol;
  return { version, cipher: k6CipherSuiteName(socket.getCipher()?.standardName ?? '') };
}

const TLS_VERSIONS: Readonly<Record<string, string>> = {
  TLSv1: 'tls1.0',
  'TLSv1.1': 'tls1.1',
  'TLSv1.2': 'tls1.2',
  'TLSv1.3': 'tls1.3',
};

type RawConnector = (options: buildConnector.Options, callback: buildConnector.Callback) => Socket | undefined;

/**
 * undici's connector with the socket's DNS/TCP/TLS milestones stamped. undici's connector returns
 * the socket it creates (its typings say void); when it does not, the timings degrade to "all in
 * connecting".
 */
export function timedConnector(options: buildConnector.BuildOptions): buildConnector.connector {
  const base = undici().buildConnector(options) as unknown as RawConnector;
  return (connectOptions, callback) => {
    const info: SocketInfo = { start: now(), lookedUp: 0, connected: 0, secured: 0, claimed: false, accountedWritten: 0, accountedRead: 0 };
    const tls = connectOptions.protocol === 'https:';
    const socket = base(connectOptions, (...args) => {
      // undici's own `connect`/`secureConnect` listener calls back (and writes the first request)
      // before ours run, so the milestone it reports is stamped here.
      const [error, connected] = args;
      if (error === null && connected !== null) {
        if (tls) info.secured ||= now();
        else info.connected ||= now();
        if (!sockets.has(connected)) sockets.set(connected, info);
      }
      callback(...args);
    });
    if (socket === undefined) return;
    sockets.set(socket, info);
    socket.once('lookup', () => {
      info.lookedUp = now();
    });
    if (tls) {
      socket.once('connect', () => {
        info.connected = now();
      });
    }
  };
}
