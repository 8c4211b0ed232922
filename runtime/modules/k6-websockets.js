// @ts-check
// `k6/websockets`, also imported as `k6/experimental/websockets`: k6's web-standard WebSocket
// (internal/js/modules/k6/websockets/websockets.go). Unlike k6/ws nothing blocks: the constructor
// starts the dial on the host and returns, and the socket's events run on the VU's event loop,
// which keeps the iteration going while any socket is not CLOSED (runtime/lib/timers.js waits on
// `io` below). Metrics are the host's, except ws_msgs_received: k6 counts a message only when it
// is dispatched to an OPEN socket, which only the guest knows.
import { host, currentGroupPath, emit, timers } from 'qk6:internal';
import { goError } from '../lib/binary-input.js';
import { Blob } from '../lib/blob.js';
import { utf8Encode } from '../lib/utf8.js';
import { binaryMessage, checkUrl, goInt, socketParams, subprotocols } from '../lib/websocket-args.js';

const CONNECTING = 0;
const OPEN = 1;
const CLOSING = 2;
const CLOSED = 3;

/** @typedef {'open' | 'message' | 'error' | 'close' | 'ping' | 'pong'} EventType */
const EVENT_TYPES = new Set(['open', 'message', 'error', 'close', 'ping', 'pong']);

/** The dispatchers of this VU's sockets that are not CLOSED, by host id. @type {Map<number, (event: any) => void>} */
const sockets = new Map();

/**
 * Events the host handed over and not dispatched yet. One is dispatched per event-loop step, so
 * promise jobs run between two events as they do between k6's event-loop tasks.
 * @type {any[]}
 */
let batch = [];
let cursor = 0;

/** Forgets every socket without events (the host no longer knows them: their iteration ended). */
function forgetAll() {
  for (const dispatch of sockets.values()) dispatch({ t: 'forget' });
  sockets.clear();
  batch = [];
  cursor = 0;
}

timers.attachIo({
  pending: () => sockets.size,
  wait(ms) {
    if (cursor >= batch.length) {
      const result = host.callAsync('websockets.wait', String(ms === Infinity ? -1 : ms));
      if (result === 'null') {
        forgetAll();
        return;
      }
      batch = JSON.parse(/** @type {string} */ (result));
      cursor = 0;
      if (batch.length === 0) return;
    }
    const event = batch[cursor++];
    sockets.get(event.id)?.(event);
  },
  reset: forgetAll,
});

export class WebSocket {
  static CONNECTING = CONNECTING;
  static OPEN = OPEN;
  static CLOSING = CLOSING;
  static CLOSED = CLOSED;

  #id;
  #url;
  #readyState = CONNECTING;
  #binaryType = 'blob';
  #protocol = '';
  /** @type {string[]} */
  #extensions = [];
  /** The connection's metric tags, from the host once it is open. @type {Record<string, string> | null} */
  #tags = null;
  /** The on* handlers, called before the added listeners. @type {Record<string, Function | null>} */
  #on = { open: null, message: null, error: null, close: null, ping: null, pong: null };
  /** @type {Record<string, Function[]>} */
  #listeners = { open: [], message: [], error: [], close: [], ping: [], pong: [] };

