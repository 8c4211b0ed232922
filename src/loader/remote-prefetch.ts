/**
 * Downloads the remote modules of a script once per test, on the main thread, before any VU
 * starts: the import graph is walked from the main script through local and remote files (static
 * `import`/`export … from` and `import('literal')`, found with es-module-lexer, resolved exactly as
 * the VUs resolve them), and every http(s) module is fetched into the disk cache. Offline, only the
 * cache is used. A module that cannot be had fails the run here, with k6's loader message.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { init, parse } from 'es-module-lexer';
import { ScriptExceptionError } from '../errors/errors.js';
import { normalizeModuleName } from '../vu/module-resolver.js';
import { cachePathFor, readCached, writeCached } from './module-cache.js';
import type { RemoteModuleManifest } from './remote-source.js';
import { isTypeScriptModule, stripTypes } from './typescript.js';

export interface PrefetchOptions {
  readonly cacheDir: string;
  /** Use the cache only (`--offline`, `QK6_OFFLINE`). */
  readonly offline: boolean;
  readonly warn: (message: string) => void;
  /** Overall timeout of one download, ms. @default 60000 (k6's loader) */
  readonly timeoutMs?: number;
}

const isRemote = (name: string): boolean => name.startsWith('https://') || name.startsWith('http://');

/** Fetches `url` like k6's loader (one GET, redirects followed, 200 only). */
async function download(url: string, timeoutMs: number): Promise<string> {
  let response: Response;
  try {
    response = await fetch(url, { redirect: 'follow', signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : undefined;
    throw new Error(cause ?? (error instanceof Error ? error.message : String(error)));
  }
  if (response.status === 404) throw new Error(`not found: ${url}`);
  if (response.status !== 200) throw new Error(`wrong status code (${response.status}) for: ${url}`);
  return response.text();
}

/** k6's loader message; the CLI prints a script exception's stack text, so it carries the message. */
function loadError(url: string, reason: string, hint: string): ScriptExceptionError {
  const message = `The moduleSpecifier "${url}" couldn't be retrieved from the resolved url "${url}". Error : "${reason}"`;
  return new ScriptExceptionError(message, `${message} (${hint})`, { hint });
}

/** The source of one remote module: downloaded (online) or from the cache. */
async function remoteSource(url: string, path: string, options: PrefetchOptions): Promise<string> {
  const cached = readCached(path);
  if (options.offline) {
    if (cached !== undefined) return cached;
    throw loadError(url, `not in the module cache (${options.cacheDir}) and qk6 is offline`, 'run once without --offline (or QK6_OFFLINE) to download it, or set QK6_CACHE_DIR to the cache that has it');
  }
  try {
    const source = await download(url, options.timeoutMs ?? 60_000);
    writeCached(path, source);
    return source;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    if (cached === undefined) throw loadError(url, reason, 'check the URL and the network, or use --offline with a cache that has the module');
    options.warn(`could not download ${url} (${reason}); using the copy in the module cache`);
    return cached;
  }
}

/** The module names a source imports, resolved against `base` (builtins and unresolvable ones left out). */
function importsOf(source: string, base: string): string[] {
  const javascript = isTypeScriptModule(base) ? stripTypes(source, base) : source;
  let specifiers: string[];
  try {
    specifiers = parse(javascript)[0].flatMap((entry) => (typeof entry.specifier === 'string' ? [entry.specifier] : []));
  } catch {
    return []; // a syntax error is reported by the VU, with its file and line
  }
  const names: string[] = [];
  for (const specifier of specifiers) {
    try {
      const name = normalizeModuleName(base, specifier);
      if (name.startsWith('file://') || isRemote(name)) names.push(name);
    } catch {
      // unknown module: the VU reports it where it is imported
    }
  }
  return names;
}

/**
 * Walks the import graph of `mainPath` and makes every remote module available in the cache.
 * Returns where each one is (publish it with publishRemoteModules before VUs are created).
 */
export async function prefetchRemoteModules(mainPath: string, options: PrefetchOptions): Promise<RemoteModuleManifest> {
  await init;
  const files: Record<string, string> = {};
  const seen = new Set<string>();
  let level = [pathToFileURL(mainPath).href];
  while (level.length > 0) {
    const fresh = level.filter((name) => !seen.has(name));
    for (const name of fresh) seen.add(name);
    const sources = await Promise.all(
      fresh.map(async (name): Promise<[string, string | undefined]> => {
        if (isRemote(name)) {
          const path = cachePathFor(options.cacheDir, name);
          const source = await remoteSource(name, path, options);
          files[name] = path;
          return [name, source];
        }
        try {
          return [name, readFileSync(fileURLToPath(name), 'utf8')];
        } catch {
          return [name, undefined]; // a missing local file is reported by the VU
        }
      }),
    );
    level = sources.flatMap(([name, source]) => (source === undefined ? [] : importsOf(source, name)));
  }
  return { files };
}
