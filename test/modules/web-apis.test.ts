// The web APIs every VU has, through the real CLI: URL (checked against Node's WHATWG parser),
// URLSearchParams, TextEncoder/TextDecoder, atob/btoa, crypto.getRandomValues/randomUUID,
// structuredClone.
import { describe, expect, it } from 'vitest';
import { reported } from '../cli/helpers/log-lines.js';
import { runInline } from '../helpers/run-cli.js';

const URLS: Array<[string, string | undefined]> = [
  ['https://user:pa ss@Example.COM:443/a/./b/../c d?q=1 2&x=é#frag ment', undefined],
  ['../up?z=1', 'http://h.test/a/b/c'],
  ['//other.test:8080/p', 'https://base.test/x'],
  ['http://0x7f.1/', undefined],
  ['https://münchen.de/straße', undefined],
  ['file:///C:/dir/../file.txt', undefined],
  ['mailto:someone@example.com?subject=hi', undefined],
  ['http://[::1]:80/', undefined],
];
const PARTS = ['href', 'origin', 'protocol', 'username', 'password', 'host', 'hostname', 'port', 'pathname', 'search', 'hash'] as const;

const script = `
export const options = { iterations: 1 };
function error(fn) { try { fn(); return 'no error'; } catch (e) { return e.name + ': ' + e.message; } }
const URLS = ${JSON.stringify(URLS)};
const PARTS = ${JSON.stringify(PARTS)};
const inInit = typeof URL === 'function' && typeof TextEncoder === 'function' && crypto.randomUUID().length === 36;
export default function () {
  const out = {};
  out.inInit = inInit;
  out.enumerable = ['URL', 'URLSearchParams', 'TextEncoder', 'TextDecoder', 'atob', 'btoa', 'crypto', 'structuredClone'].filter((k) => Object.keys(globalThis).includes(k));
  out.urls = URLS.map(([input, base]) => {
    const url = base == null ? new URL(input) : new URL(input, base);
    return Object.fromEntries(PARTS.map((k) => [k, url[k]]));
  });
  const u = new URL('https://example.com/path?a=1&b=2#h');
  u.searchParams.append('c', 'x y');
  u.searchParams.delete('a');
  const afterParams = u.href;
  u.search = '?n=1&n=2';
  const fromSearch = u.searchParams.getAll('n');
  u.pathname = '/new path';
  u.hash = '';
  u.port = '8443';
  u.protocol = 'http';
  u.username = 'me';
  const afterSetters = u.toString();
  u.href = 'https://other.test/?k=v';
  out.url = [afterParams, fromSearch, afterSetters, u.searchParams.get('k'), JSON.stringify({ u }), String(new URL('https://a.test'))];
  out.urlErrors = [error(() => new URL('not a url')), error(() => new URL('/relative')), error(() => { u.href = 'nope'; }), URL.canParse('/x', 'https://a.test'), URL.canParse('nope')];
  const p = new URLSearchParams('?b=2&a=1&a=3&c=%E2%82%AC+x');
  p.sort();
  out.params = [p.toString(), p.getAll('a'), p.get('c'), p.has('b'), p.size, [...new URLSearchParams({ x: '1', y: 'two words' })], new URLSearchParams([['k', 'v']]).toString()];
  const encoded = new TextEncoder().encode('héllo €😀');
  out.text = [Array.from(encoded), new TextDecoder().decode(encoded), new TextDecoder('utf-8').decode(encoded.buffer), new TextDecoder().decode(new Uint8Array([0xff, 0x41])), error(() => new TextDecoder('utf-8', { fatal: true }).decode(new Uint8Array([0xff]))), error(() => new TextDecoder('windows-1251'))];
  out.base64 = [btoa('hello'), atob('aGVsbG8='), atob(' aGVs bG8 '), error(() => atob('***')), error(() => btoa('€'))];
  const bytes = new Uint8Array(64);
  const same = crypto.getRandomValues(bytes);
  const words = crypto.getRandomValues(new Uint32Array(8));
  out.crypto = [
    same === bytes,
    bytes.some((b) => b !== 0),
    words.length,
    /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(crypto.randomUUID()),
    crypto.randomUUID() !== crypto.randomUUID(),
    error(() => crypto.getRandomValues(new Float32Array(4))),
    error(() => crypto.getRandomValues(new Uint8Array(65537))),
  ];
  const source = { n: 1, list: [1, { deep: 'x' }], when: new Date(0), map: new Map([['k', new Set([1, 2])]]), buf: new Uint8Array([1, 2, 3]).buffer };
  source.self = source;
  const copy = structuredClone(source);
  out.clone = [
    copy !== source,
    copy.self === copy,
    copy.list[1].deep,
    copy.when instanceof Date && copy.when.getTime() === 0,
    copy.map.get('k').has(2),
    Array.from(new Uint8Array(copy.buf)),
    copy.buf !== source.buf,
    error(() => structuredClone({ f() {} })),
  ];
  console.log('RESULT', JSON.stringify(out));
}
`;

interface WebResult {
  [key: string]: unknown;
  urls: Array<Record<string, string>>;
}

describe('web APIs in VUs', () => {
  it('provides URL, URLSearchParams, TextEncoder/Decoder, atob/btoa, crypto and structuredClone', async () => {
    const result = await runInline({ 'script.js': script }, ['-q']);
    expect(result.exitCode, result.stderr).toBe(0);
    const [out] = reported<WebResult>(result.stderr, 'RESULT');
    if (out === undefined) throw new Error(`no result:\n${result.stderr}`);
    expect(out.inInit).toBe(true);
    expect(out.enumerable).toEqual([]);
    out.urls.forEach((parts, i) => {
      const [input, base] = URLS[i] as [string, string | undefined];
      const node = new URL(input, base);
      expect(parts, input).toEqual(Object.fromEntries(PARTS.map((k) => [k, node[k]])));
    });
    expect(out.url).toEqual([
      'https://example.com/path?b=2&c=x+y#h',
      ['1', '2'],
      'http://me@example.com:8443/new%20path?n=1&n=2',
      'v',
      '{"u":"https://other.test/?k=v"}',
      'https://a.test/',
    ]);
    expect(out.urlErrors).toEqual(['TypeError: Invalid URL', 'TypeError: Invalid URL', 'TypeError: Invalid URL', true, false]);
    expect(out.params).toEqual(['a=1&a=3&b=2&c=%E2%82%AC+x', ['1', '3'], '€ x', true, 4, [['x', '1'], ['y', 'two words']], 'k=v']);
    expect(out.text).toEqual([
      [...new TextEncoder().encode('héllo €😀')],
      'héllo €😀',
      'héllo €😀',
      '\ufffdA',
      'TypeError: decoding text: invalid byte sequence',
      'RangeError: unsupported encoding: windows-1251',
    ]);
    expect(out.base64).toEqual([
      'aGVsbG8=',
      'hello',
      'hello',
      'InvalidCharacterError: The string to be decoded is not correctly encoded.',
      'InvalidCharacterError: Invalid character',
    ]);
    expect(out.crypto).toEqual([
      true,
      true,
      8,
      true,
      true,
      expect.stringMatching(/^TypeMismatchError: /),
      expect.stringMatching(/^QuotaExceededError: /),
    ]);
    expect(out.clone).toEqual([true, true, 'x', true, true, [1, 2, 3], true, expect.stringMatching(/^DataCloneError: /)]);
  });
});
