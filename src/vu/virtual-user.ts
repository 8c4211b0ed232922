/**
 * One virtual user: a QuickJS module instance with one runtime and one context, running the
 * script's module graph once (init) and then iterations, each a tiny call expression into the
 * already-evaluated module (never re-evaluating the script).
 *
 * States:  created ──init()──► ready ──activate()──► active ──iterate()*──► … ──dispose()──► disposed
 *          any state ──interrupt()──► the current call ends with `interrupted`, I/O is aborted.
 */
import { pathToFileURL } from 'node:url';
import type { QuickJSAsyncContext, QuickJSAsyncRuntime, QuickJSHandle } from 'quickjs-emscripten';
import type { MetricType, Tags, ValueType } from '../metrics/metric.js';
import { BinaryResult, GuestError, type HostModule, type OpInput } from './bridge-contract.js';
import { coreModule } from './core-ops.js';
import type { ExecutionInfo, LogLevel, TestControl, VuHostContext, VuHttpOptions, VuPhase } from './host-context.js';
import { BOOTSTRAP_MODULE, ModuleResolutionError, loadModuleSource, normalizeModuleName } from './module-resolver.js';
import { callFunctionAsync } from './call-async.js';
import { executePendingJobsAsync } from './pending-jobs.js';
import { newQuickJSInstance } from './quickjs-engine.js';
import type { SampleSink } from './sample-sink.js';
import { toScriptError, type ScriptError } from './script-error.js';

export interface VirtualUserConfig {
  /** `__VU`: 1..N, or 0 for the options/setup/teardown/handleSummary VUs. */
  readonly id: number;
  /** Absolute path of the main script. */
  readonly scriptPath: string;
  /** `__ENV` as the script sees it. */
  readonly env: Readonly<Record<string, string>>;
  readonly http: VuHttpOptions;
  readonly sink: SampleSink;
  /** Run-level tags (`options.tags`) added to every sample. */
  readonly runTags: Tags;
  readonly log: (level: LogLevel, message: string, fields?: Readonly<Record<string, string>>) => void;
  readonly modules: readonly HostModule[];
  /** QuickJS heap limit for this VU, bytes. */
  readonly memoryLimitBytes?: number;
  /** How k6/execution reaches the test (absent: its test APIs report they are unavailable). */
  readonly control?: TestControl;
}

const CONSOLE_FIELDS = { source: 'console' } as const;

const NO_TEST_CONTROL: TestControl = {
  instance: () => ({ currentTestRunDuration: 0, iterationsCompleted: 0, iterationsInterrupted: 0, vusActive: 0, vusInitialized: 0 }),
  abort: () => {
    throw new GuestError('test.abort() is not available here');
  },
  fail: () => {
    throw new GuestError('test.fail() is not available here');
  },
  options: {},
};

/** The outcome of one call into the script. */
export type CallOutcome = { ok: true; value: string | undefined } | { ok: false; error: ScriptError };

const UNRESOLVED_PREFIX = 'qk6-unresolved:';
const DEFAULT_MEMORY_LIMIT = 512 * 1024 * 1024;

export class VirtualUser {
  readonly id: number;
  private readonly config: VirtualUserConfig;
  private readonly runtime: QuickJSAsyncRuntime;
  private readonly context: QuickJSAsyncContext;
  private readonly hostContext: HostContext;
  private interruptRequested = false;
  /** `__qk6.iterate`, looked up once and kept for the VU's life. */
  private iterateFunction: QuickJSHandle | undefined;
  /** Other `__qk6` functions the host calls, looked up on first use. */
  private readonly guestFunctions = new Map<string, QuickJSHandle>();
  /** performance.now() after which script code is interrupted: a busy loop blocks timers, so the deadline is checked by QuickJS itself. */
  private deadline = Number.POSITIVE_INFINITY;
  private disposed = false;

  private constructor(config: VirtualUserConfig, runtime: QuickJSAsyncRuntime, context: QuickJSAsyncContext) {
    this.id = config.id;
    this.config = config;
    this.runtime = runtime;
    this.context = context;
    this.hostContext = new HostContext(config, () => this.interrupt());
  }

