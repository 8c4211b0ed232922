/**
 * The main thread's side of the VU workers: starts them (each initialises its VUs), starts the
 * scenarios on all of them at one common time, merges their metric reports into the main
 * thread's aggregates, forwards their logs, keeps the live counters, and stops them.
 */
import type { Worker } from 'node:worker_threads';
import { ScriptAbortedError, ScriptExceptionError } from '../../errors/errors.js';
import { Qk6Error } from '../../errors/qk6-error.js';
import { ExitCode } from '../../errors/exit-codes.js';
import { mergeSnapshot } from '../../metrics/snapshot.js';
import type { RunState } from '../run-state.js';
import type { InstanceInfo } from '../../vu/host-context.js';
import type { TestMetrics } from '../test-metrics.js';
import type { Log } from '../vu-runner.js';
import { discardEarlyWorkers, newVuWorker } from './early-worker.js';
import { runVus, type ControlRequest, type LifecycleOutcome, type MainMessage, type SerializedError, type WorkerCounters, type WorkerData, type WorkerMessage } from './worker-protocol.js';

interface WorkerHandle {
  readonly worker: Worker;
  counters: WorkerCounters;
  done: Promise<void>;
  /** Live-control requests awaiting the worker's answer, by request id. */
  readonly pending: Map<number, (error: SerializedError | undefined) => void>;
  /** The worker has finished (or exited): control requests are answered at once. */
  finished: boolean;
  /** setup()/teardown() calls awaiting the worker's outcome, by request id. */
  readonly lifecycle: Map<number, (outcome: LifecycleOutcome) => void>;
  /** The thread is gone: lifecycle calls end as interrupted. */
  exited: boolean;
}

let lastRequestId = 0;

export class WorkerPool {
  private constructor(
    private readonly handles: readonly WorkerHandle[],
    private readonly state: RunState,
    private readonly stopFlag: Int32Array,
  ) {}

  /** Starts one worker per entry of `workers` and waits until all have initialised their VUs. */
  static async start(workers: readonly WorkerData[], metrics: TestMetrics, state: RunState, log: Log): Promise<WorkerPool> {
    const handles: WorkerHandle[] = [];
    const ready: Array<Promise<void>> = [];
    for (const data of workers) {
      const { worker, early } = newVuWorker(data);
      const handle: WorkerHandle = {
        worker,
        counters: { activeVUs: 0, completedIterations: 0, interruptedIterations: 0, scenarios: [] },
        done: Promise.resolve(),
        pending: new Map(),
        finished: false,
        lifecycle: new Map(),
        exited: false,
      };
      let markReady: () => void = () => undefined;
      let failReady: (error: unknown) => void = () => undefined;
      ready.push(
        new Promise<void>((resolve, reject) => {
          markReady = resolve;
          failReady = reject;
        }),
      );
      handle.done = new Promise<void>((resolve, reject) => {
        worker.on('message', (message: WorkerMessage) => {
          switch (message.type) {
            case 'ready':
              log('debug', `worker ${data.index}${early ? ' (started early)' : ''}: ${message.vus} VUs initialised in ${message.initMs.toFixed(1)}ms${message.youngGenerationMb === undefined ? '' : `, young generation up to ${message.youngGenerationMb} MB`}`);
              markReady();
              break;
            case 'failed':
              failReady(rebuildError(message.error));
              break;
            case 'log':
              log(message.level, message.message, message.fields);
              break;
            case 'report':
              mergeSnapshot(message.snapshot, metrics.registry, metrics.groups, metrics.breakdown);
              handle.counters = message.counters;
              state.completedIterations = sum(handles, (h) => h.counters.completedIterations);
              state.interruptedIterations = sum(handles, (h) => h.counters.interruptedIterations);
              state.activeVUs = sum(handles, (h) => h.counters.activeVUs);
              updateScenarioCounters(state, handles);
              broadcastInstance(handles, state);
              break;
            case 'abort':
              state.stop(new ScriptAbortedError(message.reason === undefined ? 'test aborted' : `test aborted: ${message.reason}`));
              break;
            case 'fail':
              state.failedReason ??= message.reason ?? 'test marked as failed';
              break;
            case 'controlled': {
              handle.counters = message.counters;
              state.completedIterations = sum(handles, (h) => h.counters.completedIterations);
              state.interruptedIterations = sum(handles, (h) => h.counters.interruptedIterations);
              state.activeVUs = sum(handles, (h) => h.counters.activeVUs);
              updateScenarioCounters(state, handles);
              const answer = handle.pending.get(message.requestId);
              handle.pending.delete(message.requestId);
              answer?.(message.error);
              break;
            }
            case 'lifecycle-done': {
              const answer = handle.lifecycle.get(message.requestId);
              handle.lifecycle.delete(message.requestId);
              answer?.(message);
              break;
            }
            case 'done':
              finishControl(handle);
              resolve();
              break;
          }
        });
        worker.on('error', (error) => {
          const failure = new Qk6Error('QK6_ERR_INTERNAL', ExitCode.GenericError, `a VU worker crashed: ${error.stack ?? error.message}`);
          failReady(failure);
          reject(failure);
        });
        worker.on('exit', () => {
          finishControl(handle);
          endLifecycleCalls(handle);
          resolve();
        });
      });
      handle.done.catch(() => undefined);
      handles.push(handle);
    }
    const unused = discardEarlyWorkers();
    if (unused > 0) log('debug', `${unused} worker(s) started early but not needed by this run: ended`);
    try {
      await Promise.all(ready);
    } catch (error) {
      await Promise.all(handles.map((h) => h.worker.terminate()));
      throw error;
    }
    state.initializedVUs = runVus(workers);
    const stopFlag = workers[0] === undefined ? new Int32Array(1) : new Int32Array(workers[0].stopFlag);
    return new WorkerPool(handles, state, stopFlag);
  }

