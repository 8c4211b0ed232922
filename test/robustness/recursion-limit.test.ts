// How deep a script may recurse, through the real CLI: QuickJS's own stack limit must trip before
// the stack V8 runs the VU on does (on Node 20 each VU's own switched stack, whose size `qk6 run`
// relaunches Node with; elsewhere the worker's), so that every shape of script recursion ends in a
// catchable `InternalError: stack overflow` — and a host call made near that limit still has room.
// Too small a stack for the limit shows as VUs restarted (error lines); too low a limit, as a
// shallower plain recursion.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { explain, runWithExport } from '../cli/helpers/cli-test-kit.js';
import { consoleMessages, parseLogLines } from '../cli/helpers/log-lines.js';
import { startServer, type TestServer } from '../helpers/target-server.js';

/** Each shape recurses through `visit(n)` until QuickJS's limit; the host call is made on the way down. */
const SHAPES = {
  plain: 'function f(n) { visit(n); return f(n + 1) + 1; }',
  map: 'function f(n) { visit(n); return [n + 1].map(f)[0]; }',
  sort: 'function f(n) { visit(n); [2, 1].sort(() => f(n + 1)); return 0; }',
  getter: 'function f(n) { visit(n); return { get x() { return f(n + 1); } }.x; }',
  setter: 'function f(n) { visit(n); const o = { set x(v) { f(n + 1); } }; o.x = 1; }',
  toString: 'function f(n) { visit(n); return String({ toString() { return f(n + 1); } }); }',
  valueOf: 'function f(n) { visit(n); return +{ valueOf() { return f(n + 1); } }; }',
  toJSON: 'function f(n) { visit(n); return JSON.stringify({ toJSON() { return f(n + 1); } }); }',
  replace: "function f(n) { visit(n); return 'a'.replace('a', () => f(n + 1)); }",
  apply: 'function f(n) { visit(n); return Reflect.apply(f, null, [n + 1]); }',
  constructor: 'function f(n) { class A { constructor(d) { visit(d); new A(d + 1); } } new A(n); }',
  generator: 'function f(n) { function* g(d) { visit(d); yield* g(d + 1); } return [...g(n)]; }',
  proxy: 'function f(n) { const p = new Proxy({}, { get() { visit(n++); return p.x; } }); return p.x; }',
};
/** How far short of each shape's deepest level the host call is made. */
const HOST_CALL_MARGIN = 20;

function script(url: string): string {
  return `import http from 'k6/http';
export const options = { iterations: 40 };
let deepest = 0;
let hostCallAt = -1;
let hostStatus = 0;
function visit(n) {
  if (n > deepest) deepest = n;
  if (n === hostCallAt) hostStatus = http.get('${url}').status;
}
const shapes = { ${Object.entries(SHAPES)
    .map(([name, source]) => `${JSON.stringify(name)}: ${source}`)
    .join(',\n  ')} };
const depths = {};
export default function () {
  for (const [name, start] of Object.entries(shapes)) {
    deepest = 0;
    hostStatus = 0;
    hostCallAt = depths[name] === undefined ? -1 : depths[name] - ${HOST_CALL_MARGIN};
    let outcome = 'no error';
    try { start(0); } catch (e) { outcome = e.name + ': ' + e.message; }
    depths[name] = deepest;
    if (__ITER === 39) console.log(JSON.stringify({ name, outcome, deepest, hostStatus }));
  }
}`;
}

describe('qk6 run: recursion limit', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer((_request, res) => res.end('ok'));
  });
  afterAll(() => server.close());

  it('every shape of script recursion ends in a catchable InternalError, not a VU restart, and a host call near the limit runs', async () => {
    const run = await runWithExport(script(server.url));
    expect(run.exitCode, explain(run)).toBe(0);
    expect(parseLogLines(run.stderr).filter((line) => line.level === 'error'), explain(run)).toEqual([]);
    const results = consoleMessages(run.stderr).map((message) => JSON.parse(message) as { name: string; outcome: string; deepest: number; hostStatus: number });
    expect(results.map((result) => result.name)).toEqual(Object.keys(SHAPES));
    for (const result of results) {
      expect(result, result.name).toMatchObject({ outcome: 'InternalError: stack overflow', hostStatus: 200 });
    }
    // QuickJS's 192 KiB, as on every thread: about a thousand plain calls.
    expect(results.find((result) => result.name === 'plain')?.deepest).toBeGreaterThanOrEqual(1000);
    expect(run.summary.metrics.iterations?.count).toBe(40);
  }, 90_000);
});
