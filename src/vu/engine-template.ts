/**
 * A VU engine with qk6's runtime modules already evaluated and the script's modules already
 * compiled, copied into new VUs so that each does not compile them again.
 *
 * Compiling `qk6:internal`, `k6` and `k6/http` in the asyncify interpreter was ~9 of the ~14 ms of
 * worker CPU a VU took to start (measured at 500 VUs on one worker), and most of the wait for
 * 1000 VUs. Their evaluation is the same in every VU: the VU's identity comes later
 * (`__qk6.identify()`), and the template's host refuses every host call, so a module that made one
 * at its top level could not be captured. So a thread evaluates them once, in a template engine,
 * and keeps the WebAssembly memory pages that evaluation wrote. A new VU's engine gets a fresh
 * instance whose set-up (runtime, context, host bridge) is replayed from the template's recording
 * rather than run (set-up-replay.ts): its JavaScript-side state (the runtime and context pointers,
 * quickjs-emscripten's host-function ids) then equals the template's at the same point, because
 * creating an engine is deterministic. The kept pages are written over its memory, and the engine
 * is as if it had set itself up and evaluated the modules itself. The replay and the fingerprint
 * check that determinism on every copy; an engine that differs (or a template that could not be
 * captured) is made and evaluates the modules itself, as before.
 *
 * The script's own modules are compiled in the template but not run: k6 runs a script's init code
 * once per VU, each with its own `__VU`. Compiling runs no code, so the template does it once,
 * through a module that only imports the script (`qk6:precompile`). QuickJS keeps the compiled
 * modules by name, and a VU's bootstrap import finds them there and evaluates them. Compiling is
 * most of a VU's start-up for a big script: 1000 VUs of a script importing an 83 KB module took
 * 11.0 s to initialise when each compiled it, 4.9 s from the template. The compiled code can need
 * more memory than an engine starts with; copies then start as big as the template ended.
 *
 * With stack switching, an instance holds several VUs' engines (suspending-engine.ts), and so does
 * the template: it sets up and evaluates that many engines in one instance, and a copy of it — the
 * pages written once into a new instance — serves as many VUs, each replaying its slot's set-up
 * when it claims it. The instance then already holds the other VUs' engines, and the strings a
 * replay hands the instance land where the template had freed them, perhaps in another engine's
 * data now: those bytes are put back (set-up-replay.ts `replaySetUpInPlace`). Such a template
 * compiles each module once and reads the compiled module into each of its engines
 * (template-modules.ts): compiling was ~8 ms an engine, up to ~40 ms while QuickJS was still cold,
 * reading is ~0.5 ms, and sixteen engines' capture took 190–315 ms a worker instead of 320–430.
 *
 * One thing in those pages must differ per VU: QuickJS seeds `Math.random` once per context, so
 * copies would all draw the same numbers. The template finds where the context keeps that state
 * (see {@link findRandomStateOffset}) and each copy gets a fresh random seed there.
 *
 * This reaches into quickjs-emscripten 0.32 internals (the runtime's `rt` and `hostRefs`, the
 * context's `ctx`), as raw-host-call.ts does; package-lock.json pins the version and the VU tests
 * cover the copy.
 */
import { randomFillSync } from 'node:crypto';
import type { HostModule } from './bridge-contract.js';
import { PRECOMPILE_MODULE, PRELOAD_MODULE, precompileSource, preloadSource, preloadedModules } from './module-resolver.js';
import { effectiveMemoryLimit } from './quickjs-engine.js';
import { SetUpMismatch, recordSetUp, replaySetUp, replaySetUpInPlace, type SetUpRecording } from './set-up-replay.js';
import { learnStripFlag } from './source-stripping.js';
import { newSuspendingQuickJsInstance, vusPerSuspendingInstance, type StackLayout, type SuspendingInstance } from './suspending-engine.js';
import { createVuEngine, disposeVuEngine, type EngineHome, type SetUpRunner, type VuEngine, type VuEngineOptions } from './vu-engine.js';
import { VuHost, type VuHostConfig } from './vu-host.js';
import { TemplateModules, readModules, type CompiledModule } from './template-modules.js';

/** The granularity of the copy: a page is kept when the modules' evaluation may have written it. */
const PAGE_BYTES = 4096;
/** How far into QuickJS's JSContext struct the random state is looked for. */
const CONTEXT_SEARCH_BYTES = 4096;

/** What must be equal between the template and an engine for the copy to be valid. */
interface Fingerprint {
  readonly runtime: number;
  readonly context: number;
  readonly nextHostRef: number;
  readonly freeHostRefs: number;
}

