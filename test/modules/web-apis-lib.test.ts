// The pure-JavaScript web APIs of runtime/lib, checked in Node against Node's own implementations.
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- plain JS guest module without type declarations
import { atob as guestAtob, btoa as guestBtoa } from '../../runtime/lib/base64.js';
// @ts-expect-error -- plain JS guest module without type declarations
import { TextDecoder as GuestTextDecoder, TextEncoder as GuestTextEncoder } from '../../runtime/lib/text-codec.js';
// @ts-expect-error -- plain JS guest module without type declarations
import { URLSearchParams as GuestParams, linkParams } from '../../runtime/lib/url-search-params.js';
// @ts-expect-error -- plain JS guest module without type declarations
import { structuredClone as guestClone } from '../../runtime/lib/structured-clone.js';

const atob = guestAtob as (data: string) => string;
const btoa = guestBtoa as (data: string) => string;
const Params = GuestParams as typeof URLSearchParams;
const Decoder = GuestTextDecoder as typeof TextDecoder;
const Encoder = GuestTextEncoder as typeof TextEncoder;
const clone = guestClone as typeof structuredClone;

function thrown(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    return (error as Error).name;
  }
  return 'no error';
}

describe('atob and btoa', () => {
  it.each(['', 'f', 'fo', 'foo', 'foob', 'fooba', 'foobar', '\u0000\u00ff\u0080', 'hello world'])('round-trip %j like Node', (text) => {
    expect(btoa(text)).toBe(globalThis.btoa(text));
    expect(atob(btoa(text))).toBe(text);
  });

  it.each(['Zm9v YmFy', ' Zg', 'Zm8', 'Zh==', '\tZ m 9 v\n', 'Zg==='.slice(0, 4)])('decodes the forgiving form %j like Node', (input) => {
    expect(atob(input)).toBe(globalThis.atob(input));
  });

  it.each(['Z', 'Zg=a', '!!!!', 'Zm9v=', 'Zg===', 'é'])('rejects %j with an InvalidCharacterError', (input) => {
    expect(thrown(() => atob(input))).toBe('InvalidCharacterError');
    expect(thrown(() => globalThis.atob(input))).toBe('InvalidCharacterError');
  });

  it('follows the HTML Standard where Node 20 is lenient: a lone "=" padding a 3-character input', () => {
    expect(thrown(() => atob('Zg='))).toBe('InvalidCharacterError');
  });

  it('btoa rejects characters above U+00FF', () => {
    expect(thrown(() => btoa('€'))).toBe('InvalidCharacterError');
  });
});

describe('TextEncoder and TextDecoder (utf-8)', () => {
  const samples = ['', 'hello', 'héllo wörld', '日本語', '😀 emoji', 'lone \ud800 surrogate', '\udc00x', '\ufeffbom'];

  it.each(samples)('encode(%j) equals Node', (text) => {
    expect([...new Encoder().encode(text)]).toEqual([...new TextEncoder().encode(text)]);
  });

  it('decodes random and malformed bytes exactly like Node (replacement characters)', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % 256;
    for (let round = 0; round < 300; round += 1) {
      const bytes = Uint8Array.from({ length: round % 40 }, random);
      expect(new Decoder().decode(bytes)).toBe(new TextDecoder().decode(bytes));
    }
    for (const bytes of [[0xe2, 0x82], [0xf0, 0x9f, 0x98], [0xed, 0xa0, 0x80], [0xc0, 0xaf], [0xef, 0xbb, 0xbf, 0x41], [0xf4, 0x90, 0x80, 0x80]]) {
      expect(new Decoder().decode(Uint8Array.from(bytes))).toBe(new TextDecoder().decode(Uint8Array.from(bytes)));
    }
  });

  it('streams a split sequence, honours ignoreBOM and throws when fatal', () => {
    const euro = [0xe2, 0x82, 0xac];
    const decoder = new Decoder();
    expect(decoder.decode(Uint8Array.from(euro.slice(0, 1)), { stream: true }) + decoder.decode(Uint8Array.from(euro.slice(1)))).toBe('€');
    expect(new Decoder('utf-8', { ignoreBOM: true }).decode(Uint8Array.of(0xef, 0xbb, 0xbf, 0x41))).toBe('\ufeffA');
    expect(thrown(() => new Decoder('utf-8', { fatal: true }).decode(Uint8Array.of(0xff)))).toBe('TypeError');
    expect(thrown(() => new Decoder('latin2'))).toBe('RangeError');
    expect(new Decoder(' UTF8 ').encoding).toBe('utf-8');
  });

  it('decodes UTF-16LE and UTF-16BE like Node, streamed or not', () => {
    for (const text of ['hello', 'héllo €😀', '\ufeffbom', '']) {
      const le = Buffer.from(text, 'utf16le');
      const be = Buffer.from(le).swap16();
      expect(new Decoder('utf-16le').decode(le)).toBe(new TextDecoder('utf-16le').decode(le));
      expect(new Decoder('utf-16be').decode(be)).toBe(new TextDecoder('utf-16be').decode(be));
      const streamed = new Decoder('utf-16');
      expect(streamed.decode(le.subarray(0, 3), { stream: true }) + streamed.decode(le.subarray(3))).toBe(new TextDecoder('utf-16le').decode(le));
    }
    expect(new Decoder('utf-16le').decode(Uint8Array.of(0x00, 0xd8, 0x41))).toBe(new TextDecoder('utf-16le').decode(Uint8Array.of(0x00, 0xd8, 0x41)));
    expect(thrown(() => new Decoder('utf-16be', { fatal: true }).decode(Uint8Array.of(0xdc, 0x00)))).toBe('TypeError');
    expect(new Decoder('unicodefffe').encoding).toBe('utf-16be');
  });

  it('encodeInto writes whole code points only', () => {
    const target = new Uint8Array(4);
    expect(new Encoder().encodeInto('a€b', target)).toEqual({ read: 2, written: 4 });
    expect(new Encoder().encodeInto('a€b', new Uint8Array(3))).toEqual(new TextEncoder().encodeInto('a€b', new Uint8Array(3)));
  });
});

