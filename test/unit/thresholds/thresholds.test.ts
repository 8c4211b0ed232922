import { describe, expect, it } from 'vitest';
import { InvalidConfigError } from '../../../src/errors/errors.js';
import { MetricRegistry } from '../../../src/metrics/registry.js';
import { registerBuiltinMetrics } from '../../../src/metrics/builtin.js';
import { Thresholds } from '../../../src/thresholds/thresholds.js';

/** Stand-in for the config module's duration parser: "<n>s" / "<n>ms" only. */
const parseDuration = (s: string): number => {
  const match = /^(\d+)(ms|s)$/.exec(s);
  if (match === null) throw new Error(`invalid duration "${s}"`);
  return Number(match[1]) * (match[2] === 's' ? 1000 : 1);
};

/** Metrics defined, no samples yet (thresholds are built before samples arrive, as in a run). */
function registry(): MetricRegistry {
  const r = new MetricRegistry();
  registerBuiltinMetrics(r);
  for (const [name, type] of [
    ['my_counter', 'counter'],
    ['my_gauge', 'gauge'],
    ['my_rate', 'rate'],
    ['my_trend', 'trend'],
    ['empty_counter', 'counter'],
    ['empty_gauge', 'gauge'],
    ['empty_rate', 'rate'],
    ['empty_trend', 'trend'],
  ] as const) {
    r.define(name, type);
  }
  return r;
}

function feed(r: MetricRegistry): MetricRegistry {
  for (const v of [1, 2, 3]) r.add('my_counter', v, {});
  for (const v of [5, 2]) r.add('my_gauge', v, {}, 1);
  for (const v of [1, 1, 0, 1]) r.add('my_rate', v, {});
  for (let v = 1; v <= 10; v++) r.add('my_trend', v, { status: v > 8 ? '500' : '200' });
  return r;
}

const ELAPSED_MS = 2000;

describe('threshold verdicts', () => {
  // my_counter = 6 over 2 s (rate 3/s); my_gauge = 2; my_rate = 0.75; my_trend = 1..10
  // (avg 5.5, med 5.5, p(90) 9.1, p(95) 9.55); empty_* have no samples.
  it.each([
    ['my_counter', 'count==6', true, 'passes'],
    ['my_counter', 'count>6', true, 'fails'],
    ['my_counter', 'count>=6', false, 'passes'],
    ['my_counter', 'rate==3', true, 'passes'],
    ['my_counter', 'rate<3', true, 'fails'],
    ['my_gauge', 'value==2', true, 'passes'],
    ['my_gauge', 'value>2', true, 'fails'],
    ['my_gauge', 'value!=5', false, 'passes'],
    ['my_rate', 'rate==0.75', true, 'passes'],
    ['my_rate', 'rate>0.9', true, 'fails'],
    ['my_rate', 'rate<=0.75', false, 'passes'],
    ['my_trend', 'avg==5.5', true, 'passes'],
    ['my_trend', 'avg<5', true, 'fails'],
    ['my_trend', 'min===1', true, 'passes'],
    ['my_trend', 'max<10', true, 'fails'],
    ['my_trend', 'med==5.5', true, 'passes'],
    ['my_trend', 'p(90)<9.1', true, 'fails'],
    ['my_trend', 'p(90)<=9.1', true, 'passes'],
    ['my_trend', 'p(95)>9.54', true, 'passes'],
    ['my_trend', 'p(99.9) < 10', true, 'passes'],
    ['my_trend', 'p(0)>1', true, 'fails'],
    ['my_trend{status:500}', 'min>=9', true, 'passes'],
    ['my_trend{status:200}', 'max>8', true, 'fails'],
    ['empty_rate', 'rate>0.99', true, 'passes'],
    ['empty_rate', 'rate>0.99', false, 'passes'],
    ['empty_trend', 'p(95)<1', true, 'passes'],
    ['empty_trend', 'avg>1', true, 'fails'],
    ['empty_trend', 'avg>1', false, 'passes'],
    ['empty_counter', 'count>0', true, 'fails'],
    ['empty_counter', 'count>0', false, 'passes'],
    ['empty_gauge', 'value<0', true, 'fails'],
  ] as const)('%s %j at the %s evaluation %s', (key, expression, final, verdict) => {
    const r = registry();
    const thresholds = Thresholds.build({ [key]: [expression] }, r, parseDuration);
    feed(r);
    const result = thresholds.evaluate(ELAPSED_MS, final);
    expect(result.failed.includes(key) ? 'fails' : 'passes').toBe(verdict);
    expect(thresholds.metrics[0]?.thresholds[0]?.lastFailed).toBe(verdict === 'fails');
  });
});