/** One engine of the captured instance: what a copy of it must match, and how it was set up. */
interface CapturedEngine {
  readonly fingerprint: Fingerprint;
  /** The calls into the instance the engine's set-up made. */
  readonly setUpRecording: SetUpRecording;
}

/** An attempt at a template that gave none: whether it had read compiled modules into its engines. */
interface CaptureFailure {
  readonly compiledOnce: boolean;
}

/** A copy of a stack-switched template's instance, whose engines are handed to VUs one by one. */
interface InstanceCopy {
  readonly instance: SuspendingInstance;
  /** The slot the next VU gets. */
  next: number;
}

interface EngineInternals {
  readonly runtime: { readonly rt: { readonly value: number }; readonly hostRefs: { readonly nextId: number; readonly freelist: readonly number[] } };
  readonly context: { readonly ctx: { readonly value: number } };
}

/**
 * The most memory one engine's evaluation and compilation may take in the template. A copy starts
 * with as much as the template ended with, so this only bounds how big a script can be and still
 * be compiled once: beyond it, VUs compile it themselves.
 */
const TEMPLATE_MEMORY_LIMIT_BYTES = 64 * 1024 * 1024;

export class EngineTemplate {
  /** The copy whose slots are being handed out (stack-switched templates only). */
  private openCopy: Promise<InstanceCopy | undefined> | undefined;

  private constructor(
    /** The runtime modules the template loaded, in load order (resolved names). */
    readonly runtimeModules: readonly string[],
    /** The script's modules the template compiled (unevaluated), in load order; empty when it could not. */
    readonly scriptModules: readonly string[],
    /** Whether those modules were compiled once and read into each engine (template-modules.ts). */
    readonly modulesCompiledOnce: boolean,
    /** The captured instance's engines, by slot: one for asyncify, one per slot for a shared stack-switched instance. */
    private readonly engines: readonly CapturedEngine[],
    /** Where the stacks of the stack-switched instance the engines share are (suspending-engine.ts); undefined for asyncify. */
    private readonly stackLayout: StackLayout | undefined,
    /** The captured instance's memory size: a copy starts that big. */
    private readonly memoryBytes: number,
    /** Indexes of the kept pages and their bytes, page after page. */
    private readonly pages: Uint32Array,
    private readonly bytes: Uint8Array,
    /** Where QuickJS keeps `Math.random`'s state, from the context pointer. */
    private readonly randomStateOffset: number,
  ) {}

  /**
   * Evaluates `runtimeModules` (resolved names, as a VU recorded them) in a fresh engine, compiles
   * the script's modules without running them, and keeps the result. `hostConfig` is any VU's;
   * the template's host refuses every call. Undefined when the runtime modules cannot be captured:
   * a VU then evaluates them itself. When only the script fails to compile here, or the engine
   * cannot compile without running (on the library's own binary: VuEngine.compileModule), the
   * template holds the runtime modules alone and each VU compiles the script, as it would without one.
   * A stack-switched instance holds several VUs' engines: the template sets up and evaluates
   * `vus` of them (at most what an instance holds), and each copy of it serves that many VUs.
   * Their modules are compiled once and read into each, or, when that fails, compiled in each.
   */
  static async capture(hostConfig: VuHostConfig, modules: readonly HostModule[], runtimeModules: readonly string[], vus: number): Promise<EngineTemplate | undefined> {
    const once = await EngineTemplate.captureWith(hostConfig, modules, runtimeModules, vus, true, true);
    if (once instanceof EngineTemplate) return once;
    // Only a capture that read compiled modules can succeed by compiling them in each engine instead.
    const each = once.compiledOnce ? await EngineTemplate.captureWith(hostConfig, modules, runtimeModules, vus, true, false) : undefined;
    if (each instanceof EngineTemplate) return each;
    const bare = await EngineTemplate.captureWith(hostConfig, modules, runtimeModules, vus, false, false);
    return bare instanceof EngineTemplate ? bare : undefined;
  }

