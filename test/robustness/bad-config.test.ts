// Bad configuration through the real CLI: every mistake is one clear log line naming where it was
// and what was received, with k6's exit code — 104 for invalid options (script, config file, K6_*
// variables), 255 for bad command-line values and a missing script — and nothing runs. Unknown
// options only warn. (The parsers behind these lines are fuzzed in test/fuzz/config-parsers.test.ts.)
import { describe, expect, it } from 'vitest';
import { runCli, runInline, writeInlineFiles } from '../helpers/run-cli.js';
import { explain } from '../cli/helpers/cli-test-kit.js';
import { consoleMessages, parseLogLines } from '../cli/helpers/log-lines.js';

const NOOP = `export default function () { console.log('iteration ran'); }`;
const withOptions = (options: string): string => `export const options = ${options};\n${NOOP}`;

interface BadConfigCase {
  what: string;
  script: string;
  args?: string[];
  env?: Record<string, string>;
  /** Files beside the script (a config file). */
  files?: Record<string, string>;
  code: number;
  /** The one error (or, for exit 0, warning) line. */
  line: RegExp;
}

const CASES: BadConfigCase[] = [
  { what: 'an option of the wrong type', script: withOptions(`{ vus: 'two' }`), code: 104, line: /^options\.vus: .*"two"/ },
  { what: 'a duration option given a boolean', script: withOptions(`{ duration: true }`), code: 104, line: /^options\.duration: expected a duration .*got true$/ },
  { what: 'options that are not an object', script: withOptions(`5`), code: 104, line: /^options: expected an object, got 5$/ },
  { what: 'scenarios given as an array', script: withOptions(`{ scenarios: [] }`), code: 104, line: /^options\.scenarios: .*array/ },
  {
    what: 'an unknown executor field',
    script: withOptions(`{ scenarios: { s: { executor: 'constant-vus', vus: 1, duration: '1s', colour: 'red' } } }`),
    code: 104,
    line: /^options\.scenarios\.s\.colour: unknown field "colour"/,
  },
  { what: 'a duration that does not parse', script: withOptions(`{ duration: '10 parsecs' }`), code: 104, line: /^options\.duration: .*"10 parsecs"/ },
  { what: 'a duration past 292 years', script: withOptions(`{ duration: '999999999d' }`), code: 104, line: /^options\.duration: .*longer than 292 years/ },
  { what: 'a bad --duration flag', script: NOOP, args: ['-d', '1x'], code: 255, line: /^--duration: .*"1x"/ },
  { what: 'a bad K6_DURATION', script: NOOP, env: { K6_DURATION: 'abc' }, code: 104, line: /^K6_DURATION: invalid duration "abc"$/ },
  { what: 'a stage with a bad target', script: NOOP, args: ['-s', '10s:x'], code: 255, line: /^--stage: .*invalid stage target "x"/ },
  { what: 'a stage without a duration', script: NOOP, args: ['-s', ':5'], code: 255, line: /^--stage: stage 0 doesn't have a specified duration$/ },
  { what: 'a bad K6_STAGES', script: NOOP, env: { K6_STAGES: '10s:5,soon:0' }, code: 104, line: /^K6_STAGES: invalid stage "soon:0"/ },
  {
    what: 'a stage duration in the script that does not parse',
    script: withOptions(`{ stages: [{ duration: 'ten', target: 1 }] }`),
    code: 104,
    line: /^options\.stages\[0\]\.duration: invalid duration "ten"$/,
  },
  { what: 'an -e pair without a name', script: NOOP, args: ['-e', '=value'], code: 255, line: /^--env: invalid environment variable name '' in "=value"$/ },
  { what: 'an -e name k6 refuses', script: NOOP, args: ['-e', '1ST=value'], code: 255, line: /^--env: invalid environment variable name '1ST'/ },
  {
    what: 'a threshold expression with bad syntax',
    script: withOptions(`{ iterations: 1, thresholds: { http_req_duration: ['p(95) <<< 500'] } }`),
    code: 104,
    line: /^thresholds\.http_req_duration\[0\]: failed parsing threshold expresion's "p\(95\) <<< 500" right hand side/,
  },
  {
    what: 'a threshold key with bad syntax',
    script: withOptions(`{ iterations: 1, thresholds: { 'http_req_duration{status:200': ['p(95)<500'] } }`),
    code: 104,
    line: /^thresholds\.http_req_duration\{status:200: .*unmatched opening\/close curly brace/,
  },
  {
    what: 'a config file that is not JSON',
    script: NOOP,
    args: ['-c', 'config.json'],
    files: { 'config.json': '{ vus: 2, // not JSON\n' },
    code: 104,
    line: /config\.json: the config file is not valid JSON/,
  },
  { what: 'a script without a default export', script: `export const options = { iterations: 1 };\nexport function helper() {}`, code: 104, line: /function 'default' not found in exports/ },
  {
    what: 'unknown options (a warning, and the test runs)',
    script: withOptions(`{ iterations: 1, vuss: 2, colour: 'red' }`),
    code: 0,
    line: /^There were unknown fields in the options exported in the script: vuss, colour$/,
  },
];

describe.concurrent('qk6 run: bad configuration', () => {
  it.each(CASES.map((c) => [c.what, c] as const))('%s: one clear line', async (_what, c) => {
    const result = await runInline({ 'script.js': c.script, ...c.files }, c.args ?? [], c.env ? { env: c.env } : {});
    expect(result.exitCode, explain(result)).toBe(c.code);
    const level = c.code === 0 ? 'warning' : 'error';
    // The REST API may warn that its default port is taken on a shared machine; that is not ours to judge.
    const lines = parseLogLines(result.stderr).filter((line) => line.level === level && !line.msg.includes('API server'));
    expect(lines.map((line) => line.msg), explain(result)).toEqual([expect.stringMatching(c.line)]);
    expect(result.stderr).not.toContain('qk6 bug');
    if (c.code === 0) expect(consoleMessages(result.stderr)).toEqual(['iteration ran']);
    else expect(consoleMessages(result.stderr)).toEqual([]);
  });

  it('a missing script file: exit 255, one line naming the path', async () => {
    const dir = writeInlineFiles({ 'other.js': NOOP });
    const result = await runCli(['run', 'missing.js'], { cwd: dir });
    expect(result.exitCode, explain(result)).toBe(255);
    const errors = parseLogLines(result.stderr).filter((line) => line.level === 'error');
    expect(errors.map((line) => line.msg)).toEqual([expect.stringMatching(/^The script file "missing\.js" does not exist/)]);
  });
});
