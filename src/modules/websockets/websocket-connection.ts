/**
 * One k6/websockets connection on the host (k6 internal/js/modules/k6/websockets/websockets.go):
 * the `ws` client dialled in the background while the script goes on, its events queued on the
 * VU's hub for the guest's event loop, and k6's metrics for it.
 *
 * k6's behaviour kept here:
 * - ws_sessions and ws_connecting are pushed once the handshake ends, failed or not; a failed
 *   handshake is an `error` event (Go's dial error text, or "websocket: bad handshake") then a
 *   `close` event without a code, and no ws_session_duration;
 * - ws_msgs_sent counts every frame k6's write pump writes: messages, pings and the close frame;
 * - a close frame other than 1000/1001 is an `error` first (gorilla's "websocket: close 4000:
 *   bye"); a connection dropped without one closes with the script's own close code, if any;
 * - tags: the group at construction, the script's tags, `status`, `subproto`, and `url` and `name`
 *   both set to the URL (to a `name` tag when the script set one).
 * Events a socket takes after its iteration ended are dropped, as k6 pushes nothing once the
 * iteration's context is done.
 */
import type { ClientRequest, IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';
import type { VuHostContext } from '../../vu/host-context.js';
import type { CookieJar } from '../http/cookie-jar.js';
import { emitDataSamples } from '../http/emit-metrics.js';
import { headerValues } from '../http/headers.js';
import { cookiePair } from '../http/set-cookie.js';
import { httpState } from '../http/vu-http-state.js';
import { dialError, jarUrl, storeCookies } from '../ws/ws-connect.js';
import { wsSocketConnector } from '../ws/ws-socket.js';
import { closeErrorText } from '../ws/ws-session.js';
import type { HubConnection, SocketEvent, WebSocketHub } from './websocket-hub.js';
import type { SocketSpec } from './websocket-spec.js';

type WsModule = typeof import('ws');
/** Loaded on the first socket: most scripts never open one. */
let wsModule: Promise<WsModule> | undefined;

/** Distributes Omit over the event union, so each event keeps its own fields. */
type EventBody<E> = E extends SocketEvent ? Omit<E, 'id' | 'ts'> : never;

/** How long a socket left open by a failed or interrupted iteration may take to close cleanly. */
const DETACHED_CLOSE_MS = 1000;

export class WebSocketConnection implements HubConnection {
  private socket: WebSocket | undefined;
  private net: Socket | undefined;
  private state: 'connecting' | 'open' | 'closing' | 'closed' = 'connecting';
  /** What the `close` event reports: the script's close() code, then the close frame received. */
  private closeCode = 0;
  private closeReason = '';
  /** close() called while connecting: sent once the handshake succeeds. */
  private closeRequest: { readonly code: number; readonly reason: string } | undefined;
  private writeError: string | undefined;
  private bufferedBytes = 0;
  private readonly pings = new Map<string, number>();
  private pingCounter = 0;
  /** When the dial started (after `ws` was loaded): ws_connecting and ws_session_duration count from here. */
  private startedAt = performance.now();
  private readonly tags: Record<string, string>;
  private detached = false;
  private bytesCounted = false;

  constructor(
    private readonly vu: VuHostContext,
    private readonly hub: WebSocketHub,
    readonly id: number,
    private readonly spec: SocketSpec,
    private readonly jar: CookieJar,
  ) {
    this.tags = { group: spec.group, ...spec.tags };
    this.dial().catch((error: unknown) => this.fail(`websocket: ${error instanceof Error ? error.message : String(error)}`));
  }

  /** Bytes given to send() and not written yet (`bufferedAmount`). */
  get buffered(): number {
    return this.bufferedBytes;
  }

  send(data: string | Uint8Array): void {
    const socket = this.socket;
    // The guest checked its readyState; a connection closed meanwhile has its close event queued.
    if (this.state !== 'open' || socket === undefined) return;
    const size = typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength;
    this.bufferedBytes += size;
    socket.send(data, { binary: typeof data !== 'string' }, (error) => {
      this.bufferedBytes -= size;
      if (error) this.writeFailed(error);
      else this.emit('ws_msgs_sent', 1);
    });
  }

  ping(): void {
    const socket = this.socket;
    if (this.state !== 'open' || socket === undefined) return;
    const id = String(this.pingCounter++);
    this.pings.set(id, performance.now());
    socket.ping(id, undefined, (error) => {
      if (error) this.writeFailed(error);
      else this.emit('ws_msgs_sent', 1);
    });
  }

  close(code: number, reason: string): void {
    if (this.state === 'connecting') {
      this.closeRequest ??= { code, reason };
      this.closeCode = code;
      return;
    }
    if (this.state !== 'open' || this.socket === undefined) return;
    this.state = 'closing';
    this.closeCode = code;
    this.socket.close(code, reason);
    this.emit('ws_msgs_sent', 1);
  }

  detach(): void {
    if (this.detached) return;
    this.detached = true;
    this.countBytes();
    const socket = this.socket;
    if (this.state === 'open') socket?.close(1000, '');
    if (this.state === 'open' || this.state === 'closing') setTimeout(() => socket?.terminate(), DETACHED_CLOSE_MS).unref();
    else socket?.terminate();
    this.state = 'closed';
  }

  terminate(): void {
    this.detached = true;
    this.state = 'closed';
    this.socket?.terminate();
  }

  private async dial(): Promise<void> {
    const { WebSocket: Client } = await (wsModule ??= import('ws'));
    if (this.detached) return;
    this.startedAt = performance.now();
    const { url } = this.spec;
    const headers: Record<string, string> = { 'User-Agent': this.vu.http.userAgent };
    const protocols = [...this.spec.protocols];
    let cookie = '';
    for (const [name, value] of Object.entries(this.spec.headers)) {
      const lower = name.toLowerCase();
      if (lower === 'sec-websocket-protocol') protocols.push(...value.split(',').map((p) => p.trim()).filter((p) => p !== ''));
      else if (lower === 'cookie') cookie = value;
      else headers[name] = value;
    }
    // gorilla adds the jar's cookies to a Cookie header the script set (req.AddCookie).
    const pairs = this.jar.cookies(jarUrl(url)).map((c) => cookiePair(c.name, c.value));
    const cookies = [cookie, ...pairs].filter((part) => part !== '').join('; ');
    if (cookies !== '') headers.Cookie = cookies;

    const socket = new Client(url, protocols, {
      headers,
      handshakeTimeout: 60_000,
      perMessageDeflate: this.spec.compression,
      followRedirects: false,
      rejectUnauthorized: !this.vu.http.insecureSkipTLSVerify,
      // k6 dials with the VU's dialer and TLS config: `hosts`, tlsVersion, tlsCipherSuites, tlsAuth.
      createConnection: wsSocketConnector(httpState(this.vu).network(), url),
      // gorilla hands text frames over as they are; invalid UTF-8 is not a protocol error there.
      skipUTF8Validation: true,
    });
    this.socket = socket;
    socket.on('upgrade', (res: IncomingMessage) => this.handshakeResponse(res));
    socket.on('unexpected-response', (_req: ClientRequest, res: IncomingMessage) => {
      this.handshakeResponse(res);
      res.resume();
      this.fail('websocket: bad handshake');
      socket.terminate();
    });
    socket.on('open', () => this.opened(socket));
    socket.on('error', (error: Error) => {
      // After the handshake gorilla reports read errors only as the end of the connection.
      if (this.state === 'connecting') this.fail(dialError(error, url));
    });
    socket.on('message', (data: Buffer, isBinary: boolean) => {
      if (this.state !== 'open') return; // the script closed it: k6 drops what still arrives
      if (isBinary) this.push({ t: 'binary' }, new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
      else this.push({ t: 'message', data: data.toString('utf8') });
    });
    socket.on('ping', () => this.push({ t: 'ping' }));
    socket.on('pong', (data: Buffer) => this.pong(data.toString()));
    socket.on('close', (code: number, reason: Buffer) => this.closed(code, reason.toString()));
  }

  private handshakeResponse(res: IncomingMessage): void {
    this.net = res.socket as Socket;
    this.tags.status = String(res.statusCode ?? 0);
    this.tags.subproto = ''; // gorilla's Subprotocol() of the connection; set on open
    storeCookies(this.jar, this.spec.url, res);
  }

  private opened(socket: WebSocket): void {
    if (this.state !== 'connecting') return;
    this.state = 'open';
    this.tags.subproto = socket.protocol;
    this.emitConnectionMetrics();
    const extensions = socket.extensions === '' ? [] : [socket.extensions];
    this.push({ t: 'open', protocol: socket.protocol, extensions, tags: this.tags });
    if (this.closeRequest !== undefined) this.close(this.closeRequest.code, this.closeRequest.reason);
  }

  private pong(id: string): void {
    const sentAt = this.pings.get(id);
    if (sentAt === undefined) {
      if (!this.detached) this.vu.log('warn', `received pong for unknown ping ID ${id}`, {});
    } else {
      this.pings.delete(id);
      this.emit('ws_ping', performance.now() - sentAt);
    }
    this.push({ t: 'pong' });
  }

  private closed(code: number, reason: string): void {
    if (this.state === 'closed') return;
    if (this.state === 'connecting') {
      this.fail('websocket: bad handshake');
      return;
    }
    let error = this.writeError;
    // 1006: no close frame arrived (a dropped connection), which gorilla reports as a read error.
    if (code !== 1006) {
      this.closeCode = code;
      this.closeReason = reason;
      if (error === undefined && code !== 1000 && code !== 1001) error = closeErrorText(code, reason);
    }
    this.state = 'closed';
    this.emit('ws_session_duration', performance.now() - this.startedAt);
    this.countBytes();
    this.push(error === undefined ? { t: 'close', code: this.closeCode, reason: this.closeReason } : { t: 'close', code: this.closeCode, reason: this.closeReason, error });
    this.hub.end(this.id);
  }

  /** The handshake failed (or the dial did): k6's error then close, without a session duration. */
  private fail(message: string): void {
    if (this.state !== 'connecting') return;
    this.state = 'closed';
    this.emitConnectionMetrics();
    this.countBytes();
    this.push({ t: 'close', code: this.closeCode, reason: '', error: message });
    this.hub.end(this.id);
  }

  private writeFailed(error: Error): void {
    if (this.state === 'closed') return;
    this.writeError ??= error.message;
    this.socket?.terminate();
  }

  private emitConnectionMetrics(): void {
    const name = this.spec.tags.name;
    this.tags.url = name ?? this.spec.rawUrl;
    this.tags.name = name ?? this.spec.rawUrl;
    this.emit('ws_sessions', 1);
    this.emit('ws_connecting', performance.now() - this.startedAt);
  }

  /** The bytes of the connection, handshake included, as k6's dialer counts them. */
  private countBytes(): void {
    if (this.bytesCounted || this.net === undefined) return;
    this.bytesCounted = true;
    emitDataSamples(this.vu, this.net.bytesWritten, this.net.bytesRead);
  }

  private emit(metric: string, value: number): void {
    if (!this.detached) this.vu.emit(metric, value, this.tags);
  }

  private push(body: EventBody<SocketEvent>, bytes?: Uint8Array): void {
    if (this.detached) return;
    const event = { ...body, id: this.id, ts: performance.timeOrigin + performance.now() } as SocketEvent;
    this.hub.push(event, bytes);
  }
}
