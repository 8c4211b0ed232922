// Runtime modules compiled on first use (src/vu/runtime-modules.ts): the web-API globals, k6/html
// behind res.html(), the JSON selector, multipart bodies with http.file, http.batch, http.url,
// form-encoded bodies and the cookie jars a script makes.
// Through the real CLI: a script must
// not be able to tell that they were loaded late — same values, same module instances, and its
// own assignments to those globals win.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reported } from '../cli/helpers/log-lines.js';
import { runInline } from '../helpers/run-cli.js';
import { startServer, type TestServer } from '../helpers/target-server.js';

let server: TestServer;

beforeAll(async () => {
  server = await startServer((request, res) => {
    if (request.url === '/echo') {
      res.end(request.body);
      return;
    }
    if (request.url === '/page') {
      res.setHeader('content-type', 'text/html');
      res.end('<html><body><h1 class="t">Title</h1><a href="/next">next</a></body></html>');
      return;
    }
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ items: [{ name: 'a' }, { name: 'b' }] }));
  });
});

afterAll(async () => {
  await server.close();
});

const script = `
import http from 'k6/http';
import { parseHTML } from 'k6/html';
// The URL template names its requests, in a batch too (2 iterations: one each).
export const options = { iterations: 2, vus: 1, thresholds: { 'http_reqs{name:\${}/json}': ['count==2'] } };
const accessorBefore = typeof Object.getOwnPropertyDescriptor(globalThis, 'TextEncoder').get;
globalThis.atob = () => 'mine';
delete globalThis.btoa;
export default function () {
  const out = { accessorBefore };
  out.url = new URL('/x?y=1', 'http://h.test').href;
  const descriptor = Object.getOwnPropertyDescriptor(globalThis, 'TextEncoder');
  out.dataAfterUse = typeof descriptor.value === 'function' && descriptor.writable && !descriptor.enumerable;
  out.atob = atob('aGk=');
  out.btoa = typeof globalThis.btoa;
  const page = http.get(__ENV.BASE + '/page');
  const fromResponse = page.html('h1');
  out.html = [fromResponse.text(), fromResponse.attr('class')];
  out.sameSelection = Object.getPrototypeOf(fromResponse) === Object.getPrototypeOf(parseHTML('<p></p>'));
  out.selector = http.get(__ENV.BASE + '/json').json('items.#.name');
  out.file = http.file('abc', 'a.txt').filename;
  const tagged = http.url\`\${__ENV.BASE}/json\`;
  out.tagged = String(tagged) === __ENV.BASE + '/json';
  out.batch = http.batch([['GET', __ENV.BASE + '/page'], tagged, { method: 'GET', url: __ENV.BASE + '/page' }]).map((r) => r.status);
  out.form = http.post(__ENV.BASE + '/echo', { a: '1 2', b: 'x&y' }).body;
  out.multipart = http.post(__ENV.BASE + '/echo', { f: http.file('abc', 'a.txt'), n: 'v' }).body.includes('name="n"');
  const jar = new http.CookieJar();
  jar.set(__ENV.BASE, 'k', 'v');
  out.jar = [jar instanceof http.CookieJar, jar.cookiesForURL(__ENV.BASE).k];
  console.log('RESULT ' + JSON.stringify(out));
}
`;

interface LazyResult {
  accessorBefore: string;
  url: string;
  dataAfterUse: boolean;
  atob: string;
  btoa: string;
  html: string[];
  sameSelection: boolean;
  selector: string[];
  file: string;
  tagged: boolean;
  batch: number[];
  form: string;
  multipart: boolean;
  jar: [boolean, string[]];
}

describe('runtime modules loaded on first use', () => {
  it('behave as if loaded up front, and leave a script’s own globals alone', async () => {
    const result = await runInline({ 'script.js': script }, ['-q', '-e', `BASE=${server.url}`]);
    expect(result.exitCode, result.stderr).toBe(0);
    const runs = reported<LazyResult>(result.stderr, 'RESULT');
    expect(runs).toHaveLength(2);
    for (const out of runs) {
      expect(out).toEqual({
        accessorBefore: 'function',
        url: 'http://h.test/x?y=1',
        dataAfterUse: true,
        atob: 'mine',
        btoa: 'undefined',
        html: ['Title', 't'],
        sameSelection: true,
        selector: ['a', 'b'],
        file: 'a.txt',
        tagged: true,
        batch: [200, 200, 200],
        form: 'a=1+2&b=x%26y',
        multipart: true,
        jar: [true, ['v']],
      });
    }
  });
});
