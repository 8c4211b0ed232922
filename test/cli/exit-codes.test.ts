// k6's exit codes through the real CLI (k6 errext/exitcodes): 0 success (iteration exceptions
// included), 99 thresholds, 104 invalid configuration, 107 script exception in init or setup,
// 255 any other error (missing script, unknown flag, bad flag value). Also: flags after the script
// path, and `k6` / `qk6` both installed as bins.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, runCli, runInline, writeInlineFiles } from '../helpers/run-cli.js';
import { explain } from './helpers/cli-test-kit.js';
import { consoleMessages, parseLogLines } from './helpers/log-lines.js';

const NOOP = `export default function () { console.log('iteration ran'); }`;

interface ExitCase {
  code: number;
  what: string;
  script: string;
  args: string[];
  env?: Record<string, string>;
  /** Matched against stderr. */
  message: RegExp | undefined;
}

const CASES: ExitCase[] = [
  { code: 0, what: 'a passing test', script: NOOP, args: [], message: undefined },
  {
    code: 99,
    what: 'a failed threshold',
    script: `export const options = { thresholds: { iterations: ['count<1'] } };\n${NOOP}`,
    args: [],
    message: /thresholds on metrics 'iterations' have been crossed/,
  },
  {
    code: 104,
    what: 'an option of the wrong type',
    script: `export const options = { vus: 'two' };\n${NOOP}`,
    args: [],
    message: /vus/,
  },
  {
    code: 104,
    what: 'a duration that does not parse',
    script: `export const options = { duration: '10 parsecs' };\n${NOOP}`,
    args: [],
    message: /duration.*10 parsecs/,
  },
  {
    code: 104,
    what: 'an unknown executor',
    script: `export const options = { scenarios: { s1: { executor: 'warp-drive' } } };\n${NOOP}`,
    args: [],
    message: /scenarios\.s1\.executor.*warp-drive/,
  },
  {
    code: 104,
    what: 'iterations together with stages',
    script: `export const options = { iterations: 2, stages: [{ duration: '1s', target: 1 }] };\n${NOOP}`,
    args: [],
    message: /iterations.*stages|stages.*iterations/,
  },
  {
    code: 104,
    what: 'a script without a default function',
    script: `export const x = 1;`,
    args: [],
    message: /function 'default' not found in exports/,
  },
  {
    code: 104,
    what: 'an invalid value in K6_* env',
    script: NOOP,
    args: [],
    env: { K6_VUS: 'many' },
    message: /vus|VUS/,
  },
  {
    code: 107,
    what: 'an exception in init code',
    script: `throw new Error('init exploded');\n${NOOP}`,
    args: [],
    message: /Error: init exploded[\s\S]*script\.js:1:\d+/,
  },
  {
    code: 255,
    what: 'an unknown flag',
    script: NOOP,
    args: ['--no-such-flag'],
    message: /--no-such-flag/,
  },
  {
    code: 255,
    what: 'a flag value that does not parse',
    script: NOOP,
    args: ['--duration', '1x'],
    message: /1x/,
  },
];

describe('qk6 run: exit codes', () => {
  it.each(CASES.map((c) => [c.code, c.what, c] as const))('exits %i for %s', async (_code, _what, { code, script, args, env, message }) => {
    const result = await runInline({ 'script.js': script }, args, env ? { env } : {});
    expect(result.exitCode, explain(result)).toBe(code);
    if (message !== undefined) expect(result.stderr).toMatch(message);
    if (code >= 100) expect(consoleMessages(result.stderr)).not.toContain('iteration ran');
  });

  it('exits 255 naming the path when the script file does not exist', async () => {
    const result = await runCli(['run', 'no-such-script.js']);
    expect(result.exitCode, explain(result)).toBe(255);
    expect(result.stderr).toContain('no-such-script.js');
  });

  it('exits 107 when setup() throws, runs no iteration and no teardown', async () => {
    const result = await runInline({
      'script.js': `export function setup() { throw new Error('setup exploded'); }
export default function () { console.log('iteration ran'); }
export function teardown() { console.log('teardown ran'); }`,
    });
    expect(result.exitCode, explain(result)).toBe(107);
    const error = parseLogLines(result.stderr).find((l) => l.level === 'error');
    expect(error?.msg).toMatch(/Error: setup exploded[\s\S]*at setup \(file:\/\/\S*script\.js:1:\d+\)/);
    expect(consoleMessages(result.stderr)).toEqual([]);
  });

  it('exits 0 when iterations end with a throw, fail() or a TypeError, logging each with file:line', async () => {
    const result = await runInline(
      {
        'script.js': `import { fail } from 'k6';
export const options = { vus: 1, iterations: 3 };
export default function () {
  if (__ITER === 0) throw new Error('iteration exploded');
  if (__ITER === 1) fail('check your inputs');
  null.property;
}`,
      },
      ['--summary-export', 'summary.json'],
    );
    expect(result.exitCode, explain(result)).toBe(0);
    const errors = parseLogLines(result.stderr).filter((l) => l.level === 'error');
    expect(errors.map((e) => e.msg)).toEqual([
      expect.stringMatching(/^Error: iteration exploded\n\s*at default \(file:\/\/\S*script\.js:4:\d+\)/),
      expect.stringMatching(/check your inputs[\s\S]*at default \(file:\/\/\S*script\.js:5:\d+\)/),
      expect.stringMatching(/^TypeError: [\s\S]*at default \(file:\/\/\S*script\.js:6:\d+\)/),
    ]);
    for (const error of errors) {
      expect(error.fields).toMatchObject({ source: 'stacktrace', executor: 'shared-iterations', scenario: 'default' });
    }
    // k6 still counts the failed iterations.
    const summary = JSON.parse(readFileSync(join(result.dir, 'summary.json'), 'utf8')) as { metrics: Record<string, { count?: number }> };
    expect(summary.metrics.iterations?.count).toBe(3);
  });

  it('accepts flags after the script path (qk6 run test.js --vus 2 -i 4)', async () => {
    const dir = writeInlineFiles({ 'test.js': `export default function () { console.log('vu ' + __VU); }` });
    const result = await runCli(['run', 'test.js', '--vus', '2', '-i', '4'], { cwd: dir });
    expect(result.exitCode, explain(result)).toBe(0);
    expect(result.stdout).toContain('4 iterations shared among 2 VUs');
    // How the 2 VUs split the shared pool is up to scheduling, in k6 too.
    const vus = consoleMessages(result.stderr);
    expect(vus).toHaveLength(4);
    for (const vu of vus) expect(['vu 1', 'vu 2']).toContain(vu);
  });
});

describe('package.json', () => {
  it('installs both `k6` and `qk6` as commands pointing at the launcher', () => {
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { bin: Record<string, string> };
    expect(pkg.bin).toEqual({ qk6: 'bin/qk6.js', k6: 'bin/qk6.js' });
  });
});
