/**
 * Fields of QuickJS's JSRuntime that quickjs-emscripten exports no setter for, read and written in
 * the VU's WebAssembly memory: the source-stripping flag (source-stripping.ts), found by what
 * surrounds it and confirmed with a probe once per thread. This module gives it the runtime's
 * words and the probe's evaluation.
 */
import type { QuickJSContext, QuickJSRuntime, QuickJSWASMModule } from 'quickjs-emscripten';

/** What of an engine its runtime's fields are reached through. */
export interface RuntimeEngine {
  readonly module: QuickJSWASMModule;
  readonly runtime: QuickJSRuntime;
}

interface RuntimeInternals {
  readonly rt: { readonly value: number };
}

/** How much of JSRuntime is searched: the field sought lies within its first ~240 bytes (32-bit builds). */
const RUNTIME_WORDS = 128;

/**
 * The first words of `engine`'s JSRuntime, as a view of its memory: made anew at each use, since
 * the memory's buffer is replaced when it grows.
 */
export function runtimeWords(engine: RuntimeEngine): Int32Array {
  const pointer = (engine.runtime as unknown as RuntimeInternals).rt.value;
  return new Int32Array(engine.module.getWasmMemory().buffer, pointer, RUNTIME_WORDS);
}

/** Evaluates a probe's `code` in `context`: its string result, or undefined when it threw or is no string. */
export function probe(context: QuickJSContext, code: string): string | undefined {
  const result = context.evalCode(code);
  if (result.error !== undefined) {
    result.error.dispose();
    return undefined;
  }
  const text = context.typeof(result.value) === 'string' ? context.getString(result.value) : undefined;
  result.value.dispose();
  return text;
}
