/**
 * A full garbage collection of this thread's V8 heap, on the next turn of its event loop.
 *
 * A disposed VU's WebAssembly memory is given back only when V8 collects its `WebAssembly.Memory`,
 * and a thread that allocates little may not run a full collection for the whole test: the main
 * thread's init run, which reads `options` and builds the test's SharedArrays, kept the 33 MB
 * memory it had grown to for a 10 MB array resident until the end of a 1000-VU run. Node has no
 * API for this; V8's `gc`, exposed for a moment and taken from a fresh context, is how Jest's leak
 * detector does it. Scripts never see it: they run in QuickJS.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let scheduled = false;

export function collectGarbageSoon(): void {
  if (scheduled) return;
  scheduled = true;
  setImmediate(collectGarbage).unref();
}

function collectGarbage(): void {
  scheduled = false;
  const exposed = typeof (globalThis as { gc?: unknown }).gc === 'function';
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
  if (!exposed) setFlagsFromString('--no-expose-gc');
}
