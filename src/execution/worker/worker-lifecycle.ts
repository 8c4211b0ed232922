/**
 * Worker side of setup() and teardown() (worker-protocol.ts `LifecycleRequest`): each call gets a
 * fresh VU with `__VU` 0, like k6's, bounded by its timeout and interruptible from the main thread
 * (a message for a VU waiting on I/O, the shared flag for one spinning in script code). Its
 * samples are shipped before the outcome, so the main thread has them when the call returns.
 */
import { isQk6Error } from '../../errors/qk6-error.js';
import { ScriptExceptionError } from '../../errors/errors.js';
import type { VirtualUser } from '../../vu/virtual-user.js';
import { createInitializedVu, vuConfig, type VuEnvironment } from '../vu-runner.js';
import type { LifecycleOutcome, LifecycleRequest, SerializedError, WorkerMessage } from './worker-protocol.js';

export class WorkerLifecycle {
  private readonly running = new Map<number, VirtualUser>();

  constructor(
    private readonly environment: VuEnvironment,
    private readonly send: (message: WorkerMessage) => void,
    /** Ships the worker's metric aggregates now. */
    private readonly flushMetrics: () => void,
  ) {}

  async run(requestId: number, request: LifecycleRequest): Promise<void> {
    const outcome = await this.call(requestId, request);
    this.flushMetrics();
    this.send({ type: 'lifecycle-done', requestId, ...outcome });
  }

  interrupt(requestId: number): void {
    this.running.get(requestId)?.interrupt();
  }

  private async call(requestId: number, request: LifecycleRequest): Promise<LifecycleOutcome> {
    const interruptFlag = new Int32Array(request.interruptFlag);
    // Its own flag, not the scenarios' stop flag: teardown still runs after a stop, as in k6.
    const config = { ...vuConfig(this.environment, 0), stopFlag: interruptFlag };
    let vu: VirtualUser;
    try {
      vu = await createInitializedVu(config);
    } catch (error) {
      return { error: serializeError(error), interrupted: false, timedOut: false };
    }
    this.running.set(requestId, vu);
    try {
      const deadline = performance.now() + request.timeoutMs;
      vu.interruptAt(deadline);
      if (Atomics.load(interruptFlag, 0) !== 0) vu.interrupt(); // interrupted while the VU was being created
      const outcome = await vu.callExport(request.name, request.argJson, request.name, `::${request.name}`);
      if (outcome.ok) return { value: outcome.value, interrupted: false, timedOut: false };
      if (outcome.error.interrupted) return { interrupted: true, timedOut: performance.now() >= deadline };
      return { error: serializeError(new ScriptExceptionError(outcome.error.message, outcome.error.text)), interrupted: false, timedOut: false };
    } finally {
      this.running.delete(requestId);
      vu.dispose();
    }
  }
}

/** A Qk6Error as data for the main thread (anything else becomes an internal error with its stack). */
export function serializeError(error: unknown): SerializedError {
  if (isQk6Error(error)) {
    return { code: error.code, message: error.message, scriptStack: error instanceof ScriptExceptionError ? error.scriptStack : undefined };
  }
  return { code: 'QK6_ERR_INTERNAL', message: error instanceof Error ? (error.stack ?? error.message) : String(error) };
}
