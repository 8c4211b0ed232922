/**
 * How a VU finds modules: `k6/*` names map to qk6's guest runtime (`runtime/`, loaded as the
 * build writes it to dist/runtime: scripts/build-runtime.js), relative and
 * absolute imports resolve against the importing file like k6 (against the URL inside a remote
 * module), remote modules come from the cache `qk6 run` filled before the VUs started
 * (src/loader/remote-source.ts), `.ts` modules have their types stripped, and everything is read
 * once per thread and cached. The internal bridge module is refused to user code.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { remoteModuleSource, remoteUrlProblem } from '../loader/remote-source.js';
import { isTypeScriptModule, stripTypes } from '../loader/typescript.js';

const RUNTIME_SCHEME = 'qk6-runtime:';
/** The same from src/vu, dist/vu and dist/bundle. */
const RUNTIME_ROOT = new URL('../../dist/runtime/', import.meta.url);
/** The name of the host's bootstrap module, the only non-runtime module allowed the internals. */
export const BOOTSTRAP_MODULE = 'qk6:bootstrap';
/** `qk6:internal` as resolved: the runtime module every other one imports. */
export const INTERNAL_MODULE = `${RUNTIME_SCHEME}///internal.js`;
/** The module that evaluates qk6's runtime modules before a VU's script: see {@link preloadSource}. */
export const PRELOAD_MODULE = `${RUNTIME_SCHEME}///preload.js`;
/** The module an engine template compiles the script's modules through: see {@link precompileSource}. */
export const PRECOMPILE_MODULE = 'qk6:precompile';

/** k6 module name → file under runtime/modules. */
const BUILTIN_MODULES: Readonly<Record<string, string>> = {
  k6: 'k6.js',
  'k6/http': 'k6-http.js',
  'k6/metrics': 'k6-metrics.js',
  'k6/execution': 'k6-execution.js',
  'k6/timers': 'k6-timers.js',
  'k6/encoding': 'k6-encoding.js',
  'k6/crypto': 'k6-crypto.js',
  'k6/data': 'k6-data.js',
  'k6/html': 'k6-html.js',
  'k6/ws': 'k6-ws.js',
  // k6 v1.6 graduated the module; the experimental name stays an alias of the same module.
  'k6/websockets': 'k6-websockets.js',
  'k6/experimental/websockets': 'k6-websockets.js',
};

/** Modules of k6 that qk6 does not provide yet: a clear error instead of "not found". */
const PLANNED_MODULES = new Set([
  'k6/net/grpc',
  'k6/experimental/fs',
  'k6/experimental/csv',
  'k6/secrets',
  'k6/browser',
]);

const sourceCache = new Map<string, string>();

/** Thrown for an import that cannot be resolved; the message is shown to the user as k6 would. */
export class ModuleResolutionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModuleResolutionError';
  }
}

/** Whether a resolved module name is one of qk6's runtime modules (`runtime/`). */
export function isRuntimeModule(name: string): boolean {
  return name.startsWith(RUNTIME_SCHEME);
}

/**
 * The source of {@link PRELOAD_MODULE}: imports of `qk6:internal` and then of the runtime modules
 * `names` (resolved names), which QuickJS evaluates in that order, each once per VU. The script's
 * own imports of them later find them evaluated.
 */
export function preloadSource(names: readonly string[]): string {
  const prefix = `${RUNTIME_SCHEME}///`;
  const paths = preloadedModules(names).map((name) => `./${name.slice(prefix.length)}`);
  return paths.map((path) => `import ${JSON.stringify(path)};`).join('\n');
}

/** The modules {@link preloadSource} imports, in its order. */
export function preloadedModules(names: readonly string[]): string[] {
  return [INTERNAL_MODULE, ...names.filter((name) => name !== INTERNAL_MODULE)];
}

/** Where the script at a path is: its name as a module (its file URL) and its directory. */
interface ScriptLocation {
  readonly scriptPath: string;
  readonly moduleName: string;
  readonly directory: string;
}

/**
 * The last script located: every VU of a thread asks for the same one, for its bootstrap and its
 * host's `open()` base, and parsing the path into URLs again (`pathToFileURL`) took ~30 µs a VU in
 * a profile while a worker's 500 VUs started.
 */
let lastLocation: ScriptLocation | undefined;

export function scriptLocation(scriptPath: string): ScriptLocation {
  if (lastLocation?.scriptPath !== scriptPath) {
    const url = pathToFileURL(scriptPath);
    lastLocation = { scriptPath, moduleName: url.href, directory: new URL('.', url).pathname };
  }
  return lastLocation;
}

/** The name the script at `scriptPath` has as a module. */
function scriptModuleName(scriptPath: string): string {
  return scriptLocation(scriptPath).moduleName;
}

