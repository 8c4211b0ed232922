/**
 * One virtual user: a QuickJS engine (vu-engine.ts: one WebAssembly instance, one runtime, one
 * context) running the script's module graph once (init; an engine template may have compiled it
 * already) and then iterations, each a tiny call into the already-evaluated module (never
 * re-evaluating the script).
 *
 * States:  created ──init()──► ready ──activate()──► active ──iterate()*──► … ──dispose()──► disposed
 *          any state ──interrupt()──► the current call ends with `interrupted`, I/O is aborted.
 *          active ──engine fault──► restarted (a new engine, init and activation replayed) ──► active
 *
 * Faults a script can cause, and what the VU does:
 * - an exception, `InternalError: stack overflow` (QuickJS's stack limit), `InternalError: out of
 *   memory` (the heap cap, explained with the limit): the call fails with the script's error, the
 *   VU goes on;
 * - a runaway loop: the interrupt deadline (`interruptAt`, gracefulStop) stops it; init code has a
 *   fixed bound of its own ({@link INIT_TIMEOUT_MS});
 * - an engine fault (a host exception out of QuickJS: V8's stack exhausted by recursion QuickJS
 *   does not count, a WebAssembly trap): the call fails with a readable error and the engine is
 *   thrown away. A VU running iterations gets a new engine at once — its init code runs again and
 *   its activation (function, setup data, `__ITER`) is replayed; host state such as cookie jars
 *   carries over. k6 VUs never restart, but a goja VU cannot break this way either.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { QuickJSContext, QuickJSHandle, QuickJSRuntime } from 'quickjs-emscripten';
import type { Tags } from '../metrics/metric.js';
import type { HostModule } from './bridge-contract.js';
import type { VuHostContext, VuPhase } from './host-context.js';
import type { EngineTemplate } from './engine-template.js';
import { BOOTSTRAP_MODULE, PRELOAD_MODULE, bootstrapSource, preloadSource } from './module-resolver.js';
import { effectiveMemoryLimit } from './quickjs-engine.js';
import { explainOutOfMemory, toScriptError, type ScriptError } from './script-error.js';
import { learnStripFlag } from './source-stripping.js';
import { createVuEngine, disposeVuEngine, engineFault, engineHeapBytes, engineMemoryBytes, limitEngineMemory, type VuEngine } from './vu-engine.js';
import { VuHost, type VuHostConfig } from './vu-host.js';

/** A VU's configuration: what its host context needs ({@link VuHostConfig}) plus the engine's. */
export interface VirtualUserConfig extends VuHostConfig {
  readonly modules: readonly HostModule[];
  /** The VU's JavaScript heap cap (its WebAssembly memory), bytes. @default 512 MiB */
  readonly memoryLimitBytes?: number;
  /**
   * A stop flag in shared memory (element 0): once another thread makes it non-zero, the VU is
   * interrupted at its next interrupt check — even in a busy loop, when its own thread cannot
   * receive a message (a worker told to stop by Ctrl+C while a script spins).
   */
  readonly stopFlag?: Int32Array;
  /** An engine with qk6's runtime modules evaluated, to start from instead of evaluating them (engine-template.ts). */
  readonly template?: EngineTemplate;
}

/** The outcome of one call into the script. */
export type CallOutcome = { ok: true; value: string | undefined } | { ok: false; error: ScriptError };

const DEFAULT_MEMORY_LIMIT = 512 * 1024 * 1024;

/** An iteration that finished without a value, as most do. */
const ITERATION_DONE: CallOutcome = Object.freeze({ ok: true, value: undefined });

/**
 * How long a VU's init code may run. k6 has no such option (its init code can hang forever); a
 * QuickJS VU running its init on the main thread would also block Ctrl+C, so qk6 stops init code
 * after this fixed, documented bound (docs/robustness.md) with a clear error (exit 107).
 */
export const INIT_TIMEOUT_MS = 30_000;

