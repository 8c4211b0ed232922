// Scripts that go wrong, through the real CLI, with k6's outcome for each: a syntax error or an
// exception in init/setup/teardown ends the run with 107 and the script's file:line:column; an
// exception in an iteration or in handleSummary is logged and the run goes on (exit 0, default
// summary); a runaway loop is stopped at gracefulStop; a VU that exhausts its memory or its stack
// fails with a clear script error while the other VUs — and the process — carry on.
// (The runaway loop in init code has a file of its own: it waits for the 30 s init bound.)
import { describe, expect, it } from 'vitest';
import { runInline } from '../helpers/run-cli.js';
import { explain, runWithExport } from '../cli/helpers/cli-test-kit.js';
import { consoleMessages, parseLogLines } from '../cli/helpers/log-lines.js';

const errorsOf = (stderr: string) => parseLogLines(stderr).filter((line) => line.level === 'error');

describe.concurrent('qk6 run: script faults', () => {
  it('a syntax error: exit 107 naming file:line:column, nothing runs', async () => {
    const result = await runInline({
      'script.js': `import http from 'k6/http';\nexport default function () {\n  let x = ;\n}\n`,
    });
    expect(result.exitCode, explain(result)).toBe(107);
    const [error] = errorsOf(result.stderr);
    expect(error?.msg).toMatch(/^SyntaxError: .*\n\s*at \S*script\.js:3:11/);
    expect(error?.fields.hint).toBe('script exception');
  });

  it('an exception in init code: exit 107 with the stack at file:line:column', async () => {
    const result = await runInline({
      'script.js': `export default function () { console.log('iteration ran'); }\nfunction explode() { throw new TypeError('init exploded'); }\nexplode();\n`,
    });
    expect(result.exitCode, explain(result)).toBe(107);
    expect(errorsOf(result.stderr)[0]?.msg).toMatch(/^TypeError: init exploded\n\s*at explode \(file:\/\/\S*script\.js:2:\d+\)/);
    expect(consoleMessages(result.stderr)).toEqual([]);
  });

  it('an exception in setup(): exit 107, no iteration, no teardown', async () => {
    const result = await runInline({
      'script.js': `export function setup() { null.nothing; }
export default function () { console.log('iteration ran'); }
export function teardown() { console.log('teardown ran'); }`,
    });
    expect(result.exitCode, explain(result)).toBe(107);
    expect(errorsOf(result.stderr)[0]?.msg).toMatch(/^TypeError: .*\n\s*at setup \(file:\/\/\S*script\.js:1:\d+\)/);
    expect(consoleMessages(result.stderr)).toEqual([]);
  });

  it('an exception in default is logged and the run goes on (exit 0); one in handleSummary is logged and the default summary printed', async () => {
    const run = await runWithExport(`export const options = { iterations: 3 };
export default function () {
  if (__ITER === 1) throw new Error('iteration exploded');
  console.log('iteration ' + __ITER);
}
export function handleSummary(data) {
  throw new Error('summary exploded');
}`);
    expect(run.exitCode, explain(run)).toBe(0);
    const errors = errorsOf(run.stderr);
    expect(errors.map((error) => error.msg)).toEqual([
      expect.stringMatching(/^Error: iteration exploded\n\s*at default \(file:\/\/\S*script\.js:3:\d+\)/),
      expect.stringMatching(/^failed to handle the end-of-test summary: Error: summary exploded\n\s*at handleSummary \(file:\/\/\S*script\.js:7:\d+\)/),
    ]);
    expect(consoleMessages(run.stderr)).toEqual(['iteration 0', 'iteration 2']);
    expect(run.summary.metrics.iterations?.count).toBe(3);
    expect(run.stdout).toContain('TOTAL RESULTS');
  });

  it('an exception in teardown(): exit 107 after the iterations, the summary still printed', async () => {
    const run = await runWithExport(`export const options = { iterations: 2 };
export default function () {}
export function teardown() { throw new RangeError('teardown exploded'); }`);
    expect(run.exitCode, explain(run)).toBe(107);
    expect(errorsOf(run.stderr)[0]?.msg).toMatch(/^RangeError: teardown exploded\n\s*at teardown \(file:\/\/\S*script\.js:3:\d+\)/);
    expect(run.summary.metrics.iterations?.count).toBe(2);
    expect(run.stdout).toContain('TOTAL RESULTS');
  });

  it('a runaway while (true) in an iteration is stopped at the end of gracefulStop and the test ends', async () => {
    const started = Date.now();
    const run = await runWithExport(`import { sleep } from 'k6';
export const options = { scenarios: { spin: { executor: 'constant-vus', vus: 2, duration: '1s', gracefulStop: '1s' } } };
export default function () {
  if (__VU === 1) while (true) {}
  sleep(0.1);
}`);
    expect(run.exitCode, explain(run)).toBe(0);
    expect(Date.now() - started).toBeLessThan(25_000);
    expect(run.stderr).toMatch(/\d+ complete and 1 interrupted iterations/);
    expect(run.summary.metrics.iterations?.count).toBeGreaterThan(3); // VU 2 kept iterating
  });

  it("unbounded memory growth and deep recursion fail only their VU's iterations, with clear errors; the others and the process go on", async () => {
    const run = await runWithExport(`export const options = {
  scenarios: { faults: { executor: 'per-vu-iterations', vus: 3, iterations: 2, maxDuration: '60s' } },
};
const hoard = [];
function recurse(n) { return recurse(n + 1) + 1; }
function nest(depth) { let value = []; for (let i = 0; i < depth; i++) value = [value]; return value; }

export default function () {
  if (__VU === 1 && __ITER === 0) {
    for (;;) hoard.push('x'.repeat(1 << 20) + hoard.length); // never ends: the heap cap does
  }
  if (__VU === 1) hoard.length = 0;
  if (__VU === 2 && __ITER === 0) {
    try { recurse(0); } catch (e) { console.log('caught ' + e.name + ': ' + e.message); }
    recurse(0);
  }
  if (__VU === 3 && __ITER === 0) {
    String(nest(100000)); // recursion inside the engine itself (Array#join), not in script functions
  }
  console.log('VU ' + __VU + ' iteration ' + __ITER + ' completed');
}`);
    expect(run.exitCode, explain(run)).toBe(0);
    const messages = consoleMessages(run.stderr);
    expect(messages).toContain('caught InternalError: stack overflow');
    for (const vu of [1, 2, 3]) expect(messages).toContain(`VU ${vu} iteration 1 completed`);
    const errors = errorsOf(run.stderr).map((error) => error.msg);
    expect(errors).toHaveLength(3);
    expect(errors).toContainEqual(
      expect.stringMatching(/^InternalError: out of memory: the VU's JavaScript heap reached qk6's limit of 512 MiB per VU\n\s*at default \(file:\/\/\S*script\.js:10:\d+\)/),
    );
    // The recursion is printed once with its count, not as hundreds of identical lines.
    expect(errors).toContainEqual(expect.stringMatching(/^InternalError: stack overflow\n\s*at recurse \(file:\/\/\S*script\.js:5:\d+\) \(×\d+\)$/m));
    expect(errors).toContainEqual(expect.stringMatching(/^InternalError: stack overflow\n\s*at default \(file:\/\/\S*script\.js:18:\d+\)/));
    expect(run.summary.metrics.iterations?.count).toBe(6);
  }, 90_000);

  it('a stack overflow in setup() is a script exception (exit 107), not a crash', async () => {
    const result = await runInline({
      'script.js': `function recurse(n) { return recurse(n + 1) + 1; }
export function setup() { recurse(0); }
export default function () { console.log('iteration ran'); }`,
    });
    expect(result.exitCode, explain(result)).toBe(107);
    const [error] = errorsOf(result.stderr);
    expect(error?.msg).toMatch(/^InternalError: stack overflow/);
    expect(error?.fields.hint).toBe('script exception');
    expect(result.stderr).not.toContain('qk6 bug');
    expect(consoleMessages(result.stderr)).toEqual([]);
  });
});
