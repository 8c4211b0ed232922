/**
 * The per-VU object host operations receive ({@link VuHostContext}): the VU's phase, options,
 * tags, module state, and the abort signal that cancels its I/O. It outlives the VU's QuickJS
 * instance: when a broken instance is replaced (see virtual-user.ts) the host state — cookie jars,
 * connections, `exec.vu.tags` — carries over.
 */
import type { MetricType, Tags, ValueType } from '../metrics/metric.js';
import { GuestError } from './bridge-contract.js';
import type { ExecutionInfo, LogLevel, TestControl, VuHostContext, VuHttpOptions, VuPhase } from './host-context.js';
import { scriptLocation } from './module-resolver.js';
import type { SampleSink } from './sample-sink.js';
import { wakeAfter } from './wake-batches.js';

/** What a {@link VuHost} needs from the VU's configuration. */
export interface VuHostConfig {
  readonly id: number;
  readonly scriptPath: string;
  readonly env: Readonly<Record<string, string>>;
  readonly http: VuHttpOptions;
  readonly sink: SampleSink;
  readonly runTags: Tags;
  readonly log: (level: LogLevel, message: string, fields?: Readonly<Record<string, string>>) => void;
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

export class VuHost implements VuHostContext {
  readonly id: number;
  phase: VuPhase = 'init';
  readonly http: VuHttpOptions;
  readonly scriptDir: string;
  readonly state = new Map<string, unknown>();
  scenarioTags: Tags = {};
  readonly vuTags: Record<string, string> = {};
  readonly execution: ExecutionInfo;
  private readonly config: VuHostConfig;
  private controller = new AbortController();
  /** Ends the VU's pending `sleep()` early (on abort); undefined while it does not sleep. */
  private wakeSleeper: (() => void) | undefined;

  constructor(
    config: VuHostConfig,
    private readonly interruptVu: () => void,
  ) {
    this.id = config.id;
    this.http = config.http;
    this.config = config;
    this.scriptDir = scriptLocation(config.scriptPath).directory;
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
    this.config.sink.add(metric, value, this.sampleTags(tags));
  }

  sampleTags(tags: Tags): Tags {
    return { ...this.config.runTags, ...this.scenarioTags, ...this.vuTags, ...tags };
  }

  emitTagged(metric: string, value: number, sampleTags: Tags): void {
    this.config.sink.add(metric, value, sampleTags);
  }

  log(level: LogLevel, message: string, fields?: Readonly<Record<string, string>>): void {
    this.config.log(level, message, fields ?? CONSOLE_FIELDS);
  }

  /**
   * Resolves after `ms`, or at once when the VU is aborted meanwhile. Node's promise `setTimeout`
   * with an abort signal took ~7 µs of CPU per call, most of it promises and listener bookkeeping
   * around the timer; this takes ~0.5 µs, and a script that sleeps once per iteration (most k6
   * scripts) sleeps this way at every iteration. A VU sleeps once at a time: `sleep()` suspends it.
   * When many VUs are due at once, they wake a few per turn of the event loop, and never before
   * `ms` (wake-batches.ts).
   */
  sleep(ms: number): Promise<undefined> {
    if (this.controller.signal.aborted) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      const wake = (): void => {
        cancel();
        if (this.wakeSleeper === wake) this.wakeSleeper = undefined;
        resolve(undefined);
      };
      const cancel = wakeAfter(ms, wake);
      this.wakeSleeper = wake;
    });
  }

  /** Cancels the VU's I/O (sleep, requests) now. */
  abort(): void {
    this.controller.abort();
    this.wakeSleeper?.();
  }

  /** A fresh signal after an abort, for a VU that runs again. */
  renewSignal(): void {
    if (this.controller.signal.aborted) this.controller = new AbortController();
  }
}
