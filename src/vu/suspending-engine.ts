/**
 * QuickJS instances whose VUs suspend with V8's stack switching (JSPI) instead of asyncify.
 *
 * Why: asyncify instruments every function of the interpreter so that a host call can unwind and
 * later rewind the whole WebAssembly stack; the instrumented interpreter runs script code 2–3×
 * slower than QuickJS's plain (sync) build, and the unwinding itself costs on every request. With
 * stack switching, the sync build runs on a stack of its own that V8 simply sets aside while a
 * host promise is pending (measured on a loop of JSON.parse and object work: 2.9 µs per round
 * against 7.3 µs with asyncify; with one suspension per round 9.5 against 26 µs).
 *
 * How: scripts/build-suspending-quickjs.js derives the binary at build time (see its header): the
 * host-function import takes the running driver's suspender, and an exported *driver* loops over
 * commands — call a function, run promise jobs, evaluate code — that the host hands it. Entering
 * a stack-switched call costs V8 11.3 a new stack (45–300 µs, measured), so a VU does not enter
 * one per call: its driver is entered on the first command, waits suspended for the next, and is
 * replaced only every few hundred commands (engine-driver.ts says why). A command is one
 * resumption of that stack; the script's own suspensions happen inside it.
 *
 * A process without V8's flag (stack-switching.ts: `qk6 run` relaunches Node with it) or a V8
 * without the API this speaks makes {@link newSuspendingQuickJsInstance} return undefined: those
 * VUs use asyncify.
 */
import { RELEASE_SYNC, newQuickJSWASMModuleFromVariant, newVariant, type QuickJSWASMModule } from 'quickjs-emscripten';
import type { CompileModule } from './engine-calls.js';
import { derivedBinary, derivedRecord } from './derived-binary.js';
import { emscriptenModuleOption } from './emscripten-module-option.js';
import { EngineDriver } from './engine-driver.js';
import { newQuickJsMemory, pagesFor, withQuickJsMinimumMemory } from './quickjs-engine.js';

/** The build's binary (scripts/build-suspending-quickjs.js, derived-binary.ts). */
const BINARY_NAME = 'quickjs-suspending';

type HostCall = (ctx: number, thisPtr: number, argc: number, argv: number, fnId: number) => number | Promise<number>;

interface ModuleInternals {
  readonly callbacks: { readonly contextCallbacks: Map<number, { callFunction: HostCall }> };
}

export interface SuspendingInstance {
  readonly module: QuickJSWASMModule;
  readonly driver: EngineDriver;
  /** Compiles a module and loads its imports without evaluating anything; undefined in a build without it. */
  readonly compileModule: CompileModule | undefined;
  /** Forgets the instance (its engine is disposed or dropped): no call reaches it any more. */
  release(): void;
}

/** What the thread's shared imports route an instance's calls to, by the instance's number. */
interface InstanceRoute {
  readonly hostCall: HostCall;
  readonly driver: EngineDriver;
}

/**
 * Heap a VU's memory holds before it first grows. A VU copied from the engine template (engine-
 * template.ts) starts with ~180 KiB of heap in use; more headroom only adds to the memory V8
 * counts as external for every VU (see {@link suspendingInitialPages}), and the heap grows the
 * memory as it needs.
 */
const HEAP_HEADROOM_BYTES = 256 * 1024;

let compiled: Promise<WebAssembly.Module | undefined> | undefined;

/** The build's record of the binary, read once per thread (`heapBase`: where its heap starts, absent when the build kept emscripten's 5 MiB C stack). */
let record: Readonly<Record<string, unknown>> | undefined;

/**
 * Pages a VU's memory starts with. The build gives this binary a 512 KiB C stack instead of 5 MiB
 * (scripts/shrink-c-stack.js) and records where its heap starts: a VU's memory starts at 896 KiB
 * instead of 6 MiB, and V8, which counts it as external memory, collects garbage less often while
 * VUs are created. Undefined when the build kept the 5 MiB stack: then the asyncify build's size.
 */
function suspendingInitialPages(): number | undefined {
  const { heapBase } = (record ??= derivedRecord(BINARY_NAME));
  return typeof heapBase === 'number' ? pagesFor(heapBase + HEAP_HEADROOM_BYTES) : undefined;
}

/**
 * The derived binary compiled for this process; undefined when this thread has no stack
 * switching, or the binary is missing or was built from another QuickJS than the one installed.
 * VU workers get the main thread's ({@link shareCompiledSuspendingQuickJs}), as with asyncify
 * (quickjs-engine.ts): V8 then optimises the interpreter once for every thread.
 */
export function compiledSuspendingQuickJs(): Promise<WebAssembly.Module | undefined> {
  compiled ??= (async () => {
    if (!stackSwitchingApi()) return undefined;
    const binary = derivedBinary(BINARY_NAME, '@jitl/quickjs-wasmfile-release-sync');
    if (binary === undefined) return undefined;
    try {
      return await WebAssembly.compile(withQuickJsMinimumMemory(binary, suspendingInitialPages()));
    } catch {
      return undefined;
    }
  })();
  return compiled;
}

