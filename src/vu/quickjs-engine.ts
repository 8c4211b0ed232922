/**
 * Loads QuickJS once per thread: the asyncify WebAssembly is compiled a single time and every VU
 * instantiates its own module from it. One module instance per VU is required because asyncify
 * allows only one suspended call per instance, and each VU suspends independently (DESIGN.md).
 *
 * Memory cap: each instance gets its own `WebAssembly.Memory` whose `maximum` is the cap: once the
 * heap cannot grow, malloc fails and QuickJS throws its ordinary `InternalError: out of memory`
 * in the script, and the host's memory stays bounded. QuickJS's own `setMemoryLimit` is not used:
 * it counts only what QuickJS allocates (not the C stack, the static data or the bridge's own
 * buffers), and in quickjs-emscripten's binaries, without `malloc_usable_size`, a few bytes per
 * allocation (measured: 1000 × 1 MiB ArrayBuffers under a 128 MiB limit) — the derived binaries
 * count bytes (scripts/count-allocated-bytes.js), the library's own, used when they do not match
 * the installed quickjs-emscripten, still do not. (Stack-switched instances, which several VUs
 * share, do use it: vu-engine.ts `limitEngineMemory`.)
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import {
  RELEASE_ASYNC,
  newQuickJSAsyncWASMModuleFromVariant,
  newVariant,
  type QuickJSAsyncWASMModule,
} from 'quickjs-emscripten';
import { derivedBinary } from './derived-binary.js';
import { emscriptenModuleOption } from './emscripten-module-option.js';
import type { CompileModule } from './engine-calls.js';
import { bytecodeExportsOf, type BytecodeExports } from './module-bytecode.js';
import { withMinimumMemory } from './wasm-memory-import.js';

const require = createRequire(import.meta.url);

/** Size of a WebAssembly memory page. */
const PAGE_BYTES = 65_536;
/**
 * The memory an asyncify VU starts with: 6 MiB. The build declares 16 MiB, but its data and C
 * stack end at ~5.1 MiB and its heap grows the memory as it needs; what the declaration costs is
 * explained in wasm-memory-import.ts, which lowers it. (The stack-switched build has a smaller C
 * stack, and its VUs start smaller: suspending-engine.ts.)
 */
const MIN_PAGES = 96;
/** Emscripten's heap never grows past 2 GiB in this build. */
const MAX_PAGES = 32_768;

let compiled: Promise<WebAssembly.Module> | undefined;

/**
 * The asyncify binary: the build's derived one (scripts/build-asyncify-quickjs.js), which can
 * compile a module without running it (engine templates), when it was made from the installed
 * quickjs-emscripten; the library's own otherwise.
 */
async function asyncifyBinary(): Promise<Uint8Array> {
  const pkg = '@jitl/quickjs-wasmfile-release-asyncify';
  return derivedBinary('quickjs-asyncify', pkg) ?? (await readFile(require.resolve(`${pkg}/wasm`)));
}

/**
 * The QuickJS WebAssembly compiled for this process. A VU worker gets the main thread's
 * ({@link shareCompiledQuickJs}) instead of compiling its own: V8 then keeps one copy of the
 * machine code, and what it optimises for one thread's hot interpreter loop serves every thread
 * (each compiled its own before, and optimised it again in the background while its VUs started).
 */
export function compiledQuickJs(): Promise<WebAssembly.Module> {
  compiled ??= (async () => WebAssembly.compile(withQuickJsMinimumMemory(await asyncifyBinary())))();
  return compiled;
}

/** Uses `module` (another thread's {@link compiledQuickJs}) for this thread's VUs. */
export function shareCompiledQuickJs(module: WebAssembly.Module): void {
  compiled = Promise.resolve(module);
}

/** `binary` (a QuickJS build) declaring `pages` as the memory a VU starts with; unchanged if it cannot. */
export function withQuickJsMinimumMemory(binary: Uint8Array, pages = MIN_PAGES): Uint8Array {
  return withMinimumMemory(binary, pages) ?? binary;
}

/**
 * A VU's WebAssembly memory: it starts with `initialPages` (what the binary declares, see
 * {@link withQuickJsMinimumMemory}), or with more when it must hold `minimumBytes` at once (an
 * engine template's copy), and cannot grow past `memoryLimitBytes` (see the header).
 */
export function newQuickJsMemory(memoryLimitBytes: number, initialPages = MIN_PAGES, minimumBytes = 0): WebAssembly.Memory {
  const initial = Math.max(initialPages, pagesFor(minimumBytes));
  return new WebAssembly.Memory({ initial, maximum: Math.max(initial, memoryPages(memoryLimitBytes)) });
}

/** Pages for `bytes` of memory, rounded up. */
export function pagesFor(bytes: number): number {
  return Math.ceil(bytes / PAGE_BYTES);
}

/** The cap actually applied for a requested limit: whole pages, between 6 MiB and 2 GiB. */
export function effectiveMemoryLimit(limitBytes: number): number {
  return memoryPages(limitBytes) * PAGE_BYTES;
}

function memoryPages(limitBytes: number): number {
  return Math.min(MAX_PAGES, Math.max(MIN_PAGES, Math.ceil(limitBytes / PAGE_BYTES)));
}

export interface AsyncifyInstance {
  readonly module: QuickJSAsyncWASMModule;
  /** Compiles a module and loads its imports without evaluating anything; undefined with the library's binary. */
  readonly compileModule: CompileModule | undefined;
  /** Writes and reads compiled modules (module-bytecode.ts); undefined with the library's binary. */
  readonly bytecode: BytecodeExports | undefined;
}

/**
 * A fresh QuickJS module instance (its own linear memory, at most `memoryLimitBytes`), from the
 * shared compiled WebAssembly.
 */
export async function newQuickJSInstance(memoryLimitBytes: number, initialMemoryBytes = 0): Promise<AsyncifyInstance> {
  const wasmModule = await compiledQuickJs();
  const wasmMemory = newQuickJsMemory(memoryLimitBytes, MIN_PAGES, initialMemoryBytes);
  // Instantiated synchronously: the library's `wasmModule` option instantiates asynchronously, and
  // in a worker whose first VU has just run, that took 100-350 ms now and then (V8 was optimising
  // the QuickJS code in the background), against ~1 ms.
  let compileModule: CompileModule | undefined;
  let bytecode: BytecodeExports | undefined;
  const instantiateWasm = (imports: WebAssembly.Imports, onSuccess: (instance: WebAssembly.Instance) => void): WebAssembly.Exports => {
    const instance = new WebAssembly.Instance(wasmModule, imports);
    compileModule = instance.exports.qk6_compile_module as CompileModule | undefined;
    bytecode = bytecodeExportsOf(instance.exports);
    onSuccess(instance);
    return instance.exports;
  };
  const module = await newQuickJSAsyncWASMModuleFromVariant(newVariant(RELEASE_ASYNC, { wasmMemory, emscriptenModule: emscriptenModuleOption(instantiateWasm) }));
  return { module, compileModule, bytecode };
}
