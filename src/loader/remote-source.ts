/**
 * Remote modules as VUs see them. `qk6 run` downloads every remote module of the script before any
 * VU starts (remote-prefetch.ts) and publishes where each one is cached as the VU workers'
 * environment data (thread-environment.ts), so VUs read remote modules from disk and never touch
 * the network.
 */
import { getEnvironmentData } from 'node:worker_threads';
import { publishToWorkers } from '../execution/worker/thread-environment.js';
import { readCached } from './module-cache.js';

const MANIFEST_KEY = 'qk6:remote-modules';

/** URL → cache file of every remote module the script imports. */
export interface RemoteModuleManifest {
  readonly files: Readonly<Record<string, string>>;
}

/** Makes the manifest visible to this thread and to worker threads started after this call. */
export function publishRemoteModules(manifest: RemoteModuleManifest): void {
  publishToWorkers(MANIFEST_KEY, manifest);
}

function manifest(): RemoteModuleManifest | undefined {
  const value = getEnvironmentData(MANIFEST_KEY);
  return value !== null && typeof value === 'object' && 'files' in value ? (value as RemoteModuleManifest) : undefined;
}

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/;

/**
 * Checks an import URL's scheme like k6's loader: https only. k6-compat: plain http is also
 * accepted for loopback hosts (127.0.0.0/8, localhost, [::1]), so modules can be served by a local
 * test server; k6 refuses every http import.
 */
export function remoteUrlProblem(url: URL, specifier: string): string | undefined {
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:' && LOOPBACK.test(url.hostname)) return undefined;
  return `only supported schemes for imports are file and https, ${specifier} has \`${url.protocol.replace(/:$/, '')}\``;
}

/** The source of remote module `url` from the cache the run filled; throws when it is not there. */
export function remoteModuleSource(url: string): string {
  const path = manifest()?.files[url];
  const source = path === undefined ? undefined : readCached(path);
  if (source === undefined) {
    throw new Error(
      `The moduleSpecifier "${url}" was not downloaded before the test started: qk6 fetches the remote modules a script imports (static imports and import() of a string) once, before the VUs start`,
    );
  }
  return source;
}
