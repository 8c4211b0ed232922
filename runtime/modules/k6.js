// @ts-check
// `k6`: check, group, sleep, fail, randomSeed — k6's core script API.
import { host, emit, emitJson, currentGroupPath, setCurrentGroupPath, flushSamples } from 'qk6:internal';

// Captured before user code runs, as qk6:internal does: the samples stay JSON whatever a script does.
const jsonStringify = JSON.stringify;

/** @param {string} name @param {string} what */
function assertNoSeparator(name, what) {
  if (String(name).includes('::')) throw new Error(`${what} and check names may not contain '::'`);
}

/**
 * Runs each named condition against `value`, records one `checks` sample per condition, and
 * returns true only if all passed. A throwing condition is recorded as failed, then rethrown.
 * @param {unknown} value
 * @param {Record<string, unknown>} conditions
 * @param {Record<string, unknown>} [tags]
 */
export function check(value, conditions, tags) {
  if (conditions === null || typeof conditions !== 'object') {
    throw new TypeError('check() expects an object of named conditions as its second argument');
  }
  const group = currentGroupPath();
  const extra = tags ? stringifyTags(tags) : undefined;
  let allPassed = true;
  for (const name of Object.keys(conditions)) {
    assertNoSeparator(name, 'group');
    const condition = conditions[name];
    const sampleTags = extra ? jsonStringify({ ...extra, group, check: name }) : checkTagsJson(group, name);
    let passed;
    if (typeof condition === 'function') {
      try {
        passed = Boolean(condition(value));
      } catch (error) {
        emitCheck(false, sampleTags);
        throw error;
      }
    } else {
      passed = Boolean(condition);
    }
    emitCheck(passed, sampleTags);
    if (!passed) allPassed = false;
  }
  return allPassed;
}

/** One `checks` sample, its tags already JSON text. @param {boolean} passed @param {string} tagsJson */
function emitCheck(passed, tagsJson) {
  emitJson(`["checks",${passed ? 1 : 0},${tagsJson}]`);
}

/**
 * The JSON text of a check's sample tags, by group and name: a script runs the same few checks in
 * every iteration. Forgotten all at once past {@link MAX_CACHED_CHECK_TAGS}, for scripts that
 * build check names from data.
 * @type {Map<string, Map<string, string>>}
 */
const cachedCheckTags = new Map();
let cachedCheckTagCount = 0;
const MAX_CACHED_CHECK_TAGS = 1000;

/** @param {string} group @param {string} name */
function checkTagsJson(group, name) {
  let byName = cachedCheckTags.get(group);
  let json = byName?.get(name);
  if (json !== undefined) return json;
  json = jsonStringify({ group, check: name });
  if (cachedCheckTagCount >= MAX_CACHED_CHECK_TAGS) {
    cachedCheckTags.clear();
    cachedCheckTagCount = 0;
    byName = undefined;
  }
  if (byName === undefined) {
    byName = new Map();
    cachedCheckTags.set(group, byName);
  }
  byName.set(name, json);
  cachedCheckTagCount += 1;
  return json;
}

/** @param {Record<string, unknown>} tags */
function stringifyTags(tags) {
  /** @type {Record<string, string>} */
  const out = {};
  for (const key of Object.keys(tags)) out[key] = String(tags[key]);
  return out;
}

/**
 * Runs `fn` inside a named group: nested groups join with `::`, every sample inside carries the
 * `group` tag, and `group_duration` records how long it took.
 * @template T
 * @param {string} name
 * @param {() => T} fn
 * @returns {T}
 */
export function group(name, fn) {
  if (typeof fn !== 'function') throw new TypeError('group() expects a function as its second argument');
  assertNoSeparator(name, 'group');
  const parent = currentGroupPath();
  const path = `${parent}::${name}`;
  setCurrentGroupPath(path);
  const start = Number(host.call('now'));
  try {
    const result = fn();
    if (result !== null && typeof result === 'object' && typeof (/** @type {any} */ (result).then) === 'function') {
      throw new Error('group() does not support async functions as arguments, please see https://grafana.com/docs/k6/latest/javascript-api/k6/group/#working-with-async-functions');
    }
    return result;
  } finally {
    emit('group_duration', Number(host.call('now')) - start, { group: path });
    setCurrentGroupPath(parent);
  }
}

/** Pauses the VU for `seconds` (fractions allowed) without blocking other VUs. */
/** @param {number} seconds */
export function sleep(seconds) {
  const ms = Number(seconds) * 1000;
  flushSamples();
  if (!(ms > 0)) return;
  host.callAsync('sleep', String(ms));
}

/** Throws an error that ends the current iteration (exit code unaffected). */
/** @param {string} [message] */
export function fail(message) {
  throw new Error(message === undefined ? 'fail() called' : String(message));
}

/** Seeds Math.random so that runs are repeatable. */
/** @param {number} seed */
export function randomSeed(seed) {
  let state = (Number(seed) >>> 0) || 1;
  // mulberry32: small, fast and good enough for test data; k6 uses Go's math/rand.
  Math.random = function random() {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export default { check, group, sleep, fail, randomSeed };
