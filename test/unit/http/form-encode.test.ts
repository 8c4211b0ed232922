import { describe, expect, it } from 'vitest';
// @ts-expect-error -- plain JS guest module without type declarations
import { encodeForm, goNumber, queryEscape } from '../../../runtime/lib/form-encode.js';

const encode = encodeForm as (data: Record<string, unknown>, warn?: (message: string) => void) => string;

describe('form encoding (Go url.Values.Encode)', () => {
  it('sorts keys and escapes like QueryEscape', () => {
    expect(encode({ b: 'x y', a: '1&2=3', 'c d': "it's ~ok*" })).toBe('a=1%262%3D3&b=x+y&c+d=it%27s+~ok%2A');
  });

  it('repeats array values and encodes null, undefined, numbers and booleans like k6', () => {
    expect(encode({ tags: ['a', 'b'], n: null, u: undefined, i: 42, f: 1.5, big: 1234567.5, t: true })).toBe(
      'big=1.2345675e%2B06&f=1.5&i=42&n=&t=true&tags=a&tags=b&u=',
    );
  });

  it('encodes nested values as empty with a warning', () => {
    const warnings: string[] = [];
    expect(encode({ obj: { a: 1 }, list: [[1]] }, (m) => warnings.push(m))).toBe('list=&obj=');
    expect(warnings).toEqual([
      'cannot urlencode a nested []interface {} value in a request form body; encoding it as an empty value, use JSON.stringify() to send structured data',
      'cannot urlencode a nested map[string]interface {} value in a request form body; encoding it as an empty value, use JSON.stringify() to send structured data',
    ]);
  });

  it('escapes UTF-8 bytes and lone surrogates', () => {
    expect((queryEscape as (s: string) => string)('é€/')).toBe('%C3%A9%E2%82%AC%2F');
    expect((queryEscape as (s: string) => string)('\uD800')).toBe('%EF%BF%BD');
  });

  it.each([
    [0.5, '0.5'],
    [0.00001, '1e-05'],
    [123456.7, '123456.7'],
    [1e21, '1e+21'],
    [2 ** 53, '9007199254740992'],
    [-3, '-3'],
    [Number.NaN, 'NaN'],
    [Number.POSITIVE_INFINITY, '+Inf'],
  ])('prints the number %s the way Go prints it after k6 exports it', (value, text) => {
    expect((goNumber as (n: number) => string)(value)).toBe(text);
  });
});
