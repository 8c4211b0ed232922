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
 * Several VUs per instance: an instance holds up to sixteen VUs' engines, each a QuickJS runtime
 * and context with a driver of its own. V8 makes ~50 KiB of objects for every WebAssembly
 * instance (its function table, exports and function array) and ~0.5 ms of work, and every
 * instance's memory holds its own ~90 KiB of static data and is counted whole as external memory,
 * which starts garbage collections; shared by sixteen VUs, 1000 VUs took ~160 MB less (measured:
 * 550 → 390 MB peak for a short run) and started ~10 % sooner. What that takes:
 * - a slice of the C stack per driver, which QuickJS's stack check needs, since a runtime's limit
 *   is measured from where it was made (each is made on its slice, {@link EngineSlot.onOwnStack});
 *   the binary keeps each driver's stack pointer across its suspensions, and while none runs the
 *   host's calls into the instance run in a region above every slice (the `host_call` import
 *   moves the pointer there when a call suspends, the driver when it waits for a command);
 * - drivers addressed by number, each the route of its own calls;
 * - QuickJS's own memory limit per runtime, as the memory's maximum is the instance's;
 * - an engine that breaks takes the instance with it: the others are replaced (vu-engine.ts).
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
  /** The VUs the instance can hold: one driver each, running on its own slice of the C stack. */
  readonly slots: readonly EngineSlot[];
  /** Compiles a module and loads its imports without evaluating anything; undefined in a build without it. */
  readonly compileModule: CompileModule | undefined;
  /** Whether an engine in the instance broke (vu-engine.ts: the others are replaced too). */
  readonly state: { broken: boolean };
}

/** One VU's place in a shared instance. */
export interface EngineSlot {
  readonly driver: EngineDriver;
  /** Runs `setUp` with the C stack pointer at the top of the slot's slice: a runtime made there keeps that top (see the header). */
  onOwnStack<T>(setUp: () => T): T;
  /** Forgets the slot (its engine is disposed or dropped): no call reaches its driver any more. */
  release(): void;
}

/** What the thread's shared imports route a driver's calls to, by the driver's number. */
interface DriverRoute {
  readonly hostCall: HostCall;
  readonly driver: EngineDriver;
  /** The instance's C stack pointer (the build's `qk6_stack_pointer` export). */
  readonly stackPointer: WebAssembly.Global;
  /** The host's region of the C stack. */
  readonly hostStack: { readonly base: number; readonly top: number };
}

/** Where the build put the C stack's slices and the host's region (scripts/build-suspending-quickjs.js). */
interface StackSlices {
  readonly base: number;
  readonly bytes: number;
  readonly count: number;
  readonly hostBase: number;
  readonly hostTop: number;
}

/**
 * Heap an instance's memory holds before it first grows. A VU copied from the engine template
 * (engine-template.ts) starts with ~180 KiB of heap in use; more headroom only adds to the memory
 * V8 counts as external (see {@link suspendingInitialPages}), and the heap grows the memory as it
 * needs.
 */
const HEAP_HEADROOM_BYTES = 256 * 1024;

let compiled: Promise<WebAssembly.Module | undefined> | undefined;

/** The build's record of the binary, read once per thread. */
let record: Readonly<Record<string, unknown>> | undefined;

function buildRecord(): Readonly<Record<string, unknown>> {
  record ??= derivedRecord(BINARY_NAME);
  return record;
}

/** The record's C stack layout; undefined for a binary without it (then none is used). */
function stackSlices(): StackSlices | undefined {
  const slices = buildRecord().stackSlices as Partial<StackSlices> | undefined;
  if (slices === undefined || [slices.base, slices.bytes, slices.count, slices.hostBase, slices.hostTop].some((value) => typeof value !== 'number')) return undefined;
  return slices as StackSlices;
}

/**
 * Pages an instance's memory starts with: the data, the C stack's slices and the host's region
 * (scripts/build-suspending-quickjs.js), and some heap.
 */
function suspendingInitialPages(): number | undefined {
  const { heapBase } = buildRecord();
  return typeof heapBase === 'number' ? pagesFor(heapBase + HEAP_HEADROOM_BYTES) : undefined;
}

/**
 * The C stack's slices (bytes from, to): only drivers run there, so a template's engines, which
 * evaluate without one, leave them untouched. Undefined without stack switching.
 */
export function unusedStackRegion(): { readonly start: number; readonly end: number } | undefined {
  const slices = stackSlices();
  return slices === undefined ? undefined : { start: slices.base, end: slices.hostBase };
}

/** VUs one instance holds (the build's slices of the C stack). */
export function vusPerSuspendingInstance(): number {
  return stackSlices()?.count ?? 1;
}

/**
 * The derived binary compiled for this process; undefined when this thread has no stack
 * switching, or the binary is missing or was built from another QuickJS than the one installed.
 * VU workers get the main thread's ({@link shareCompiledSuspendingQuickJs}), as with asyncify
 * (quickjs-engine.ts): V8 then optimises the interpreter once for every thread.
 */
