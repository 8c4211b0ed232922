/**
 * Installs the host bridge (bridge-contract.ts) in a VU's context as `globalThis.__qk6host`; the
 * guest prelude (`runtime/internal.js`) captures it and deletes the global before user code runs.
 *
 * Every crossing is validated here: an unknown operation name, a payload that is not JSON, an
 * operation that throws — each becomes an exception in the script, never a host crash.
 *
 * An interrupted VU (hard stop, end of gracefulStop) gets `InternalError: interrupted` from every
 * operation but the sample flush: QuickJS polls its interrupt handler only every few thousand
 * instructions, and without this a script would go on logging or requesting between an aborted
 * `sleep()` and that check. Samples already taken are still delivered, as k6 keeps them.
 */
import type { QuickJSAsyncContext, QuickJSHandle } from 'quickjs-emscripten';
import { BinaryResult, GuestError, type HostModule, type OpInput } from './bridge-contract.js';
import { coreModule } from './core-ops.js';
import type { VuHostContext } from './host-context.js';
import { REQUIRE_RUNTIME_MODULE_OP, loadRuntimeModule } from './runtime-modules.js';

export function installHostBridge(context: QuickJSAsyncContext, host: VuHostContext, modules: readonly HostModule[]): void {
  const syncOps = new Map<string, (vu: VuHostContext, input: OpInput) => unknown>();
  const asyncOps = new Map<string, (vu: VuHostContext, input: OpInput) => Promise<unknown>>();
  for (const module of [coreModule, ...modules]) {
    for (const [name, op] of Object.entries(module.sync ?? {})) syncOps.set(name, op);
    for (const [name, op] of Object.entries(module.async ?? {})) asyncOps.set(name, op);
  }
  syncOps.set(REQUIRE_RUNTIME_MODULE_OP, (_vu, input) => loadRuntimeModule(context, input.payload));
  const readInput = (payload: QuickJSHandle | undefined, buffer: QuickJSHandle | undefined): OpInput => {
    const text = payload !== undefined && context.typeof(payload) === 'string' ? context.getString(payload) : undefined;
    let bytes: ArrayBuffer | undefined;
    if (buffer !== undefined && context.typeof(buffer) === 'object') {
      const view = context.getArrayBuffer(buffer);
      try {
        bytes = view.value.slice().buffer;
      } finally {
        view.dispose();
      }
    }
    return { payload: text === undefined ? undefined : (JSON.parse(text) as unknown), buffer: bytes };
  };
  const toHandle = (value: unknown): QuickJSHandle => {
    if (value === undefined) return context.undefined;
    if (typeof value === 'string') return context.newString(value);
    if (value instanceof BinaryResult) {
      // A Node Buffer may be a view into a shared pool: copy exactly its bytes.
      const { bytes } = value;
      return context.newArrayBuffer(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    }
    return context.newString(JSON.stringify(value));
  };
  const toGuestError = (error: unknown): QuickJSHandle => {
    if (error instanceof GuestError) return context.newError({ name: error.name, message: error.message });
    const message = error instanceof Error ? error.message : String(error);
    return context.newError({ name: 'Error', message });
  };
  const opName = (handle: QuickJSHandle | undefined): string =>
    handle !== undefined && context.typeof(handle) === 'string' ? context.getString(handle) : '';
  const refused = (name: string): QuickJSHandle | undefined =>
    host.signal.aborted && name !== 'metrics.emit' ? context.newError({ name: 'InternalError', message: 'interrupted' }) : undefined;

  const call = context.newFunction('call', (opHandle, payload, buffer) => {
    const name = opName(opHandle);
    const op = syncOps.get(name);
    if (op === undefined) return { error: context.newError(`unknown host operation "${name}"`) };
    const stopped = refused(name);
    if (stopped !== undefined) return { error: stopped };
    try {
      return toHandle(op(host, readInput(payload, buffer)));
    } catch (error) {
      return { error: toGuestError(error) };
    }
  });
  const runAsyncOp = async (opHandle: QuickJSHandle, payload: QuickJSHandle | undefined, buffer: QuickJSHandle | undefined) => {
    const name = opName(opHandle);
    const op = asyncOps.get(name);
    if (op === undefined) return { error: context.newError(`unknown host operation "${name}"`) };
    const stopped = refused(name);
    if (stopped !== undefined) return { error: stopped };
    try {
      const input = readInput(payload, buffer);
      return toHandle(await op(host, input));
    } catch (error) {
      return { error: toGuestError(error) };
    }
  };
  const callAsync = context.newAsyncifiedFunction('callAsync', (opHandle, payload, buffer) => {
    const result = runAsyncOp(opHandle, payload, buffer);
    suppressNextSuspensionStack();
    return result;
  });
  const bridge = context.newObject();
  context.setProp(bridge, 'call', call);
  context.setProp(bridge, 'callAsync', callAsync);
  context.setProp(context.global, '__qk6host', bridge);
  call.dispose();
  callAsync.dispose();
  bridge.dispose();
}

/**
 * quickjs-emscripten records every suspension in an Error (only read to explain an "Already
 * suspended" bug), and capturing that stack through the wasm frames costs ~35 µs per request. The
 * Error is built synchronously right after our host function returns its promise, so the stack
 * limit is lowered for that moment and restored before any other code runs (a microtask).
 */
function suppressNextSuspensionStack(): void {
  const limit = Error.stackTraceLimit;
  if (limit === 0) return;
  Error.stackTraceLimit = 0;
  queueMicrotask(() => {
    Error.stackTraceLimit = limit;
  });
}