  /** @param {unknown} url @param {unknown} [protocols] @param {unknown} [params] */
  constructor(url, protocols, params) {
    const text = checkUrl(url);
    const spec = { url: text, protocols: subprotocols(protocols), group: currentGroupPath(), ...socketParams(params) };
    this.#url = text;
    this.#id = Number(host.call('websockets.open', JSON.stringify(spec)));
    sockets.set(this.#id, (event) => this.#dispatch(event));
  }

  get url() {
    return this.#url;
  }

  get readyState() {
    return this.#readyState;
  }

  get bufferedAmount() {
    return this.#readyState === OPEN || this.#readyState === CLOSING ? Number(host.call('websockets.buffered', String(this.#id))) : 0;
  }

  get protocol() {
    return this.#protocol;
  }

  get extensions() {
    return this.#extensions;
  }

  get binaryType() {
    return this.#binaryType;
  }

  set binaryType(value) {
    const type = String(value);
    if (type !== 'blob' && type !== 'arraybuffer') throw goError(`unknown binaryType ${type}, the supported ones are "blob" and "arraybuffer"`);
    this.#binaryType = type;
  }

  get onopen() {
    return this.#on.open;
  }

  set onopen(handler) {
    this.#setOn('open', handler);
  }

  get onmessage() {
    return this.#on.message;
  }

  set onmessage(handler) {
    this.#setOn('message', handler);
  }

  get onerror() {
    return this.#on.error;
  }

  set onerror(handler) {
    this.#setOn('error', handler);
  }

  get onclose() {
    return this.#on.close;
  }

  set onclose(handler) {
    this.#setOn('close', handler);
  }

  get onping() {
    return this.#on.ping;
  }

  set onping(handler) {
    this.#setOn('ping', handler);
  }

  get onpong() {
    return this.#on.pong;
  }

  set onpong(handler) {
    this.#setOn('pong', handler);
  }

  /** @param {unknown} type @param {unknown} handler */
  addEventListener(type, handler) {
    const name = String(type);
    if (typeof handler !== 'function') throw goError(`handler for event type ${JSON.stringify(name)} isn't a callable function`);
    if (!EVENT_TYPES.has(name)) {
      host.call('websockets.warn', JSON.stringify(`can't add event handler: unknown event type: ${name}`));
      return;
    }
    this.#listeners[name].push(handler);
  }

  /** Not in k6 (its listeners cannot be removed); the standard's, for scripts written for browsers. @param {unknown} type @param {unknown} handler */
  removeEventListener(type, handler) {
    const list = this.#listeners[String(type)];
    const index = list === undefined || !EVENT_TYPES.has(String(type)) ? -1 : list.indexOf(/** @type {Function} */ (handler));
    if (index >= 0) list.splice(index, 1);
  }

  /** @param {unknown} data */
  send(data) {
    this.#assertOpen();
    if (typeof data === 'string') host.call('websockets.send', JSON.stringify({ id: this.#id, data }));
    else host.call('websockets.send', String(this.#id), binaryMessage(data));
  }

  ping() {
    this.#assertOpen();
    host.call('websockets.ping', String(this.#id));
  }

  /** @param {unknown} [code] @param {unknown} [reason] */
  close(code, reason) {
    if (this.#readyState === CLOSED || this.#readyState === CLOSING) return;
    const status = goInt(code);
    if (status !== 0 && status !== 1000 && !(status >= 3000 && status <= 4999)) {
      throw goError(`InvalidAccessError: Failed to execute 'close' on 'WebSocket': The close code must be either 1000, or between 3000 and 4999. ${status} is neither`);
    }
    const text = reason === undefined || reason === null ? '' : String(reason);
    if (utf8Encode(text).length > 123) throw goError(`SyntaxError: Failed to execute 'close' on 'WebSocket': The message must not be greater than 123 bytes`);
    this.#readyState = CLOSING;
    host.call('websockets.close', JSON.stringify({ id: this.#id, code: status === 0 ? 1000 : status, reason: text }));
  }

  #assertOpen() {
    if (this.#readyState !== OPEN) throw goError('InvalidStateError');
  }

  /** @param {string} type @param {unknown} handler */
  #setOn(type, handler) {
    if (handler === undefined || handler === null) this.#on[type] = null;
    else if (typeof handler !== 'function') throw goError(`a value for 'on${type}' should be callable`);
    else this.#on[type] = handler;
  }

  /** k6's event object. @param {string} type @param {number} timestamp @param {Record<string, unknown>} [fields] */
  #event(type, timestamp, fields) {
    return { type, target: this, timestamp, ...fields };
  }

  /** One event from the host. @param {any} event */
  #dispatch(event) {
    switch (event.t) {
      case 'open':
        this.#protocol = event.protocol;
        this.#extensions = event.extensions;
        this.#tags = event.tags;
        if (this.#readyState !== CONNECTING) return; // closed while connecting: k6 skips `open`
        this.#readyState = OPEN;
        this.#listen('open', this.#event('open', event.ts), true);
        return;
      case 'message':
      case 'binary': {
        if (this.#readyState !== OPEN) return;
        emit('ws_msgs_received', 1, this.#tags);
        const data = event.t === 'message' ? event.data : this.#binaryData(event.n);
        this.#listen('message', this.#event('message', event.ts, { data, origin: this.#url }), true);
        return;
      }
      case 'ping':
      case 'pong':
        this.#listen(event.t, this.#event(event.t, event.ts));
        return;
      case 'close':
        this.#closed(event.error, event.code, event.reason, event.ts);
        return;
      case 'forget':
        this.#readyState = CLOSED;
        return;
      default:
        return;
    }
  }

  /** @param {number} n */
  #binaryData(n) {
    const buffer = /** @type {ArrayBuffer} */ (host.call('websockets.binary', String(n)));
    return this.#binaryType === 'arraybuffer' ? buffer : new Blob([buffer]);
  }

  /**
   * k6's connectionClosedWithError: CLOSED first, then the `error` listeners (when there is an
   * error), then the `close` listeners.
   * @param {string | undefined} error @param {number} code @param {string} reason @param {number} timestamp
   */
  #closed(error, code, reason, timestamp) {
    if (this.#readyState === CLOSED) return;
    this.#readyState = CLOSED;
    sockets.delete(this.#id);
    if (error !== undefined) this.#listen('error', this.#event('error', timestamp, { error }));
    this.#listen('close', this.#event('close', timestamp, code === 0 ? { reason } : { code, reason }));
  }

  /**
   * Calls the listeners of `type`: the on* handler first, then the added ones. An exception in an
   * `open` or `message` listener closes the socket like k6 (error and close listeners run, their
   * own exceptions ignored) and then ends the iteration.
   * @param {string} type @param {object} event @param {boolean} [closeOnThrow]
   */
  #listen(type, event, closeOnThrow = false) {
    const on = this.#on[type];
    const list = this.#listeners[type];
    const count = list.length;
    try {
      if (on !== null) on.call(undefined, event);
      for (let i = 0; i < count && i < list.length; i += 1) list[i].call(undefined, event);
    } catch (error) {
      if (closeOnThrow && this.#readyState !== CLOSED) {
        try {
          this.#closed(String(error), 0, '', Date.now());
        } catch {
          // k6 ignores what the error and close listeners throw here: the first exception counts
        }
      }
      throw error;
    }
  }
}

// The standard's readyState constants on instances too (`ws.readyState === ws.OPEN`).
for (const [name, value] of Object.entries({ CONNECTING, OPEN, CLOSING, CLOSED })) {
  Object.defineProperty(WebSocket.prototype, name, { value, enumerable: true });
}

export { Blob };

export default { WebSocket, Blob };
