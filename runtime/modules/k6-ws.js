// @ts-check
// `k6/ws`: the blocking WebSocket API (k6 internal/js/modules/k6/ws/ws.go). `connect()` opens the
// socket on the host, runs the setup function, then runs this socket's event loop here until it
// closes: each turn asks the host for the next events (`ws.next`, waiting at most until the next
// socket timer is due) and calls the handlers. The VU is suspended while it waits, like k6's VU is
// blocked in connect(). Metrics (ws_sessions, ws_msgs_*, ws_ping, ws_*duration) are the host's.
import { host, currentGroupPath } from 'qk6:internal';

/** The value `error` handlers get: k6 passes a Go error, read with `e.error()`. */
class WebSocketError {
  /** @param {string} message */
  constructor(message) {
    this.message = message;
  }

  error() {
    return this.message;
  }

  toString() {
    return this.message;
  }
}

/** @param {unknown} value */
function typeName(value) {
  if (value === null || value === undefined) return String(value);
  return typeof value === 'object' ? (value.constructor?.name ?? 'Object') : typeof value;
}

function now() {
  return Number(host.call('now'));
}

/** @typedef {{ due: number, fn: Function, interval: number, seq: number }} SocketTimer */

class Socket {
  #id;
  /** @type {Map<string, Function[]>} */
  #handlers = new Map();
  /** @type {SocketTimer[]} */
  #timers = [];
  #seq = 0;
  #closed = false;

  /** @param {number} id */
  constructor(id) {
    this.#id = id;
  }

  /** @param {string} event @param {unknown} handler */
  on(event, handler) {
    if (typeof handler !== 'function') return;
    const list = this.#handlers.get(String(event)) ?? [];
    list.push(handler);
    this.#handlers.set(String(event), list);
  }

  /** @param {string} event @param {...unknown} args */
  #emit(event, ...args) {
    for (const handler of this.#handlers.get(event) ?? []) handler(...args);
  }

