/**
 * A VU's JavaScript engine: one QuickJS runtime and context in a WebAssembly instance — its own
 * with asyncify, one it shares with up to 15 other VUs' engines with stack switching
 * (suspending-engine.ts) — with its limits, the module loader and the host bridge installed.
 *
 * Limits (DESIGN.md: "each VU has memory, stack and interrupt limits"):
 * - memory: an asyncify instance's WebAssembly memory cannot grow past the cap (quickjs-engine.ts);
 *   in a shared instance, QuickJS's own limit for the runtime ({@link limitEngineMemory}), which
 *   the derived binary counts in bytes;
 * - stack: QuickJS throws a catchable `InternalError: stack overflow` once its own C stack (kept in
 *   WebAssembly memory) passes {@link quickJsStackLimit}. The wasm frames, though, run on the
 *   thread's native stack, which V8 caps (about 1 MB on the main thread, `resourceLimits.stackSizeMb`
 *   — 4 MB by default — in a worker), and how much of it one script call takes depends on V8's
 *   tier: measured per level of plain recursion, ~190 B of QuickJS stack against ~0.45 KB native
 *   while the wasm runs in Liftoff, but ~42 KB native once TurboFan has optimised QuickJS's
 *   interpreter loop — which a load test does within seconds. So the QuickJS limit must come first
 *   in TurboFan code: measured with 64 MB worker stacks, every recursion shape tried (plain calls,
 *   getters, toString, map/sort/JSON.parse callbacks, constructors, generators, async functions,
 *   proxies, bind/call/apply) ended in QuickJS's error at a 288 KiB limit and overflowed V8 first at
 *   384 KiB, hence 3 KiB of QuickJS stack per MiB of native stack (192 KiB for 64 MiB; 12 KiB, about
 *   60 plain calls, for the 4 MiB default; give VU workers a bigger `stackSizeMb` for more). The
 *   main thread keeps 192 KiB, right while the wasm is unoptimised: once it is, V8's ~1 MB there
 *   holds only ~20 script calls, less than any usable QuickJS limit; so setup() and teardown() run
 *   in a VU worker (worker-protocol.ts `LifecycleRequest`), and only the options and handleSummary
 *   VUs are left here.
 *   Whatever still exhausts V8's stack (deeper main-thread code, recursion QuickJS does not count)
 *   surfaces as a host RangeError, which {@link engineFault} turns into the script's error, and the
 *   VU replaces its engine (virtual-user.ts).
 */
import { isMainThread, resourceLimits } from 'node:worker_threads';
import type { QuickJSAsyncRuntime, QuickJSAsyncContext, QuickJSContext, QuickJSRuntime, QuickJSWASMModule } from 'quickjs-emscripten';
import type { HostModule } from './bridge-contract.js';
import { asyncifyCalls, compileModuleWith, drivenCalls, type CallResult, type CompileModule, type EngineCalls } from './engine-calls.js';
import type { EngineDriver } from './engine-driver.js';
import type { VuHostContext } from './host-context.js';
import { installHostBridge } from './host-bridge.js';
import { ModuleResolutionError, isRuntimeModule, loadModuleSource, normalizeModuleName } from './module-resolver.js';
import { newQuickJSInstance } from './quickjs-engine.js';
import { endingInImport, stripCompiledCode } from './source-stripping.js';
import { moduleBytecode, type BytecodeExports, type ModuleBytecode } from './module-bytecode.js';
import type { ScriptError } from './script-error.js';
import { switchedStackKib } from './stack-switching.js';
import { runtimeWords } from './runtime-fields.js';
import { newSuspendingQuickJsInstance, type EngineSlot, type InstanceState, type SuspendingInstance } from './suspending-engine.js';

