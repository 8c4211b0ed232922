// @ts-check
// `atob` and `btoa` (HTML Standard, "forgiving-base64"): binary strings (one char per byte).
import { DOMException } from './dom-exception.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const VALUES = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i += 1) VALUES[ALPHABET.charCodeAt(i)] = i;

/** @param {unknown[]} args @param {string} name */
function requireArgument(args, name) {
  if (args.length === 0) throw new TypeError(`${name}: 1 argument required, but only 0 present.`);
}

/** Base64 of a binary string; a character above U+00FF is an InvalidCharacterError. @param {string} data */
export function btoa(data) {
  // eslint-disable-next-line prefer-rest-params
  requireArgument([...arguments], 'btoa');
  const text = String(data);
  let out = '';
  for (let i = 0; i < text.length; i += 3) {
    const a = text.charCodeAt(i);
    const b = i + 1 < text.length ? text.charCodeAt(i + 1) : 0;
    const c = i + 2 < text.length ? text.charCodeAt(i + 2) : 0;
    if (a > 0xff || b > 0xff || c > 0xff) throw new DOMException('Invalid character', 'InvalidCharacterError');
    out += ALPHABET[a >> 2] + ALPHABET[((a & 3) << 4) | (b >> 4)];
    out += i + 1 < text.length ? ALPHABET[((b & 15) << 2) | (c >> 6)] : '=';
    out += i + 2 < text.length ? ALPHABET[c & 63] : '=';
  }
  return out;
}

/** The binary string a base64 text encodes (ASCII whitespace ignored). @param {string} data */
export function atob(data) {
  // eslint-disable-next-line prefer-rest-params
  requireArgument([...arguments], 'atob');
  let text = String(data).replace(/[\t\n\f\r ]/g, '');
  if (text.length % 4 === 0) text = text.replace(/==?$/, '');
  const invalid = () => new DOMException('The string to be decoded is not correctly encoded.', 'InvalidCharacterError');
  if (text.length % 4 === 1) throw invalid();
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    const value = code < 128 ? /** @type {number} */ (VALUES[code]) : -1;
    if (value < 0) throw invalid();
    buffer = (buffer << 6) | value;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += String.fromCharCode((buffer >> bits) & 0xff);
    }
  }
  return out;
}