/** Uses `module` (the main thread's {@link compiledSuspendingQuickJs}) for this thread's VUs. */
export function shareCompiledSuspendingQuickJs(module: WebAssembly.Module): void {
  compiled = Promise.resolve(module);
}

/** V8 11.3's experimental JSPI: wrappers made with `suspending`/`promising: 'first'`. */
function stackSwitchingApi(): boolean {
  try {
    new WebAssembly.Function({ parameters: ['externref'], results: ['i32'] }, () => 0, { suspending: 'first' });
    return true;
  } catch {
    return false;
  }
}

/** This thread's instances by number (`$qk6_instance`, set when each is made). */
const routes = new Map<number, InstanceRoute>();
let lastInstanceNumber = 0;
let sharedImports: { host_call: unknown; next: unknown } | undefined;

/** Instances of this thread not released yet (the tests check that disposal releases them). */
export function liveSuspendingInstances(): number {
  return routes.size;
}

function routeOf(instanceNumber: number): InstanceRoute {
  const route = routes.get(instanceNumber);
  if (route === undefined) throw new Error(`internal error: a call from released QuickJS instance ${instanceNumber}`);
  return route;
}

/**
 * The suspending imports, made once per thread and imported into every instance: V8 11.3
 * compiles a wrapper for each suspending function made (~0.35 ms per instance for the two,
 * measured), so per-instance functions were a tenth of a VU's start-up. The instance's number,
 * which the binary passes along, picks its engine.
 */
function suspendingImports(): { host_call: unknown; next: unknown } {
  sharedImports ??= {
    // The library's own host-function path refuses promises outside asyncify, so calls go
    // straight to the context's callbacks (raw-host-call.ts answers the bridge's there).
    host_call: new WebAssembly.Function(
      { parameters: ['externref', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32'], results: ['i32'] },
      (instanceNumber: number, ctx: number, thisPtr: number, argc: number, argv: number, fnId: number) => {
        const route = routeOf(instanceNumber);
        const result = route.hostCall(ctx, thisPtr, argc, argv, fnId);
        if (typeof result !== 'number') route.driver.suspendedOnHostCall(); // a promise: the driver suspends on it
        return result;
      },
      { suspending: 'first' },
    ),
    next: new WebAssembly.Function(
      { parameters: ['externref', 'i32'], results: ['i32'] },
      (instanceNumber: number) => routeOf(instanceNumber).driver.nextCommand(),
      { suspending: 'first' },
    ),
  };
  return sharedImports;
}

/**
 * A fresh instance of the sync QuickJS build with its driver (at most `memoryLimitBytes` of
 * memory), or undefined when stack switching cannot be used here.
 */
export async function newSuspendingQuickJsInstance(memoryLimitBytes: number, initialMemoryBytes = 0): Promise<SuspendingInstance | undefined> {
  const wasmModule = await compiledSuspendingQuickJs();
  if (wasmModule === undefined) return undefined;
  const driver = new EngineDriver();
  const instanceNumber = ++lastInstanceNumber;
  let compileModule: CompileModule | undefined;
  const instantiateWasm = (imports: WebAssembly.Imports, onSuccess: (instance: WebAssembly.Instance) => void): WebAssembly.Exports => {
    imports.qk6 = {
      ...suspendingImports(),
      arg: (index: number) => driver.argument(index),
      done: (result: number) => driver.finish(result),
    };
    const instance = new WebAssembly.Instance(wasmModule, imports);
    (instance.exports.qk6_instance as WebAssembly.Global).value = instanceNumber;
    driver.attach(instance.exports.qk6_drive);
    compileModule = instance.exports.qk6_compile_module as CompileModule | undefined;
    onSuccess(instance);
    return instance.exports;
  };
  const module = await newQuickJSWASMModuleFromVariant(
    newVariant(RELEASE_SYNC, { wasmMemory: newQuickJsMemory(memoryLimitBytes, suspendingInitialPages(), initialMemoryBytes), emscriptenModule: emscriptenModuleOption(instantiateWasm) }),
  );
  // Routed from here on: the instance calls its imports only once a runtime of it runs code.
  const { contextCallbacks } = (module as unknown as ModuleInternals).callbacks;
  const hostCall: HostCall = (ctx, thisPtr, argc, argv, fnId) => {
    const callbacks = contextCallbacks.get(ctx);
    if (callbacks === undefined) throw new Error(`internal error: host call into unknown QuickJS context ${ctx}`);
    return callbacks.callFunction(ctx, thisPtr, argc, argv, fnId);
  };
  routes.set(instanceNumber, { hostCall, driver });
  return { module, driver, compileModule, release: () => void routes.delete(instanceNumber) };
}
