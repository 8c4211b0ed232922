/**
 * A lean path for calls from the script into the host bridge's two functions.
 *
 * quickjs-emscripten runs every host function call through a generator-based scope: a lifetime
 * object per argument and for `this`, `typeof` and strings read through owned handles, and the
 * result duplicated before it is handed back — measured at ~18 µs per sync call, as much as a
 * dozen plain script calls. The bridge's functions only ever take strings and ArrayBuffers and
 * return a string, an ArrayBuffer or nothing, so they are read and answered here directly with
 * the FFI, and every other function keeps the library's path. Suspension (a returned promise)
 * is the engine's, one level up: the library's asyncify handling, or the stack-switched engine's
 * suspending import (suspending-engine.ts).
 *
 * This reaches into quickjs-emscripten 0.32 internals (the context's `cToHostCallbacks`, the
 * runtime's callbacks registry and `hostRefs`); package-lock.json holds the exact version, and
 * every VU test goes through this path, so an upgrade that changes them fails at once.
 */
import type { QuickJSContext, QuickJSHandle } from 'quickjs-emscripten';
import { newHeapString, type HeapText } from './heap-string.js';

type Pointer = number;

/** Reads the arguments of one call. Only valid until the call returns or suspends. */
export interface RawArguments {
  /** Argument `index` if it is a string. */
  string(index: number): string | undefined;
  /** A copy of argument `index`'s bytes if it is an ArrayBuffer. */
  bytes(index: number): ArrayBuffer | undefined;
}

/** What a raw function answers: a value for the script, or an error to throw in it. */
export type RawOutcome = { readonly value: HeapText | ArrayBuffer | undefined } | { readonly error: QuickJSHandle };

/** A raw host function: synchronous, or a promise (the script suspends until it settles). */
export type RawFunction = (args: RawArguments) => RawOutcome | Promise<RawOutcome>;

interface Internals {
  readonly ctx: { readonly value: Pointer };
  readonly ffi: {
    QTS_ArgvGetJSValueConstPointer(argv: Pointer, index: number): Pointer;
    QTS_GetString(ctx: Pointer, value: Pointer): Pointer;
    QTS_FreeCString(ctx: Pointer, ptr: Pointer): void;
    QTS_NewString(ctx: Pointer, ptr: Pointer): Pointer;
    QTS_GetArrayBuffer(ctx: Pointer, value: Pointer): Pointer;
    QTS_GetArrayBufferLength(ctx: Pointer, value: Pointer): number;
    QTS_DupValuePointer(ctx: Pointer, value: Pointer): Pointer;
    QTS_Throw(ctx: Pointer, error: Pointer): Pointer;
  };
  readonly module: {
    readonly HEAPU8: Uint8Array;
    UTF8ToString(ptr: Pointer): string;
    _malloc(bytes: number): Pointer;
    _free(ptr: Pointer): void;
  };
  readonly runtime: {
    readonly hostRefs: { get(id: number): object };
    readonly callbacks: { setContextCallbacks(ctx: Pointer, callbacks: ContextCallbacks): void };
  };
  readonly cToHostCallbacks: ContextCallbacks;
}

interface ContextCallbacks {
  callFunction(ctx: Pointer, thisPtr: Pointer, argc: number, argv: Pointer, fnId: number): unknown;
}

/**
 * Creates a function in `context` whose calls `raw` answers. Each call of it is routed here by
 * the implementation object the library stored for it (its host ref).
 */
export function newRawFunction(context: QuickJSContext, name: string, raw: RawFunction): QuickJSHandle {
  const internals = context as unknown as Internals;
  const marker = (): undefined => undefined; // never called: the interceptor answers instead
  const routes = routesOf(internals);
  routes.set(marker, raw);
  return context.newFunction(name, marker);
}

const routeTables = new WeakMap<object, Map<object, RawFunction>>();

