/**
 * Data the main thread hands every VU worker (remote-module manifest, SharedArrays):
 * `worker_threads.setEnvironmentData` reaches the threads created after the call; the early
 * worker (early-worker.ts), created before, gets a copy in its `configure` message.
 *
 * This module imports nothing of qk6's: the launcher loads early-worker.ts before the CLI.
 */
import { setEnvironmentData, type Serializable } from 'node:worker_threads';

export type EnvironmentEntries = ReadonlyArray<readonly [string, Serializable]>;

const published = new Map<string, Serializable>();

/** Makes `value` this thread's and every later worker's environment data under `key`. */
export function publishToWorkers(key: string, value: Serializable): void {
  published.set(key, value);
  setEnvironmentData(key, value);
}

/** What {@link publishToWorkers} has published so far. */
export function publishedToWorkers(): EnvironmentEntries {
  return [...published];
}

/** In a worker started before the data was published: takes it over as if it had been there. */
export function adoptEnvironment(entries: EnvironmentEntries): void {
  for (const [key, value] of entries) setEnvironmentData(key, value);
}