/** How long a VU whose engine could not be restarted waits before trying again. */
const RESTART_RETRY_MS = 1000;

/** What `activate()` last selected, replayed on a restarted engine. */
interface Activation {
  readonly exec: string;
  readonly setupDataJson: string | undefined;
  readonly scenarioEnv: Readonly<Record<string, string>> | undefined;
}

export class VirtualUser {
  readonly id: number;
  private readonly config: VirtualUserConfig;
  private readonly hostContext: VuHost;
  private readonly memoryLimit: number;
  private engine!: VuEngine;
  /** The engine threw instead of returning (see the header); it must not be used again. */
  private broken = false;
  private interruptRequested = false;
  /** `__qk6.iterate`, looked up once per engine. */
  private iterateFunction: QuickJSHandle | undefined;
  /** Other `__qk6` functions the host calls, looked up on first use. */
  private readonly guestFunctions = new Map<string, QuickJSHandle>();
  /** performance.now() after which script code is interrupted: a busy loop blocks timers, so the deadline is checked by QuickJS itself. */
  private deadline = Number.POSITIVE_INFINITY;
  /** The same for the init code being evaluated ({@link INIT_TIMEOUT_MS}). */
  private initDeadline = Number.POSITIVE_INFINITY;
  private activation: Activation | undefined;
  private startedFromTemplate = false;
  /** Iterations started since the last activation: `__ITER` of the next one. */
  private iterations = 0;
  private disposed = false;

  private constructor(config: VirtualUserConfig) {
    this.id = config.id;
    this.config = config;
    this.memoryLimit = effectiveMemoryLimit(config.memoryLimitBytes ?? DEFAULT_MEMORY_LIMIT);
    this.hostContext = new VuHost(config, () => this.interrupt());
  }

  /** Creates the VU and runs the script's init code. Fails with the script's error on an exception. */
  static async create(config: VirtualUserConfig): Promise<{ vu: VirtualUser; init: CallOutcome }> {
    const vu = new VirtualUser(config);
    vu.engine = await vu.newEngine();
    const init = await vu.runInit();
    return { vu, init };
  }

  /** qk6's runtime modules this VU's engine has loaded (resolved names): what a template for the script evaluates. */
  get runtimeModules(): readonly string[] {
    return this.engine.runtimeModules;
  }

  /** The script's modules this VU's engine loaded and compiled itself: none when its template had. */
  get scriptModules(): readonly string[] {
    return this.engine.scriptModules;
  }

  /** Bytes the VU's WebAssembly memory has grown to (it never shrinks; shared by the VUs of a shared instance). */
  get memoryBytes(): number {
    return engineMemoryBytes(this.engine);
  }

  /** Which QuickJS build the VU runs: stack-switched (suspending-engine.ts) or asyncify. */
  get engineKind(): 'stack-switching' | 'asyncify' {
    return this.engine.driver === undefined ? 'asyncify' : 'stack-switching';
  }

  /** Whether the current engine is a copy of the config's template (false: it compiled qk6's runtime modules itself). */
  get fromTemplate(): boolean {
    return this.startedFromTemplate;
  }

  get phase(): VuPhase {
    return this.hostContext.phase;
  }

  /** The exported function names, and whether `options` is exported. */
  async describeExports(): Promise<{ functions: string[]; hasOptions: boolean }> {
    const outcome = await this.call('__qk6.describeExports()');
    const none = { functions: [], hasOptions: false };
    if (!outcome.ok || outcome.value === undefined) return none;
    try {
      const parsed = JSON.parse(outcome.value) as { functions?: unknown; hasOptions?: unknown };
      const functions = Array.isArray(parsed.functions) ? parsed.functions.filter((name): name is string => typeof name === 'string') : [];
      return { functions, hasOptions: parsed.hasOptions === true };
    } catch {
      return none; // the script replaced JSON.stringify or the like: it exports nothing usable
    }
  }

