// @ts-check
// The `crypto` global's randomness (Web Crypto API): `getRandomValues` and `randomUUID`, with the
// bytes from the host's CSPRNG (src/modules/crypto). `crypto.subtle` is not provided.
import { host } from 'qk6:internal';
import { DOMException } from './dom-exception.js';

const MAX_BYTES = 65536;
const INTEGER_ARRAYS = [Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array, BigInt64Array, BigUint64Array];

/**
 * Fills an integer typed array with random values and returns it.
 * @template {ArrayBufferView} T @param {T} array @returns {T}
 */
function getRandomValues(array) {
  if (!INTEGER_ARRAYS.some((Type) => array instanceof Type)) {
    throw new DOMException("Failed to execute 'getRandomValues' on 'Crypto': The provided ArrayBufferView is not an integer array type.", 'TypeMismatchError');
  }
  if (array.byteLength > MAX_BYTES) {
    throw new DOMException(
      `Failed to execute 'getRandomValues' on 'Crypto': The ArrayBufferView's byte length (${array.byteLength}) exceeds the number of bytes of entropy available via this API (${MAX_BYTES}).`,
      'QuotaExceededError',
    );
  }
  if (array.byteLength === 0) return array;
  const bytes = new Uint8Array(/** @type {ArrayBuffer} */ (host.call('crypto.randomBytes', String(array.byteLength))));
  new Uint8Array(array.buffer, array.byteOffset, array.byteLength).set(bytes);
  return array;
}

/** A random version 4 UUID. */
function randomUUID() {
  return /** @type {string} */ (host.call('crypto.randomUUID'));
}

export const crypto = Object.freeze({ getRandomValues, randomUUID });