/** QuickJS's stack limit on the main thread, and the most any thread gets (see the header). */
const MAX_STACK_BYTES = 192 * 1024;
/** QuickJS stack bytes allowed per byte of a worker's native stack (see the header). */
const STACK_PER_NATIVE_BYTE = 3 / 1024;
/**
 * The same for a stack-switched VU's own stack, which the sync build uses far more sparingly.
 * Measured with the speed-optimised build (scripts/optimize-for-speed.js), in Liftoff and after
 * TurboFan optimised the interpreter (300 iterations of test/robustness/recursion-limit.test.ts):
 * every shape of script recursion tried — plain calls, getters, setters, toString/valueOf,
 * map/sort/replace callbacks, toJSON, constructors and super(), generators, proxy traps,
 * Reflect.apply — ends in QuickJS's error at a 240 KiB limit on 1.25 MiB stacks, with an
 * `http.get` made 20 calls short of it; on 1 MiB stacks some overflowed V8's stack first at 208
 * KiB (the same on 2 MiB ended in QuickJS's error). So 1.25 MiB stacks get the 192 KiB maximum
 * (~1,000 plain calls), a quarter to spare. (Before the build was optimised for speed, 1 MiB
 * ended every shape in QuickJS's error at 320 KiB, and map, getter and toString overflowed V8
 * first at 384.) Nesting that QuickJS recurses on in C is deeper per byte it counts: JSON.stringify
 * and JSON.parse of data nested 2,000 deep still fit, but the parser (eval or `new Function` of
 * code nested ~700 deep) overflows V8 first, and the VU is replaced ({@link engineFault}).
 */
const SWITCHED_STACK_PER_NATIVE_BYTE = 192 / 1280;
/** Below this QuickJS cannot even run qk6's own runtime modules. */
const MIN_STACK_BYTES = 8 * 1024;

/**
 * The QuickJS stack limit for VUs on this thread, bytes. A stack-switched VU runs its script on a
 * stack of its own, which then plays the native stack's part.
 */
export function quickJsStackLimit(stackSwitched = false): number {
  if (stackSwitched) return clampStackLimit(switchedStackKib() * 1024 * SWITCHED_STACK_PER_NATIVE_BYTE);
  if (isMainThread) return MAX_STACK_BYTES;
  return clampStackLimit((resourceLimits.stackSizeMb ?? 4) * 1024 * 1024 * STACK_PER_NATIVE_BYTE);
}

function clampStackLimit(bytes: number): number {
  return Math.max(MIN_STACK_BYTES, Math.min(MAX_STACK_BYTES, Math.floor(bytes)));
}

const UNRESOLVED_PREFIX = 'qk6-unresolved:';

export interface VuEngine {
  readonly module: QuickJSWASMModule;
  readonly runtime: QuickJSRuntime;
  readonly context: QuickJSContext;
  /** The calls that may suspend, as this engine makes them. */
  readonly calls: EngineCalls;
  /** The stack-switched engine's driver; undefined for an asyncify engine. */
  readonly driver: EngineDriver | undefined;
  /** qk6's runtime modules QuickJS has loaded into this engine, in load order (resolved names). */
  readonly runtimeModules: string[];
  /** The script's own modules this engine loaded and compiled, in load order (resolved names). */
  readonly scriptModules: string[];
  /** Lets the thread forget the engine's instance once it is disposed or dropped. */
  readonly release: () => void;
  /**
   * The state of the instance the engine is in, shared with the other engines there: one that
   * breaks (see {@link engineFault}) may have left the instance's memory inconsistent, so the
   * others must be replaced too (virtual-user.ts).
   */
  readonly instance: InstanceState;
  /**
   * Compiles `source` as a module named `filename` and loads what it imports, evaluating nothing
   * (an engine template's precompile), through the derived binary's export; undefined with the
   * library's own binary, whose only way, QTS_Eval's compile-only path, reads an uninitialised
   * pointer (scripts/compile-module-export.js).
   */
  readonly compileModule: ((source: string, filename: string) => CallResult) | undefined;
  /**
   * Writes a module compiled here and reads one compiled in another engine of the same build (an
   * engine template's, module-bytecode.ts); undefined with the library's own binary.
   */
  readonly moduleBytecode: ModuleBytecode | undefined;
}

export interface VuEngineOptions {
  readonly memoryLimitBytes: number;
  /** Memory the instance starts with when more than the build's own start (an engine template's size). */
  readonly initialMemoryBytes?: number;
  readonly host: VuHostContext;
  readonly modules: readonly HostModule[];
  /** QuickJS's interrupt handler: true stops the running script. */
  readonly shouldInterrupt: () => boolean;
}

