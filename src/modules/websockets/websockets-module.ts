/**
 * Host side of `k6/websockets` (and its older name `k6/experimental/websockets`), the
 * web-standard WebSocket whose events run on the VU's event loop. The guest
 * (runtime/modules/k6-websockets.js) never blocks on one socket: `new WebSocket()` starts the dial
 * and returns, and the VU's loop (runtime/lib/timers.js) asks `websockets.wait` for the next event
 * of any socket while it has open ones. Operations:
 *
 * async
 *   websockets.wait      ms (-1: no limit) → JSON batch of events (websocket-hub.ts) | null (none open)
 * sync
 *   websockets.open      the socket's spec (websocket-spec.ts) → id
 *   websockets.binary    n → the batch's nth binary payload (ArrayBuffer)
 *   websockets.send      { id, data } | id + buffer
 *   websockets.ping      id
 *   websockets.close     { id, code, reason }
 *   websockets.buffered  id → bytes not written yet
 *   websockets.warn      message → a warning in the log (k6's logger, not the console)
 */
import { GuestError, type BinaryResult, type HostModule, type OpInput } from '../../vu/bridge-contract.js';
import type { VuHostContext } from '../../vu/host-context.js';
import { httpState } from '../http/vu-http-state.js';
import { WebSocketConnection } from './websocket-connection.js';
import { WebSocketHub } from './websocket-hub.js';
import { parseSocketSpec } from './websocket-spec.js';

const STATE_KEY = 'websockets';

function hub(vu: VuHostContext): WebSocketHub {
  let found = vu.state.get(STATE_KEY) as WebSocketHub | undefined;
  if (found === undefined) {
    found = new WebSocketHub();
    vu.state.set(STATE_KEY, found);
  }
  return found;
}

function field(payload: unknown, name: string): unknown {
  return payload !== null && typeof payload === 'object' ? (payload as Record<string, unknown>)[name] : undefined;
}

/** A live connection; a closed one is simply skipped (the guest's own readyState raised errors). */
function connection(vu: VuHostContext, id: unknown): WebSocketConnection | undefined {
  return hub(vu).get(id) as WebSocketConnection | undefined;
}

function open(vu: VuHostContext, { payload }: OpInput): number {
  if (vu.phase === 'init') throw new GuestError('using websockets in the init context is not supported');
  const spec = parseSocketSpec(payload);
  const jar = httpState(vu).jar(spec.jar);
  return hub(vu).add((id) => new WebSocketConnection(vu, hub(vu), id, spec, jar)).id;
}

function wait(vu: VuHostContext, { payload }: OpInput): Promise<string | null> {
  const ms = typeof payload === 'number' && Number.isFinite(payload) ? payload : -1;
  return hub(vu).wait(ms, vu.signal);
}

function send(vu: VuHostContext, { payload, buffer }: OpInput): undefined {
  if (buffer !== undefined) {
    connection(vu, payload)?.send(new Uint8Array(buffer));
    return undefined;
  }
  const data = field(payload, 'data');
  if (typeof data !== 'string') throw new GuestError('websockets: invalid message');
  connection(vu, field(payload, 'id'))?.send(data);
  return undefined;
}

function close(vu: VuHostContext, { payload }: OpInput): undefined {
  const code = field(payload, 'code');
  const reason = field(payload, 'reason');
  connection(vu, field(payload, 'id'))?.close(typeof code === 'number' ? Math.trunc(code) : 1000, typeof reason === 'string' ? reason : '');
  return undefined;
}

export const websocketsModule: HostModule = {
  async: { 'websockets.wait': wait },
  sync: {
    'websockets.open': open,
    'websockets.binary': (vu, { payload }): BinaryResult => hub(vu).binary(payload),
    'websockets.send': send,
    'websockets.ping': (vu, { payload }) => {
      connection(vu, payload)?.ping();
      return undefined;
    },
    'websockets.close': close,
    'websockets.buffered': (vu, { payload }) => connection(vu, payload)?.buffered ?? 0,
    'websockets.warn': (vu, { payload }) => {
      vu.log('warn', String(payload), {});
      return undefined;
    },
  },
  // k6 ends an iteration's sockets with it: whatever a failed or interrupted one left open is closed.
  afterIteration: (vu) => (vu.state.get(STATE_KEY) as WebSocketHub | undefined)?.endIteration(),
  dispose: (vu) => {
    (vu.state.get(STATE_KEY) as WebSocketHub | undefined)?.dispose();
    vu.state.delete(STATE_KEY);
  },
};