describe('threshold evaluation', () => {
  it('records the observed value of each threshold', () => {
    const thresholds = Thresholds.build({ my_trend: ['med<100', 'avg>0'], my_counter: ['rate>1'] }, feed(registry()), parseDuration);
    thresholds.evaluate(ELAPSED_MS, true);
    expect(thresholds.metrics.flatMap((m) => m.thresholds.map((t) => t.lastValue))).toEqual([5.5, 5.5, 3]);
  });

  it('lists failed metrics sorted, with submetric names', () => {
    const r = registry();
    const thresholds = Thresholds.build(
      { my_trend: ['avg<1'], 'my_trend{status:500}': ['min<1'], empty_trend: ['avg>1'], my_gauge: ['value>10'] },
      r,
      parseDuration,
    );
    feed(r);
    expect(thresholds.evaluate(ELAPSED_MS, true).failed).toEqual(['empty_trend', 'my_gauge', 'my_trend', 'my_trend{status:500}']);
  });

  it('aborts on a failing abortOnFail threshold at once without a delay', () => {
    const thresholds = Thresholds.build({ my_rate: [{ threshold: 'rate>0.9', abortOnFail: true }] }, feed(registry()), parseDuration);
    expect(thresholds.evaluate(ELAPSED_MS, false)).toEqual({ failed: ['my_rate'], abort: true });
  });

  it('waits for delayAbortEval to pass before aborting', () => {
    const thresholds = Thresholds.build(
      { my_rate: [{ threshold: 'rate>0.9', abortOnFail: true, delayAbortEval: '10s' }] },
      feed(registry()),
      parseDuration,
    );
    expect(thresholds.evaluate(10_000, false).abort).toBe(false);
    expect(thresholds.evaluate(10_001, false).abort).toBe(true);
  });

  it('does not abort for a failing threshold without abortOnFail', () => {
    const thresholds = Thresholds.build(
      { my_rate: ['rate>0.9', { threshold: 'rate>0.5', abortOnFail: true }] },
      feed(registry()),
      parseDuration,
    );
    expect(thresholds.evaluate(ELAPSED_MS, false)).toEqual({ failed: ['my_rate'], abort: false });
  });

  it('keeps a mixed list of strings and objects in order', () => {
    const thresholds = Thresholds.build(
      { my_trend: ['avg<10', { threshold: 'p(95)<20', abortOnFail: true, delayAbortEval: 1500 }] },
      registry(),
      parseDuration,
    );
    expect(thresholds.metrics[0]?.thresholds.map((t) => [t.source, t.abortOnFail, t.delayAbortEvalMs])).toEqual([
      ['avg<10', false, undefined],
      ['p(95)<20', true, 1500],
    ]);
  });
});

describe('threshold building', () => {
  it('creates the submetrics its keys select and marks metrics observed', () => {
    const r = registry();
    Thresholds.build({ 'http_req_duration{group:::api}': ['avg<300'] }, r, parseDuration);
    const sub = r.getSubmetric('http_req_duration{group:::api}');
    expect(sub?.submetricOf?.selector.tags).toEqual({ group: '::api' });
    expect(sub?.observed).toBe(true);
    expect(r.get('http_req_duration')?.observed).toBe(true);
  });

  it('warns about selectors on the non-indexable vu and iter tags', () => {
    const thresholds = Thresholds.build({ 'my_rate{vu:1}': ['rate>0'], my_trend: ['avg>0'] }, registry(), parseDuration);
    expect(thresholds.warnings).toEqual([
      "The high-cardinality 'vu' metric tag was made non-indexable in k6 v0.41.0, so thresholds like 'my_rate{vu:1}' that are based on it won't work correctly.",
    ]);
  });

  it('accepts no thresholds at all', () => {
    expect(Thresholds.build(undefined, registry(), parseDuration).metrics).toEqual([]);
  });

  it('reports every problem at once as an exit-104 error', () => {
    let error: unknown;
    try {
      Thresholds.build(
        {
          nope: ['avg<1'],
          'my_trend{status}': ['avg<1'],
          my_trend: ['count>1', 'p95<1', 'avg<1'],
          my_counter: ['value>1'],
          my_gauge: 'value>1',
          my_rate: [{ threshold: 'rate>0', abortOnFail: 'yes', delayAbortEval: 'soon' }, 42],
          empty_rate: [{ threshold: 'rate>0', delayAbortEval: 'soon' }],
        },
        registry(),
        parseDuration,
      );
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidConfigError);
    const invalid = error as InvalidConfigError;
    expect(invalid.exitCode).toBe(104);
    expect(invalid.issues).toEqual([
      { path: 'thresholds.nope', message: 'invalid threshold defined on nope; reason: no metric name "nope" found' },
      {
        path: 'thresholds.my_trend{status}',
        message: 'unable to validate threshold expressions; reason: parsing metric name failed, metric "status" tag expression is malformed',
      },
      {
        path: 'thresholds.my_trend[0]',
        message:
          'invalid threshold "count>1" applied on metric my_trend; reason: unsupported aggregation method count on metric of type trend. supported aggregation methods for this metric are: avg, min, max, med, p',
      },
      {
        path: 'thresholds.my_trend[1]',
        message: `failed parsing threshold expression's "p95<1" left hand side; reason: failed parsing method from expression`,
      },
      {
        path: 'thresholds.my_counter[0]',
        message:
          'invalid threshold "value>1" applied on metric my_counter; reason: unsupported aggregation method value on metric of type counter. supported aggregation methods for this metric are: count, rate',
      },
      {
        path: 'thresholds.my_gauge',
        message: 'must be an array of threshold expressions (strings or {threshold, abortOnFail, delayAbortEval})',
      },
      { path: 'thresholds.my_rate[0].abortOnFail', message: 'must be a boolean, got "yes"' },
      { path: 'thresholds.my_rate[1]', message: 'must be a string or an object with a "threshold" string, got 42' },
      { path: 'thresholds.empty_rate[0].delayAbortEval', message: 'invalid duration "soon"' },
    ]);
  });
});
