// k6/metrics through the real CLI: Counter, Gauge, Rate and Trend (time and plain) with tags,
// their values in --summary-export and the text summary, submetric thresholds on custom tags, and
// k6's rules for metric names and declarations.
import { beforeAll, describe, expect, it } from 'vitest';
import { runInline } from '../helpers/run-cli.js';
import { explain, runWithExport, type ExportedRun } from './helpers/cli-test-kit.js';
import { consoleMessages, parseLogLines, reported } from './helpers/log-lines.js';
import { verdictOf } from './helpers/threshold-verdicts.js';

// 1 VU × 4 iterations (__ITER 0..3), so every value below is known.
const SCRIPT = `
import { Counter, Gauge, Rate, Trend } from 'k6/metrics';

const orders = new Counter('orders');
const queue = new Gauge('queue_depth');
const success = new Rate('success');
const wait = new Trend('wait_time', true);
const items = new Trend('items_per_order');
// The longest legal name: k6's pattern ^[a-zA-Z_][a-zA-Z0-9_]{1,128}$ allows 129 characters.
const longest = new Counter('_${'a'.repeat(128)}');

export const options = {
  vus: 1,
  iterations: 4,
  thresholds: {
    orders: ['count==10'],
    'orders{region:eu}': ['count==4'],
    'orders{region:us}': ['count==6'],
    queue_depth: ['value==3'],
    success: ['rate==0.5'],
    'success{region:eu}': ['rate==1'],
    wait_time: ['avg==25', 'max==40'],
    'wait_time{region:eu}': ['max<20'],
    items_per_order: ['p(50)==2.5'],
  },
};

export default function () {
  orders.add(1, { region: 'eu' });
  orders.add(1.5, { region: 'us' });
  queue.add(__ITER * 10);
  queue.add(3);
  success.add(__ITER % 2 === 0, { region: __ITER % 2 === 0 ? 'eu' : 'us' });
  wait.add((__ITER + 1) * 10, { region: __ITER === 0 ? 'eu' : 'us' });
  items.add(__ITER + 1);
  longest.add(1);
  if (__ITER === 0) {
    console.log('names ' + JSON.stringify([orders.name, queue.name, success.name, wait.name]));
    console.log('added ' + JSON.stringify({ ok: orders.add(0), nan: orders.add(NaN) }));
  }
}
`;

describe('qk6 run: custom metrics', () => {
  let run: ExportedRun;

  beforeAll(async () => {
    run = await runWithExport(SCRIPT);
  });

  it('exits 0 with every threshold passing', () => {
    expect(run.exitCode, explain(run)).toBe(0);
  });

  it.each([
    ['orders', { count: 10 }],
    ['orders{region:eu}', { count: 4 }],
    ['orders{region:us}', { count: 6 }],
    ['queue_depth', { value: 3, min: 0, max: 30 }],
    ['success', { passes: 2, fails: 2, value: 0.5 }],
    ['success{region:eu}', { passes: 2, fails: 0, value: 1 }],
    ['wait_time', { avg: 25, min: 10, med: 25, max: 40 }],
    ['wait_time{region:eu}', { avg: 10, min: 10, max: 10 }],
    ['items_per_order', { avg: 2.5, min: 1, med: 2.5, max: 4 }],
  ])('exports %s as %o', (name, values) => {
    expect(run.summary.metrics[name]).toMatchObject(values);
  });

  it.each([
    ['orders{region:eu}', 'count==4'],
    ['orders{region:us}', 'count==6'],
    ['success{region:eu}', 'rate==1'],
    ['wait_time{region:eu}', 'max<20'],
  ])('evaluates the submetric threshold %s %s on the custom tag', (metric, expression) => {
    expect(verdictOf(run.stdout, metric, expression).passed).toBe(true);
    expect(run.summary.metrics[metric]?.thresholds).toEqual({ [expression]: false });
  });

  it('prints custom metrics under CUSTOM: time trends with units, plain trends as numbers', () => {
    const custom = run.stdout.slice(run.stdout.indexOf('CUSTOM'), run.stdout.indexOf('EXECUTION'));
    expect(custom).toMatch(/orders\.+: 10\s+[\d.]+\/s/);
    expect(custom).toMatch(/queue_depth\.+: 3\s+min=0\s+max=30/);
    expect(custom).toMatch(/success\.+: 50\.00%\s+2 out of 4/);
    expect(custom).toMatch(/wait_time\.+: avg=25ms\s+min=10ms\s+med=25ms\s+max=40ms/);
    expect(custom).toMatch(/items_per_order\.+: avg=2\.5\s+min=1\s+med=2\.5\s+max=4\s/);
  });

  it('accepts the longest legal name (129 characters, leading underscore)', () => {
    expect(run.summary.metrics[`_${'a'.repeat(128)}`]).toMatchObject({ count: 4 });
  });

  it('gives each metric its name, returns true from add(), and ignores NaN with a warning', () => {
    expect(reported(run.stderr, 'names')).toEqual([['orders', 'queue_depth', 'success', 'wait_time']]);
    expect(reported(run.stderr, 'added')).toEqual([{ ok: true, nan: false }]);
    const warning = parseLogLines(run.stderr).find((l) => l.level === 'warning' && l.msg.includes('NaN'));
    expect(warning?.msg).toContain("metric 'orders'");
  });
});

describe('qk6 run: metric names and declarations', () => {
  it.each([
    ['starts with a digit', "new Counter('1st')", /Invalid metric name: '1st'/],
    ['is one character', "new Counter('x')", /Invalid metric name: 'x'/],
    // k6's pattern is ^[a-zA-Z_][a-zA-Z0-9_]{1,128}$: one leading character plus up to 128 more.
    ['is 130 characters', `new Rate('${'m'.repeat(130)}')`, /Invalid metric name/],
    ['redeclares a name with another type', "new Counter('twice'); new Gauge('twice')", /metric 'twice' already exists but with type counter, instead of gauge/],
  ])('exits 107 (script exception in init) when a name %s', async (_what, declaration, message) => {
    const result = await runInline({
      'metric.js': `import { Counter, Gauge, Rate, Trend } from 'k6/metrics';
${declaration};
export default function () { console.log('iteration ran'); }`,
    });
    expect(result.exitCode, explain(result)).toBe(107);
    const error = parseLogLines(result.stderr).find((l) => l.level === 'error');
    expect(error?.msg).toMatch(message);
    expect(error?.msg).toMatch(/metric\.js:2:\d+/);
    expect(consoleMessages(result.stderr)).not.toContain('iteration ran');
  });

  it('fails only the iteration (exit 0) when a metric is declared outside the init context', async () => {
    const result = await runInline({
      'late.js': `import { Counter } from 'k6/metrics';
export const options = { iterations: 2 };
export default function () { new Counter('too_late'); }`,
    });
    expect(result.exitCode, explain(result)).toBe(0);
    const errors = parseLogLines(result.stderr).filter((l) => l.level === 'error');
    expect(errors).toHaveLength(2);
    expect(errors[0]?.msg).toMatch(/metrics must be declared in the init context[\s\S]*late\.js:3:\d+/);
  });
});
