// The k6 test lifecycle through the real CLI: init code per VU (plus k6's extra inits), setup()
// once as VU 0, its return value JSON-round-tripped into every default(data) and teardown(data),
// teardown() once, handleSummary() last; --no-setup / --no-teardown; console.* as k6 log lines.
import { beforeAll, describe, expect, it } from 'vitest';
import { runInline, type InlineResult } from '../helpers/run-cli.js';
import { explain } from './helpers/cli-test-kit.js';
import { consoleMessages, parseLogLines, reported } from './helpers/log-lines.js';

const LIFECYCLE_SCRIPT = `
console.log('init ' + JSON.stringify({ vu: __VU }));

export const options = {
  scenarios: { default: { executor: 'per-vu-iterations', vus: 2, iterations: 2 } },
};

export function setup() {
  console.log('setup ' + JSON.stringify({ vu: __VU }));
  return {
    when: new Date(0),
    greet: function () { return 'hi'; },
    nothing: undefined,
    count: 3,
    nested: { list: [1, 'two', null], flag: true },
  };
}

export default function (data) {
  console.log('default ' + JSON.stringify({ vu: __VU, iter: __ITER, data, whenType: typeof data.when, greetType: typeof data.greet }));
}

export function teardown(data) {
  console.log('teardown ' + JSON.stringify({ vu: __VU, data }));
  console.info('an info line');
  console.warn('a warning line');
  console.error('an error line', { code: 7 });
  console.debug('a debug line');
}

export function handleSummary() {
  console.log('handleSummary ' + JSON.stringify({ vu: __VU }));
  return { stdout: 'lifecycle summary\\n' };
}
`;

/** What setup() returns after JSON.stringify + JSON.parse: the Date is a string, the function and undefined are gone. */
const ROUND_TRIPPED = { when: '1970-01-01T00:00:00.000Z', count: 3, nested: { list: [1, 'two', null], flag: true } };

describe('qk6 run: lifecycle of a script with setup, teardown and handleSummary', () => {
  let result: InlineResult;
  /** The tag of each lifecycle line (`init`, `setup`, …) in the order it was logged. */
  let order: string[];

  beforeAll(async () => {
    result = await runInline({ 'lifecycle.js': LIFECYCLE_SCRIPT });
    order = consoleMessages(result.stderr)
      .map((msg) => /^(init|setup|default|teardown|handleSummary) /.exec(msg)?.[1])
      .filter((tag): tag is string => tag !== undefined);
  });

  it('exits 0', () => {
    expect(result.exitCode, explain(result)).toBe(0);
  });

  it('runs init code once per VU and once as VU 0 for options, setup, teardown and handleSummary', () => {
    // k6: 1 (read options) + 1 per VU + 1 each for setup, teardown and handleSummary (all __VU 0).
    const inits = reported<{ vu: number }>(result.stderr, 'init').map((line) => line.vu);
    expect(inits.filter((vu) => vu === 0)).toHaveLength(4);
    expect(inits.filter((vu) => vu !== 0).sort()).toEqual([1, 2]);
  });

  it('runs init code once more as VU 0 for the end-of-test summary even when handleSummary is not exported', async () => {
    // k6 always initialises a VU for the summary (internal/js/runner.go HandleSummary).
    const script = `console.log('init ' + JSON.stringify({ vu: __VU }));
      export function setup() {}
      export default function () {}
      export function teardown() {}`;
    const run = await runInline({ 'no-summary-handler.js': script }, ['-i', '1']);
    expect(run.exitCode, explain(run)).toBe(0);
    expect(reported<{ vu: number }>(run.stderr, 'init').filter((line) => line.vu === 0)).toHaveLength(4);
  });

  it('calls setup once, as VU 0, before any iteration', () => {
    expect(reported(result.stderr, 'setup')).toEqual([{ vu: 0 }]);
    expect(order.indexOf('setup')).toBeLessThan(order.indexOf('default'));
  });

  it('runs 2 iterations on each of VUs 1 and 2, with per-VU __ITER counting from 0', () => {
    const iterations = reported<{ vu: number; iter: number }>(result.stderr, 'default');
    expect(iterations).toHaveLength(4);
    for (const vu of [1, 2]) expect(iterations.filter((it) => it.vu === vu).map((it) => it.iter)).toEqual([0, 1]);
  });

  it("hands every default(data) a JSON round-trip of setup's return value", () => {
    const iterations = reported<{ data: unknown; whenType: string; greetType: string }>(result.stderr, 'default');
    expect(iterations).toHaveLength(4);
    for (const iteration of iterations) {
      expect(iteration.data).toEqual(ROUND_TRIPPED);
      expect(iteration.whenType).toBe('string');
      expect(iteration.greetType).toBe('undefined');
    }
  });

  it('calls teardown once, as VU 0, after the last iteration, with the same data', () => {
    expect(reported(result.stderr, 'teardown')).toEqual([{ vu: 0, data: ROUND_TRIPPED }]);
    expect(order.lastIndexOf('default')).toBeLessThan(order.indexOf('teardown'));
  });

  it('calls handleSummary last, as VU 0, and prints what it returns for stdout', () => {
    expect(reported(result.stderr, 'handleSummary')).toEqual([{ vu: 0 }]);
    expect(order.at(-1)).toBe('handleSummary');
    expect(result.stdout).toContain('lifecycle summary');
    expect(result.stdout).not.toContain('TOTAL RESULTS');
  });

  it.each([
    ['console.info', 'info', 'an info line'],
    ['console.warn', 'warning', 'a warning line'],
    ['console.error', 'error', 'an error line {"code":7}'],
  ])('prints %s as a k6 log line with level=%s and source=console', (_fn, level, msg) => {
    const line = parseLogLines(result.stderr).find((l) => l.msg === msg);
    expect(line, result.stderr).toMatchObject({ level, fields: { source: 'console' } });
    expect(line?.raw).toMatch(/^time="[^"]+" level=\w+ msg=/);
  });

  it('hides console.debug unless --verbose is given', () => {
    expect(consoleMessages(result.stderr)).not.toContain('a debug line');
  });
});

