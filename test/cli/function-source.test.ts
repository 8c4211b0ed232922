// What `Function.prototype.toString` shows in a VU (src/vu/source-stripping.ts): k6's own
// functions print as native code, as k6's Go functions do, because qk6 compiles its runtime
// modules without their text; every function a script writes, evaluates or builds keeps its text.
// The same whether the VU compiled the runtime modules itself (one VU) or started from an engine
// template (several), on both QuickJS engines, and after the script imports a k6 module itself.
import { describe, expect, it } from 'vitest';
import { explain, runWithExport } from './helpers/cli-test-kit.js';
import { consoleMessages } from './helpers/log-lines.js';

const SCRIPT = `
import http from 'k6/http';
import { check } from 'k6';
import { helper } from './helper.js';

function mine() { return 'my body'; }
const built = new Function('a', 'return a + 7');
const evaluated = eval('(function evaluated() { return "evaluated body"; })');

export default async function () {
  // k6/encoding is not loaded yet: importing it must not leave its stripping on for the script.
  const encoding = await import('k6/encoding');
  let frame = '';
  try { check(1, null); } catch (error) { frame = String(error.stack).split('\\n')[0].trim(); }
  console.log(JSON.stringify({
    get: http.get.toString(),
    check: check.toString(),
    mine: mine.toString(),
    helper: helper.toString(),
    built: built.toString(),
    later: new Function('return 8').toString(),
    b64encode: encoding.b64encode.toString(),
    evaluated: evaluated.toString(),
    frame,
  }));
}
`;
const HELPER = 'export function helper() { return "helper body"; }\n';

describe('function source text', () => {
  for (const engine of [undefined, 'asyncify']) {
    for (const vus of [1, 3]) {
      it(`is k6's native code for k6's functions and the script's own text for the rest (${engine ?? 'default'} engine, ${vus} VUs)`, async () => {
        const result = await runWithExport(SCRIPT, ['--vus', String(vus), '--iterations', String(vus)], { env: { QK6_ENGINE: engine }, files: { 'helper.js': HELPER } });
        expect(result.exitCode, explain(result)).toBe(0);
        const reports = consoleMessages(result.stderr).map((message) => JSON.parse(message) as Record<string, string>);
        expect(reports).toHaveLength(vus);
        for (const report of reports) {
          expect(report).toEqual({
            get: 'function get() {\n    [native code]\n}',
            check: 'function check() {\n    [native code]\n}',
            mine: "function mine() { return 'my body'; }",
            helper: 'function helper() { return "helper body"; }',
            built: 'function anonymous(a\n) {\nreturn a + 7\n}',
            later: 'function anonymous(\n) {\nreturn 8\n}',
            b64encode: 'function b64encode() {\n    [native code]\n}',
            evaluated: 'function evaluated() { return "evaluated body"; }',
            // A runtime module's frame keeps its position.
            frame: expect.stringMatching(/^at check \(qk6-runtime:\/\/\/modules\/k6\.js:\d+:\d+\)$/),
          });
        }
      });
    }
  }
});
