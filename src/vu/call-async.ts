/**
 * Calls an already-compiled guest function in a way that lets it suspend.
 *
 * `context.callFunction()` uses the raw `QTS_Call` export synchronously, which can suspend on
 * neither engine. {@link callFunctionWith} makes the same call through an invoker that can: for
 * asyncify, `QTS_Call` wrapped with emscripten's `cwrap(..., {async: true})` ({@link asyncifyQtsCall};
 * `evalCodeAsync()` could suspend too, but compiles its source text on every call — measured: an
 * empty iteration 15 µs instead of 39 µs); for stack switching, a command to the VU's driver
 * (engine-calls.ts).
 */
import type { QuickJSAsyncContext, QuickJSContext, QuickJSHandle } from 'quickjs-emscripten';

/** Invokes `QTS_Call(ctx, fn, this, argc, argv)` so that it may suspend; resolves with its result pointer. */
export type QtsCall = (ctx: number, fn: number, thisVal: number, argc: number, argv: number) => Promise<number> | number;

/** A call's value, or the exception it threw; the caller owns the handle. */
export type CallResult = { value: QuickJSHandle; error?: undefined } | { error: QuickJSHandle; value?: undefined };

interface ContextInternals {
  module: { cwrap(name: string, ret: string, args: string[], opts: { async: boolean }): QtsCall };
  ctx: { value: number };
  ffi: {
    QTS_ResolveException(ctx: number, ptr: number): number;
    QTS_FreeValuePointer(ctx: number, ptr: number): void;
  };
  memory: { heapValueHandle(ptr: number): QuickJSHandle };
}

const wrappers = new WeakMap<object, QtsCall>();

/** emscripten's suspending wrapper of an asyncify instance's `QTS_Call`, made once per instance. */
export function asyncifyQtsCall(context: QuickJSAsyncContext): QtsCall {
  const internals = context as unknown as ContextInternals;
  let call = wrappers.get(internals.module);
  if (call === undefined) {
    call = internals.module.cwrap('QTS_Call', 'number', ['number', 'number', 'number', 'number', 'number'], { async: true });
    wrappers.set(internals.module, call);
  }
  return call;
}

/** The pointer to `context`'s JSContext, which the raw exports take. */
export function contextPointer(context: QuickJSContext): number {
  return (context as unknown as ContextInternals).ctx.value;
}

/** Calls `fn` with no arguments and `undefined` as `this` through `call`. */
export async function callFunctionWith(context: QuickJSContext, fn: QuickJSHandle, call: QtsCall): Promise<CallResult> {
  return resultOf(context, await call(contextPointer(context), fn.value as unknown as number, context.undefined.value as unknown as number, 0, 0));
}

/** The library's split of a result pointer (of QTS_Call or QTS_Eval) into a value or an exception. */
export function resultOf(context: QuickJSContext, resultPtr: number): CallResult {
  const internals = context as unknown as ContextInternals;
  const ctx = internals.ctx.value;
  const errorPtr = internals.ffi.QTS_ResolveException(ctx, resultPtr);
  if (errorPtr !== 0) {
    internals.ffi.QTS_FreeValuePointer(ctx, resultPtr);
    return { error: internals.memory.heapValueHandle(errorPtr) };
  }
  return { value: internals.memory.heapValueHandle(resultPtr) };
}