describe('URLSearchParams', () => {
  it.each(['a=1&b=2&a=3', '?x=%20y+z&empty=&novalue', 'q=%E2%82%AC&bad=%zz&%F0%9F%98%80=1', '&&a==b&', 'a+b=c%2Bd', 'é=ü'])(
    'parses and serializes %j like Node',
    (query) => {
      const ours = new Params(query);
      const node = new URLSearchParams(query);
      expect([...ours]).toEqual([...node]);
      expect(ours.toString()).toBe(node.toString());
    },
  );

  it('builds from records and pairs, and edits like Node', () => {
    const ours = new Params({ b: 'x y', a: '1&2=3', 'c d': "it's ~ok*" });
    const node = new URLSearchParams({ b: 'x y', a: '1&2=3', 'c d': "it's ~ok*" });
    for (const params of [ours, node]) {
      params.append('a', 'again');
      params.set('b', 'only');
      params.delete('c d');
      params.append('z', '1');
      params.sort();
    }
    expect(ours.toString()).toBe(node.toString());
    expect(ours.getAll('a')).toEqual(node.getAll('a'));
    expect(ours.get('missing')).toBeNull();
    expect(ours.has('a', 'again')).toBe(true);
    expect(ours.size).toBe(node.size);
    expect([...new Params([['k', 'v'], ['k', 'w']]).values()]).toEqual(['v', 'w']);
    expect(thrown(() => new Params([['only-one']] as unknown as string[][]))).toBe('TypeError');
  });

  it('reports changes of a linked URL query', () => {
    const updates: string[] = [];
    const params = (linkParams as (q: string, onUpdate: (q: string) => void) => URLSearchParams)('a=1', (q) => updates.push(q));
    params.append('b', 'two words');
    params.delete('a');
    expect(updates).toEqual(['a=1&b=two+words', 'b=two+words']);
  });
});

describe('structuredClone', () => {
  it('deep-copies JSON values, Date, RegExp, Map, Set, ArrayBuffer and typed arrays, keeping cycles', () => {
    const buffer = new Uint8Array([1, 2, 3, 4]).buffer;
    const value: Record<string, unknown> = {
      n: 1,
      s: 'x',
      list: [1, { deep: true }],
      when: new Date(86_400_000),
      re: /a+/gi,
      map: new Map<unknown, unknown>([['k', { v: 1 }]]),
      set: new Set([1, 'two']),
      buffer,
      view: new Uint16Array(buffer, 2, 1),
    };
    value.self = value;
    const copy = clone(value) as Record<string, unknown>;
    expect(copy).not.toBe(value);
    expect(copy.self).toBe(copy);
    expect(copy.list).toEqual([1, { deep: true }]);
    expect(copy.when).toEqual(new Date(86_400_000));
    expect(String(copy.re)).toBe('/a+/gi');
    expect((copy.map as Map<string, unknown>).get('k')).toEqual({ v: 1 });
    expect([...(copy.set as Set<unknown>)]).toEqual([1, 'two']);
    expect(copy.buffer).not.toBe(buffer);
    expect((copy.view as Uint16Array).buffer).toBe(copy.buffer);
    expect([...(copy.view as Uint16Array)]).toEqual([...new Uint16Array(buffer, 2, 1)]);
  });

  it('refuses functions and symbols with a DataCloneError', () => {
    expect(thrown(() => clone({ f: () => 1 }))).toBe('DataCloneError');
    expect(thrown(() => clone(Symbol('s')))).toBe('DataCloneError');
  });
});