  private static async captureWith(
    hostConfig: VuHostConfig,
    modules: readonly HostModule[],
    runtimeModules: readonly string[],
    vus: number,
    compileScript: boolean,
    compileOnce: boolean,
  ): Promise<EngineTemplate | CaptureFailure> {
    const host = new VuHost(hostConfig, () => undefined);
    host.abort(); // every host operation now fails: module top-level code must not depend on the VU
    const options = { memoryLimitBytes: TEMPLATE_MEMORY_LIMIT_BYTES, host, modules, shouldInterrupt: () => false };
    const wanted = Math.max(1, Math.min(vus, vusPerSuspendingInstance()));
    const instance = await newSuspendingQuickJsInstance(TEMPLATE_MEMORY_LIMIT_BYTES * wanted, 0, wanted);
    const recordings: SetUpRecording[] = [];
    const engines: VuEngine[] = [];
    let compiler: TemplateModules | undefined;
    const failed = (): CaptureFailure => ({ compiledOnce: compiler !== undefined });
    try {
      for (let slot = 0; slot < (instance?.slots.length ?? 1); slot++) {
        const recorder: SetUpRunner = (module, setUp) => {
          const recorded = recordSetUp(module, setUp);
          recordings.push(recorded.recording);
          return recorded.value;
        };
        engines.push(await createVuEngine(options, recorder, instance && { instance, slot }));
      }
      const [first] = engines;
      if (first === undefined) return failed();
      const before = engines.map(fingerprintOf);
      const memory = first.module.getWasmMemory();
      // No engine runs on its slice of the C stack here, and reading untouched memory costs a page fault per page.
      const skipped = instance?.layout.slices;
      const written = nonZeroPages(new Uint8Array(memory.buffer), skipped);
      const randomStateOffset = findRandomStateOffset(first);
      learnStripFlag(first);
      if (randomStateOffset === undefined) return failed();
      // With several engines, the modules are compiled once and read into each (template-modules.ts).
      compiler = compileOnce && engines.length > 1 ? await TemplateModules.create(options) : undefined;
      const runtime = compiler?.compile(preloadedModules(runtimeModules));
      if (compiler !== undefined && runtime === undefined) return failed();
      let script: CompiledModule[] | undefined;
      for (const engine of engines) {
        if (runtime !== undefined && !readModules(engine, runtime)) return failed();
        if (!evaluatePreload(engine, runtimeModules)) return failed();
        // An engine that cannot compile without running keeps to the runtime modules, in this capture.
        const { compileModule } = engine;
        if (!compileScript || compileModule === undefined) continue;
        if (script !== undefined && !readModules(engine, script)) return failed();
        if (!compileOnly(compileModule, precompileSource(hostConfig.scriptPath))) return failed();
        // The first engine's loader found the script's modules; the others read them.
        script ??= compiler?.compile(engine.scriptModules);
        if (compiler !== undefined && script === undefined) return failed();
      }
      // The JavaScript side must be as it was; the memory may have grown, and copies start that big.
      const after = engines.map(fingerprintOf);
      if (!after.every((fingerprint, slot) => sameFingerprint(before[slot], fingerprint))) return failed();
      const image = new Uint8Array(memory.buffer);
      for (const page of nonZeroPages(image, skipped)) written.add(page);
      const pages = Uint32Array.from([...written].sort((a, b) => a - b));
      const bytes = new Uint8Array(pages.length * PAGE_BYTES);
      pages.forEach((page, index) => bytes.set(image.subarray(page * PAGE_BYTES, (page + 1) * PAGE_BYTES), index * PAGE_BYTES));
      const captured = after.map((fingerprint, slot) => ({ fingerprint, setUpRecording: recordings[slot] ?? [] }));
      return new EngineTemplate([...first.runtimeModules], [...first.scriptModules], runtime !== undefined, captured, instance?.layout, image.byteLength, pages, bytes, randomStateOffset);
    } finally {
      compiler?.dispose();
      for (const engine of engines) disposeVuEngine(engine, false);
      if (instance !== undefined) for (const slot of instance.slots.slice(engines.length)) slot.release();
    }
  }

  /**
   * A new engine that is the template's copy, made with `options` (a VU's); undefined when the
   * copy cannot be made (its set-up differs from the template's): then make the engine as usual.
   */
  async createEngine(options: VuEngineOptions): Promise<VuEngine | undefined> {
    if (this.memoryBytes > effectiveMemoryLimit(options.memoryLimitBytes)) return undefined;
    // A copy of one engine has its instance to itself: made as an asyncify engine's copy is.
    return this.engines.length === 1 ? this.createOwnEngine(options) : this.createSharingEngine(options);
  }

  /** An engine in a new instance of its own, its memory the template's. */
  private async createOwnEngine(options: VuEngineOptions): Promise<VuEngine | undefined> {
    const [captured] = this.engines;
    if (captured === undefined) return undefined;
    const sized = { ...options, initialMemoryBytes: this.memoryBytes };
    const engine = await replayedEngine(captured, sized, (module, setUp) => replaySetUp(module, captured.setUpRecording, setUp));
    if (engine === undefined) return undefined;
    if (engineMemory(engine).buffer.byteLength !== this.memoryBytes) {
      disposeVuEngine(engine, true); // its memory holds no runtime to free
      return undefined;
    }
    this.writeImage(engineMemory(engine));
    return this.adopt(engine, captured);
  }

