// @ts-check
// `k6/data` (k6 internal/js/modules/k6/data/data.go, share.go): SharedArray. The elements live in
// the host, once per test (src/modules/data); a VU holds only a read-only proxy that fetches an
// element's JSON on access, then parses and deep-freezes it — a fresh copy on every access, as in
// k6. Sequential reads (loops, iteration, map/filter/…) fetch growing runs of elements per host
// call; random reads fetch one element, so a VU never holds more than one short run.
import { host } from 'qk6:internal';
import { goError } from '../lib/binary-input.js';

const ASYNC_NOT_SUPPORTED = 'SharedArray constructor does not support async functions as second argument';
const MAX_RUN = 256;

/** @param {unknown} value */
function deepFreeze(value) {
  if (value === null || typeof value !== 'object') return value;
  Object.freeze(value);
  for (const key of Object.keys(value)) {
    const property = /** @type {Record<string, unknown>} */ (value)[key];
    if (!Object.isFrozen(property)) deepFreeze(property);
  }
  return value;
}

function immutable() {
  return new TypeError('SharedArray is immutable');
}

/** @param {string | symbol} key */
function arrayIndex(key) {
  if (typeof key !== 'string' || key === '') return -1;
  const code = key.charCodeAt(0);
  if (code < 0x30 || code > 0x39 || (code === 0x30 && key.length > 1)) return -1;
  const index = Number(key);
  return Number.isSafeInteger(index) && String(index) === key ? index : -1;
}

/**
 * The read-only array view of stored array `id`.
 * @param {number} id @param {number} length
 */
function sharedArrayView(id, length) {
  /** Read-ahead: element texts for indexes start … start + run.length - 1. @type {string[]} */
  let run = [];
  let runStart = 0;
  let lastIndex = -2;
  let runSize = 1;

  /** @param {number} index */
  function elementText(index) {
    const offset = index - runStart;
    if (offset >= 0 && offset < run.length) {
      lastIndex = index;
      return /** @type {string} */ (run[offset]);
    }
    runSize = index === lastIndex + 1 ? Math.min(runSize * 2, MAX_RUN) : 1;
    lastIndex = index;
    if (runSize === 1) {
      run = [];
      return /** @type {string} */ (host.call('data.sharedArray.get', `[${id},${index}]`));
    }
    run = JSON.parse(/** @type {string} */ (host.call('data.sharedArray.items', `[${id},${index},${index + runSize}]`)));
    runStart = index;
    return /** @type {string} */ (run[0]);
  }

  /** @param {number} index */
  function element(index) {
    return deepFreeze(JSON.parse(elementText(index)));
  }

  /** @type {ProxyHandler<unknown[]>} */
  const handler = {
    get(target, key, receiver) {
      if (key === 'length') return length;
      const index = arrayIndex(key);
      if (index >= 0) return index < length ? element(index) : undefined;
      return Reflect.get(target, key, receiver);
    },
    has(target, key) {
      const index = arrayIndex(key);
      if (index >= 0) return index < length;
      return Reflect.has(target, key);
    },
    ownKeys() {
      const keys = [];
      for (let i = 0; i < length; i += 1) keys.push(String(i));
      keys.push('length');
      return keys;
    },
    getOwnPropertyDescriptor(target, key) {
      if (key === 'length') return { value: length, writable: true, enumerable: false, configurable: false };
      const index = arrayIndex(key);
      if (index >= 0 && index < length) return { value: element(index), writable: false, enumerable: true, configurable: true };
      return undefined;
    },
    set() {
      throw immutable();
    },
    defineProperty() {
      throw immutable();
    },
    deleteProperty() {
      throw immutable();
    },
    setPrototypeOf() {
      throw immutable();
    },
    preventExtensions() {
      throw immutable();
    },
  };
  return new Proxy([], handler);
}

/** Element JSON per host call while storing an array: small batches keep the VU's heap small. */
const BATCH_CHARS = 1 << 20;

/**
 * Sends each element's JSON to the host in batches and returns the stored array's handle. An
 * element JSON cannot encode (undefined, a function) is stored as `undefined`, so reading it throws
 * a SyntaxError, as in k6.
 * @param {string} name @param {unknown[]} array @returns {{ id: number, length: number }}
 */
function store(name, array) {
  const length = array.length;
  /** @type {string[]} */
  let batch = [];
  let chars = 0;
  // `first` drops what an earlier, failed attempt (e.g. a BigInt element) left in the host.
  let first = true;
  for (let i = 0; i < length; i += 1) {
    const text = JSON.stringify(array[i]) ?? 'undefined';
    batch.push(text);
    chars += text.length;
    if (chars >= BATCH_CHARS) {
      host.call('data.sharedArray.append', JSON.stringify({ name, first, items: batch }));
      first = false;
      batch = [];
      chars = 0;
    }
  }
  return JSON.parse(/** @type {string} */ (host.call('data.sharedArray.create', JSON.stringify({ name, first, items: batch }))));
}

/**
 * `new SharedArray(name, fn)`: in the init context only; `fn` (not async) returns the array and
 * runs once per test — later VUs get the stored array without calling it.
 */
export class SharedArray {
  /** @param {string} name @param {() => unknown[]} fn */
  constructor(name, fn) {
    const key = String(name);
    const found = JSON.parse(/** @type {string} */ (host.call('data.sharedArray.open', JSON.stringify({ name: key }))));
    if (typeof fn === 'function' && fn.constructor?.name === 'AsyncFunction') throw goError(ASYNC_NOT_SUPPORTED);
    if (typeof fn !== 'function') throw goError("a function is expected as the second argument of SharedArray's constructor");
    if (found !== null) return /** @type {any} */ (sharedArrayView(found.id, found.length));
    const value = fn();
    if (value === null || value === undefined) throw new TypeError('Cannot convert undefined or null to object');
    if (!Array.isArray(value)) throw goError('only arrays can be made into SharedArray');
    const stored = store(key, value);
    return /** @type {any} */ (sharedArrayView(stored.id, stored.length));
  }
}

export default { SharedArray };