  /** The script's exported `options`, JSON-encoded (`null` when not exported). */
  async optionsJson(): Promise<CallOutcome> {
    return requireJson(await this.call('__qk6.optionsJson()'), 'the exported options');
  }

  /** Selects the function iterations run and the setup data (JSON) they receive; sets scenario tags. */
  async activate(
    exec: string,
    setupDataJson: string | undefined,
    scenarioTags: Tags,
    scenarioEnv?: Readonly<Record<string, string>>,
  ): Promise<CallOutcome> {
    this.hostContext.scenarioTags = scenarioTags;
    this.hostContext.phase = 'iteration';
    this.activation = { exec, setupDataJson, scenarioEnv };
    this.iterations = 0;
    return this.call(activationCall(this.activation, 0));
  }

  /** Runs one iteration of the activated function: the hot path, a direct call of a kept handle. */
  iterate(): Promise<CallOutcome> {
    this.hostContext.phase = 'iteration';
    return this.brokenWithInstance() ? this.restartAndIterate() : this.runIteration();
  }

  /**
   * Whether the engine is broken, or another engine in its instance broke (vu-engine.ts): then this
   * one counts as broken too, and is replaced without running anything more in the instance.
   */
  private brokenWithInstance(): boolean {
    if (this.engine.instance.broken) this.broken = true;
    return this.broken;
  }

  /** An iteration on a VU whose engine broke earlier and could not be replaced then: it is tried again first. */
  private async restartAndIterate(): Promise<CallOutcome> {
    const failed = await this.restart();
    if (failed !== undefined) {
      await delay(RESTART_RETRY_MS, undefined, { signal: this.hostContext.signal }).catch(() => undefined);
      return { ok: false, error: failed };
    }
    return this.runIteration();
  }

  /** Calls setup/teardown/handleSummary with a JSON argument; returns its JSON result. */
  async callExport(name: string, argJson: string | undefined, phase: VuPhase, group = ''): Promise<CallOutcome> {
    this.hostContext.phase = phase;
    const arg = argJson === undefined ? 'undefined' : JSON.stringify(argJson);
    const outcome = await this.call(`__qk6.callExport(${JSON.stringify(name)}, ${arg}, ${JSON.stringify(group)})`);
    return requireJson(outcome, `the value ${name}() returned`);
  }

  /** Stops whatever the VU is doing: script code throws at its next instruction, I/O is aborted. */
  interrupt(): void {
    this.interruptRequested = true;
    this.hostContext.abort();
  }

  /**
   * Interrupts the VU at `deadline` (performance.now() ms) even if its script never yields, e.g. a
   * `while (true) {}` at the end of gracefulStop. Infinity clears it. Setting a deadline also
   * clears an earlier interruption, so the VU can run again.
   */
  interruptAt(deadline: number): void {
    if (this.interruptRequested) {
      // A new deadline means the VU runs again: forget the earlier interruption.
      this.interruptRequested = false;
      this.hostContext.renewSignal();
    }
    this.deadline = deadline;
    const delayMs = deadline - performance.now();
    if (Number.isFinite(delayMs)) {
      const timer = setTimeout(() => {
        if (this.deadline === deadline) this.interrupt();
      }, Math.max(0, delayMs));
      timer.unref();
    }
  }

  get interrupted(): boolean {
    return this.interruptRequested;
  }

  /** Runs host-module hooks between iterations (e.g. the per-iteration cookie jar reset). */
  get host(): VuHostContext {
    return this.hostContext;
  }

