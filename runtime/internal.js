// @ts-check
// `qk6:internal` — the first module every VU evaluates. It captures the host bridge (so scripts
// cannot reach it through a global), installs k6's globals (console, open, __ENV, __VU, __ITER),
// keeps the VU's current group and buffered samples, and defines the iteration entry point the
// host calls. Only qk6's own runtime modules may import it (the host's module normalizer refuses
// it to user scripts).

import { createTimers } from './lib/timers.js';
import { defineLazyGlobals } from './lib/lazy-globals.js';

/** @type {import('./host').HostBridge} */
const hostBridge = globalThis.__qk6host;
delete globalThis.__qk6host;
// Only the host's first evaluation has the bridge; a copy a script imports by its file path must
// not go on to replace the VU's globals (`__qk6` among them).
if (hostBridge === undefined) throw new Error('qk6:internal can only be loaded by qk6');

// Captured before user code runs: what crosses to the host stays JSON even if a script replaces
// JSON.stringify / JSON.parse (the host still validates everything it receives).
const { stringify: jsonStringify, parse: jsonParse } = JSON;

export const host = hostBridge;

// --- runtime modules compiled on first use (src/vu/runtime-modules.ts) ---------------------------
/** @type {Map<string, Record<string, any>>} */
const runtimeModules = new Map();

/** Called by the loader module the host evaluates. @param {string} name @param {Record<string, any>} exports */
export function provideRuntimeModule(name, exports) {
  runtimeModules.set(name, exports);
}

/** The exports of a lazily loaded runtime module if something loaded it already. @param {string} name */
export function loadedRuntimeModule(name) {
  return runtimeModules.get(name);
}

/** The exports of a lazily loaded runtime module, compiling it on the first call. @param {string} name */
export function requireRuntimeModule(name) {
  let exports = runtimeModules.get(name);
  if (exports === undefined) {
    hostBridge.call('runtime.require', jsonStringify(name));
    exports = /** @type {Record<string, any>} */ (runtimeModules.get(name));
  }
  return exports;
}

// --- groups ------------------------------------------------------------------------------------
let groupPath = '';

/** The current group path: '' for the root, `::a::b` inside nested groups. */
export function currentGroupPath() {
  return groupPath;
}

/** @param {string} path */
export function setCurrentGroupPath(path) {
  groupPath = path;
}

// --- samples -----------------------------------------------------------------------------------
/** The samples waiting to cross, each the JSON text of `[metric, value, tags]`. @type {string[]} */
let pending = [];

/**
 * Buffers one sample; samples cross to the host in one batch (at the end of an iteration, before a
 * sleep, or when the buffer is large), not one crossing each.
 * @param {string} metric @param {number} value @param {Record<string, string> | null} tags
 */
export function emit(metric, value, tags) {
  emitJson(jsonStringify([metric, value, tags]));
}

/**
 * {@link emit} for a sample already written as the JSON text of `[metric, value, tags]`: a check's
 * is put together from cached parts, because JSON.stringify costs ~2.8 µs even for one check's
 * batch in this interpreter.
 * @param {string} sampleJson
 */
export function emitJson(sampleJson) {
  pending.push(sampleJson);
  if (pending.length >= 256) flushSamples();
}

export function flushSamples() {
  if (pending.length === 0) return;
  const batch = `[${pending.join(',')}]`;
  pending = [];
  hostBridge.call('metrics.emit', batch);
}

// --- console -----------------------------------------------------------------------------------
/** @param {unknown} value */
function formatLogArg(value) {
  if (typeof value === 'string') return value;
  if (value instanceof Error) return String(value.stack ? `${value.name}: ${value.message}` : value);
  if (value === undefined) return 'undefined';
  if (typeof value === 'function') return `[object Function]`;
  if (typeof value === 'object' && value !== null) {
    try {
      return jsonStringify(value);
    } catch {
      return String(value);
    }
  }
  return String(value);
}

/** @param {string} level */
function logger(level) {
  return (/** @type {unknown[]} */ ...args) =>
    hostBridge.call('log', jsonStringify([level, args.map(formatLogArg).join(' ')]));
}