export function compiledSuspendingQuickJs(): Promise<WebAssembly.Module | undefined> {
  compiled ??= (async () => {
    if (!stackSwitchingApi() || stackSlices() === undefined) return undefined;
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

/** This thread's drivers by number (`$qk6_driver`, passed to each when it is entered). */
const routes = new Map<number, DriverRoute>();
let lastDriverNumber = 0;
let sharedImports: { host_call: unknown; next: unknown } | undefined;

/** Slots of this thread not released yet (the tests check that disposal releases them). */
export function liveSuspendingSlots(): number {
  return routes.size;
}

function routeOf(driverNumber: number): DriverRoute {
  const route = routes.get(driverNumber);
  if (route === undefined) throw new Error(`internal error: a call from released QuickJS driver ${driverNumber}`);
  return route;
}

/**
 * The suspending imports, made once per thread and imported into every instance: V8 11.3
 * compiles a wrapper for each suspending function made (~0.35 ms per instance for the two,
 * measured), so per-instance functions were a tenth of a VU's start-up. The driver's number,
 * which the binary passes along, picks its engine.
 */
function suspendingImports(): { host_call: unknown; next: unknown } {
  sharedImports ??= {
    // The library's own host-function path refuses promises outside asyncify, so calls go
    // straight to the context's callbacks (raw-host-call.ts answers the bridge's there).
    host_call: new WebAssembly.Function(
      { parameters: ['externref', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32'], results: ['i32'] },
      (driverNumber: number, ctx: number, thisPtr: number, argc: number, argv: number, fnId: number) => {
        const route = routeOf(driverNumber);
        const result = route.hostCall(ctx, thisPtr, argc, argv, fnId);
        if (typeof result !== 'number') {
          // A promise: the driver suspends on it, and until it resumes (the binary then puts its
          // stack pointer back) the host's calls into the instance run in the host's region.
          route.driver.suspendedOnHostCall();
          if ((route.stackPointer.value as number) < route.hostStack.base) route.stackPointer.value = route.hostStack.top;
        }
        return result;
      },
      { suspending: 'first' },
    ),
    next: new WebAssembly.Function(
      { parameters: ['externref', 'i32'], results: ['i32'] },
      (driverNumber: number) => routeOf(driverNumber).driver.nextCommand(),
      { suspending: 'first' },
    ),
  };
  return sharedImports;
}

/**
 * A fresh instance of the sync QuickJS build with a driver for each VU it can hold (at most
 * `memoryLimitBytes` of memory for all of them), or undefined when stack switching cannot be used
 * here.
 */
export async function newSuspendingQuickJsInstance(memoryLimitBytes: number, initialMemoryBytes = 0): Promise<SuspendingInstance | undefined> {
  const wasmModule = await compiledSuspendingQuickJs();
  const slices = stackSlices();
  if (wasmModule === undefined || slices === undefined) return undefined;
  const drivers = Array.from({ length: slices.count }, (_, index) => new EngineDriver(++lastDriverNumber, slices.base + (index + 1) * slices.bytes));
  const byNumber = new Map(drivers.map((driver) => [driver.number, driver]));
  let compileModule: CompileModule | undefined;
  let stackPointer: WebAssembly.Global | undefined;
  const instantiateWasm = (imports: WebAssembly.Imports, onSuccess: (instance: WebAssembly.Instance) => void): WebAssembly.Exports => {
    imports.qk6 = {
      ...suspendingImports(),
      arg: (driverNumber: number, index: number) => byNumber.get(driverNumber)?.argument(index) ?? 0,
      done: (driverNumber: number, result: number) => byNumber.get(driverNumber)?.finish(result),
    };
    const instance = new WebAssembly.Instance(wasmModule, imports);
    for (const driver of drivers) driver.attach(instance.exports.qk6_drive);
    compileModule = instance.exports.qk6_compile_module as CompileModule | undefined;
    stackPointer = instance.exports.qk6_stack_pointer as WebAssembly.Global;
    onSuccess(instance);
    return instance.exports;
  };
  const module = await newQuickJSWASMModuleFromVariant(
    newVariant(RELEASE_SYNC, { wasmMemory: newQuickJsMemory(memoryLimitBytes, suspendingInitialPages(), initialMemoryBytes), emscriptenModule: emscriptenModuleOption(instantiateWasm) }),
  );
  const pointer = stackPointer;
  if (pointer === undefined) throw new Error('internal error: the suspending QuickJS build exports no stack pointer');
  // Routed from here on: the instance calls its imports only once a runtime of it runs code.
  const { contextCallbacks } = (module as unknown as ModuleInternals).callbacks;
  const hostCall: HostCall = (ctx, thisPtr, argc, argv, fnId) => {
    const callbacks = contextCallbacks.get(ctx);
    if (callbacks === undefined) throw new Error(`internal error: host call into unknown QuickJS context ${ctx}`);
    return callbacks.callFunction(ctx, thisPtr, argc, argv, fnId);
  };
  const hostStack = { base: slices.hostBase, top: slices.hostTop };
  const slots = drivers.map((driver): EngineSlot => {
    routes.set(driver.number, { hostCall, driver, stackPointer: pointer, hostStack });
    return {
      driver,
      onOwnStack: (setUp) => {
        const saved = pointer.value as number;
        pointer.value = driver.stackTop;
        try {
          return setUp();
        } finally {
          pointer.value = saved;
        }
      },
      release: () => void routes.delete(driver.number),
    };
  });
  return { module, slots, compileModule, state: { broken: false } };
}