  /** An engine in the next free slot of a copy of the template's instance (stack switching). */
  private async createSharingEngine(options: VuEngineOptions): Promise<VuEngine | undefined> {
    const place = await this.claimSlot(options.memoryLimitBytes);
    const captured = place === undefined ? undefined : this.engines[place.slot];
    if (place === undefined || captured === undefined) return undefined;
    const engine = await replayedEngine(captured, options, (module, setUp) => replaySetUpInPlace(module, captured.setUpRecording, setUp), place);
    return engine === undefined ? undefined : this.adopt(engine, captured);
  }

  /** The next free slot of the open copy, or of a new one; undefined when a copy cannot be made. */
  private async claimSlot(memoryLimitBytes: number): Promise<EngineHome | undefined> {
    for (;;) {
      const pending = (this.openCopy ??= this.copyInstance(memoryLimitBytes));
      const copy = await pending;
      if (copy === undefined) {
        if (this.openCopy === pending) this.openCopy = undefined;
        return undefined;
      }
      if (copy.next < this.engines.length) return { instance: copy.instance, slot: copy.next++ };
      if (this.openCopy === pending) this.openCopy = undefined;
    }
  }

  /** A new instance holding the template's memory, its engines' JavaScript side still to be set up. */
  private async copyInstance(memoryLimitBytes: number): Promise<InstanceCopy | undefined> {
    const instance = await newSuspendingQuickJsInstance(memoryLimitBytes * this.engines.length, this.memoryBytes, this.stackLayout);
    const memory = instance?.module.getWasmMemory();
    if (instance === undefined || memory === undefined || instance.slots.length !== this.engines.length || memory.buffer.byteLength !== this.memoryBytes) {
      for (const slot of instance?.slots ?? []) slot.release();
      return undefined;
    }
    this.writeImage(memory);
    return { instance, next: 0 };
  }

  /** Writes the template's pages into `memory`. */
  private writeImage(memory: WebAssembly.Memory): void {
    const bytes = new Uint8Array(memory.buffer);
    this.pages.forEach((page, index) => bytes.set(this.bytes.subarray(index * PAGE_BYTES, (index + 1) * PAGE_BYTES), page * PAGE_BYTES));
  }

  /** Gives the copied engine its own random seed and the template's module list. */
  private adopt(engine: VuEngine, captured: CapturedEngine): VuEngine {
    new DataView(engineMemory(engine).buffer).setBigUint64(captured.fingerprint.context + this.randomStateOffset, nextRandomSeed(), true);
    engine.runtimeModules.push(...this.runtimeModules);
    return engine;
  }

  /** Bytes each copy writes. */
  get imageBytes(): number {
    return this.bytes.byteLength;
  }

  /** VUs one copy serves. */
  get vusPerCopy(): number {
    return this.engines.length;
  }
}

/**
 * An engine whose set-up `replay` replays from `captured`'s recording, in `home`'s slot or an
 * instance of its own; undefined when the set-up or its result differs from the template's (then
 * the slot is let go).
 */
async function replayedEngine(captured: CapturedEngine, options: VuEngineOptions, replay: SetUpRunner, home?: EngineHome): Promise<VuEngine | undefined> {
  let engine: VuEngine;
  try {
    engine = await createVuEngine(options, replay, home);
  } catch (error) {
    if (error instanceof SetUpMismatch) return undefined;
    throw error;
  }
  if (sameFingerprint(captured.fingerprint, fingerprintOf(engine))) return engine;
  disposeVuEngine(engine, true);
  return undefined;
}

/** Random seeds drawn ahead, many per call: `randomFillSync` costs ~5 µs a call, however few its bytes. */
const randomSeeds = new BigUint64Array(256);
let randomSeedsUsed = randomSeeds.length;

/** A fresh non-zero random seed (xorshift's state must not be zero). */
function nextRandomSeed(): bigint {
  for (;;) {
    if (randomSeedsUsed === randomSeeds.length) {
      randomFillSync(randomSeeds);
      randomSeedsUsed = 0;
    }
    const seed = randomSeeds[randomSeedsUsed++] ?? 0n;
    if (seed !== 0n) return seed;
  }
}

function engineMemory(engine: VuEngine): WebAssembly.Memory {
  return engine.module.getWasmMemory();
}