const consoleObject = {
  log: logger('info'),
  info: logger('info'),
  warn: logger('warn'),
  error: logger('error'),
  debug: logger('debug'),
};

// --- open() ------------------------------------------------------------------------------------
/** The module URL of the code that called open(), read from the stack, to resolve relative paths. */
function callerModule() {
  const stack = String(new Error().stack ?? '');
  const frames = stack.split('\n');
  for (const frame of frames) {
    const match = /\((file:\/\/[^)]*?):\d+(?::\d+)?\)|at (file:\/\/\S*?):\d+/.exec(frame);
    const url = match?.[1] ?? match?.[2];
    if (url) return url;
  }
  return '';
}

/** @param {string} path @param {string} [mode] */
function open(path, mode) {
  if (typeof path !== 'string') throw new TypeError('open() expects a file path string');
  const binary = mode === 'b';
  return hostBridge.call('open', jsonStringify({ path, binary, base: callerModule() }));
}

// --- globals -----------------------------------------------------------------------------------
/** @param {string} name @param {unknown} value @param {boolean} [writable] */
function defineGlobal(name, value, writable = false) {
  Object.defineProperty(globalThis, name, { value, writable, configurable: true, enumerable: false });
}

defineGlobal('console', consoleObject, true);
defineGlobal('open', open, true);
defineGlobal('__ENV', {}, true);
defineGlobal('__VU', 0, true);
defineGlobal('__ITER', 0, true);
defineGlobal('global', globalThis, true);

// Web APIs every VU has, like browsers and Node; compiled when a script first touches one.
defineLazyGlobals(
  ['URL', 'URLSearchParams', 'TextEncoder', 'TextDecoder', 'atob', 'btoa', 'crypto', 'structuredClone', 'DOMException'],
  () => requireRuntimeModule('web-apis'),
);

export const timers = createTimers(hostBridge);
for (const [name, fn] of Object.entries(timers.api)) defineGlobal(name, fn, true);

// --- lifecycle entry points (called by the host with one tiny expression each) -------------------
/** @type {Record<string, unknown>} */
let mainExports = {};
/** @type {Function | undefined} */
let activeFunction;
/** @type {string | undefined} */
let activeData;
let iteration = 0;

/** @param {Record<string, unknown>} ns */
export function registerMain(ns) {
  mainExports = ns;
}

/** Names of the exported functions, and whether `options` is exported, for the host. */
function describeExports() {
  const functions = Object.keys(mainExports).filter((k) => typeof mainExports[k] === 'function');
  return jsonStringify({ functions, hasOptions: 'options' in mainExports });
}

/** The script's `options` export as JSON (k6 JSON-encodes it too). */
function optionsJson() {
  const options = mainExports.options;
  return options === undefined ? 'null' : jsonStringify(options);
}

/** `__ENV` as the VU's options give it, before a scenario's `env` is merged over it. @type {Record<string, string>} */
let baseEnv = {};

/**
 * Gives the VU its identity (`__VU`, `__ENV`). The host calls it after this module and before the
 * script's modules run: this module's own evaluation stays the same for every VU, so a VU can
 * start from a copy of an engine that evaluated it once (src/vu/engine-template.ts).
 */
function identify() {
  const vuInfo = jsonParse(/** @type {string} */ (hostBridge.call('vu.info')));
  baseEnv = vuInfo.env;
  defineGlobal('__ENV', vuInfo.env, true);
  defineGlobal('__VU', vuInfo.id, true);
}
/** @type {unknown} */
let activeDataValue;

/**
 * Selects the function iterations call, the setup data they receive (JSON, parsed once per
 * activation like k6 does per VU) and the scenario's `env` merged over `__ENV`.
 * `firstIteration` continues `__ITER` when the host replays an activation on a restarted engine.
 * @param {string} name @param {string | undefined} dataJson @param {Record<string, string>} [scenarioEnv]
 * @param {number} [firstIteration]
 */
