// @ts-check
// k6/websockets' `Blob` (k6 internal/js/modules/k6/websockets/blob.go): immutable bytes with a
// MIME type, built from strings (UTF-8), ArrayBuffers, typed arrays, DataViews and other Blobs.
// It is what a binary message's `data` is while `binaryType` is "blob" (k6's default).
import { utf8Decode, utf8Encode } from './utf8.js';

/** Each Blob's bytes, out of reach of scripts; `blobBytes` reads them for `send()`. */
/** @type {WeakMap<object, Uint8Array>} */
const contents = new WeakMap();

/** The bytes of one blob part, as k6's fillData accepts them. @param {unknown} part */
function partBytes(part) {
  if (typeof part === 'string') return utf8Encode(part);
  if (part instanceof ArrayBuffer) return new Uint8Array(part.slice(0));
  if (ArrayBuffer.isView(part)) return new Uint8Array(part.buffer.slice(part.byteOffset, part.byteOffset + part.byteLength));
  const bytes = part !== null && typeof part === 'object' ? contents.get(part) : undefined;
  if (bytes !== undefined) return bytes;
  throw new Error(`failed to process [blobParts]: unsupported type: ${part === null ? '<nil>' : typeof part}`);
}

export class Blob {
  #type = '';

  /** @param {unknown} [parts] @param {unknown} [options] */
  constructor(parts, options) {
    /** @type {Uint8Array[]} */
    const chunks = [];
    if (parts !== undefined && parts !== null) {
      if (typeof parts !== 'object' || typeof (/** @type {any} */ (parts)[Symbol.iterator]) !== 'function') {
        throw new Error('failed to process [blobParts]: expected an array');
      }
      for (const part of /** @type {Iterable<unknown>} */ (parts)) chunks.push(partBytes(part));
    }
    let type = '';
    if (options !== undefined) {
      if (options === null || typeof options !== 'object') throw new Error('[options] must be an object');
      const requested = /** @type {{ type?: unknown }} */ (options).type;
      if (requested !== undefined) type = String(requested);
    }
    const size = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
    const bytes = new Uint8Array(size);
    let offset = 0;
    for (const chunk of chunks) {
      bytes.set(chunk, offset);
      offset += chunk.length;
    }
    contents.set(this, bytes);
    this.#type = type;
  }

  get size() {
    return /** @type {Uint8Array} */ (contents.get(this)).length;
  }

  get type() {
    return this.#type;
  }

  arrayBuffer() {
    return Promise.resolve(blobBytes(this).slice().buffer);
  }

  bytes() {
    return Promise.resolve(blobBytes(this).slice());
  }

  text() {
    return Promise.resolve(utf8Decode(blobBytes(this)));
  }

  /** @param {unknown} [start] @param {unknown} [end] @param {unknown} [contentType] */
  slice(start, end, contentType) {
    const bytes = blobBytes(this);
    const clamp = (/** @type {unknown} */ value, /** @type {number} */ fallback) => {
      if (value === undefined) return fallback;
      const n = Math.trunc(Number(value)) || 0;
      return n < 0 ? Math.max(bytes.length + n, 0) : Math.min(n, bytes.length);
    };
    const from = clamp(start, 0);
    const to = Math.max(clamp(end, bytes.length), from);
    return new Blob([bytes.subarray(from, to)], { type: contentType === undefined ? '' : String(contentType) });
  }

  get [Symbol.toStringTag]() {
    return 'Blob';
  }
}

/** The bytes of a Blob (a TypeError for anything else). @param {unknown} value @returns {Uint8Array} */
export function blobBytes(value) {
  const bytes = value !== null && typeof value === 'object' ? contents.get(value) : undefined;
  if (bytes === undefined) throw new TypeError('not a Blob');
  return bytes;
}

/** Whether `value` is one of our Blobs. @param {unknown} value */
export function isBlob(value) {
  return value !== null && typeof value === 'object' && contents.has(value);
}
