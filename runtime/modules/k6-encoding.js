// @ts-check
// `k6/encoding` (k6 internal/js/modules/k6/encoding/encoding.go): base64 in Go's four encodings.
// The host encodes and decodes (src/modules/encoding), failing where Go fails.
import { host } from 'qk6:internal';
import { goString, toBinaryInput } from '../lib/binary-input.js';

/**
 * Base64 of a string (its UTF-8 bytes) or ArrayBuffer; `encoding` is `std` (default), `rawstd`,
 * `url` or `rawurl` (an unknown name means `std`, as in k6).
 * @param {string | ArrayBuffer} input @param {string} [encoding]
 */
export function b64encode(input, encoding) {
  const data = toBinaryInput(input);
  const enc = goString(encoding);
  if (typeof data === 'string') return host.call('encoding.b64encode', JSON.stringify({ enc, s: data }));
  return host.call('encoding.b64encode', JSON.stringify({ enc }), data);
}

/**
 * Decodes base64 text; returns an ArrayBuffer, or a string when `format` is `"s"`.
 * @param {string} input @param {string} [encoding] @param {string} [format]
 */
export function b64decode(input, encoding, format) {
  return host.call('encoding.b64decode', JSON.stringify({ s: goString(input), enc: goString(encoding), format: goString(format) }));
}

export default { b64encode, b64decode };
