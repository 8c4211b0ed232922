// What `Function.prototype.toString` and stack traces show in a VU (src/vu/source-stripping.ts):
// k6's own functions print as native code and their frames without a position, like Go code in k6,
// because qk6 compiles its runtime modules without their text and debug information; every
// function a script writes, evaluates or builds keeps its text and its frames their positions.
// The same whether the VU compiled the runtime modules itself (one VU) or started from an engine
// template (several), on both QuickJS engines, and after the script imports a k6 module itself.
import { describe, expect, it } from 'vitest';
import { explain, runWithExport } from './helpers/cli-test-kit.js';
import { consoleMessages } from './helpers/log-lines.js';

const SCRIPT = `
import http from 'k6/http';
import { check } from 'k6';
import { helper, thrower } from './helper.js';

function mine() { return 'my body'; }
const built = new Function('a', 'return a + 7');
const evaluated = eval('(function evaluated() { return "evaluated body"; })');

export default async function () {
  // k6/encoding is not loaded yet: importing it must not leave its stripping on for the script.
  const encoding = await import('k6/encoding');
  let frames = [];
  try { check(1, null); } catch (error) { frames = String(error.stack).split('\\n').slice(0, 2).map((line) => line.trim()); }
  let helperFrame = '';
  try { thrower(); } catch (error) { helperFrame = String(error.stack).split('\\n')[0].trim(); }
  console.log(JSON.stringify({
    get: http.get.toString(),
    check: check.toString(),
    mine: mine.toString(),
    helper: helper.toString(),
    built: built.toString(),
    later: new Function('return 8').toString(),
    b64encode: encoding.b64encode.toString(),
    evaluated: evaluated.toString(),
    frames,
    helperFrame,
  }));
}
`;
const HELPER = 'export function helper() { return "helper body"; }\nexport function thrower() {\n  throw new Error("from the helper");\n}\n';

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
            // A runtime module's frame has no position; the script's frames keep theirs.
            frames: ['at check', expect.stringMatching(/^at default \(file:\/\/\S+\/script\.js:14:\d+\)$/)],
            helperFrame: expect.stringMatching(/^at thrower \(file:\/\/\S+\/helper\.js:3:\d+\)$/),
          });
        }
      });
    }
  }
});
