import { describe, expect, it } from 'vitest';
import { goUtf8String } from '../../src/modules/encoding/go-utf8.js';
import { CorruptInputError, base64Variant, goBase64Decode, goBase64Encode, type Base64Variant } from '../../src/modules/encoding/go-base64.js';

const bytes = (text: string): Uint8Array => Buffer.from(text, 'utf8');
const text = (data: Uint8Array): string => Buffer.from(data).toString('utf8');

/** RFC 4648 §10 test vectors. */
const RFC4648: Array<[string, string]> = [
  ['', ''],
  ['f', 'Zg=='],
  ['fo', 'Zm8='],
  ['foo', 'Zm9v'],
  ['foob', 'Zm9vYg=='],
  ['fooba', 'Zm9vYmE='],
  ['foobar', 'Zm9vYmFy'],
];

function decodeError(input: string, variant: Base64Variant): string {
  try {
    goBase64Decode(bytes(input), variant);
  } catch (error) {
    if (error instanceof CorruptInputError) return error.message;
    throw error;
  }
  return 'no error';
}

describe('Go base64 (k6/encoding)', () => {
  it.each(RFC4648)('encodes and decodes the RFC 4648 vector %j in all four encodings', (plain, encoded) => {
    const raw = encoded.replace(/=+$/, '');
    expect(goBase64Encode(bytes(plain), 'std')).toBe(encoded);
    expect(goBase64Encode(bytes(plain), 'url')).toBe(encoded);
    expect(goBase64Encode(bytes(plain), 'rawstd')).toBe(raw);
    expect(goBase64Encode(bytes(plain), 'rawurl')).toBe(raw);
    expect(text(goBase64Decode(bytes(encoded), 'std'))).toBe(plain);
    expect(text(goBase64Decode(bytes(encoded), 'url'))).toBe(plain);
    expect(text(goBase64Decode(bytes(raw), 'rawstd'))).toBe(plain);
    expect(text(goBase64Decode(bytes(raw), 'rawurl'))).toBe(plain);
  });

  it('uses + and / in std, - and _ in url', () => {
    const data = Uint8Array.of(0xfb, 0xff, 0xbf);
    expect(goBase64Encode(data, 'std')).toBe('+/+/');
    expect(goBase64Encode(data, 'url')).toBe('-_-_');
    expect(goBase64Encode(Uint8Array.of(0xfb, 0xff), 'url')).toBe('-_8=');
    expect(goBase64Encode(Uint8Array.of(0xfb, 0xff), 'rawurl')).toBe('-_8');
    expect([...goBase64Decode(bytes('-_8='), 'url')]).toEqual([0xfb, 0xff]);
    expect(decodeError('-_8=', 'std')).toBe('illegal base64 data at input byte 0');
    expect(decodeError('+/8=', 'url')).toBe('illegal base64 data at input byte 0');
  });

  it('treats an unknown or missing encoding name as std, like k6', () => {
    expect(base64Variant(undefined)).toBe('std');
    expect(base64Variant('')).toBe('std');
    expect(base64Variant('URL')).toBe('std');
    expect(base64Variant('rawurl')).toBe('rawurl');
  });

  it('skips CR and LF anywhere, like Go', () => {
    expect(text(goBase64Decode(bytes('Zm9v\r\nYmFy\n'), 'std'))).toBe('foobar');
    expect(text(goBase64Decode(bytes('Zg=\n='), 'std'))).toBe('f');
  });

  it.each<[string, Base64Variant, string]>([
    ['Zm9v!', 'std', 'illegal base64 data at input byte 4'],
    ['Zg', 'std', 'illegal base64 data at input byte 0'],
    ['Zg=', 'std', 'illegal base64 data at input byte 3'],
    ['Zg=a', 'std', 'illegal base64 data at input byte 2'],
    ['Zg==', 'rawstd', 'illegal base64 data at input byte 2'],
    ['Z', 'rawstd', 'illegal base64 data at input byte 0'],
    ['Zg==Zg==', 'std', 'illegal base64 data at input byte 4'],
    ['=', 'std', 'illegal base64 data at input byte 0'],
    ['Zm9=v', 'std', 'illegal base64 data at input byte 4'],
    ['aGVsbG8gd29ybGQ', 'std', 'illegal base64 data at input byte 12'],
    ['héllo', 'std', 'illegal base64 data at input byte 1'],
    ['Zm 9v', 'std', 'illegal base64 data at input byte 2'],
  ])('rejects %j (%s) with Go\'s message "%s"', (input, variant, message) => {
    expect(decodeError(input, variant)).toBe(message);
  });

  it('accepts non-zero trailing bits (Go\'s encodings are not Strict)', () => {
    expect(text(goBase64Decode(bytes('Zh=='), 'std'))).toBe('f');
    expect(text(goBase64Decode(bytes('Zh'), 'rawstd'))).toBe('f');
  });

  it('round-trips random bytes in every encoding', () => {
    for (let length = 0; length < 70; length += 1) {
      const data = Uint8Array.from({ length }, (_, i) => (i * 97 + length * 31) & 0xff);
      for (const variant of ['std', 'rawstd', 'url', 'rawurl'] as const) {
        expect([...goBase64Decode(bytes(goBase64Encode(data, variant)), variant)]).toEqual([...data]);
      }
    }
  });
});

describe('Go strings from bytes (b64decode with "s")', () => {
  it.each<[number[], string]>([
    [[0x68, 0xc3, 0xa9], 'hé'],
    [[0xe2, 0x82], '\ufffd\ufffd'],
    [[0xf0, 0x9f, 0x98, 0x41], '\ufffd\ufffd\ufffdA'],
    [[0xed, 0xa0, 0x80], '\ufffd\ufffd\ufffd'],
    [[0xc0, 0xaf, 0x61], '\ufffd\ufffda'],
    [[0x61, 0xff, 0xf0, 0x9f, 0x98, 0x80], 'a\ufffd😀'],
  ])('decodes %j with one U+FFFD per invalid byte, like Go', (bytes, expected) => {
    expect(goUtf8String(Uint8Array.from(bytes))).toBe(expected);
  });
});
