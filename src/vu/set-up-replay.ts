/**
 * Setting up a VU engine (its QuickJS runtime and context, module loader, interrupt handler and
 * host bridge: vu-engine.ts) without running that set-up inside the WebAssembly, for an engine that
 * is about to receive an engine template's memory anyway (engine-template.ts).
 *
 * The set-up is two halves: JavaScript objects of quickjs-emscripten and qk6 (which every engine
 * needs), and calls into the instance — QTS_NewRuntime, QTS_NewContext, QTS_NewFunction, mallocs
 * for the strings they take — which only write the instance's memory and return pointers. The
 * template's memory already holds what those calls write, and creating an engine is
 * deterministic, so the template records every call its own set-up made (name, arguments, result),
 * and a copy's set-up gets the recorded results back instead of running them: the same JavaScript
 * objects around the same pointers, ~0.7 ms of WebAssembly less per VU (measured at 1000 VUs) and
 * none of its code made hot for V8 to optimise. A call that differs from the recording (another
 * name, other arguments, one call too many or too few) stops the replay: the caller then makes the
 * engine as usual.
 *
 * This reaches into quickjs-emscripten 0.32 internals (the module's `ffi` object and emscripten
 * module), as raw-host-call.ts does; package-lock.json pins the version and the VU tests cover it.
 */
import type { QuickJSWASMModule } from 'quickjs-emscripten';

/** One call into the instance during a set-up. */
interface SetUpCall {
  readonly name: string;
  readonly args: readonly unknown[];
  readonly result: unknown;
}

export type SetUpRecording = readonly SetUpCall[];

/** A replayed set-up made a call the recording does not have. */
export class SetUpMismatch extends Error {
  constructor(detail: string) {
    super(`the engine set-up differs from the template's: ${detail}`);
    this.name = 'SetUpMismatch';
  }
}

type CallTarget = Record<string, unknown>;

interface ModuleInternals {
  /** quickjs-emscripten's FFI: one function per QTS_* export. */
  readonly ffi: CallTarget;
  /** The emscripten module, whose allocator quickjs-emscripten calls directly. */
  readonly module: CallTarget;
}

/** The emscripten module's functions quickjs-emscripten calls besides the FFI. */
const MODULE_FUNCTIONS = ['_malloc', '_free'];

/**
 * Each instance's entry points, found once: every VU that shares an instance replays its set-up
 * there, and listing them again (~70 of the FFI's properties) took 26–40 µs a VU.
 */
const entryPointsByModule = new WeakMap<QuickJSWASMModule, ReadonlyArray<readonly [CallTarget, string]>>();

/** Every function of the instance a set-up can call: [object, property name] pairs. */
function entryPoints(module: QuickJSWASMModule): ReadonlyArray<readonly [CallTarget, string]> {
  let points = entryPointsByModule.get(module);
  if (points === undefined) {
    const { ffi, module: emscripten } = module as unknown as ModuleInternals;
    const found: Array<readonly [CallTarget, string]> = [];
    for (const name of Object.keys(ffi)) if (name.startsWith('QTS_') && typeof ffi[name] === 'function') found.push([ffi, name]);
    for (const name of MODULE_FUNCTIONS) if (typeof emscripten[name] === 'function') found.push([emscripten, name]);
    entryPointsByModule.set(module, (points = found));
  }
  return points;
}

/** Runs `setUp` with each entry point replaced by `wrap(name, original)`, and puts them back. */
function withEntryPoints<T>(module: QuickJSWASMModule, wrap: (name: string, original: (...args: unknown[]) => unknown) => unknown, setUp: () => T): T {
  const points = entryPoints(module);
  const originals = points.map(([target, name]) => target[name]);
  points.forEach(([target, name], index) => {
    target[name] = wrap(name, originals[index] as (...args: unknown[]) => unknown);
  });
  try {
    return setUp();
  } finally {
    points.forEach(([target, name], index) => {
      target[name] = originals[index];
    });
  }
}

/** Runs `setUp` for real and records its calls into the instance. */
export function recordSetUp<T>(module: QuickJSWASMModule, setUp: () => T): { value: T; recording: SetUpRecording } {
  const calls: SetUpCall[] = [];
  const value = withEntryPoints(
    module,
    (name, original) =>
      (...args: unknown[]) => {
        const result = original(...args);
        calls.push({ name, args, result });
        return result;
      },
    setUp,
  );
  return { value, recording: calls };
}

/**
 * Runs `setUp` with `recording`'s results in place of its calls into the instance, which is not
 * touched (but for the bytes quickjs-emscripten writes at the pointers it is given). Throws
 * {@link SetUpMismatch} when the calls differ from the recording.
 */
export function replaySetUp<T>(module: QuickJSWASMModule, recording: SetUpRecording, setUp: () => T): T {
  let next = 0;
  const value = withEntryPoints(
    module,
    (name) =>
      (...args: unknown[]) => {
        const expected = recording[next];
        if (expected === undefined) throw new SetUpMismatch(`an extra call of ${name}`);
        if (expected.name !== name || !sameArguments(expected.args, args)) {
          throw new SetUpMismatch(`call ${next + 1} is ${name}(${args.join(', ')}) instead of ${expected.name}(${expected.args.join(', ')})`);
        }
        next += 1;
        return expected.result;
      },
    setUp,
  );
  if (next !== recording.length) throw new SetUpMismatch(`${recording.length - next} recorded calls were not made`);
  return value;
}

function sameArguments(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((value, index) => Object.is(value, b[index]));
}

/** The memory quickjs-emscripten may write during a replay: what each recorded `_malloc` returned, and its size. */
function allocatedRanges(recording: SetUpRecording): Array<readonly [number, number]> {
  const ranges: Array<readonly [number, number]> = [];
  for (const call of recording) {
    const [size] = call.args;
    if (call.name === '_malloc' && typeof call.result === 'number' && typeof size === 'number') ranges.push([call.result, size]);
  }
  return ranges;
}

/**
 * {@link replaySetUp} for an engine whose instance already holds the template's memory and other
 * VUs' engines: the bytes quickjs-emscripten writes at the recorded pointers (the strings it
 * passes) land where the template freed them, now perhaps another engine's, so they are put back
 * as they were before the replay.
 */
export function replaySetUpInPlace<T>(module: QuickJSWASMModule, recording: SetUpRecording, setUp: () => T): T {
  const heap = new Uint8Array(module.getWasmMemory().buffer);
  const kept = allocatedRanges(recording).map(([pointer, size]) => [pointer, heap.slice(pointer, pointer + size)] as const);
  try {
    return replaySetUp(module, recording, setUp);
  } finally {
    const after = new Uint8Array(module.getWasmMemory().buffer);
    for (const [pointer, bytes] of kept) after.set(bytes, pointer);
  }
}
