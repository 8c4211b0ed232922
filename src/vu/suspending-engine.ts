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
 * which starts garbage collections; shared by sixteen VUs, 1000 VUs took ~140 MB less and started
 * ~15 % sooner (measured). What that takes:
 * - a stack per driver, which QuickJS's stack check needs, since a runtime's limit is measured
 *   from where the runtime was made (each is made on its own stack, {@link EngineSlot.onOwnStack}).
 *   An instance of one VU runs it on the build's C stack, as before; one of several takes a block
 *   from its heap, a 256 KiB slice per VU with a 512 KiB region for the host's own calls on top
 *   ({@link placeStacks}). The binary keeps each driver's stack pointer across its suspensions,
 *   and while none runs, the host's calls into the instance run in that region, above every slice
 *   (the `host_call` import moves the pointer there when a call suspends, the driver when it
 *   waits for a command);
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
import { bytecodeExportsOf, type BytecodeExports } from './module-bytecode.js';
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
  /** Writes and reads compiled modules (module-bytecode.ts); undefined in a build without them. */
  readonly bytecode: BytecodeExports | undefined;
  /** Whether an engine in the instance broke (vu-engine.ts: the others are replaced too). */
  readonly state: InstanceState;
  /** Where its drivers' stacks are: a copy of the instance (an engine template's) keeps them. */
  readonly layout: StackLayout;
}

/** Where an instance's drivers run and the host's calls wait (see the header). */
export interface StackLayout {
  /** The top of each slot's stack. */
  readonly slotTops: readonly number[];
  /** The host's region above the slices, bytes from, to; none when one VU has the C stack to itself. */
  readonly host: { readonly base: number; readonly top: number } | undefined;
  /** The slices, bytes from, to: no driver has run there in a template, which need not read them. */
  readonly slices: { readonly start: number; readonly end: number } | undefined;
}

/** What the engines of one instance share. */
export interface InstanceState {
  /** An engine in the instance broke. */
  broken: boolean;
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
  /** The host's region of the C stack, in an instance of several VUs. */
  readonly hostStack: { readonly base: number; readonly top: number } | undefined;
}

/** VUs one instance holds at most. */
const MAX_SLOTS = 16;
/** A slot's slice of C stack: QuickJS's limit (at most 192 KiB, vu-engine.ts) and margin for the C code between its checks. */
const SLICE_BYTES = 256 * 1024;
/** The host's region, as big as the build's own C stack. */
const HOST_STACK_BYTES = 512 * 1024;

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

/** Where the build's C stack ends, and its heap starts. */
function heapBase(): number | undefined {
  const { heapBase: base } = buildRecord();
  return typeof base === 'number' ? base : undefined;
}

/**
 * Pages an instance's memory starts with: the build's data and 512 KiB C stack
 * (scripts/build-suspending-quickjs.js), and some heap. An instance of several VUs takes their
 * slices and the host's region from its heap.
 */
function suspendingInitialPages(): number | undefined {
  const base = heapBase();
  return base === undefined ? undefined : pagesFor(base + HEAP_HEADROOM_BYTES);
}

/** VUs one instance holds at most. */
export function vusPerSuspendingInstance(): number {
  return MAX_SLOTS;
}

/**
 * The derived binary compiled for this process; undefined when this thread has no stack
 * switching, or the binary is missing or was built from another QuickJS than the one installed.
 * VU workers get the main thread's ({@link shareCompiledSuspendingQuickJs}), as with asyncify
 * (quickjs-engine.ts): V8 then optimises the interpreter once for every thread.
 */
