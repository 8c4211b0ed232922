/**
 * Starts VU worker threads while the main thread is still loading the CLI and the script.
 *
 * A worker spends ~0.4 s loading its modules before it can create a VU, and every run needs at
 * least one worker; started by the launcher (bin/qk6.js) before anything else, that load overlaps
 * the main thread's own start-up instead of following it. When the command line already fixes the
 * VU count, every worker the run will use starts this way ({@link earlyWorkerCount}); otherwise
 * only the first, since a second one would be wasted on a 1-VU run, k6's default. An early worker
 * waits for its {@link WorkerData} in a `configure` message; the workers a run starts take them in
 * order, the run discards any left over, and a command that never starts workers leaves them to
 * die with the process (they do not keep it alive).
 *
 * A worker's young generation is sized by its VUs when it starts (young-generation.ts); an early
 * one guessed from the command line too small for the share it is given is not taken.
 *
 * This module imports nothing of qk6's but thread-environment.ts, young-generation.ts and
 * worker-protocol.ts (which import nothing but types), so that the launcher can load it before the
 * CLI.
 */
import { availableParallelism } from 'node:os';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import { publishedToWorkers, type EnvironmentEntries } from './thread-environment.js';
import { workerVus, type WorkerData } from './worker-protocol.js';
import { youngGenerationLimitMb } from './young-generation.js';

const WORKER_URL = new URL('./vu-worker.js', import.meta.url);

/** A VU worker's options, its young generation limited to `youngGenerationMb` (undefined: V8's default). */
function workerOptions(youngGenerationMb: number | undefined): { readonly resourceLimits: ResourceLimits } {
  // A QuickJS call nests deeply in native frames; Node's 4 MiB default caps script recursion at ~60 calls.
  return { resourceLimits: youngGenerationMb === undefined ? { stackSizeMb: 64 } : { stackSizeMb: 64, maxYoungGenerationSizeMb: youngGenerationMb } };
}

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
  /** Its young generation's limit, MB (undefined: V8's default). */
  readonly youngGenerationMb: number | undefined;
  /** The thread failed or exited before a run took it. */
  broken: boolean;
}

/** Early workers no run has taken yet, in start order. */
let early: EarlyWorker[] = [];
let started = false;

/** Starts the early workers when `args` (the command line after the program name) run a test. */
export function startEarlyWorkers(args: readonly string[]): void {
  if (started || !isRunCommand(args)) return;
  started = true;
  const count = earlyWorkerCount(args, process.env, availableParallelism());
  const vus = guessedVus(args, process.env);
  const youngGenerationMb = youngGenerationLimitMb(vus === undefined ? undefined : Math.ceil(vus / count));
  for (let index = 0; index < count; index++) {
    const workerData: EarlyWorkerData = { early: true };
    const worker = new Worker(WORKER_URL, { ...workerOptions(youngGenerationMb), workerData });
    worker.unref();
    const entry: EarlyWorker = { worker, youngGenerationMb, broken: false };
    const markBroken = (): void => {
      entry.broken = true;
    };
    worker.once('error', markBroken);
    worker.once('exit', markBroken);
    early.push(entry);
  }
}

/**
 * How many workers to start early: as many as the run will use when the command line or the
 * environment fixes the VU count (`--vus`/`-u`, else K6_VUS: CLI flags and K6_ env options win
 * over the script's) — `--workers`, else QK6_WORKERS, else one per core, at most one per VU —
 * and one otherwise. Only a guess made before the CLI parses anything: a wrong one costs start-up
 * time or an idle thread, never a result (the run decides its workers itself).
 */
export function earlyWorkerCount(args: readonly string[], env: Readonly<Record<string, string | undefined>>, cores: number): number {
  if (optionValue(args, '--execution-segment') !== undefined) return 1; // such a run uses one worker
  const vus = guessedVus(args, env);
  if (vus === undefined) return 1;
  const workers = wholeNumber(optionValue(args, '--workers') ?? env.QK6_WORKERS) ?? cores;
  return Math.max(1, Math.min(vus, workers));
}

/** The VU count the command line or the environment fixes (CLI flags and K6_ env options win over the script's). */
function guessedVus(args: readonly string[], env: Readonly<Record<string, string | undefined>>): number | undefined {
  return wholeNumber(optionValue(args, '--vus', '-u') ?? env.K6_VUS);
}

/** The value of the last `--name value`, `--name=value`, `-s value` or `-svalue` in `args`. */
function optionValue(args: readonly string[], name: string, short?: string): string | undefined {
  let value: string | undefined;
  for (let index = 0; index < args.length; index++) {
    const arg = args[index] as string;
    if (arg === '--') break;
    if (arg === name || (short !== undefined && arg === short)) value = args[index + 1];
    else if (arg.startsWith(`${name}=`)) value = arg.slice(name.length + 1);
    else if (short !== undefined && arg.startsWith(short) && !arg.startsWith('--') && arg.length > short.length) value = arg.slice(short.length);
  }
  return value;
}

function wholeNumber(text: string | undefined): number | undefined {
  if (text === undefined || !/^\d+$/.test(text.trim())) return undefined;
  const value = Number(text);
  return value >= 1 ? value : undefined;
}

/** `qk6 run …`: the first argument that is not an option is `run`. */
export function isRunCommand(args: readonly string[]): boolean {
  return args.find((arg) => !arg.startsWith('-')) === 'run';
}

/**
 * A VU worker for `data`: the next early one if it is still sound (`early`) and its young
 * generation is not smaller than `data`'s VUs want, a new thread otherwise.
 */
export function newVuWorker(data: WorkerData): { readonly worker: Worker; readonly early: boolean } {
  const youngGenerationMb = youngGenerationLimitMb(workerVus(data.shares));
  const taken = early.shift();
  if (taken !== undefined) {
    if (!taken.broken && fitsYoungGeneration(taken.youngGenerationMb, youngGenerationMb)) {
      taken.worker.removeAllListeners();
      taken.worker.ref();
      taken.worker.postMessage({ type: 'configure', data, environment: publishedToWorkers() } satisfies ConfigureMessage);
      return { worker: taken.worker, early: true };
    }
    void taken.worker.terminate();
  }
  return { worker: new Worker(WORKER_URL, { ...workerOptions(youngGenerationMb), workerData: data }), early: false };
}

/**
 * Whether a worker started with a young generation of `started` MB serves one that wants `wanted`
 * (undefined: V8's default, the largest): a bigger one only costs memory, a smaller one CPU.
 */
export function fitsYoungGeneration(started: number | undefined, wanted: number | undefined): boolean {
  return started === undefined || (wanted !== undefined && started >= wanted);
}

/** Ends the early workers the run did not take (it uses fewer workers than guessed); returns how many. */
export function discardEarlyWorkers(): number {
  const unused = early.length;
  for (const { worker } of early) void worker.terminate();
  early = [];
  return unused;
}
