// @ts-check
// `URLSearchParams` (WHATWG URL Standard): the application/x-www-form-urlencoded parser and
// serializer, in plain JavaScript. A URL's `searchParams` is linked to it through `linkParams`:
// changes to the params rewrite the URL's query, and a new query resets the params.
import { utf8Decode, utf8Encode } from './utf8.js';

/** @typedef {{ list: Array<[string, string]>, onUpdate: ((query: string) => void) | undefined }} ParamsState */

/** @type {WeakMap<object, ParamsState>} */
const states = new WeakMap();

/** A USVString: lone surrogates become U+FFFD. @param {unknown} value */
export function toUSVString(value) {
  const text = String(value);
  return /[\ud800-\udfff]/.test(text)
    ? text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd')
    : text;
}

/** @param {string} text */
function percentDecode(text) {
  if (!/[%+\u0080-\uffff]/.test(text)) return text;
  const bytes = utf8Encode(text.replace(/\+/g, ' '));
  const out = new Uint8Array(bytes.length);
  let n = 0;
  const hex = (/** @type {number | undefined} */ b) =>
    b === undefined ? -1 : b >= 0x30 && b <= 0x39 ? b - 0x30 : b >= 0x41 && b <= 0x46 ? b - 0x37 : b >= 0x61 && b <= 0x66 ? b - 0x57 : -1;
  for (let i = 0; i < bytes.length; i += 1) {
    const byte = /** @type {number} */ (bytes[i]);
    if (byte === 0x25) {
      const high = hex(bytes[i + 1]);
      const low = hex(bytes[i + 2]);
      if (high >= 0 && low >= 0) {
        out[n++] = (high << 4) | low;
        i += 2;
        continue;
      }
    }
    out[n++] = byte;
  }
  return utf8Decode(out.subarray(0, n));
}

/** The application/x-www-form-urlencoded parser. @param {string} query @returns {Array<[string, string]>} */
export function parseQuery(query) {
  /** @type {Array<[string, string]>} */
  const list = [];
  for (const sequence of query.split('&')) {
    if (sequence === '') continue;
    const eq = sequence.indexOf('=');
    const name = eq < 0 ? sequence : sequence.slice(0, eq);
    const value = eq < 0 ? '' : sequence.slice(eq + 1);
    list.push([percentDecode(name), percentDecode(value)]);
  }
  return list;
}

const HEX = '0123456789ABCDEF';

/** @param {string} text */
function formEncode(text) {
  if (/^[*\-._0-9A-Za-z]*$/.test(text)) return text;
  let out = '';
  for (const byte of utf8Encode(text)) {
    if (byte === 0x20) out += '+';
    else if (
      byte === 0x2a || byte === 0x2d || byte === 0x2e || byte === 0x5f ||
      (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a)
    ) out += String.fromCharCode(byte);
    else out += `%${HEX[byte >> 4]}${HEX[byte & 15]}`;
  }
  return out;
}

/** The application/x-www-form-urlencoded serializer. @param {Array<[string, string]>} list */
export function serializeQuery(list) {
  return list.map(([name, value]) => `${formEncode(name)}=${formEncode(value)}`).join('&');
}

/** @param {object} params */
function state(params) {
  const found = states.get(params);
  if (found === undefined) throw new TypeError('Illegal invocation');
  return found;
}

/** @param {ParamsState} s */
function update(s) {
  s.onUpdate?.(serializeQuery(s.list));
}

/** @param {unknown[]} args @param {number} count @param {string} method */
function requireArguments(args, count, method) {
  if (args.length < count) {
    throw new TypeError(`Failed to execute '${method}' on 'URLSearchParams': ${count} argument${count > 1 ? 's' : ''} required, but only ${args.length} present.`);
  }
}

export class URLSearchParams {
  /** @param {string | Record<string, string> | Iterable<[string, string]> | URLSearchParams} [init] */
  constructor(init = '') {
    /** @type {Array<[string, string]>} */
    let list = [];
    if ((typeof init === 'object' && init !== null) || typeof init === 'function') {
      const iterator = /** @type {any} */ (init)[Symbol.iterator];
      if (typeof iterator === 'function') {
        for (const pair of /** @type {Iterable<unknown>} */ (init)) {
          const items = pair !== null && typeof pair === 'object' ? [.../** @type {Iterable<unknown>} */ (pair)] : [];
          if (items.length !== 2) throw new TypeError("Failed to construct 'URLSearchParams': Each query pair must be an iterable [name, value] tuple");
          list.push([toUSVString(items[0]), toUSVString(items[1])]);
        }
      } else {
        for (const key of Object.keys(init)) list.push([toUSVString(key), toUSVString(/** @type {Record<string, unknown>} */ (init)[key])]);
      }
    } else {
      const text = toUSVString(init);
      list = parseQuery(text.startsWith('?') ? text.slice(1) : text);
    }
    states.set(this, { list, onUpdate: undefined });
  }