export function compiledSuspendingQuickJs(): Promise<WebAssembly.Module | undefined> {
  compiled ??= (async () => {
    if (!stackSwitchingApi() || heapBase() === undefined) return undefined;
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
let sharedImports: Record<'host_call' | 'next' | 'arg' | 'done', unknown> | undefined;

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
 * The driver's imports, made once per thread and imported into every instance: V8 11.3 compiles a
 * wrapper for each suspending function made (~0.35 ms per instance for the two, measured), so
 * per-instance functions were a tenth of a VU's start-up. The driver's number, which the binary
 * passes along, picks its engine, for the two that suspend and for `arg` and `done` alike.
 */
function sharedImportsOfThread(): Record<'host_call' | 'next' | 'arg' | 'done', unknown> {
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
          const { hostStack } = route;
          if (hostStack !== undefined && (route.stackPointer.value as number) < hostStack.base) route.stackPointer.value = hostStack.top;
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
    arg: (driverNumber: number, index: number) => routeOf(driverNumber).driver.argument(index),
    done: (driverNumber: number, result: number) => routeOf(driverNumber).driver.finish(result),
  };
  return sharedImports;
}

/**
 * A fresh instance of the sync QuickJS build with a driver for each of `slots` VUs (at most
 * `memoryLimitBytes` of memory for all of them), or undefined when stack switching cannot be
 * used here. `slots` may be another instance's layout instead: a copy of it (an engine template's,
 * whose memory the caller writes into this one's) has its stacks where it had them.
 */
export async function newSuspendingQuickJsInstance(memoryLimitBytes: number, initialMemoryBytes = 0, slots: number | StackLayout = 1): Promise<SuspendingInstance | undefined> {
  const wasmModule = await compiledSuspendingQuickJs();
  const bootTop = heapBase();
  if (wasmModule === undefined || bootTop === undefined) return undefined;
  let exports: WebAssembly.Exports | undefined;
  const instantiateWasm = (imports: WebAssembly.Imports, onSuccess: (instance: WebAssembly.Instance) => void): WebAssembly.Exports => {
    imports.qk6 = sharedImportsOfThread();
    const instance = new WebAssembly.Instance(wasmModule, imports);
    exports = instance.exports;
    onSuccess(instance);
    return instance.exports;
  };
  const module = await newQuickJSWASMModuleFromVariant(
    newVariant(RELEASE_SYNC, { wasmMemory: newQuickJsMemory(memoryLimitBytes, suspendingInitialPages(), initialMemoryBytes), emscriptenModule: emscriptenModuleOption(instantiateWasm) }),
  );
  const pointer = exports?.qk6_stack_pointer as WebAssembly.Global | undefined;
  const hostTop = exports?.qk6_host_top as WebAssembly.Global | undefined;
  if (exports === undefined || pointer === undefined || hostTop === undefined) throw new Error('internal error: the suspending QuickJS build exports no stack pointer');
  const layout = typeof slots === 'number' ? placeStacks(module, slots, bootTop) : slots;
  if (layout.host !== undefined) {
    // From here on the host's calls run in its region, above every slice.
    hostTop.value = layout.host.top;
    pointer.value = layout.host.top;
  }
  // Routed from here on: the instance calls its imports only once a runtime of it runs code.
  const { contextCallbacks } = (module as unknown as ModuleInternals).callbacks;
  const hostCall: HostCall = (ctx, thisPtr, argc, argv, fnId) => {
    const callbacks = contextCallbacks.get(ctx);
    if (callbacks === undefined) throw new Error(`internal error: host call into unknown QuickJS context ${ctx}`);
    return callbacks.callFunction(ctx, thisPtr, argc, argv, fnId);
  };
  const slotsMade = layout.slotTops.map((stackTop): EngineSlot => {
    const driver = new EngineDriver(++lastDriverNumber, stackTop);
    driver.attach(exports?.qk6_drive);
    routes.set(driver.number, { hostCall, driver, stackPointer: pointer, hostStack: layout.host });
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
  return { module, slots: slotsMade, compileModule: exports.qk6_compile_module as CompileModule | undefined, bytecode: bytecodeExportsOf(exports), state: { broken: false }, layout };
}

/**
 * Where the drivers of a new instance of `count` VUs run: one VU runs on the build's C stack
 * (whose top is `bootTop`), as the host's own calls do; several get a slice each, from the heap,
 * with the host's region above them.
 */
function placeStacks(module: QuickJSWASMModule, count: number, bootTop: number): StackLayout {
  if (count <= 1) return { slotTops: [bootTop], host: undefined, slices: undefined };
  if (count > MAX_SLOTS) throw new Error(`internal error: ${count} VUs asked of an instance that holds ${MAX_SLOTS}`);
  const { module: emscripten } = module as unknown as { readonly module: { _malloc(bytes: number): number } };
  const bytes = count * SLICE_BYTES + HOST_STACK_BYTES;
  const block = emscripten._malloc(bytes + STACK_ALIGNMENT);
  if (block === 0) throw new Error('internal error: no memory for the VUs\' C stacks');
  const start = Math.ceil(block / STACK_ALIGNMENT) * STACK_ALIGNMENT;
  const end = start + count * SLICE_BYTES;
  return {
    slotTops: Array.from({ length: count }, (_, index) => start + (index + 1) * SLICE_BYTES),
    host: { base: end, top: end + HOST_STACK_BYTES },
    slices: { start, end },
  };
}

/** The C stack pointer's alignment. */
const STACK_ALIGNMENT = 16;