/** The context's raw functions by marker; installs the interceptor on first use. */
function routesOf(internals: Internals): Map<object, RawFunction> {
  const existing = routeTables.get(internals);
  if (existing !== undefined) return existing;
  const table = new Map<object, RawFunction>();
  routeTables.set(internals, table);
  const fallback = internals.cToHostCallbacks;
  internals.runtime.callbacks.setContextCallbacks(internals.ctx.value, {
    callFunction: (ctx, thisPtr, argc, argv, fnId) => {
      const raw = table.get(internals.runtime.hostRefs.get(fnId));
      if (raw === undefined) return fallback.callFunction(ctx, thisPtr, argc, argv, fnId);
      const outcome = raw(rawArguments(internals, argc, argv));
      return outcome instanceof Promise ? outcome.then((settled) => answer(internals, settled)) : answer(internals, outcome);
    },
  });
  return table;
}

/**
 * QuickJS's value tags (quickjs.h). This 32-bit build NaN-boxes a JSValue into 64 bits with the tag
 * in the high word, so an argument's type is one memory read — QTS_Typeof answered with a C string
 * to decode and free, three crossings into the module per argument.
 */
const JS_TAG_STRING = -7;
/** A string made by concatenation, kept as a tree of its parts until read (QuickJS 2025-04). */
const JS_TAG_STRING_ROPE = -6;
const JS_TAG_OBJECT = -1;

function isString(tag: number): boolean {
  return tag === JS_TAG_STRING || tag === JS_TAG_STRING_ROPE;
}

/** The tag of the JSValue at `value`: the little-endian int32 in its high word. */
function tagOf(module: Internals['module'], value: Pointer): number {
  const heap = module.HEAPU8; // the module replaces its views when the memory grows
  const at = value + 4;
  return (heap[at] ?? 0) | ((heap[at + 1] ?? 0) << 8) | ((heap[at + 2] ?? 0) << 16) | ((heap[at + 3] ?? 0) << 24);
}

function rawArguments(internals: Internals, argc: number, argv: Pointer): RawArguments {
  const { ffi, module } = internals;
  const ctx = internals.ctx.value;
  const pointer = (index: number): Pointer | undefined => (index < argc ? ffi.QTS_ArgvGetJSValueConstPointer(argv, index) : undefined);
  return {
    string(index) {
      const value = pointer(index);
      if (value === undefined || !isString(tagOf(module, value))) return undefined;
      const ptr = ffi.QTS_GetString(ctx, value);
      try {
        return module.UTF8ToString(ptr);
      } finally {
        ffi.QTS_FreeCString(ctx, ptr);
      }
    },
    bytes(index) {
      const value = pointer(index);
      if (value === undefined || tagOf(module, value) !== JS_TAG_OBJECT) return undefined;
      const length = ffi.QTS_GetArrayBufferLength(ctx, value);
      const ptr = ffi.QTS_GetArrayBuffer(ctx, value);
      if (ptr === 0) return undefined;
      try {
        return module.HEAPU8.slice(ptr, ptr + length).buffer;
      } finally {
        module._free(ptr);
      }
    },
  };
}

/** The JSValue pointer QuickJS takes ownership of: the value, an exception, or 0 for undefined. */
function answer(internals: Internals, outcome: RawOutcome): Pointer {
  const { ffi, module } = internals;
  const ctx = internals.ctx.value;
  if ('error' in outcome) {
    try {
      return ffi.QTS_Throw(ctx, outcome.error.value as unknown as Pointer);
    } finally {
      outcome.error.dispose();
    }
  }
  const { value } = outcome;
  if (value === undefined) return 0;
  if (!(value instanceof ArrayBuffer)) {
    const { ptr } = newHeapString(module, value);
    try {
      return ffi.QTS_NewString(ctx, ptr);
    } finally {
      module._free(ptr);
    }
  }
  const context = internals as unknown as QuickJSContext;
  const handle = context.newArrayBuffer(value);
  try {
    return ffi.QTS_DupValuePointer(ctx, handle.value as unknown as Pointer);
  } finally {
    handle.dispose();
  }
}
