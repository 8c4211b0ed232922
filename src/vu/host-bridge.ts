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
import type { QuickJSContext } from 'quickjs-emscripten';
import { BinaryResult, GuestError, TextResult, type HostModule, type OpInput } from './bridge-contract.js';
import { coreModule } from './core-ops.js';
import type { VuHostContext } from './host-context.js';
import { newRawFunction, type RawArguments, type RawOutcome } from './raw-host-call.js';
import { REQUIRE_RUNTIME_MODULE_OP, loadRuntimeModule } from './runtime-modules.js';

export function installHostBridge(context: QuickJSContext, host: VuHostContext, modules: readonly HostModule[]): void {
  const { syncOps, asyncOps } = opsOf(modules);
  const requireRuntimeModule = (input: OpInput): unknown => loadRuntimeModule(context, input.payload);
  const readInput = (args: RawArguments): OpInput => {
    const text = args.string(1);
    return { payload: text === undefined ? undefined : (JSON.parse(text) as unknown), buffer: args.bytes(2) };
  };
  const toValue = (value: unknown): RawOutcome => {
    if (value === undefined || typeof value === 'string') return { value };
    if (value instanceof TextResult) return { value: value.parts };
    if (value instanceof BinaryResult) {
      // A Node Buffer may be a view into a shared pool: copy exactly its bytes.
      const { bytes } = value;
      return { value: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer };
    }
    return { value: JSON.stringify(value) };
  };
  const toGuestError = (error: unknown): RawOutcome => {
    if (error instanceof GuestError) return { error: context.newError({ name: error.name, message: error.message }) };
    const message = error instanceof Error ? error.message : String(error);
    return { error: context.newError({ name: 'Error', message }) };
  };
  const refused = (name: string): RawOutcome | undefined =>
    host.signal.aborted && name !== 'metrics.emit' ? { error: context.newError({ name: 'InternalError', message: 'interrupted' }) } : undefined;

  const call = newRawFunction(context, 'call', (args) => {
    const name = args.string(0) ?? '';
    const op = syncOps.get(name);
    if (op === undefined && name !== REQUIRE_RUNTIME_MODULE_OP) return { error: context.newError(`unknown host operation "${name}"`) };
    const stopped = refused(name);
    if (stopped !== undefined) return stopped;
    try {
      return toValue(op === undefined ? requireRuntimeModule(readInput(args)) : op(host, readInput(args)));
    } catch (error) {
      return toGuestError(error);
    }
  });
  const callAsync = newRawFunction(context, 'callAsync', (args) => {
    const name = args.string(0) ?? '';
    const op = asyncOps.get(name);
    if (op === undefined) return { error: context.newError(`unknown host operation "${name}"`) };
    const stopped = refused(name);
    if (stopped !== undefined) return stopped;
    let pending: Promise<unknown>;
    try {
      pending = op(host, readInput(args)); // read now: the arguments are gone once the script has suspended
    } catch (error) {
      return toGuestError(error);
    }
    suppressNextSuspensionStack();
    return pending.then(toValue, toGuestError);
  });
  const bridge = context.newObject();
  context.setProp(bridge, 'call', call);
  context.setProp(bridge, 'callAsync', callAsync);
  context.setProp(context.global, '__qk6host', bridge);
  call.dispose();
  callAsync.dispose();
  bridge.dispose();
}

type SyncOps = ReadonlyMap<string, (vu: VuHostContext, input: OpInput) => unknown>;
type AsyncOps = ReadonlyMap<string, (vu: VuHostContext, input: OpInput) => Promise<unknown>>;

/** The operations of a thread's module list, by name: made once, not for each of its VUs. */
const opsByModules = new WeakMap<readonly HostModule[], { syncOps: SyncOps; asyncOps: AsyncOps }>();

function opsOf(modules: readonly HostModule[]): { syncOps: SyncOps; asyncOps: AsyncOps } {
  let ops = opsByModules.get(modules);
  if (ops === undefined) {
    const syncOps = new Map<string, (vu: VuHostContext, input: OpInput) => unknown>();
    const asyncOps = new Map<string, (vu: VuHostContext, input: OpInput) => Promise<unknown>>();
    for (const module of [coreModule, ...modules]) {
      for (const [name, op] of Object.entries(module.sync ?? {})) syncOps.set(name, op);
      for (const [name, op] of Object.entries(module.async ?? {})) asyncOps.set(name, op);
    }
    syncOps.delete(REQUIRE_RUNTIME_MODULE_OP); // each VU's own: it needs the VU's context
    ops = { syncOps, asyncOps };
    opsByModules.set(modules, ops);
  }
  return ops;
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
