/**
 * Host side of `k6/ws` (the blocking callback API). The guest (runtime/modules/k6-ws.js) runs each
 * socket's event loop inside `ws.connect()`: it opens the socket, then asks `ws.next` for events
 * with the delay until its next timer, and dispatches them. Operations:
 *
 * async
 *   ws.connect  ConnectSpec (ws-connect.ts) → { id, response } | { error, response }
 *   ws.next     { id, wait } → WsEvent[] ([] when `wait` ms passed) | a binary message (ArrayBuffer)
 * sync
 *   ws.send     { id, data } | buffer → error text or '' (ws_msgs_sent)
 *   ws.ping     id → error text or ''
 *   ws.close    { id, code } → error text or ''
 *   ws.end      id → (ws_session_duration; the socket is released)
 */
import { GuestError, type BinaryResult, type HostModule, type OpInput } from '../../vu/bridge-contract.js';
import type { VuHostContext } from '../../vu/host-context.js';
import { connect, parseConnectSpec, type WsResponse } from './ws-connect.js';
import type { WsSession, WsEvent } from './ws-session.js';

const STATE_KEY = 'ws';

interface WsState {
  readonly sessions: Map<number, WsSession>;
  nextId: number;
}

function wsState(vu: VuHostContext): WsState {
  let state = vu.state.get(STATE_KEY) as WsState | undefined;
  if (state === undefined) {
    state = { sessions: new Map(), nextId: 1 };
    vu.state.set(STATE_KEY, state);
  }
  return state;
}

function field(payload: unknown, name: string): unknown {
  return payload !== null && typeof payload === 'object' ? (payload as Record<string, unknown>)[name] : undefined;
}

function session(vu: VuHostContext, id: unknown): WsSession {
  const found = typeof id === 'number' ? wsState(vu).sessions.get(id) : undefined;
  if (found === undefined) throw new GuestError('ws: this socket is closed');
  return found;
}

async function open(vu: VuHostContext, { payload }: OpInput): Promise<{ id?: number; error?: string; response: WsResponse }> {
  if (vu.phase === 'init') throw new GuestError('using websockets in the init context is not supported');
  const outcome = await connect(vu, parseConnectSpec(payload));
  if (!outcome.ok) {
    if (vu.http.throw) throw new GuestError(outcome.error);
    return { error: outcome.error, response: outcome.response };
  }
  const state = wsState(vu);
  const id = state.nextId++;
  state.sessions.set(id, outcome.session);
  return { id, response: outcome.response };
}

function next(vu: VuHostContext, { payload }: OpInput): Promise<WsEvent[] | BinaryResult> {
  const wait = field(payload, 'wait');
  return session(vu, field(payload, 'id')).next(typeof wait === 'number' && Number.isFinite(wait) && wait >= 0 ? wait : -1);
}

function send(vu: VuHostContext, { payload, buffer }: OpInput): string {
  const data = buffer ?? field(payload, 'data');
  if (typeof data !== 'string' && !(data instanceof ArrayBuffer)) throw new GuestError('ws: invalid message');
  return session(vu, field(payload, 'id')).send(data) ?? '';
}

function end(vu: VuHostContext, { payload }: OpInput): undefined {
  const state = wsState(vu);
  if (typeof payload === 'number') {
    state.sessions.get(payload)?.end();
    state.sessions.delete(payload);
  }
  return undefined;
}

export const wsModule: HostModule = {
  async: { 'ws.connect': open, 'ws.next': next },
  sync: {
    'ws.send': send,
    'ws.ping': (vu, { payload }) => session(vu, payload).ping() ?? '',
    'ws.close': (vu, { payload }) => {
      const code = field(payload, 'code');
      return session(vu, field(payload, 'id')).close(typeof code === 'number' ? Math.trunc(code) : 1001) ?? '';
    },
    'ws.end': end,
  },
  dispose: (vu) => {
    const state = vu.state.get(STATE_KEY) as WsState | undefined;
    for (const s of state?.sessions.values() ?? []) s.terminate();
    vu.state.delete(STATE_KEY);
  },
};
