/**
 * A VU's k6/websockets connections and the one queue their events wait in for the guest's event
 * loop (runtime/lib/timers.js). k6 gives each VU one event loop for all its sockets; here the
 * guest asks `wait` for the next events of *any* socket, up to its next timer, so one suspended
 * host call serves every socket and no socket is polled.
 *
 * Text travels inside the JSON batch; binary payloads stay here and the guest fetches each one by
 * its index in the batch (`binary`), so bytes are never encoded as text.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { BinaryResult, GuestError } from '../../vu/bridge-contract.js';

/** Node's longest timer; a longer wait ends early and the guest simply waits again. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** What the guest dispatches; `n` indexes a binary payload of the batch that carried the event. */
export type SocketEvent =
  | { readonly id: number; readonly t: 'open'; readonly ts: number; readonly protocol: string; readonly extensions: string[]; readonly tags: Record<string, string> }
  | { readonly id: number; readonly t: 'message'; readonly ts: number; readonly data: string }
  | { readonly id: number; readonly t: 'binary'; readonly ts: number; n?: number }
  | { readonly id: number; readonly t: 'ping' | 'pong'; readonly ts: number }
  // The end of a connection; with `error`, the guest's error listeners run first (k6 dispatches both in one task).
  | { readonly id: number; readonly t: 'close'; readonly ts: number; readonly code: number; readonly reason: string; readonly error?: string };

/** What the hub needs of a connection. */
export interface HubConnection {
  /** Drops the connection without telling the guest (its iteration is over). */
  detach(): void;
  /** Drops it at once (the VU is disposed). */
  terminate(): void;
}

export class WebSocketHub {
  /** Connections whose `close` event has not been queued yet. */
  private readonly live = new Map<number, HubConnection>();
  private queue: Array<{ event: SocketEvent; bytes?: Uint8Array }> = [];
  private batchBinaries: Uint8Array[] = [];
  private wake: (() => void) | undefined;
  private nextId = 1;

  /** Registers the connection `create` builds for a new id. */
  add<T extends HubConnection>(create: (id: number) => T): T {
    const id = this.nextId++;
    const connection = create(id);
    this.live.set(id, connection);
    return connection;
  }

  get(id: unknown): HubConnection | undefined {
    return typeof id === 'number' ? this.live.get(id) : undefined;
  }

  push(event: SocketEvent, bytes?: Uint8Array): void {
    this.queue.push(bytes === undefined ? { event } : { event, bytes });
    this.wake?.();
  }

  /** The connection queued its last event (`close`): it no longer keeps the guest's loop going. */
  end(id: number): void {
    this.live.delete(id);
  }

  /**
   * The queued events as a JSON batch, waiting up to `waitMs` (negative: no limit) for one, or
   * until the VU is stopped. `null` when nothing is queued and no connection is live: the guest's
   * sockets are unknown here (their iteration ended) and it forgets them.
   */
  async wait(waitMs: number, signal: AbortSignal): Promise<string | null> {
    if (this.queue.length === 0) {
      if (this.live.size === 0) return null;
      if (waitMs === 0) await nextTurn(); // a timer is due: let I/O that already arrived in first
      else if (!signal.aborted) await this.sleep(waitMs, signal);
    }
    const taken = this.queue;
    this.queue = [];
    this.batchBinaries = [];
    const events = taken.map(({ event, bytes }) => {
      if (bytes !== undefined && event.t === 'binary') event.n = this.batchBinaries.push(bytes) - 1;
      return event;
    });
    return JSON.stringify(events);
  }

  /** Binary payload `n` of the last batch. */
  binary(n: unknown): BinaryResult {
    const bytes = typeof n === 'number' ? this.batchBinaries[n] : undefined;
    if (bytes === undefined) throw new GuestError('websockets: no such binary message');
    return new BinaryResult(bytes);
  }

  /** After an iteration: drops what it left open (it failed or was interrupted) and its events. */
  endIteration(): void {
    for (const connection of this.live.values()) connection.detach();
    this.live.clear();
    this.queue = [];
    this.batchBinaries = [];
  }

  dispose(): void {
    for (const connection of this.live.values()) connection.terminate();
    this.live.clear();
    this.queue = [];
  }

  private sleep(waitMs: number, signal: AbortSignal): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        this.wake = undefined;
        resolve();
      };
      const timer = waitMs > 0 ? setTimeout(done, Math.min(waitMs, MAX_TIMER_MS)) : undefined;
      signal.addEventListener('abort', done);
      this.wake = done;
    });
  }
}