  /** Creates the VU and runs the script's init code. Fails with the script's error on an exception. */
  static async create(config: VirtualUserConfig): Promise<{ vu: VirtualUser; init: CallOutcome }> {
    const module = await newQuickJSInstance();
    const runtime = module.newRuntime();
    runtime.setMemoryLimit(config.memoryLimitBytes ?? DEFAULT_MEMORY_LIMIT);
    // A failing normalizer leaves QuickJS loading an empty name, which hides the reason; so the
    // normalizer returns the error as a name and the loader raises it.
    runtime.setModuleLoader(
      (name) => {
        try {
          if (name.startsWith(UNRESOLVED_PREFIX)) {
            throw new ModuleResolutionError(decodeURIComponent(name.slice(UNRESOLVED_PREFIX.length)));
          }
          return loadModuleSource(name);
        } catch (error) {
          return { error: error instanceof Error ? error : new Error(String(error)) };
        }
      },
      (base, requested) => {
        try {
          return normalizeModuleName(base, requested);
        } catch (error) {
          return UNRESOLVED_PREFIX + encodeURIComponent(error instanceof Error ? error.message : String(error));
        }
      },
    );
    const context = runtime.newContext();
    const vu = new VirtualUser(config, runtime, context);
    runtime.setInterruptHandler(() => vu.interruptRequested || performance.now() > vu.deadline);
    vu.installBridge();
    const mainUrl = pathToFileURL(config.scriptPath).href;
    const bootstrap = [
      `import 'qk6:internal';`,
      `import * as main from ${JSON.stringify(mainUrl)};`,
      `import { registerMain } from 'qk6:internal';`,
      `registerMain(main);`,
    ].join('\n');
    const init = await vu.evaluate(bootstrap, BOOTSTRAP_MODULE, true);
    return { vu, init };
  }

  get phase(): VuPhase {
    return this.hostContext.phase;
  }

  /** The exported function names, and whether `options` is exported. */
  async describeExports(): Promise<{ functions: string[]; hasOptions: boolean }> {
    const outcome = await this.call('__qk6.describeExports()');
    if (!outcome.ok || outcome.value === undefined) return { functions: [], hasOptions: false };
    return JSON.parse(outcome.value) as { functions: string[]; hasOptions: boolean };
  }

  /** The script's exported `options`, JSON-encoded (`null` when not exported). */
  async optionsJson(): Promise<CallOutcome> {
    return this.call('__qk6.optionsJson()');
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
    const data = setupDataJson === undefined ? 'undefined' : JSON.stringify(setupDataJson);
    const env = scenarioEnv === undefined ? 'undefined' : JSON.stringify(scenarioEnv);
    return this.call(`__qk6.activate(${JSON.stringify(exec)}, ${data}, ${env})`);
  }

  /** Runs one iteration of the activated function: the hot path, a direct call of a kept handle. */
  async iterate(): Promise<CallOutcome> {
    this.hostContext.phase = 'iteration';
    if (this.iterateFunction === undefined) {
      const lookup = await this.context.evalCodeAsync('__qk6.iterate');
      if (lookup.error) return this.failure(lookup.error);
      this.iterateFunction = lookup.value;
    }
    const result = await callFunctionAsync(this.context, this.iterateFunction);
    if (result.error !== undefined) return this.failure(result.error);
    return this.settle(result.value, false);
  }

  /** Calls setup/teardown/handleSummary with a JSON argument; returns its JSON result. */
  async callExport(name: string, argJson: string | undefined, phase: VuPhase, group = ''): Promise<CallOutcome> {
    this.hostContext.phase = phase;
    const arg = argJson === undefined ? 'undefined' : JSON.stringify(argJson);
    return this.call(`__qk6.callExport(${JSON.stringify(name)}, ${arg}, ${JSON.stringify(group)})`);
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
    this.iterateFunction?.dispose();
    for (const fn of this.guestFunctions.values()) fn.dispose();
    this.context.dispose();
    try {
      this.runtime.dispose();
    } catch {
      // quickjs-emscripten 0.32 unregisters the runtime's callbacks before QTS_FreeRuntime, whose
      // finalizers then cannot free host function refs. The VU owns its whole module instance, so
      // everything left is released with it.
    }
  }