  /** Starts every worker's scenarios at `startAtEpoch` and resolves when all have finished. */
  async run(setupDataJson: string | undefined, startAtEpoch: number): Promise<void> {
    const stop = (): void => {
      // The flag reaches VUs busy in script code at once; the message does the rest of the stop.
      Atomics.store(this.stopFlag, 0, 1);
      this.post({ type: 'stop' });
    };
    this.state.stopSignal.addEventListener('abort', stop, { once: true });
    try {
      this.post({ type: 'start', setupDataJson, startAtEpoch, instance: instanceInfo(this.state) });
      await Promise.all(this.handles.map((handle) => handle.done));
    } finally {
      this.state.stopSignal.removeEventListener('abort', stop);
    }
  }

  /** Number of worker threads. */
  get size(): number {
    return this.handles.length;
  }

  /**
   * Sends a live-control request to worker `index`; resolves once the worker has applied it (the
   * run state's counters then include its answer), at once if the worker has finished.
   */
  control(index: number, request: ControlRequest): Promise<void> {
    const handle = this.handles[index];
    if (handle === undefined || handle.finished) return Promise.resolve();
    lastRequestId += 1;
    const requestId = lastRequestId;
    return new Promise((resolve, reject) => {
      handle.pending.set(requestId, (error) => (error === undefined ? resolve() : reject(rebuildError(error))));
      handle.worker.postMessage({ ...request, requestId } satisfies MainMessage);
    });
  }

  /**
   * Runs setup() or teardown() in worker 0 (worker-protocol.ts `LifecycleRequest` says why);
   * `interruptWhen` signals end it early. Resolves with how it ended, once the worker has shipped
   * the call's samples.
   */
  runLifecycle(name: 'setup' | 'teardown', argJson: string | undefined, timeoutMs: number, interruptWhen: readonly AbortSignal[]): Promise<LifecycleOutcome> {
    const handle = this.handles[0];
    if (handle === undefined || handle.exited) return Promise.resolve({ interrupted: true, timedOut: false });
    lastRequestId += 1;
    const requestId = lastRequestId;
    const interruptFlag = new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT);
    const interrupt = (): void => {
      Atomics.store(new Int32Array(interruptFlag), 0, 1);
      handle.worker.postMessage({ type: 'lifecycle-interrupt', requestId } satisfies MainMessage);
    };
    return new Promise<LifecycleOutcome>((resolve) => {
      handle.lifecycle.set(requestId, resolve);
      handle.worker.postMessage({ type: 'lifecycle', requestId, name, argJson, timeoutMs, interruptFlag } satisfies MainMessage);
      for (const signal of interruptWhen) {
        if (signal.aborted) interrupt();
        else signal.addEventListener('abort', interrupt, { once: true });
      }
    }).finally(() => {
      for (const signal of interruptWhen) signal.removeEventListener('abort', interrupt);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.handles.map((handle) => handle.worker.terminate()));
  }

  private post(message: MainMessage): void {
    for (const handle of this.handles) handle.worker.postMessage(message);
  }
}

/** A finished worker answers no more requests: release whoever waits. */
function finishControl(handle: WorkerHandle): void {
  handle.finished = true;
  for (const answer of handle.pending.values()) answer(undefined);
  handle.pending.clear();
}

/** A worker thread that is gone ends the setup()/teardown() it was running as interrupted. */
function endLifecycleCalls(handle: WorkerHandle): void {
  handle.exited = true;
  for (const answer of handle.lifecycle.values()) answer({ interrupted: true, timedOut: false });
  handle.lifecycle.clear();
}

function sum(handles: readonly WorkerHandle[], pick: (handle: WorkerHandle) => number): number {
  return handles.reduce((total, handle) => total + pick(handle), 0);
}

function updateScenarioCounters(state: RunState, handles: readonly WorkerHandle[]): void {
  const totals = new Map<string, { activeVUs: number; completed: number; interrupted: number; done: boolean }>();
  for (const handle of handles) {
    for (const [name, counters] of handle.counters.scenarios) {
      const total = totals.get(name) ?? { activeVUs: 0, completed: 0, interrupted: 0, done: true };
      total.activeVUs += counters.activeVUs;
      total.completed += counters.completed;
      total.interrupted += counters.interrupted;
      total.done &&= counters.done;
      totals.set(name, total);
    }
  }
  for (const [name, total] of totals) Object.assign(state.scenario(name), total);
}

/** Lets k6/execution's `exec.instance` in the workers see the whole run's totals. */
function broadcastInstance(handles: readonly WorkerHandle[], state: RunState): void {
  const totals = instanceInfo(state);
  for (const handle of handles) handle.worker.postMessage({ type: 'instance', totals } satisfies MainMessage);
}

export function instanceInfo(state: RunState): InstanceInfo {
  return {
    currentTestRunDuration: state.elapsedMs(),
    iterationsCompleted: state.completedIterations,
    iterationsInterrupted: state.interruptedIterations,
    vusActive: state.activeVUs,
    vusInitialized: state.initializedVUs,
  };
}

/** A worker's SerializedError as the Qk6Error it was. */
export function rebuildError(error: SerializedError): Qk6Error {
  if (error.code === 'QK6_ERR_SCRIPT_EXCEPTION') return new ScriptExceptionError(error.message, error.scriptStack ?? error.message);
  return new Qk6Error(error.code, ExitCode.GenericError, error.message);
}