function activate(name, dataJson, scenarioEnv, firstIteration = 0) {
  const fn = mainExports[name];
  if (typeof fn !== 'function') throw new TypeError(`function '${name}' not found in exports`);
  activeFunction = fn;
  activeData = dataJson;
  activeDataValue = dataJson === undefined ? undefined : jsonParse(dataJson);
  globalThis.__ENV = scenarioEnv ? { ...baseEnv, ...scenarioEnv } : baseEnv;
  iteration = firstIteration;
}

function finishIteration() {
  groupPath = '';
  flushSamples();
  iteration += 1;
}

/** Runs one iteration of the active function: the host's per-iteration call. */
function iterate() {
  const fn = /** @type {Function} */ (activeFunction);
  globalThis.__ITER = iteration;
  // Timers or sockets still pending here belong to an iteration that failed or was interrupted:
  // k6 drops them with their iteration (the host closed its sockets in afterIteration).
  if (timers.pending() !== 0) timers.reset();
  let result;
  try {
    result = fn(activeDataValue);
  } catch (error) {
    finishIteration();
    throw error;
  }
  if (result !== null && typeof result === 'object' && typeof result.then === 'function') {
    return result.then(
      () => {
        finishIteration();
        return timers.pending() || undefined;
      },
      (/** @type {unknown} */ error) => {
        finishIteration();
        throw error;
      },
    );
  }
  finishIteration();
  // A pending timer keeps the iteration going in the host's event loop (k6 waits for them too).
  return timers.pending() || undefined;
}

/**
 * Calls an exported lifecycle function (setup, teardown, handleSummary) once with a JSON argument
 * and returns its result as JSON (a promise of it for async functions). k6 runs setup and teardown
 * inside the `::setup` / `::teardown` groups.
 * @param {string} name @param {string | undefined} argJson @param {string} [group]
 */
function callExport(name, argJson, group = '') {
  const fn = mainExports[name];
  if (typeof fn !== 'function') throw new TypeError(`function '${name}' not found in exports`);
  const arg = argJson === undefined ? undefined : jsonParse(argJson);
  groupPath = group;
  const encode = (/** @type {unknown} */ value) => {
    flushSamples();
    groupPath = '';
    return value === undefined ? undefined : jsonStringify(value, binaryToString);
  };
  // Like k6, the call ends once its timers and sockets are done too, not when the function returns.
  const finish = (/** @type {unknown} */ value) => (timers.pending() === 0 ? encode(value) : whenLoopIdle().then(() => encode(value)));
  const result = fn(arg);
  if (result !== null && typeof result === 'object' && typeof result.then === 'function') {
    return result.then(finish, (/** @type {unknown} */ error) => {
      flushSamples();
      throw error;
    });
  }
  return finish(result);
}

/** Resolved by the event loop (waitForTimer) once no timer or socket is pending. @type {Array<() => void>} */
let idleWaiters = [];

/** A promise that resolves once the VU's event loop has nothing pending. @returns {Promise<void>} */
function whenLoopIdle() {
  return new Promise((resolve) => idleWaiters.push(resolve));
}

/** handleSummary may return ArrayBuffers; carry them as strings of their bytes. */
/** @param {string} _key @param {unknown} value */
function binaryToString(_key, value) {
  if (value instanceof ArrayBuffer) {
    const bytes = new Uint8Array(value);
    let text = '';
    for (let i = 0; i < bytes.length; i += 1) text += String.fromCharCode(/** @type {number} */ (bytes[i]));
    return { __qk6binary: text };
  }
  return value;
}

/**
 * The host's event-loop step: wait for and run due timers and socket events; false when none is
 * pending. Samples the callbacks took (checks in a message handler) are flushed at once: the
 * iteration's own flush has already run, and the last iteration has no next one.
 */
function waitForTimer() {
  try {
    return timers.waitForTimer();
  } finally {
    flushSamples();
    if (timers.pending() === 0 && idleWaiters.length > 0) {
      const waiters = idleWaiters;
      idleWaiters = [];
      for (const resolve of waiters) resolve();
    }
  }
}

/** How many timers are pending (the host keeps the VU's loop going while there are any). */
function pendingTimers() {
  return timers.pending();
}

defineGlobal('__qk6', Object.freeze({ identify, describeExports, optionsJson, activate, iterate, callExport, waitForTimer, pendingTimers }));