  /** Lets host modules reset their per-iteration state. */
  afterIteration(): void {
    for (const module of this.config.modules) module.afterIteration?.(this.hostContext);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const module of this.config.modules) void module.dispose?.(this.hostContext);
    this.releaseEngine();
  }

  private get context(): QuickJSContext {
    return this.engine.context;
  }

  private get runtime(): QuickJSRuntime {
    return this.engine.runtime;
  }

  /** A new engine: the template's copy when there is a template it can copy (see {@link fromTemplate}). */
  private async newEngine(): Promise<VuEngine> {
    const options = {
      memoryLimitBytes: this.memoryLimit,
      host: this.hostContext,
      modules: this.config.modules,
      shouldInterrupt: () => this.isInterrupted(),
    };
    const copy = await this.config.template?.createEngine(options);
    this.startedFromTemplate = copy !== undefined;
    const engine = copy ?? (await createVuEngine(options));
    limitEngineMemory(engine, this.memoryLimit);
    return engine;
  }

  private isInterrupted(): boolean {
    if (this.interruptRequested) return true;
    const flag = this.config.stopFlag;
    if (flag !== undefined && Atomics.load(flag, 0) !== 0) {
      this.interrupt();
      return true;
    }
    const now = performance.now();
    return now > this.deadline || now > this.initDeadline;
  }

  /**
   * Runs the VU's init within the init bound: qk6's runtime modules (copied from the template, or
   * evaluated here), the VU's identity, then the bootstrap module, which evaluates the script's
   * module graph.
   */
  private async runInit(): Promise<CallOutcome> {
    const phase = this.hostContext.phase;
    this.hostContext.phase = 'init';
    this.initDeadline = performance.now() + INIT_TIMEOUT_MS;
    try {
      const outcome = await this.evaluateInit();
      const timedOut = performance.now() > this.initDeadline && !this.interruptRequested && performance.now() <= this.deadline;
      if (outcome.ok || !outcome.error.interrupted || !timedOut) return outcome;
      const message = `the init code did not finish within ${INIT_TIMEOUT_MS / 1000}s, qk6's fixed limit for it: look for an endless loop at the top level of the script or of a module it imports`;
      const frames = outcome.error.text.split('\n').slice(1);
      return { ok: false, error: { name: 'Error', message, text: [`Error: ${message}`, ...frames].join('\n'), interrupted: false } };
    } finally {
      this.initDeadline = Number.POSITIVE_INFINITY;
      this.hostContext.phase = phase;
    }
  }

  private async evaluateInit(): Promise<CallOutcome> {
    if (!this.startedFromTemplate) {
      learnStripFlag(this.engine);
      const runtime = await this.evaluate(preloadSource([]), PRELOAD_MODULE, true);
      if (!runtime.ok) return runtime;
    }
    const identified = await this.call('__qk6.identify()');
    if (!identified.ok) return identified;
    return this.evaluate(bootstrapSource(this.config.scriptPath), BOOTSTRAP_MODULE, true);
  }

  /** Replaces a broken engine and replays init and the activation; returns why that failed, if it did. */
  private async restart(): Promise<ScriptError | undefined> {
    this.releaseEngine();
    this.broken = false;
    try {
      this.engine = await this.newEngine();
    } catch (error) {
      this.broken = true;
      return engineFault(error, false);
    }
    const init = await this.runInit();
    if (!init.ok) {
      this.broken = true;
      return init.error;
    }
    if (this.activation === undefined) return undefined;
    const activated = await this.call(activationCall(this.activation, this.iterations));
    if (activated.ok) return undefined;
    this.broken = true;
    return activated.error;
  }

  /** Drops the engine; its handles are freed only while it is healthy (see disposeVuEngine). */
  private releaseEngine(): void {
    if (!this.broken) {
      this.iterateFunction?.dispose();
      for (const fn of this.guestFunctions.values()) fn.dispose();
    }
    this.iterateFunction = undefined;
    this.guestFunctions.clear();
    disposeVuEngine(this.engine, this.broken);
  }

  /** Runs `call` into the engine; a host exception out of it breaks the engine and becomes the script's error. */
  private async guard(call: () => Promise<CallOutcome>): Promise<CallOutcome> {
    this.assertNotDisposed();
    if (!this.broken && this.brokenWithInstance()) {
      // Another VU's engine broke: this VU has done nothing wrong, and goes on in a new engine.
      const failed = await this.restart();
      if (failed !== undefined) return { ok: false, error: failed };
    }
    if (this.broken) return { ok: false, error: engineFault(new Error('the VU stopped after an earlier failure'), this.isInterrupted()) };
    try {
      return await call();
    } catch (error) {
      return this.engineBroke(error);
    }
  }

  private assertNotDisposed(): void {
    if (this.disposed) throw new Error('internal error: call into a disposed VU');
  }

  /** A host exception out of a call into the engine: the engine is broken, the call fails with it. */
  private engineBroke(error: unknown): CallOutcome & { ok: false } {
    this.broken = true;
    this.engine.instance.broken = true;
    return { ok: false, error: engineFault(error, this.isInterrupted()) };
  }

  /**
   * The iteration's call, guarded as {@link guard} guards the others. It runs once per iteration,
   * so it is written out instead of going through `guard` and `settle`: every async function an
   * iteration passes through leaves it ~0.5 KB of garbage (V8's sampling heap profiler, with
   * inlining off to see where).
   */
  private async runIteration(): Promise<CallOutcome> {
    this.assertNotDisposed();
    this.iterations += 1;
    let outcome: CallOutcome;
    try {
      if (this.iterateFunction === undefined) {
        const lookup = await this.engine.calls.evalCode('__qk6.iterate', 'qk6:call', false);
        if (lookup.error) return this.failure(lookup.error);
        this.iterateFunction = lookup.value;
      }
      const result = await this.engine.calls.callFunction(this.iterateFunction);
      if (result.error !== undefined) outcome = this.failure(result.error);
      else outcome = this.finishedAtOnce(result.value) ? ITERATION_DONE : await this.settle(result.value, false);
    } catch (error) {
      outcome = this.engineBroke(error);
    }
    if (!this.broken || outcome.ok) return outcome;
    // The engine broke in this iteration: it is replaced now, and the next iteration runs on the new one.
    const failed = await this.restart();
    const note = failed === undefined ? 'the VU was restarted (its init code ran again)' : `the VU could not be restarted: ${failed.message}`;
    return { ok: false, error: { ...outcome.error, text: `${outcome.error.text}\n${note}` } };
  }

  /**
   * Whether an iteration's result leaves nothing to wait for: `__qk6.iterate()` returned undefined
   * (no promise, no pending timer) and no promise job is queued. Then the handle is freed here,
   * and {@link settle} is not needed.
   */
  private finishedAtOnce(result: QuickJSHandle): boolean {
    if (!this.context.sameValue(result, this.context.undefined) || this.runtime.hasPendingJob()) return false;
    result.dispose();
    return true;
  }

  private call(expression: string): Promise<CallOutcome> {
    return this.evaluate(expression, 'qk6:call', false);
  }

  private evaluate(code: string, filename: string, isModule: boolean): Promise<CallOutcome> {
    return this.guard(async () => {
      const result = await this.engine.calls.evalCode(code, filename, isModule);
      if (result.error) return this.failure(result.error);
      return this.settle(result.value, isModule);
    });
  }

  /**
   * Waits for what a call started, as k6's event loop does: a returned promise (async functions,
   * top-level await), promise jobs, and timers (`setTimeout`/`setInterval`). Timers run through the
   * guest's `waitForTimer`, which sleeps with a suspending host call until the next one is due.
   * `iterate()` returns the number of pending timers, so a call without timers costs nothing extra.
   */
  private async settle(handle: QuickJSHandle, isModule: boolean): Promise<CallOutcome> {
    let value = handle;
    // The settled value's type, asked once: each `typeof` is a round trip with a string.
    let type: string;
    for (;;) {
      const state = this.context.getPromiseState(value);
      if (state.type === 'fulfilled') {
        if (!state.notAPromise) {
          value.dispose();
          value = state.value;
          continue;
        }
        type = this.context.typeof(value);
        const pendingTimers = type === 'number' ? this.context.getNumber(value) : 0;
        const drained = await this.drainEventLoop(pendingTimers > 0);
        if (drained !== undefined) {
          value.dispose();
          return drained;
        }
        break;
      }
      if (state.type === 'rejected') {
        value.dispose();
        return this.failure(state.error);
      }
      const jobError = await this.engine.calls.executePendingJobs();
      if (jobError !== undefined) {
        value.dispose();
        return this.failure(jobError);
      }
      if (this.context.getPromiseState(value).type === 'pending' && !this.runtime.hasPendingJob()) {
        const step = await this.callGuest('waitForTimer');
        if (!step.ok) {
          value.dispose();
          return step;
        }
        if (step.value === false) {
          value.dispose();
          return {
            ok: false,
            error: toScriptError({ name: 'Error', message: 'the promise returned by the script never settled' }, this.interruptRequested),
          };
        }
      }
    }
    try {
      if (isModule) return { ok: true, value: undefined };
      return { ok: true, value: type === 'string' ? this.context.getString(value) : undefined };
    } finally {
      value.dispose();
    }
  }

  /** Runs leftover promise jobs and, when `timers` says some are pending, every timer until none is. */
  private async drainEventLoop(timers: boolean): Promise<CallOutcome | undefined> {
    for (;;) {
      if (this.runtime.hasPendingJob()) {
        const jobError = await this.engine.calls.executePendingJobs();
        if (jobError !== undefined) return this.failure(jobError);
      }
      if (!timers) return undefined;
      const step = await this.callGuest('waitForTimer');
      if (!step.ok) return step;
      if (step.value === false) return undefined;
    }
  }

  /** Calls one of the guest's `__qk6` functions (kept handles) and returns its plain result. */
  private async callGuest(name: 'waitForTimer'): Promise<{ ok: true; value: unknown } | { ok: false; error: ScriptError }> {
    let fn = this.guestFunctions.get(name);
    if (fn === undefined) {
      const lookup = await this.engine.calls.evalCode(`__qk6.${name}`, 'qk6:call', false);
      if (lookup.error) return this.failure(lookup.error);
      fn = lookup.value;
      this.guestFunctions.set(name, fn);
    }
    const result = await this.engine.calls.callFunction(fn);
    if (result.error !== undefined) return this.failure(result.error);
    const value: unknown = this.context.dump(result.value);
    result.value.dispose();
    return { ok: true, value };
  }

  private failure(errorHandle: QuickJSHandle): CallOutcome & { ok: false } {
    const dumped: unknown = this.context.dump(errorHandle);
    errorHandle.dispose();
    const error = toScriptError(dumped, this.isInterrupted());
    const heapFull = engineHeapBytes(this.engine) >= this.memoryLimit * 0.8;
    return { ok: false, error: explainOutOfMemory(error, dumped, heapFull, this.memoryLimit) };
  }
}

/** What the guest hands the host as JSON must be JSON, whatever the script did to its globals. */
function requireJson(outcome: CallOutcome, what: string): CallOutcome {
  if (!outcome.ok || outcome.value === undefined) return outcome;
  try {
    JSON.parse(outcome.value);
    return outcome;
  } catch {
    const message = `${what} could not be encoded as JSON`;
    return { ok: false, error: { name: 'TypeError', message, text: `TypeError: ${message}`, interrupted: false } };
  }
}

/** The guest call that (re)selects the iteration function, with the `__ITER` to continue from. */
function activationCall(activation: Activation, firstIteration: number): string {
  const { exec, setupDataJson, scenarioEnv } = activation;
  const data = setupDataJson === undefined ? 'undefined' : JSON.stringify(setupDataJson);
  const env = scenarioEnv === undefined ? 'undefined' : JSON.stringify(scenarioEnv);
  return `__qk6.activate(${JSON.stringify(exec)}, ${data}, ${env}, ${firstIteration})`;
}