  private call(expression: string): Promise<CallOutcome> {
    return this.evaluate(expression, 'qk6:call', false);
  }

  private async evaluate(code: string, filename: string, isModule: boolean): Promise<CallOutcome> {
    if (this.disposed) throw new Error('internal error: call into a disposed VU');
    const result = await this.context.evalCodeAsync(code, filename, isModule ? { type: 'module' } : undefined);
    if (result.error) return this.failure(result.error);
    return this.settle(result.value, isModule);
  }

  /** Waits for a returned promise (async functions, top-level await) by running pending jobs. */
  /**
   * Waits for what a call started, as k6's event loop does: a returned promise (async functions,
   * top-level await), promise jobs, and timers (`setTimeout`/`setInterval`). Timers run through the
   * guest's `waitForTimer`, which sleeps with a suspending host call until the next one is due.
   * `iterate()` returns the number of pending timers, so a call without timers costs nothing extra.
   */
  private async settle(handle: QuickJSHandle, isModule: boolean): Promise<CallOutcome> {
    let value = handle;
    for (;;) {
      const state = this.context.getPromiseState(value);
      if (state.type === 'fulfilled') {
        if (!state.notAPromise) {
          value.dispose();
          value = state.value;
          continue;
        }
        const pendingTimers = this.context.typeof(value) === 'number' ? this.context.getNumber(value) : 0;
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
      const jobError = await executePendingJobsAsync(this.runtime, this.context);
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
      const type = this.context.typeof(value);
      return { ok: true, value: type === 'string' ? this.context.getString(value) : undefined };
    } finally {
      value.dispose();
    }
  }

  /** Runs leftover promise jobs and, when `timers` says some are pending, every timer until none is. */
  private async drainEventLoop(timers: boolean): Promise<CallOutcome | undefined> {
    for (;;) {
      if (this.runtime.hasPendingJob()) {
        const jobError = await executePendingJobsAsync(this.runtime, this.context);
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
      const lookup = await this.context.evalCodeAsync(`__qk6.${name}`);
      if (lookup.error) return this.failure(lookup.error);
      fn = lookup.value;
      this.guestFunctions.set(name, fn);
    }
    const result = await callFunctionAsync(this.context, fn);
    if (result.error !== undefined) return this.failure(result.error);
    const value: unknown = this.context.dump(result.value);
    result.value.dispose();
    return { ok: true, value };
  }

  private failure(errorHandle: QuickJSHandle): CallOutcome {
    const dumped: unknown = this.context.dump(errorHandle);
    errorHandle.dispose();
    return { ok: false, error: toScriptError(dumped, this.interruptRequested || performance.now() > this.deadline) };
  }

  private installBridge(): void {
    const { context } = this;
    const syncOps = new Map<string, (vu: VuHostContext, input: OpInput) => unknown>();
    const asyncOps = new Map<string, (vu: VuHostContext, input: OpInput) => Promise<unknown>>();
    for (const module of [coreModule, ...this.config.modules]) {
      for (const [name, op] of Object.entries(module.sync ?? {})) syncOps.set(name, op);
      for (const [name, op] of Object.entries(module.async ?? {})) asyncOps.set(name, op);
    }
    const readInput = (payload: QuickJSHandle | undefined, buffer: QuickJSHandle | undefined): OpInput => {
      const text = payload !== undefined && context.typeof(payload) === 'string' ? context.getString(payload) : undefined;
      let bytes: ArrayBuffer | undefined;
      if (buffer !== undefined && context.typeof(buffer) === 'object') {
        const view = context.getArrayBuffer(buffer);
        try {
          bytes = view.value.slice().buffer;
        } finally {
          view.dispose();
        }
      }
      return { payload: text === undefined ? undefined : (JSON.parse(text) as unknown), buffer: bytes };
    };
    const toHandle = (value: unknown): QuickJSHandle => {
      if (value === undefined) return context.undefined;
      if (typeof value === 'string') return context.newString(value);
      if (value instanceof BinaryResult) {
        // A Node Buffer may be a view into a shared pool: copy exactly its bytes.
        const { bytes } = value;
        return context.newArrayBuffer(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
      }
      return context.newString(JSON.stringify(value));
    };
    const toGuestError = (error: unknown): QuickJSHandle => {
      if (error instanceof GuestError) return context.newError({ name: error.name, message: error.message });
      const message = error instanceof Error ? error.message : String(error);
      return context.newError({ name: 'Error', message });
    };
    const opName = (handle: QuickJSHandle | undefined): string =>
      handle !== undefined && context.typeof(handle) === 'string' ? context.getString(handle) : '';

    const call = context.newFunction('call', (opHandle, payload, buffer) => {
      const name = opName(opHandle);
      const op = syncOps.get(name);
      if (op === undefined) return { error: context.newError(`unknown host operation "${name}"`) };
      try {
        return toHandle(op(this.hostContext, readInput(payload, buffer)));
      } catch (error) {
        return { error: toGuestError(error) };
      }
    });
    const runAsyncOp = async (opHandle: QuickJSHandle, payload: QuickJSHandle | undefined, buffer: QuickJSHandle | undefined) => {
      const name = opName(opHandle);
      const op = asyncOps.get(name);
      if (op === undefined) return { error: context.newError(`unknown host operation "${name}"`) };
      try {
        const input = readInput(payload, buffer);
        return toHandle(await op(this.hostContext, input));
      } catch (error) {
        return { error: toGuestError(error) };
      }
    };
    const callAsync = context.newAsyncifiedFunction('callAsync', (opHandle, payload, buffer) => {
      const result = runAsyncOp(opHandle, payload, buffer);
      suppressNextSuspensionStack();
      return result;
    });
    const bridge = context.newObject();
    context.setProp(bridge, 'call', call);
    context.setProp(bridge, 'callAsync', callAsync);
    context.setProp(context.global, '__qk6host', bridge);
    call.dispose();
    callAsync.dispose();
    bridge.dispose();
  }
}

/**
 * quickjs-emscripten records every suspension in an Error (only read to explain an "Already
 * suspended" bug), and capturing that stack through the wasm frames costs ~35 µs per request. The
 * Error is built synchronously right after our host function returns its promise, so the stack
 * limit is lowered for that moment and restored before any other code runs (a microtask).
 */
function suppressNextSuspensionStack(): void {
  const limit = Error.stackTraceLimit;
  if (limit === 0) return;
  Error.stackTraceLimit = 0;
  queueMicrotask(() => {
    Error.stackTraceLimit = limit;
  });
}

/** The per-VU object host operations receive. */
class HostContext implements VuHostContext {
  readonly id: number;
  phase: VuPhase = 'init';
  readonly http: VuHttpOptions;
  readonly scriptDir: string;
  readonly state = new Map<string, unknown>();
  scenarioTags: Tags = {};
  readonly vuTags: Record<string, string> = {};
  readonly execution: ExecutionInfo;
  private readonly config: VirtualUserConfig;
  private controller = new AbortController();

  constructor(
    config: VirtualUserConfig,
    private readonly interruptVu: () => void,
  ) {
    this.id = config.id;
    this.http = config.http;
    this.config = config;
    this.scriptDir = new URL('.', pathToFileURL(config.scriptPath)).pathname;
    this.execution = { scenario: undefined, iterationInInstance: 0, iterationInScenario: 0, control: config.control ?? NO_TEST_CONTROL };
  }

  interruptSelf(): void {
    this.interruptVu();
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get env(): Readonly<Record<string, string>> {
    return this.config.env;
  }

  defineMetric(name: string, type: MetricType, valueType: ValueType): void {
    this.config.sink.define(name, type, valueType);
  }

  emit(metric: string, value: number, tags: Tags): void {
    this.config.sink.add(metric, value, { ...this.config.runTags, ...this.scenarioTags, ...this.vuTags, ...tags });
  }

  log(level: LogLevel, message: string, fields?: Readonly<Record<string, string>>): void {
    this.config.log(level, message, fields ?? CONSOLE_FIELDS);
  }

  abort(): void {
    this.controller.abort();
  }

  renewSignal(): void {
    if (this.controller.signal.aborted) this.controller = new AbortController();
  }
}