/** Compiles `source` as a module without evaluating it or what it imports; true when that succeeded. */
function compileOnly(compile: NonNullable<VuEngine['compileModule']>, source: string): boolean {
  const result = compile(source, PRECOMPILE_MODULE);
  if (result.error !== undefined) {
    result.error.dispose();
    return false;
  }
  result.value.dispose();
  return true;
}

/** Evaluates the preload module; true when it (and everything it imports) succeeded. */
function evaluatePreload(engine: VuEngine, runtimeModules: readonly string[]): boolean {
  const { context } = engine;
  const result = context.evalCode(preloadSource(runtimeModules), PRELOAD_MODULE, { type: 'module' });
  if (result.error !== undefined) {
    result.error.dispose();
    return false;
  }
  const state = context.getPromiseState(result.value);
  result.value.dispose();
  if (state.type === 'fulfilled') {
    if (!state.notAPromise) state.value.dispose();
    return true;
  }
  if (state.type === 'rejected') state.error.dispose();
  return false;
}

function fingerprintOf(engine: VuEngine): Fingerprint {
  const internals = engine as unknown as EngineInternals;
  const { hostRefs } = internals.runtime;
  return {
    runtime: internals.runtime.rt.value,
    context: internals.context.ctx.value,
    nextHostRef: hostRefs.nextId,
    freeHostRefs: hostRefs.freelist.length,
  };
}

function sameFingerprint(a: Fingerprint | undefined, b: Fingerprint): boolean {
  return (
    a !== undefined &&
    a.runtime === b.runtime &&
    a.context === b.context &&
    a.nextHostRef === b.nextHostRef &&
    a.freeHostRefs === b.freeHostRefs
  );
}

const ZERO_PAGE = new Uint8Array(PAGE_BYTES);

/**
 * Indexes of the pages of `memory` that hold anything but zeros, outside `skipped` (byte range).
 * Compared natively page by page: a word-by-word loop, run once per worker and so never
 * optimised, took ~70 ms for 6 MiB.
 */
function nonZeroPages(memory: Uint8Array, skipped: { readonly start: number; readonly end: number } | undefined): Set<number> {
  const bytes = Buffer.from(memory.buffer, memory.byteOffset, memory.byteLength);
  const pages = new Set<number>();
  for (let page = 0; page * PAGE_BYTES < bytes.length; page++) {
    const start = page * PAGE_BYTES;
    if (skipped !== undefined && start >= skipped.start && start + PAGE_BYTES <= skipped.end) continue;
    if (bytes.compare(ZERO_PAGE, 0, PAGE_BYTES, start, Math.min(start + PAGE_BYTES, bytes.length)) !== 0) pages.add(page);
  }
  return pages;
}

const MASK_64 = (1n << 64n) - 1n;

/** QuickJS's Math.random step: xorshift64* on the context's state. Returns the next state and the number drawn. */
function xorshift64star(state: bigint): { state: bigint; value: number } {
  let x = state;
  x ^= x >> 12n;
  x ^= (x << 25n) & MASK_64;
  x ^= x >> 27n;
  const drawn = (x * 0x2545f4914f6cdd1dn) & MASK_64;
  const bits = new DataView(new ArrayBuffer(8));
  bits.setBigUint64(0, (0x3ffn << 52n) | (drawn >> 12n));
  return { state: x, value: bits.getFloat64(0) - 1 };
}

/**
 * Finds the offset of `random_state` in QuickJS's JSContext by watching it work: of the 8-byte
 * words near the context pointer, the one whose xorshift64* step yields the number `Math.random()`
 * then returns, and holds that step's state afterwards. Undefined when no word does (another
 * QuickJS build): then no template is used, rather than VUs sharing one sequence.
 */
function findRandomStateOffset(engine: VuEngine): number | undefined {
  const { context } = engine;
  const contextPointer = fingerprintOf(engine).context;
  const memory = engine.module.getWasmMemory();
  const read = (): BigUint64Array => new BigUint64Array(memory.buffer.slice(contextPointer, contextPointer + CONTEXT_SEARCH_BYTES));
  const before = read();
  const result = context.evalCode('Math.random()');
  if (result.error !== undefined) {
    result.error.dispose();
    return undefined;
  }
  const drawn = context.getNumber(result.value);
  result.value.dispose();
  const after = read();
  for (let index = 0; index < before.length; index++) {
    const step = xorshift64star(before[index] ?? 0n);
    if (step.value === drawn && after[index] === step.state) return index * 8;
  }
  return undefined;
}
