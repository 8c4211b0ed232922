// Web APIs available in every VU as globals: URL and URLSearchParams (WHATWG), TextEncoder and
// TextDecoder (UTF-8), atob/btoa, crypto.getRandomValues/randomUUID and structuredClone. This
// example needs no server.
// Run: qk6 run examples/web-apis.js
import { check } from 'k6';

export const options = {
  iterations: 1,
  thresholds: { checks: ['rate==1'] },
};

export default function () {
  // Build a URL without string concatenation: the parameters are encoded for you.
  const url = new URL('/api/items', 'https://shop.example');
  url.searchParams.set('q', 'red shoes');
  url.searchParams.append('page', '2');

  const parsed = new URL('https://user@Example.COM:443/a/../b?x=1#top');
  const bytes = new TextEncoder().encode('héllo');
  const id = crypto.randomUUID();
  const random = crypto.getRandomValues(new Uint32Array(4));
  const original = { when: new Date(0), tags: new Set(['a']), nested: { list: [1, 2] } };
  const copy = structuredClone(original);

  check(null, {
    'URL with encoded search params': () => url.href === 'https://shop.example/api/items?q=red+shoes&page=2',
    'URL parts are normalised': () =>
      parsed.host === 'example.com' && parsed.pathname === '/b' && parsed.searchParams.get('x') === '1' && parsed.hash === '#top',
    'URLSearchParams from an object': () => new URLSearchParams({ a: '1', b: 'x y' }).toString() === 'a=1&b=x+y',
    'UTF-8 encode and decode': () => bytes.length === 6 && new TextDecoder().decode(bytes) === 'héllo',
    'atob / btoa': () => btoa('hello') === 'aGVsbG8=' && atob('aGVsbG8=') === 'hello',
    'random UUID': () => /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(id),
    'random values': () => random.length === 4,
    'structuredClone keeps Dates and Sets': () =>
      copy !== original && copy.when.getTime() === 0 && copy.tags.has('a') && copy.nested.list[1] === 2,
  });
}
