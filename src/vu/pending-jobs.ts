/**
 * Runs QuickJS's pending promise jobs in a way that lets them suspend.
 *
 * `runtime.executePendingJobs()` calls the raw `QTS_ExecutePendingJob` export synchronously, so a
 * job that reaches a suspending host call (an `http.get` after an `await`) cannot unwind. Wrapping
 * the same export with emscripten's `cwrap(..., {async: true})` returns a promise when asyncify
 * unwinds, exactly as `evalCodeAsync` does for `QTS_Eval`.
 */
import type { QuickJSAsyncContext, QuickJSAsyncRuntime, QuickJSHandle } from 'quickjs-emscripten';

type ExecutePendingJobAsync = (rt: number, maxJobs: number, ctxOut: number) => Promise<number> | number;

interface RuntimeInternals {
  module: { cwrap(name: string, ret: string, args: string[], opts: { async: boolean }): ExecutePendingJobAsync };
  rt: { value: number };
  memory: { newMutablePointerArray(length: number): { value: { ptr: number; typedArray: Int32Array }; dispose(): void } };
}

const wrappers = new WeakMap<object, ExecutePendingJobAsync>();

/**
 * Executes all pending jobs, letting them suspend. Returns the error handle of a job that threw
 * (the caller owns and disposes it), or undefined.
 */
export async function executePendingJobsAsync(
  runtime: QuickJSAsyncRuntime,
  context: QuickJSAsyncContext,
): Promise<QuickJSHandle | undefined> {
  const internals = runtime as unknown as RuntimeInternals;
  let execute = wrappers.get(internals.module);
  if (execute === undefined) {
    execute = internals.module.cwrap('QTS_ExecutePendingJob', 'number', ['number', 'number', 'number'], { async: true });
    wrappers.set(internals.module, execute);
  }
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
