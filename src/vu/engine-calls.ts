/**
 * The calls into a VU's engine that may suspend (the script reaches a host promise: `http.get`,
 * `sleep`): evaluate code, call a compiled function, run promise jobs. One interface, two engines,
 * which differ only in how the raw export is invoked:
 *
 * - stack switching (suspending-engine.ts): each call is a command to the VU's driver;
 * - asyncify (quickjs-engine.ts): the library's `evalCodeAsync`, and emscripten's async wrappers
 *   of `QTS_Call` and `QTS_ExecutePendingJob`.
 *
 * The call and the job loop themselves are call-async.ts's and pending-jobs.ts's, for both.
 * Every handle returned is owned by the caller.
 */
import { EvalFlags, type QuickJSAsyncContext, type QuickJSAsyncRuntime, type QuickJSContext, type QuickJSHandle, type QuickJSRuntime } from 'quickjs-emscripten';
import { asyncifyQtsCall, callFunctionWith, resultOf, type CallResult, type QtsCall } from './call-async.js';
import { DriverCommand, type EngineDriver } from './engine-driver.js';
import { newHeapString, type HeapModule } from './heap-string.js';
import { asyncifyExecutePendingJob, executePendingJobsWith, type QtsExecutePendingJob } from './pending-jobs.js';

export type { CallResult } from './call-async.js';

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
    callFunction: (fn) => callFunctionWith(context, fn, asyncifyQtsCall(context)),
    executePendingJobs: () => executePendingJobsWith(runtime, context, asyncifyExecutePendingJob(runtime)),
  };
}

/** What the driver's evaluation needs of quickjs-emscripten 0.32's context (as raw-host-call.ts uses it). */
interface ContextInternals {
  readonly ctx: { readonly value: number };
  readonly module: HeapModule;
}

/**
 * A derived binary's `qk6_compile_module(ctx, code, length, filename)` → JSValue pointer
 * (scripts/compile-module-export.js).
 */
export type CompileModule = (ctx: number, code: number, length: number, filename: number) => number;

/**
 * Compiles `source` as module `filename` with the derived binary's `qk6_compile_module`
 * (VuEngine.compileModule says why not QTS_Eval): a direct call, as nothing is evaluated and so
 * nothing can suspend. The module's value (or the compile error) is the caller's.
 */
export function compileModuleWith(context: QuickJSContext, compile: CompileModule, source: string, filename: string): CallResult {
  const { ctx, module } = context as unknown as ContextInternals;
  const code = newHeapString(module, source);
  const name = newHeapString(module, filename);
  try {
    return resultOf(context, compile(ctx.value, code.ptr, code.length, name.ptr));
  } finally {
    module._free(code.ptr);
    module._free(name.ptr);
  }
}

export function drivenCalls(runtime: QuickJSRuntime, context: QuickJSContext, driver: EngineDriver): EngineCalls {
  const { ctx, module } = context as unknown as ContextInternals;
  const call: QtsCall = (...args) => driver.run(DriverCommand.Call, args);
  const executePendingJob: QtsExecutePendingJob = (...args) => driver.run(DriverCommand.ExecutePendingJob, args);
  return {
    async evalCode(code, filename, isModule) {
      const source = newHeapString(module, code);
      const name = newHeapString(module, filename);
      try {
        // As the library's evalCode: a module is asked for by flag, anything else is left to detection.
        const flags = isModule ? EvalFlags.JS_EVAL_TYPE_MODULE : 0;
        return resultOf(context, await driver.run(DriverCommand.Eval, [ctx.value, source.ptr, source.length, name.ptr, isModule ? 0 : 1, flags]));
      } finally {
        module._free(source.ptr);
        module._free(name.ptr);
      }
    },
    callFunction: (fn) => callFunctionWith(context, fn, call),
    executePendingJobs: () => executePendingJobsWith(runtime, context, executePendingJob),
  };
}
