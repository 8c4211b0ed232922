/**
 * Go's `encoding/base64` as k6 uses it (k6 internal/js/modules/k6/encoding/encoding.go): the four
 * encodings k6 names, encoding through Node's Buffer, and a decoder that ports Go's
 * `decodeQuantum` so that bad input fails exactly where Go fails, with Go's message
 * ("illegal base64 data at input byte N", N counting UTF-8 bytes). Like Go's default (non-strict)
 * decoder, `\r` and `\n` are skipped and non-zero trailing bits are accepted.
 */

/** The encodings `b64encode`/`b64decode` accept; anything else means `std` in k6. */
export type Base64Variant = 'std' | 'rawstd' | 'url' | 'rawurl';

const STD_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const URL_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const PAD = 0x3d; // '='
const INVALID = 0xff;

function decodeMap(alphabet: string): Uint8Array {
  const map = new Uint8Array(256).fill(INVALID);
  for (let i = 0; i < alphabet.length; i += 1) map[alphabet.charCodeAt(i)] = i;
  return map;
}

const STD_MAP = decodeMap(STD_ALPHABET);
const URL_MAP = decodeMap(URL_ALPHABET);

/** k6 falls back to `std` for an unknown or missing encoding name. */
export function base64Variant(name: unknown): Base64Variant {
  return name === 'rawstd' || name === 'url' || name === 'rawurl' ? name : 'std';
}

function isUrl(variant: Base64Variant): boolean {
  return variant === 'url' || variant === 'rawurl';
}

function isPadded(variant: Base64Variant): boolean {
  return variant === 'std' || variant === 'url';
}

/** Base64 of `bytes` in Go's `variant` encoding. */
export function goBase64Encode(bytes: Uint8Array, variant: Base64Variant): string {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (isUrl(variant)) {
    const raw = buffer.toString('base64url');
    return isPadded(variant) ? raw + '='.repeat((4 - (raw.length % 4)) % 4) : raw;
  }
  const padded = buffer.toString('base64');
  return isPadded(variant) ? padded : padded.replace(/=+$/, '');
}

/** Go's base64.CorruptInputError. */
export class CorruptInputError extends Error {
  constructor(readonly offset: number) {
    super(`illegal base64 data at input byte ${offset}`);
    this.name = 'CorruptInputError';
  }
}

function isNewline(byte: number | undefined): boolean {
  return byte === 0x0a || byte === 0x0d;
}

/**
 * Decodes `src` like Go's `Encoding.DecodeString`; throws CorruptInputError where Go does.
 * A port of `decodeQuantum` (Go src/encoding/base64/base64.go), one quantum per loop turn.
 */
export function goBase64Decode(src: Uint8Array, variant: Base64Variant): Uint8Array {
  const map = isUrl(variant) ? URL_MAP : STD_MAP;
  const padded = isPadded(variant);
  const out = new Uint8Array(Math.ceil(src.length / 4) * 3);
  let n = 0;
  let si = 0;
  const quantum = new Uint8Array(4);
  while (si < src.length) {
    let dlen = 4;
    let trailingGarbage = -1;
    for (let j = 0; j < 4; j += 1) {
      if (si === src.length) {
        if (j === 0) return out.subarray(0, n);
        if (j === 1 || padded) throw new CorruptInputError(si - j);
        dlen = j;
        break;
      }
      const input = src[si] as number;
      si += 1;
      const value = map[input] as number;
      if (value !== INVALID) {
        quantum[j] = value;
        continue;
      }
      if (isNewline(input)) {
        j -= 1;
        continue;
      }
      if (!padded || input !== PAD) throw new CorruptInputError(si - 1);
      // Padding: the end of the input.
      if (j === 0 || j === 1) throw new CorruptInputError(si - 1);
      if (j === 2) {
        // "==" is expected; the first "=" is consumed.
        while (si < src.length && isNewline(src[si])) si += 1;
        if (si === src.length) throw new CorruptInputError(src.length);
        if (src[si] !== PAD) throw new CorruptInputError(si - 1);
        si += 1;
      }
      while (si < src.length && isNewline(src[si])) si += 1;
      if (si < src.length) trailingGarbage = si;
      dlen = j;
      break;
    }
    const value = ((quantum[0] as number) << 18) | ((quantum[1] as number) << 12) | ((quantum[2] as number) << 6) | (quantum[3] as number);
    if (dlen >= 2) out[n] = (value >>> 16) & 0xff;
    if (dlen >= 3) out[n + 1] = (value >>> 8) & 0xff;
    if (dlen === 4) out[n + 2] = value & 0xff;
    n += dlen - 1;
    quantum.fill(0);
    if (trailingGarbage >= 0) throw new CorruptInputError(trailingGarbage);
  }
  return out.subarray(0, n);
}