describe('qk6 run: --no-setup and --no-teardown', () => {
  const SCRIPT = `
export const options = { iterations: 2 };
export function setup() { console.log('setup ran'); return { fromSetup: true }; }
export default function (data) { console.log('default ' + JSON.stringify({ data: data === undefined ? 'undefined' : data })); }
export function teardown(data) { console.log('teardown ' + JSON.stringify({ data: data === undefined ? 'undefined' : data })); }
`;

  it.each([
    ['--no-setup', { setup: false, teardown: true, data: 'undefined' }],
    ['--no-teardown', { setup: true, teardown: false, data: { fromSetup: true } }],
    ['--no-setup --no-teardown', { setup: false, teardown: false, data: 'undefined' }],
  ] as const)('with %s runs setup/teardown only when not disabled, and iterations get undefined without setup', async (flags, expected) => {
    const result = await runInline({ 'phases.js': SCRIPT }, flags.split(' '));
    expect(result.exitCode, explain(result)).toBe(0);
    const { setup, teardown, data } = expected;
    expect(consoleMessages(result.stderr).includes('setup ran')).toBe(setup);
    expect(reported(result.stderr, 'default')).toEqual([{ data }, { data }]);
    expect(reported(result.stderr, 'teardown')).toEqual(teardown ? [{ data }] : []);
  });
});

describe('qk6 run --verbose', () => {
  it('shows console.debug lines at level=debug', async () => {
    const result = await runInline({ 'debug.js': `export default function () { console.debug('now you see me'); }` }, ['--verbose']);
    expect(result.exitCode, explain(result)).toBe(0);
    expect(parseLogLines(result.stderr).find((l) => l.msg === 'now you see me')).toMatchObject({
      level: 'debug',
      fields: { source: 'console' },
    });
  });
});

describe('qk6 run: setup() and teardown() with deep call stacks', () => {
  it('run 500 nested calls even after a hot loop (they run in a VU worker, not on the small main-thread stack)', async () => {
    // The hot loop makes V8 optimise QuickJS's interpreter, whose frames then take ~42 KB of native
    // stack per script call: on the main thread's ~1 MB that overflowed at about 20 nested calls.
    const script = `
function depth(n) { return n === 0 ? 0 : 1 + depth(n - 1); }
function warm() { let x = 0; for (let i = 0; i < 3e6; i++) x += i % 7; return x; }
export const options = { iterations: 1 };
export function setup() { warm(); return { depth: depth(500) }; }
export default function (data) { console.log('DEPTH ' + JSON.stringify(data)); }
export function teardown(data) { warm(); console.log('DEPTH ' + JSON.stringify({ teardown: depth(data.depth) })); }
`;
    const result = await runInline({ 'script.js': script }, ['-q']);
    expect(result.exitCode, explain(result)).toBe(0);
    expect(reported(result.stderr, 'DEPTH')).toEqual([{ depth: 500 }, { teardown: 500 }]);
  });
});

describe('qk6 run: timers in setup(), teardown() and handleSummary()', () => {
  it('waits for them like k6 does before the call counts as done (setup data is encoded after its timers ran)', async () => {
    const script = `
import { check } from 'k6';
export const options = { iterations: 1 };
export function setup() {
  const data = { fired: [] };
  setTimeout(() => { data.fired.push('timeout'); check(1, { 'checked in a setup timer': () => true }); }, 50);
  let n = 0;
  const id = setInterval(() => { n += 1; if (n === 3) { clearInterval(id); data.fired.push('interval x3'); } }, 10);
  return data;
}
// Sorted: which timer fires first depends on the machine's load; that both did is the point.
export default function (data) { console.log('LOOP ' + JSON.stringify({ default: data.fired.sort() })); }
export async function teardown() { setTimeout(() => console.log('LOOP ' + JSON.stringify({ teardown: 'timer' })), 30); }
export function handleSummary(summary) {
  setTimeout(() => console.log('LOOP ' + JSON.stringify({ handleSummary: 'timer' })), 10);
  return { stdout: 'CHECKS ' + summary.metrics.checks.values.passes + '\\n' };
}
`;
    const result = await runInline({ 'script.js': script }, ['-q']);
    expect(result.exitCode, explain(result)).toBe(0);
    expect(reported(result.stderr, 'LOOP')).toEqual([{ default: ['interval x3', 'timeout'] }, { teardown: 'timer' }, { handleSummary: 'timer' }]);
    expect(result.stdout).toContain('CHECKS 1');
  });
});
