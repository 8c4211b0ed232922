/**
 * One k6/ws connection on the host: the `ws` socket, the queue of events the guest's loop has not
 * taken yet, and k6's ws metrics (internal/js/modules/k6/ws/ws.go). The guest runs the loop: it
 * asks for the next events with a deadline (its own timers) and dispatches them to the handlers.
 *
 * Close semantics follow gorilla/websocket as k6 uses it: a close frame with a code other than 1000
 * or 1001 is also an `error` ("websocket: close 1011 (internal server error): reason"); a dropped
 * connection closes with 1001 and no error.
 */
import type { WebSocket } from 'ws';
import type { Tags } from '../../metrics/metric.js';
import { BinaryResult } from '../../vu/bridge-contract.js';
import type { VuHostContext } from '../../vu/host-context.js';

/** An event for the guest's handlers; binary messages travel alone as bytes. */
export type WsEvent =
  | { readonly t: 'message'; readonly data: string }
  | { readonly t: 'ping' }
  | { readonly t: 'pong' }
  | { readonly t: 'error'; readonly message: string }
  | { readonly t: 'close'; readonly code: number }
  | { readonly t: 'abort' };

type QueuedEvent = WsEvent | { readonly t: 'binary'; readonly bytes: Uint8Array };

const CLOSE_TEXT: Readonly<Record<number, string>> = {
  1000: 'normal', 1001: 'going away', 1002: 'protocol error', 1003: 'unsupported data', 1005: 'no status', 1006: 'abnormal closure',
  1007: 'invalid payload data', 1008: 'policy violation', 1009: 'message too big', 1010: 'mandatory extension missing',
  1011: 'internal server error', 1015: 'TLS handshake error',
};

/** gorilla's CloseError text. */
export function closeErrorText(code: number, reason: string): string {
  const text = CLOSE_TEXT[code];
  return `websocket: close ${code}${text === undefined ? '' : ` (${text})`}${reason === '' ? '' : `: ${reason}`}`;
}

export class WsSession {
  private readonly queue: QueuedEvent[] = [];
  private wake: (() => void) | undefined;
  private readonly pings = new Map<string, number>();
  private pingCounter = 0;
  /** The guest has closed (or been told of the close): later sends are errors. */
  closed = false;
  private ended = false;

  constructor(
    private readonly vu: VuHostContext,
    private readonly socket: WebSocket,
    readonly tags: Tags,
    private readonly startedAt: number,
  ) {
    socket.on('message', (data, isBinary) => {
      vu.emit('ws_msgs_received', 1, tags);
      const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
      this.push(isBinary ? { t: 'binary', bytes } : { t: 'message', data: bytes.toString('utf8') });
    });
    socket.on('ping', () => this.push({ t: 'ping' }));
    socket.on('pong', (data) => {
      const sentAt = this.pings.get(data.toString());
      if (sentAt !== undefined) {
        this.pings.delete(data.toString());
        vu.emit('ws_ping', performance.now() - sentAt, tags);
      }
      this.push({ t: 'pong' });
    });
    socket.on('error', (error) => this.push({ t: 'error', message: error.message }));
    socket.on('close', (code, reason) => {
      if (this.closed) return;
      if (code === 1006) {
        this.push({ t: 'close', code: 1001 });
        return;
      }
      if (code !== 1000 && code !== 1001) this.push({ t: 'error', message: closeErrorText(code, reason.toString()) });
      this.push({ t: 'close', code });
    });
  }

  private push(event: QueuedEvent): void {
    this.queue.push(event);
    this.wake?.();
  }

  /**
   * The next events, waiting up to `waitMs` (negative: until one arrives) or until the VU stops.
   * Returns the leading text events together, or one binary message as bytes; [] on timeout.
   */
  async next(waitMs: number): Promise<WsEvent[] | BinaryResult> {
    if (this.queue.length === 0 && waitMs === 0) {
      // A timer is due: let I/O that already arrived in first, but never starve the event loop.
      await new Promise<void>((resolve) => setImmediate(resolve));
    } else if (this.queue.length === 0) {
      await new Promise<void>((resolve) => {
        const signal = this.vu.signal;
        const done = (): void => {
          clearTimeout(timer);
          signal.removeEventListener('abort', done);
          this.wake = undefined;
          resolve();
        };
        const timer = waitMs > 0 ? setTimeout(done, waitMs) : undefined;
        signal.addEventListener('abort', done);
        this.wake = done;
        if (signal.aborted) done();
      });
    }
    if (this.vu.signal.aborted) return [{ t: 'abort' }];
    const first = this.queue[0];
    if (first?.t === 'binary') {
      this.queue.shift();
      return new BinaryResult(first.bytes);
    }
    const events: WsEvent[] = [];
    while (this.queue.length > 0 && this.queue[0]?.t !== 'binary') events.push(this.queue.shift() as WsEvent);
    return events;
  }

  /** Sends a text or binary message; an error is returned for the guest's `error` handlers. */
  send(data: string | ArrayBuffer): string | undefined {
    this.vu.emit('ws_msgs_sent', 1, this.tags);
    if (this.closed || this.socket.readyState !== this.socket.OPEN) return 'websocket: close sent';
    this.socket.send(typeof data === 'string' ? data : new Uint8Array(data), { binary: typeof data !== 'string' });
    return undefined;
  }

  ping(): string | undefined {
    if (this.closed || this.socket.readyState !== this.socket.OPEN) return 'websocket: close sent';
    const id = String(this.pingCounter++);
    this.socket.ping(id);
    this.pings.set(id, performance.now());
    return undefined;
  }

  /** Sends a close frame with `code` (k6 closes without waiting long for the server's answer). */
  close(code: number): string | undefined {
    if (this.closed) return undefined;
    this.closed = true;
    if (this.socket.readyState !== this.socket.OPEN) return undefined;
    try {
      this.socket.close(code);
    } catch (error) {
      this.socket.terminate();
      return error instanceof Error ? error.message : String(error);
    }
    setTimeout(() => this.socket.terminate(), 1000).unref();
    return undefined;
  }

  /** Ends the session: records ws_session_duration and drops the connection if still open. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.closed = true;
    this.vu.emit('ws_session_duration', performance.now() - this.startedAt, this.tags);
    if (this.socket.readyState === this.socket.CONNECTING || this.socket.readyState === this.socket.OPEN) {
      setTimeout(() => this.socket.terminate(), 1000).unref();
    }
  }

  /** Drops the connection at once (VU disposed). */
  terminate(): void {
    this.closed = true;
    this.socket.terminate();
  }
}