  get size() {
    return state(this).list.length;
  }

  /** @param {string} name @param {string} value */
  append(name, value) {
    // eslint-disable-next-line prefer-rest-params
    requireArguments([...arguments], 2, 'append');
    const s = state(this);
    s.list.push([toUSVString(name), toUSVString(value)]);
    update(s);
  }

  /** @param {string} name @param {string} [value] */
  delete(name, value) {
    // eslint-disable-next-line prefer-rest-params
    requireArguments([...arguments], 1, 'delete');
    const s = state(this);
    const key = toUSVString(name);
    const only = value === undefined ? undefined : toUSVString(value);
    s.list = s.list.filter(([n, v]) => n !== key || (only !== undefined && v !== only));
    update(s);
  }

  /** @param {string} name */
  get(name) {
    // eslint-disable-next-line prefer-rest-params
    requireArguments([...arguments], 1, 'get');
    const key = toUSVString(name);
    const pair = state(this).list.find(([n]) => n === key);
    return pair === undefined ? null : pair[1];
  }

  /** @param {string} name */
  getAll(name) {
    // eslint-disable-next-line prefer-rest-params
    requireArguments([...arguments], 1, 'getAll');
    const key = toUSVString(name);
    return state(this).list.filter(([n]) => n === key).map(([, v]) => v);
  }

  /** @param {string} name @param {string} [value] */
  has(name, value) {
    // eslint-disable-next-line prefer-rest-params
    requireArguments([...arguments], 1, 'has');
    const key = toUSVString(name);
    const only = value === undefined ? undefined : toUSVString(value);
    return state(this).list.some(([n, v]) => n === key && (only === undefined || v === only));
  }

  /** @param {string} name @param {string} value */
  set(name, value) {
    // eslint-disable-next-line prefer-rest-params
    requireArguments([...arguments], 2, 'set');
    const s = state(this);
    const key = toUSVString(name);
    const text = toUSVString(value);
    const first = s.list.findIndex(([n]) => n === key);
    if (first < 0) s.list.push([key, text]);
    else s.list = s.list.filter(([n], i) => i <= first || n !== key).map((pair, i) => (i === first ? [key, text] : pair));
    update(s);
  }

  /** Sorts by name (UTF-16 code units), keeping the order of equal names. */
  sort() {
    const s = state(this);
    s.list = s.list
      .map((pair, index) => ({ pair, index }))
      .sort((a, b) => (a.pair[0] < b.pair[0] ? -1 : a.pair[0] > b.pair[0] ? 1 : a.index - b.index))
      .map(({ pair }) => pair);
    update(s);
  }

  /** @param {(value: string, name: string, params: URLSearchParams) => void} callback @param {unknown} [thisArg] */
  forEach(callback, thisArg) {
    if (typeof callback !== 'function') throw new TypeError("Failed to execute 'forEach' on 'URLSearchParams': parameter 1 is not of type 'Function'.");
    const s = state(this);
    for (let i = 0; i < s.list.length; i += 1) {
      const [name, value] = /** @type {[string, string]} */ (s.list[i]);
      callback.call(thisArg, value, name, this);
    }
  }

  *entries() {
    const s = state(this);
    for (let i = 0; i < s.list.length; i += 1) {
      const [name, value] = /** @type {[string, string]} */ (s.list[i]);
      yield /** @type {[string, string]} */ ([name, value]);
    }
  }

  *keys() {
    for (const [name] of this.entries()) yield name;
  }

  *values() {
    for (const [, value] of this.entries()) yield value;
  }

  [Symbol.iterator]() {
    return this.entries();
  }

  toString() {
    return serializeQuery(state(this).list);
  }

  get [Symbol.toStringTag]() {
    return 'URLSearchParams';
  }
}

/**
 * A URL's `searchParams`: parsed from `query` (no leading "?"); `onUpdate` receives the serialized
 * query after every change made through the params.
 * @param {string} query @param {(query: string) => void} onUpdate
 */
export function linkParams(query, onUpdate) {
  const params = new URLSearchParams();
  const s = state(params);
  s.list = parseQuery(query);
  s.onUpdate = onUpdate;
  return params;
}

/** Replaces the params' list after the URL's query changed. @param {URLSearchParams} params @param {string} query */
export function resetParams(params, query) {
  state(params).list = parseQuery(query);
}
