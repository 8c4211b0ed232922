// @ts-check
// `k6/crypto` (k6 internal/js/modules/k6/crypto/crypto.go): hashes, HMAC, streaming hashers and
// random bytes. Argument checks happen here in k6's order; the host hashes (src/modules/crypto).
import { host } from 'qk6:internal';
import { goError, goString, toBinaryInput } from '../lib/binary-input.js';
import { HostHandles } from '../lib/host-handles.js';
import { bytesToHex, utf8Encode } from '../lib/utf8.js';

const ALGORITHMS = new Set(['md4', 'md5', 'sha1', 'sha256', 'sha384', 'sha512', 'sha512_224', 'sha512_256', 'ripemd160']);

/**
 * The payload and buffer of an op taking an optional HMAC key and input chunks: text goes in the
 * payload, bytes in the buffer (the key first, its length in `keyBytes`; each binary chunk as its
 * length in `chunks`).
 * @param {Record<string, unknown>} payload @param {string | ArrayBuffer | undefined} key @param {Array<string | ArrayBuffer>} chunks
 * @returns {[string, ArrayBuffer | undefined]}
 */
function request(payload, key, chunks) {
  /** @type {ArrayBuffer[]} */
  const binary = [];
  if (typeof key === 'string') payload.key = key;
  else if (key !== undefined) {
    payload.keyBytes = key.byteLength;
    binary.push(key);
  }
  payload.chunks = chunks.map((chunk) => {
    if (typeof chunk === 'string') return chunk;
    binary.push(chunk);
    return chunk.byteLength;
  });
  const json = JSON.stringify(payload);
  if (binary.length === 0) return [json, undefined];
  if (binary.length === 1) return [json, binary[0]];
  const joined = new Uint8Array(binary.reduce((total, part) => total + part.byteLength, 0));
  let offset = 0;
  for (const part of binary) {
    joined.set(new Uint8Array(part), offset);
    offset += part.byteLength;
  }
  return [json, joined.buffer];
}

/** @param {string} alg @param {unknown} input @param {unknown} outputEncoding */
function digestOf(alg, input, outputEncoding) {
  let data;
  try {
    data = toBinaryInput(input);
  } catch (error) {
    throw goError(`${alg} failed: ${/** @type {Error} */ (error).message}`);
  }
  return host.call('crypto.digest', ...request({ alg, enc: goString(outputEncoding) }, undefined, [data]));
}

/** @param {string | ArrayBuffer} input @param {string} outputEncoding */
export const md4 = (input, outputEncoding) => digestOf('md4', input, outputEncoding);
/** @param {string | ArrayBuffer} input @param {string} outputEncoding */
export const md5 = (input, outputEncoding) => digestOf('md5', input, outputEncoding);
/** @param {string | ArrayBuffer} input @param {string} outputEncoding */
export const sha1 = (input, outputEncoding) => digestOf('sha1', input, outputEncoding);
/** @param {string | ArrayBuffer} input @param {string} outputEncoding */
export const sha256 = (input, outputEncoding) => digestOf('sha256', input, outputEncoding);
/** @param {string | ArrayBuffer} input @param {string} outputEncoding */
export const sha384 = (input, outputEncoding) => digestOf('sha384', input, outputEncoding);
/** @param {string | ArrayBuffer} input @param {string} outputEncoding */
export const sha512 = (input, outputEncoding) => digestOf('sha512', input, outputEncoding);
/** @param {string | ArrayBuffer} input @param {string} outputEncoding */
export const sha512_224 = (input, outputEncoding) => digestOf('sha512_224', input, outputEncoding);
/** @param {string | ArrayBuffer} input @param {string} outputEncoding */
export const sha512_256 = (input, outputEncoding) => digestOf('sha512_256', input, outputEncoding);
/** @param {string | ArrayBuffer} input @param {string} outputEncoding */
export const ripemd160 = (input, outputEncoding) => digestOf('ripemd160', input, outputEncoding);

/** Hashers moved to the host; those the script dropped are freed when the next one moves. */
const hostHashers = new HostHandles((id) => host.call('crypto.hasher.free', String(id)));

/** Input a hasher keeps in the guest before it moves it to a host hasher. */
const PENDING_LIMIT = 64 * 1024;