/**
 * Runs an engine's set-up in the new instance `module`: for real by default; an engine template
 * records it, or replays its recording instead (set-up-replay.ts).
 */
export type SetUpRunner = <T>(module: QuickJSWASMModule, setUp: () => T) => T;

const runSetUp: SetUpRunner = (_module, setUp) => setUp();

/** Where a new stack-switched engine goes: a slot of an instance shared with other VUs' engines. */
export interface EngineHome {
  readonly instance: SuspendingInstance;
  readonly slot: number;
}

/**
 * A new engine: the stack-switched sync build where this thread can run it (suspending-engine.ts),
 * in `home`'s slot or in the first of a new instance of its own; asyncify otherwise. A set-up that
 * throws releases the slot.
 */
export async function createVuEngine(options: VuEngineOptions, runner: SetUpRunner = runSetUp, home?: EngineHome): Promise<VuEngine> {
  if (home === undefined) {
    // An engine made on its own has an instance to itself.
    const instance = await newSuspendingQuickJsInstance(options.memoryLimitBytes, options.initialMemoryBytes, 1);
    if (instance !== undefined) home = { instance, slot: 0 };
  }
  if (home !== undefined) {
    const { instance } = home;
    const slot = instance.slots[home.slot];
    if (slot === undefined) throw new Error(`internal error: no slot ${home.slot} in a QuickJS instance`);
    try {
      return runner(instance.module, () => setUpEngine(instance, slot, slot.release, instance.state, options));
    } catch (error) {
      slot.release();
      throw error;
    }
  }
  const instance = await newQuickJSInstance(options.memoryLimitBytes, options.initialMemoryBytes);
  return runner(instance.module, () => setUpEngine(instance, undefined, () => undefined, { broken: false }, options));
}

/**
 * Caps the QuickJS heap of an engine that shares its instance's memory with others at `bytes`:
 * QuickJS then throws its `out of memory` in the script past it. Called once the engine's memory
 * holds its runtime for good (after an engine template's copy). An asyncify engine has the
 * memory to itself, whose maximum is its cap.
 */
export function limitEngineMemory(engine: VuEngine, bytes: number): void {
  if (engine.driver !== undefined) engine.runtime.setMemoryLimit(bytes);
}

/**
 * The instance an engine is set up in: its module, and what a derived binary adds for engine
 * templates (both undefined with the library's own binary).
 */
interface EngineInstance {
  readonly module: QuickJSWASMModule;
  readonly compileModule: CompileModule | undefined;
  readonly bytecode: BytecodeExports | undefined;
}

/** The engine's runtime, context, limits, module loader and host bridge, in the first argument's module. */
function setUpEngine(
  { module, compileModule: compile, bytecode }: EngineInstance,
  slot: EngineSlot | undefined,
  release: () => void,
  instance: InstanceState,
  options: VuEngineOptions,
): VuEngine {
  const driver = slot?.driver;
  // QuickJS takes a runtime's stack top from where it is made: a slot's runtime is made on its slice.
  const runtime = slot === undefined ? module.newRuntime() : slot.onOwnStack(() => module.newRuntime());
  const strippable = { module, runtime };
  const runtimeModules: string[] = [];
  const scriptModules: string[] = [];
  // Each module the loader gives QuickJS, or that is read in compiled (module-bytecode.ts), is listed.
  const loaded = (name: string): void => void (isRuntimeModule(name) ? runtimeModules : scriptModules).push(name);
  // The cap is the WebAssembly memory's maximum, which also bounds what QuickJS does not count
  // (quickjs-engine.ts); a shared instance's engines get QuickJS's own limit (limitEngineMemory).
  runtime.setMemoryLimit(-1);
  runtime.setMaxStackSize(quickJsStackLimit(driver !== undefined));
  // A failing normalizer leaves QuickJS loading an empty name, which hides the reason; so the
  // normalizer returns the error as a name and the loader raises it.
  runtime.setModuleLoader(
    (name) => {
      try {
        if (name.startsWith(UNRESOLVED_PREFIX)) {
          throw new ModuleResolutionError(decodeURIComponent(name.slice(UNRESOLVED_PREFIX.length)));
        }
        const { source, runtimeModule } = moduleToCompile(name);
        loaded(name);
        // QuickJS compiles the module as soon as this returns (source-stripping.ts).
        stripCompiledCode(strippable, runtimeModule);
        return source;
      } catch (error) {
        return { error: error instanceof Error ? error : new Error(String(error)) };
      }
    },
    (base, requested) => {
      stripCompiledCode(strippable, false);
      try {
        return normalizeModuleName(base, requested);
      } catch (error) {
        return UNRESOLVED_PREFIX + encodeURIComponent(error instanceof Error ? error.message : String(error));
      }
    },
  );
  const context = runtime.newContext();
  runtime.setInterruptHandler(options.shouldInterrupt);
  installHostBridge(context, options.host, options.modules);
  const calls = driver === undefined
    ? asyncifyCalls(runtime as QuickJSAsyncRuntime, context as QuickJSAsyncContext)
    : drivenCalls(runtime, context, driver);
  const compileModule = compile === undefined ? undefined : (source: string, filename: string): CallResult => compileModuleWith(context, compile, source, filename);
  return { module, runtime, context, calls, driver, runtimeModules, scriptModules, release, instance, compileModule, moduleBytecode: bytecode && moduleBytecode(context, bytecode, loaded) };
}

