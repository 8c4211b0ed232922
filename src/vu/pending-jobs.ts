/**
 * Runs QuickJS's pending promise jobs in a way that lets them suspend.
 *
 * `runtime.executePendingJobs()` calls the raw `QTS_ExecutePendingJob` export synchronously, so a
 * job that reaches a suspending host call (an `http.get` after an `await`) cannot suspend.
 * {@link executePendingJobsWith} runs them one by one through an invoker that can: for asyncify,
 * the same export wrapped with emscripten's `cwrap(..., {async: true})`
 * ({@link asyncifyExecutePendingJob}), as `evalCodeAsync` does for `QTS_Eval`; for stack
 * switching, a command to the VU's driver (engine-calls.ts).
 */
import type { QuickJSAsyncRuntime, QuickJSContext, QuickJSHandle, QuickJSRuntime } from 'quickjs-emscripten';

/** Invokes `QTS_ExecutePendingJob(rt, maxJobs, ctxOut)` so that it may suspend; resolves with its result pointer. */
export type QtsExecutePendingJob = (rt: number, maxJobs: number, ctxOut: number) => Promise<number> | number;

interface RuntimeInternals {
  module: { cwrap(name: string, ret: string, args: string[], opts: { async: boolean }): QtsExecutePendingJob };
  rt: { value: number };
  memory: { newMutablePointerArray(length: number): { value: { ptr: number; typedArray: Int32Array }; dispose(): void } };
}

const wrappers = new WeakMap<object, QtsExecutePendingJob>();

/** emscripten's suspending wrapper of an asyncify instance's `QTS_ExecutePendingJob`, made once per instance. */
export function asyncifyExecutePendingJob(runtime: QuickJSAsyncRuntime): QtsExecutePendingJob {
  const internals = runtime as unknown as RuntimeInternals;
  let execute = wrappers.get(internals.module);
  if (execute === undefined) {
    execute = internals.module.cwrap('QTS_ExecutePendingJob', 'number', ['number', 'number', 'number'], { async: true });
    wrappers.set(internals.module, execute);
  }
  return execute;
}

/**
 * Executes all pending jobs through `execute`. Returns the error handle of a job that threw (the
 * caller owns and disposes it), or undefined.
 */
export async function executePendingJobsWith(
  runtime: QuickJSRuntime,
  context: QuickJSContext,
  execute: QtsExecutePendingJob,
): Promise<QuickJSHandle | undefined> {
  const internals = runtime as unknown as RuntimeInternals;
  while (runtime.hasPendingJob()) {
    const ctxOut = internals.memory.newMutablePointerArray(1);
    let valuePtr: number;
    try {
      valuePtr = await execute(internals.rt.value, 1, ctxOut.value.ptr);
    } finally {
      ctxOut.dispose();
    }
    const handle = context.getMemory(internals.rt.value as never).heapValueHandle(valuePtr as never);
    if (context.typeof(handle) !== 'number') return handle;
    handle.dispose();
  }
  return undefined;
}
