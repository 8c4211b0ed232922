/**
 * The calls into a VU's engine that may suspend (the script reaches a host promise: `http.get`,
 * `sleep`): evaluate code, call a compiled function, run promise jobs. One interface, two engines:
 *
 * - stack switching (suspending-engine.ts): each call is a command to the VU's driver;
 * - asyncify (quickjs-engine.ts): the library's `evalCodeAsync`, and emscripten's async wrappers
 *   of `QTS_Call` and `QTS_ExecutePendingJob` (call-async.ts, pending-jobs.ts).
 *
 * Every handle returned is owned by the caller.
 */
import { EvalFlags, type QuickJSAsyncContext, type QuickJSAsyncRuntime, type QuickJSContext, type QuickJSHandle, type QuickJSRuntime } from 'quickjs-emscripten';
import { callFunctionAsync } from './call-async.js';
import { DriverCommand, type EngineDriver } from './engine-driver.js';
import { executePendingJobsAsync } from './pending-jobs.js';

/** A call's value, or the exception it threw. */
export type CallResult = { value: QuickJSHandle; error?: undefined } | { error: QuickJSHandle; value?: undefined };

export interface EngineCalls {
  /** Evaluates `code` as a script, or as a module when `isModule`. */
  evalCode(code: string, filename: string, isModule: boolean): Promise<CallResult>;
  /** Calls `fn` with no arguments and `undefined` as `this`. */
  callFunction(fn: QuickJSHandle): Promise<CallResult>;
  /** Runs every pending promise job; the error of a job that threw, if one did. */
  executePendingJobs(): Promise<QuickJSHandle | undefined>;
}

export function asyncifyCalls(runtime: QuickJSAsyncRuntime, context: QuickJSAsyncContext): EngineCalls {
  return {
    async evalCode(code, filename, isModule) {
      const result = await context.evalCodeAsync(code, filename, isModule ? { type: 'module' } : undefined);
      return result.error === undefined ? { value: result.value } : { error: result.error };
    },
    callFunction: (fn) => callFunctionAsync(context, fn),
    executePendingJobs: () => executePendingJobsAsync(runtime, context),
  };
}

type Pointer = number;

/** What the driver's calls need of quickjs-emscripten 0.32's context (as raw-host-call.ts uses it). */
interface ContextInternals {
  readonly ctx: { readonly value: Pointer };
  readonly ffi: {
    QTS_ResolveException(ctx: Pointer, ptr: Pointer): Pointer;
    QTS_FreeValuePointer(ctx: Pointer, ptr: Pointer): void;
  };
  readonly memory: { heapValueHandle(ptr: Pointer): QuickJSHandle };
  readonly module: {
    readonly HEAPU8: Uint8Array;
    _malloc(bytes: number): Pointer;
    _free(ptr: Pointer): void;
  };
}

interface RuntimeInternals {
  readonly rt: { readonly value: Pointer };
}

const utf8 = new TextEncoder();

export function drivenCalls(runtime: QuickJSRuntime, context: QuickJSContext, driver: EngineDriver): EngineCalls {
  const internals = context as unknown as ContextInternals;
  const { ffi, module } = internals;
  const ctx = internals.ctx.value;
  const rt = (runtime as unknown as RuntimeInternals).rt.value;
  /** The library's split of a result pointer into a value or an exception. */
  const settle = (resultPtr: Pointer): CallResult => {
    const errorPtr = ffi.QTS_ResolveException(ctx, resultPtr);
    if (errorPtr !== 0) {
      ffi.QTS_FreeValuePointer(ctx, resultPtr);
      return { error: internals.memory.heapValueHandle(errorPtr) };
    }
    return { value: internals.memory.heapValueHandle(resultPtr) };
  };
  /** `text` as a NUL-terminated UTF-8 string in the engine's memory, and its byte length. */
  const cString = (text: string): { ptr: Pointer; length: number } => {
    const bytes = utf8.encode(text);
    const ptr = module._malloc(bytes.length + 1);
    const heap = module.HEAPU8; // read after malloc: growing the memory replaces it
    heap.set(bytes, ptr);
    heap[ptr + bytes.length] = 0;
    return { ptr, length: bytes.length };
  };
  return {
    async evalCode(code, filename, isModule) {
      const source = cString(code);
      const name = cString(filename);
      try {
        // As the library's evalCode: a module is asked for by flag, anything else is left to detection.
        const flags = isModule ? EvalFlags.JS_EVAL_TYPE_MODULE : 0;
        return settle(await driver.run(DriverCommand.Eval, [ctx, source.ptr, source.length, name.ptr, isModule ? 0 : 1, flags]));
      } finally {
        module._free(source.ptr);
        module._free(name.ptr);
      }
    },
    async callFunction(fn) {
      const undefinedPtr = context.undefined.value as unknown as Pointer;
      return settle(await driver.run(DriverCommand.Call, [ctx, fn.value as unknown as Pointer, undefinedPtr, 0, 0]));
    },
    async executePendingJobs() {
      while (runtime.hasPendingJob()) {
        const contextOut = module._malloc(4);
        let valuePtr: Pointer;
        try {
          valuePtr = await driver.run(DriverCommand.ExecutePendingJob, [rt, 1, contextOut]);
        } finally {
          module._free(contextOut);
        }
        const handle = internals.memory.heapValueHandle(valuePtr);
        if (context.typeof(handle) !== 'number') return handle;
        handle.dispose();
      }
      return undefined;
    },
  };
}
