/**
 * Finds the script and runs its init code once, in a VU of its own, to read what k6 reads before
 * a test: the exported `options` (JSON-encoded, as k6 does), the exported function names, and the
 * custom metrics the init code declares (they become valid threshold targets).
 */
import { statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { UsageError } from '../errors/errors.js';
import type { VirtualUserConfig } from '../vu/virtual-user.js';
import { collectGarbageSoon } from '../vu/collect-garbage.js';
import { createInitializedVu } from '../execution/vu-runner.js';
import { moduleCacheDir } from './module-cache.js';
import { prefetchRemoteModules } from './remote-prefetch.js';
import { publishRemoteModules } from './remote-source.js';

/**
 * An init run whose memory grew to this has built large data (a SharedArray, say): the VU that
 * reads the options has an instance of its own, which starts with less than 1 MiB and takes a few
 * MiB at most for qk6's runtime and an ordinary script.
 */
const GROWN_MEMORY_BYTES = 16 * 1024 * 1024;

export interface LoadedScript {
  /** Absolute path. */
  readonly path: string;
  /** As the user named it, for messages and the banner. */
  readonly displayName: string;
  /** The `options` export after a JSON round trip (undefined when not exported). */
  readonly options: unknown;
  readonly exportedFunctions: ReadonlySet<string>;
  /** qk6's runtime modules the script's init code loaded (resolved names, in load order). */
  readonly runtimeModules: readonly string[];
}

/** Resolves the script argument; a missing file is a usage error (k6 exit 255). */
export function resolveScriptPath(argument: string, cwd: string): string {
  const path = resolve(cwd, argument);
  let isFile = false;
  try {
    isFile = statSync(path).isFile();
  } catch {
    throw new UsageError(`The script file "${argument}" does not exist (looked for ${path})`, {
      hint: 'check the path given to `qk6 run`',
    });
  }
  if (!isFile) throw new UsageError(`"${argument}" is not a file: qk6 run expects a script path`);
  return path;
}

export interface RemoteModuleSettings {
  /** The process environment (`QK6_CACHE_DIR`, `XDG_CACHE_HOME`, `QK6_OFFLINE`). */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly home: string;
  /** `--offline` was given. */
  readonly offline: boolean;
  readonly warn: (message: string) => void;
}

/**
 * Downloads (or, offline, finds in the cache) every remote module the script imports and tells
 * the VUs of this process where they are. Call before any VU is created.
 */
export async function fetchRemoteModules(scriptPath: string, settings: RemoteModuleSettings): Promise<void> {
  const offlineEnv = settings.env.QK6_OFFLINE;
  const offline = settings.offline || (offlineEnv !== undefined && ['1', 't', 'T', 'true', 'TRUE', 'True'].includes(offlineEnv));
  const cacheDir = moduleCacheDir(settings.env, settings.home);
  publishRemoteModules(await prefetchRemoteModules(scriptPath, { cacheDir, offline, warn: settings.warn }));
}

/** Runs the init context once with `config` (a VU with id 0) and reads the script's exports. */
export async function loadScript(argument: string, config: VirtualUserConfig): Promise<LoadedScript> {
  const vu = await createInitializedVu(config);
  try {
    const exports = await vu.describeExports();
    let options: unknown;
    if (exports.hasOptions) {
      const encoded = await vu.optionsJson();
      if (encoded.ok && encoded.value !== undefined) options = JSON.parse(encoded.value) as unknown;
      else if (!encoded.ok) throw new UsageError(`cannot read the exported options: ${encoded.error.message}`);
    }
    return {
      path: config.scriptPath,
      displayName: basename(argument) === argument ? argument : argument,
      options: options ?? undefined,
      exportedFunctions: new Set(exports.functions),
      runtimeModules: [...vu.runtimeModules],
    };
  } finally {
    const grown = vu.memoryBytes >= GROWN_MEMORY_BYTES;
    vu.dispose();
    // The main thread may not collect again before the end of the test (collect-garbage.ts).
    if (grown) collectGarbageSoon();
  }
}
