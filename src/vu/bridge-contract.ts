/**
 * The host↔VU contract: the ONLY ways guest code (`runtime/`) reaches the host. Mirrored for the
 * guest side in `runtime/host.d.ts`.
 *
 * The bridge is deliberately tiny — one synchronous and one suspending entry point, each taking an
 * operation name and a JSON payload — so every crossing costs the same, is validated in one place,
 * and new k6 modules add operations, not bridge functions.
 *
 * Guest view (installed as `globalThis.__qk6host` before the prelude runs; the prelude captures it
 * and deletes the global):
 *   call(op: string, payload?: string, buffer?: ArrayBuffer): string | ArrayBuffer | undefined
 *   callAsync(op: string, payload?: string, buffer?: ArrayBuffer): string | ArrayBuffer | undefined
 * `callAsync` suspends the whole VU (asyncify) until the host's promise settles, so the script keeps
 * k6's synchronous style. A host error becomes a guest exception carrying the host message.
 */
import type { VuHostContext } from './host-context.js';

/** The payload a host operation receives: the parsed JSON (or undefined) and an optional buffer. */
export interface OpInput {
  readonly payload: unknown;
  readonly buffer: ArrayBuffer | undefined;
}

/** What an operation may return to the guest: a JSON-serialisable value, or raw bytes. */
export type OpResult = unknown;

/** A binary result is passed to the guest as an ArrayBuffer instead of JSON. */
export class BinaryResult {
  constructor(readonly bytes: Uint8Array) {}
}

/**
 * A string result given as parts, written one after another into the VU's memory: no
 * concatenated copy is made, and bytes already UTF-8 (a response body) are not decoded only to be
 * encoded again. A byte part must be valid UTF-8 without a NUL byte (the bridge's strings end at
 * one).
 */
export class TextResult {
  constructor(readonly parts: readonly (string | Uint8Array)[]) {}

  /** The whole text, as the guest sees it. */
  toString(): string {
    return this.parts.map((part) => (typeof part === 'string' ? part : Buffer.from(part.buffer, part.byteOffset, part.byteLength).toString('utf8'))).join('');
  }
}

export type SyncOp = (vu: VuHostContext, input: OpInput) => OpResult;
export type AsyncOp = (vu: VuHostContext, input: OpInput) => Promise<OpResult>;

/** A host module's contribution to the bridge: operation name → implementation. */
export interface HostModule {
  readonly sync?: Readonly<Record<string, SyncOp>>;
  readonly async?: Readonly<Record<string, AsyncOp>>;
  /** Runs after every iteration of a VU (k6 resets per-iteration state, e.g. the cookie jar). */
  readonly afterIteration?: (vu: VuHostContext) => void;
  /** Releases the module's per-VU resources (connections, files) when the VU is disposed. */
  readonly dispose?: (vu: VuHostContext) => void | Promise<void>;
}

/**
 * An error a host operation throws on purpose: shown to the script as an exception with this
 * message (and `name`), never as a host crash.
 */
export class GuestError extends Error {
  constructor(message: string, name = 'Error') {
    super(message);
    this.name = name;
  }
}
