// @ts-check
// `structuredClone` (HTML Standard's structured serialize/deserialize, in one pass): primitives,
// plain objects and arrays (own enumerable string keys), Date, RegExp, Map, Set, ArrayBuffer,
// typed arrays, DataView, Error types and the primitive wrappers; cycles and shared references
// are kept. Functions, symbols and other platform objects are a DataCloneError, like in browsers.
import { DOMException } from './dom-exception.js';

const ERROR_TYPES = /** @type {Record<string, ErrorConstructor>} */ ({
  Error,
  EvalError,
  RangeError,
  ReferenceError,
  SyntaxError,
  TypeError,
  URIError,
});

/** @param {unknown} value */
function uncloneable(value) {
  const shown = typeof value === 'function' ? String(value) : typeof value === 'symbol' ? String(value) : `#<${Object.prototype.toString.call(value).slice(8, -1)}>`;
  return new DOMException(`${shown} could not be cloned.`, 'DataCloneError');
}

/** @param {any} value @param {Map<object, unknown>} memory @returns {any} */
function clone(value, memory) {
  if (typeof value === 'symbol' || typeof value === 'function') throw uncloneable(value);
  if (value === null || typeof value !== 'object') return value;
  const seen = memory.get(value);
  if (seen !== undefined) return seen;
  /** @type {any} */
  let out;
  const remember = (/** @type {any} */ copy) => {
    memory.set(value, copy);
    return copy;
  };
  if (value instanceof Boolean || value instanceof Number || value instanceof String) return remember(Object(value.valueOf()));
  if (typeof BigInt === 'function' && Object.prototype.toString.call(value) === '[object BigInt]') return remember(Object(value.valueOf()));
  if (value instanceof Date) return remember(new Date(value.getTime()));
  if (value instanceof RegExp) return remember(new RegExp(value.source, value.flags));
  if (value instanceof ArrayBuffer) return remember(value.slice(0));
  if (ArrayBuffer.isView(value)) {
    const buffer = clone(value.buffer, memory);
    if (value instanceof DataView) return remember(new DataView(buffer, value.byteOffset, value.byteLength));
    const Typed = /** @type {any} */ (value).constructor;
    return remember(new Typed(buffer, value.byteOffset, /** @type {any} */ (value).length));
  }
  if (value instanceof Map) {
    out = remember(new Map());
    for (const [key, item] of value) out.set(clone(key, memory), clone(item, memory));
    return out;
  }
  if (value instanceof Set) {
    out = remember(new Set());
    for (const item of value) out.add(clone(item, memory));
    return out;
  }
  if (value instanceof Error) {
    const name = String(value.name);
    const Type = Object.hasOwn(ERROR_TYPES, name) ? /** @type {ErrorConstructor} */ (ERROR_TYPES[name]) : Error;
    out = remember(new Type(String(value.message)));
    if (typeof value.stack === 'string') Object.defineProperty(out, 'stack', { value: value.stack, writable: true, configurable: true });
    return out;
  }
  if (
    value instanceof Promise || value instanceof WeakMap || value instanceof WeakSet ||
    (typeof WeakRef === 'function' && value instanceof WeakRef)
  ) {
    throw uncloneable(value);
  }
  out = remember(Array.isArray(value) ? new Array(value.length) : {});
  for (const key of Object.keys(value)) out[key] = clone(value[key], memory);
  return out;
}

/** @param {unknown} value @param {{ transfer?: unknown[] }} [_options] */
export function structuredClone(value, _options) {
  // eslint-disable-next-line prefer-rest-params
  if (arguments.length === 0) throw new TypeError("Failed to execute 'structuredClone': 1 argument required, but only 0 present.");
  return clone(value, new Map());
}