/**
 * k6's Hasher: `update()` and `digest()` as often as needed. Updates stay in the guest until they
 * pass PENDING_LIMIT, so the usual create → update → digest is a single host call; past the limit
 * the hasher moves to the host, which keeps its state.
 */
class Hasher {
  /** @type {Record<string, unknown>} */
  #spec;
  /** @type {string | ArrayBuffer | undefined} */
  #key;
  /** @type {number | undefined} */
  #id;
  /** @type {Array<string | ArrayBuffer>} */
  #pending = [];
  #pendingBytes = 0;

  /** @param {Record<string, unknown>} spec @param {string | ArrayBuffer | undefined} key */
  constructor(spec, key) {
    this.#spec = spec;
    this.#key = key;
  }

  /**
   * Adds a string (UTF-8) or ArrayBuffer.
   * k6-compat: k6's `update` returns undefined; qk6 returns the hasher so calls can be chained.
   * @param {string | ArrayBuffer} input
   */
  update(input) {
    const data = toBinaryInput(input);
    this.#pending.push(data);
    this.#pendingBytes += typeof data === 'string' ? data.length * 3 : data.byteLength;
    if (this.#pendingBytes > PENDING_LIMIT) this.#flush();
    return this;
  }

  /** The digest so far in `hex`, `base64`, `base64url`, `base64rawurl` or `binary` (ArrayBuffer). @param {string} outputEncoding */
  digest(outputEncoding) {
    const enc = goString(outputEncoding);
    if (this.#id === undefined) return host.call('crypto.digest', ...request({ ...this.#spec, enc }, this.#key, this.#pending));
    return host.call('crypto.hasher.digest', ...request({ id: this.#id, enc }, undefined, this.#take()));
  }

  #take() {
    const chunks = this.#pending;
    this.#pending = [];
    this.#pendingBytes = 0;
    return chunks;
  }

  #flush() {
    if (this.#id !== undefined) {
      host.call('crypto.hasher.update', ...request({ id: this.#id }, undefined, this.#take()));
      return;
    }
    hostHashers.sweep();
    this.#id = Number(host.call('crypto.hasher.new', ...request({ ...this.#spec }, this.#key, this.#take())));
    this.#key = undefined;
    hostHashers.track(this, this.#id);
  }
}

/**
 * k6-compat: k6 panics (a nil-pointer dereference) on an unknown algorithm; qk6 throws the
 * "invalid algorithm" GoError that createHMAC throws.
 * @param {string} algorithm
 */
export function createHash(algorithm) {
  const alg = goString(algorithm);
  if (!ALGORITHMS.has(alg)) throw goError(`invalid algorithm: ${alg}`);
  return new Hasher({ alg }, undefined);
}

/** @param {string} algorithm @param {string | ArrayBuffer} secret */
export function createHMAC(algorithm, secret) {
  const alg = goString(algorithm);
  if (!ALGORITHMS.has(alg)) throw goError(`invalid algorithm: ${alg}`);
  return new Hasher({ alg, hmac: true }, toBinaryInput(secret));
}

/**
 * @param {string} algorithm @param {string | ArrayBuffer} secret @param {string | ArrayBuffer} data
 * @param {string} outputEncoding
 */
export function hmac(algorithm, secret, data, outputEncoding) {
  const alg = goString(algorithm);
  if (!ALGORITHMS.has(alg)) throw goError(`invalid algorithm: ${alg}`);
  const key = toBinaryInput(secret);
  const input = toBinaryInput(data);
  return host.call('crypto.digest', ...request({ alg, hmac: true, enc: goString(outputEncoding) }, key, [input]));
}

/** `size` random bytes (an ArrayBuffer); throws "invalid size" below 1. @param {number} size */
export function randomBytes(size) {
  const n = Math.trunc(Number(size)) || 0;
  if (n < 1) throw goError('invalid size');
  return host.call('crypto.randomBytes', String(n));
}

/** Lowercase hex of a string's UTF-8 bytes or of an ArrayBuffer. @param {string | ArrayBuffer} data */
export function hexEncode(data) {
  const bytes = toBinaryInput(data);
  return bytesToHex(typeof bytes === 'string' ? utf8Encode(bytes) : new Uint8Array(bytes));
}

export default {
  createHash,
  createHMAC,
  hmac,
  md4,
  md5,
  randomBytes,
  ripemd160,
  sha1,
  sha256,
  sha384,
  sha512,
  sha512_224,
  sha512_256,
  hexEncode,
};