  /** @param {unknown} error */
  #report(error) {
    if (typeof error === 'string' && error !== '') this.#emit('error', new WebSocketError(error));
  }

  /** @param {unknown} message */
  send(message) {
    this.#report(host.call('ws.send', JSON.stringify({ id: this.#id, data: String(message) })));
  }

  /** @param {unknown} message */
  sendBinary(message) {
    if (arguments.length === 0) throw new Error('missing argument, expected ArrayBuffer');
    if (!(message instanceof ArrayBuffer)) throw new Error(`expected ArrayBuffer as argument, received: ${typeName(message)}`);
    this.#report(host.call('ws.send', JSON.stringify({ id: this.#id }), message));
  }

  ping() {
    this.#report(host.call('ws.ping', String(this.#id)));
  }

  /** @param {unknown} fn @param {unknown} ms @param {boolean} repeat */
  #schedule(fn, ms, repeat) {
    const delay = Number(ms);
    if (!(delay > 0)) throw new Error(`${repeat ? 'setInterval' : 'setTimeout'} requires a >0 timeout parameter, received ${(Number.isNaN(delay) ? 0 : delay).toFixed(2)}`);
    if (typeof fn !== 'function') throw new TypeError(`${repeat ? 'setInterval' : 'setTimeout'} expects a function`);
    this.#timers.push({ due: now() + delay, fn, interval: repeat ? delay : 0, seq: this.#seq++ });
  }

  /** @param {unknown} fn @param {unknown} ms */
  setTimeout(fn, ms) {
    this.#schedule(fn, ms, false);
  }

  /** @param {unknown} fn @param {unknown} ms */
  setInterval(fn, ms) {
    this.#schedule(fn, ms, true);
  }

  /** @param {unknown} [code] */
  close(code) {
    this.#closeConnection(code === undefined ? 1001 : Math.trunc(Number(code)) || 0);
  }

  /** Sends the close frame once and calls the `close` handlers (k6 closeConnection). @param {number} code */
  #closeConnection(code) {
    if (this.#closed) return;
    this.#closed = true;
    this.#report(host.call('ws.close', JSON.stringify({ id: this.#id, code })));
    this.#emit('close', code);
  }

  /** ms until the next timer (-1: none), and the timers already due, in order. */
  #nextWait() {
    if (this.#timers.length === 0) return -1;
    let due = Infinity;
    for (const timer of this.#timers) due = Math.min(due, timer.due);
    return Math.max(0, due - now());
  }

  #runDueTimers() {
    if (this.#timers.length === 0) return;
    const at = now();
    const due = this.#timers.filter((t) => t.due <= at).sort((a, b) => a.due - b.due || a.seq - b.seq);
    for (const timer of due) {
      if (this.#closed) return;
      if (timer.interval > 0) timer.due += timer.interval * Math.max(1, Math.ceil((at - timer.due) / timer.interval));
      else this.#timers.splice(this.#timers.indexOf(timer), 1);
      timer.fn();
    }
  }

  /** The socket's event loop, until it is closed. @param {Function} setup */
  run(setup) {
    try {
      setup(this);
      this.#emit('open');
      while (!this.#closed) {
        const result = host.callAsync('ws.next', JSON.stringify({ id: this.#id, wait: this.#nextWait() }));
        if (result instanceof ArrayBuffer) this.#emit('binaryMessage', result);
        else {
          for (const event of JSON.parse(/** @type {string} */ (result))) {
            if (this.#closed) break;
            if (event.t === 'message') this.#emit('message', event.data);
            else if (event.t === 'ping') this.#emit('ping');
            else if (event.t === 'pong') this.#emit('pong');
            else if (event.t === 'error') this.#emit('error', new WebSocketError(event.message));
            else if (event.t === 'close') this.#closeConnection(event.code);
            else if (event.t === 'abort') this.#closeConnection(1001);
          }
        }
        this.#runDueTimers();
      }
    } catch (error) {
      try {
        this.#closeConnection(1001);
      } catch {
        // the first exception is the one the script sees
      }
      throw error;
    } finally {
      host.call('ws.end', String(this.#id));
    }
  }
}

/** @param {unknown} value */
function tagValue(value) {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new Error('invalid ws.connect() metric tags: only String, Boolean and Number types are accepted as a metric tag value');
}

/** @param {unknown} params */
function connectSpec(params) {
  /** @type {{ headers: Record<string, string>, tags: Record<string, string>, jar: number | null, compression: boolean }} */
  const spec = { headers: {}, tags: {}, jar: 0, compression: false };
  if (params === null || params === undefined || typeof params !== 'object') return spec;
  const p = /** @type {Record<string, any>} */ (params);
  if (p.headers !== null && typeof p.headers === 'object') for (const name of Object.keys(p.headers)) spec.headers[name] = String(p.headers[name]);
  if (p.tags !== null && typeof p.tags === 'object') for (const name of Object.keys(p.tags)) spec.tags[name] = tagValue(p.tags[name]);
  if (p.jar !== null && typeof p.jar === 'object' && typeof p.jar.id === 'number' && typeof p.jar.cookiesForURL === 'function') spec.jar = p.jar.id;
  if (p.compression !== undefined && p.compression !== null) {
    const algorithm = String(p.compression).trim();
    if (algorithm !== '' && algorithm !== 'deflate') throw new Error(`unsupported compression algorithm '${algorithm}', supported algorithm is 'deflate'`);
    spec.compression = algorithm === 'deflate';
  }
  return spec;
}

/**
 * Opens a WebSocket, runs `setup(socket)` and blocks until the socket is closed; returns the
 * handshake response (status 101 on success).
 * @param {string} url @param {...unknown} args `(params, setup)` or `(setup)`
 */
export function connect(url, ...args) {
  if (args.length !== 1 && args.length !== 2) throw new Error('invalid number of arguments to ws.connect');
  const setup = args[args.length - 1];
  if (typeof setup !== 'function') throw new Error('last argument to ws.connect must be a function');
  const spec = { url: String(url), group: currentGroupPath(), ...connectSpec(args.length === 2 ? args[0] : undefined) };
  const opened = JSON.parse(/** @type {string} */ (host.callAsync('ws.connect', JSON.stringify(spec))));
  if (opened.id === undefined) return opened.response;
  new Socket(opened.id).run(setup);
  return opened.response;
}

export default { connect };
