/**
 * Starts the first VU worker thread while the main thread is still loading the CLI and the script.
 *
 * A worker spends ~0.4 s loading its modules before it can create a VU, and every run needs at
 * least one worker; started by the launcher (bin/qk6.js) before anything else, that load overlaps
 * the main thread's own start-up instead of following it. The early worker waits for its
 * {@link WorkerData} in a `configure` message; the first worker a run starts takes it, and a
 * command that never starts workers leaves it to die with the process (it does not keep it alive).
 *
 * This module imports nothing of qk6's but thread-environment.ts (which imports nothing), so that
 * the launcher can load it before the CLI.
 */
import { Worker } from 'node:worker_threads';
import { publishedToWorkers, type EnvironmentEntries } from './thread-environment.js';
import type { WorkerData } from './worker-protocol.js';

const WORKER_URL = new URL('./vu-worker.js', import.meta.url);
// A QuickJS call nests deeply in native frames; Node's 4 MiB default caps script recursion at ~60 calls.
const WORKER_OPTIONS = { resourceLimits: { stackSizeMb: 64 } } as const;

/** What an early worker gets as its `workerData`: it waits for its configuration. */
export interface EarlyWorkerData {
  readonly early: true;
}

/** The message that hands an early worker its {@link WorkerData}. */
export interface ConfigureMessage {
  readonly type: 'configure';
  readonly data: WorkerData;
  /** The environment data published since the worker started (thread-environment.ts). */
  readonly environment: EnvironmentEntries;
}

interface EarlyWorker {
  readonly worker: Worker;
  /** The thread failed or exited before a run took it. */
  broken: boolean;
}

let early: EarlyWorker | undefined;

/** Starts the early worker when `args` (the command line after the program name) run a test. */
export function startEarlyWorker(args: readonly string[]): void {
  if (early !== undefined || !isRunCommand(args)) return;
  const workerData: EarlyWorkerData = { early: true };
  const worker = new Worker(WORKER_URL, { ...WORKER_OPTIONS, workerData });
  worker.unref();
  const entry: EarlyWorker = { worker, broken: false };
  const markBroken = (): void => {
    entry.broken = true;
  };
  worker.once('error', markBroken);
  worker.once('exit', markBroken);
  early = entry;
}

/** `qk6 run …`: the first argument that is not an option is `run`. */
export function isRunCommand(args: readonly string[]): boolean {
  return args.find((arg) => !arg.startsWith('-')) === 'run';
}

/** A VU worker for `data`: the early one if it is still sound (`early`), a new thread otherwise. */
export function newVuWorker(data: WorkerData): { readonly worker: Worker; readonly early: boolean } {
  const taken = early;
  early = undefined;
  if (taken !== undefined) {
    if (!taken.broken) {
      taken.worker.removeAllListeners();
      taken.worker.ref();
      taken.worker.postMessage({ type: 'configure', data, environment: publishedToWorkers() } satisfies ConfigureMessage);
      return { worker: taken.worker, early: true };
    }
    void taken.worker.terminate();
  }
  return { worker: new Worker(WORKER_URL, { ...WORKER_OPTIONS, workerData: data }), early: false };
}