/** The source of {@link BOOTSTRAP_MODULE}: it evaluates the script and hands its exports to the runtime. */
export function bootstrapSource(scriptPath: string): string {
  return [
    `import * as main from ${JSON.stringify(scriptModuleName(scriptPath))};`,
    `import { registerMain } from 'qk6:internal';`,
    `registerMain(main);`,
  ].join('\n');
}

/**
 * The source of {@link PRECOMPILE_MODULE}: an import of the script only. Compiled without being
 * evaluated, it makes QuickJS load and compile the script and every module it imports, and keep
 * them by name unevaluated; a VU's bootstrap then finds them and only evaluates them.
 */
export function precompileSource(scriptPath: string): string {
  return `import ${JSON.stringify(scriptModuleName(scriptPath))};`;
}

/**
 * Resolved names by importer and import: every VU of a thread resolves the same imports, each
 * parsing URLs (the bootstrap's import of the script is one), ~7 ms of each worker's CPU while
 * 1000 VUs started, ~2 ms with the names kept. Names that fail to resolve are not kept, so each
 * failure is thrown again.
 */
const resolvedNames = new Map<string, Map<string, string>>();

export function normalizeModuleName(base: string, requested: string): string {
  let byRequest = resolvedNames.get(base);
  let name = byRequest?.get(requested);
  if (name === undefined) {
    name = resolveModuleName(base, requested);
    if (byRequest === undefined) resolvedNames.set(base, (byRequest = new Map()));
    byRequest.set(requested, name);
  }
  return name;
}

function resolveModuleName(base: string, requested: string): string {
  if (requested === 'qk6:internal') {
    if (base.startsWith(RUNTIME_SCHEME) || base === BOOTSTRAP_MODULE) return INTERNAL_MODULE;
    throw new ModuleResolutionError(`unknown module: ${requested}`);
  }
  const builtin = BUILTIN_MODULES[requested];
  if (builtin !== undefined) return `${RUNTIME_SCHEME}///modules/${builtin}`;
  if (requested === 'k6' || requested.startsWith('k6/')) {
    if (PLANNED_MODULES.has(requested)) {
      throw new ModuleResolutionError(`the module "${requested}" is not supported by qk6 yet`);
    }
    throw new ModuleResolutionError(`unknown module: ${requested}`);
  }
  const remoteBase = /^https?:\/\//.test(base);
  if (requested.includes('://')) return absoluteModuleUrl(base, requested, remoteBase);
  if (requested.startsWith('/') && !remoteBase) return pathToFileURL(requested).href;
  if (requested.startsWith('./') || requested.startsWith('../') || requested.startsWith('/')) {
    if (!/^(file|qk6-runtime|https?):/.test(base)) {
      throw new ModuleResolutionError(`cannot resolve "${requested}" relative to ${base}`);
    }
    return new URL(requested, base).href;
  }
  throw new ModuleResolutionError(
    `The moduleSpecifier "${requested}" couldn't be found on local disk. Make sure that you've specified the right path to the file.`,
  );
}

/** An import with a scheme: https (and loopback http) remote modules, or file URLs (not from remote code). */
function absoluteModuleUrl(base: string, requested: string, remoteBase: boolean): string {
  let url: URL;
  try {
    url = new URL(requested);
  } catch {
    throw new ModuleResolutionError(`The moduleSpecifier "${requested}" couldn't be recognised as something k6 supports.`);
  }
  if (url.protocol === 'file:') {
    if (remoteBase) throw new ModuleResolutionError(`origin (${base}) not allowed to load local file: ${requested}`);
    return url.href;
  }
  const problem = remoteUrlProblem(url, requested);
  if (problem !== undefined) throw new ModuleResolutionError(problem);
  return url.href;
}

export function loadModuleSource(name: string): string {
  const cached = sourceCache.get(name);
  if (cached !== undefined) return cached;
  const source = readModule(name);
  const code = isTypeScriptModule(name) ? stripTypes(source, name) : source;
  sourceCache.set(name, code);
  return code;
}

function readModule(name: string): string {
  if (/^https?:\/\//.test(name)) return remoteModuleSource(name);
  let path: string;
  if (name.startsWith(RUNTIME_SCHEME)) {
    path = fileURLToPath(new URL(name.slice(`${RUNTIME_SCHEME}///`.length), RUNTIME_ROOT));
  } else if (name.startsWith('file://')) {
    path = fileURLToPath(name);
  } else {
    throw new ModuleResolutionError(`unknown module: ${name}`);
  }
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ModuleResolutionError(
      code === 'ENOENT' ? `The moduleSpecifier "${name}" couldn't be found on local disk.` : `cannot read module ${name}: ${String(error)}`,
    );
  }
}