/**
 * What QuickJS compiles as module `name`, and whether it is one of qk6's runtime modules (those
 * are compiled without their functions' text and end in an import, source-stripping.ts).
 */
export function moduleToCompile(name: string): { readonly source: string; readonly runtimeModule: boolean } {
  const source = loadModuleSource(name);
  const runtimeModule = isRuntimeModule(name);
  return { source: runtimeModule ? endingInImport(name, source) : source, runtimeModule };
}

/**
 * Frees a healthy engine. A broken one (see {@link engineFault}) is only dropped: freeing a runtime
 * whose C code was cut off mid-call trips QuickJS's assertions, and the garbage collector releases
 * the whole instance with its memory anyway.
 */
export function disposeVuEngine(engine: VuEngine, broken: boolean): void {
  if (broken) {
    engine.release();
    return;
  }
  engine.driver?.stop();
  engine.context.dispose();
  try {
    engine.runtime.dispose();
  } catch {
    // quickjs-emscripten 0.32 unregisters the runtime's callbacks before QTS_FreeRuntime, whose
    // finalizers then cannot free host function refs. The VU owns its whole module instance, so
    // everything left is released with it.
  }
  engine.release();
}

/** Bytes the engine's WebAssembly memory has grown to: shared with other engines when its instance is. */
export function engineMemoryBytes(engine: VuEngine): number {
  return engine.module.getWasmMemory().buffer.byteLength;
}

/**
 * Bytes the engine's own heap holds, what its memory limit applies to: its QuickJS runtime's
 * allocations as the derived binary counts them (JSRuntime's `malloc_size`,
 * test/vu/allocation-accounting.test.ts) when it shares its instance; its WebAssembly memory
 * otherwise.
 */
export function engineHeapBytes(engine: VuEngine): number {
  if (engine.driver !== undefined) return (runtimeWords(engine)[MALLOC_SIZE_WORD] ?? 0) >>> 0;
  return engineMemoryBytes(engine);
}

/** JSRuntime's `malloc_state.malloc_size`, in words (32-bit build). */
const MALLOC_SIZE_WORD = 5;

/**
 * The script's view of a host exception that escaped the engine (a call into QuickJS threw instead
 * of returning): V8's stack overflowed inside the WebAssembly, or the WebAssembly trapped. The
 * engine is unusable afterwards.
 */
export function engineFault(error: unknown, interrupted: boolean): ScriptError {
  const text = error instanceof Error ? error.message : String(error);
  if (error instanceof RangeError && /call stack/i.test(text)) {
    const message = 'stack overflow: the script nests calls or data too deeply for the VU (recursion, or deeply nested objects, arrays or source code)';
    return { name: 'InternalError', message, text: `InternalError: ${message}`, interrupted };
  }
  const message = `the VU's JavaScript engine failed (${text})`;
  return { name: 'InternalError', message, text: `InternalError: ${message}`, interrupted };
}
