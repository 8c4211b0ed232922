import { describe, expect, it } from 'vitest';
import { MetricRegistry, type SampleObserver } from '../../../src/metrics/registry.js';
import { BUILTIN_METRICS, registerBuiltinMetrics } from '../../../src/metrics/builtin.js';
import type { Metric, Tags } from '../../../src/metrics/metric.js';

describe('metric definition', () => {
  it.each([
    ['ab', true],
    ['_x', true],
    ['my_metric_2', true],
    ['a'.repeat(129), true],
    ['a', false],
    ['a'.repeat(130), false],
    ['2fast', false],
    ['with-dash', false],
    ['with space', false],
    ['ünicode', false],
  ])('accepts the name %j: %s', (name, valid) => {
    const registry = new MetricRegistry();
    if (valid) expect(registry.define(name, 'counter').name).toBe(name);
    else expect(() => registry.define(name, 'counter')).toThrow(`Invalid metric name: '${name}'.`);
  });

  it('returns the existing metric when re-declared identically', () => {
    const registry = new MetricRegistry();
    const first = registry.define('my_trend', 'trend', 'time');
    expect(registry.define('my_trend', 'trend', 'time')).toBe(first);
  });

  it.each([
    ['counter', 'time', "metric 'my_trend' already exists but with type trend, instead of counter"],
    ['trend', 'default', "metric 'my_trend' already exists but with a value type time, instead of default"],
  ] as const)('rejects a re-declaration as %s/%s', (type, valueType, message) => {
    const registry = new MetricRegistry();
    registry.define('my_trend', 'trend', 'time');
    expect(() => registry.define('my_trend', type, valueType)).toThrow(message);
  });
});

describe('built-in metrics', () => {
  it.each(BUILTIN_METRICS.map((m) => [m.name, m.type, m.valueType]))('registers %s as a %s of %s values', (name, type, valueType) => {
    const registry = new MetricRegistry();
    registerBuiltinMetrics(registry);
    expect(registry.get(name)).toMatchObject({ name, type, valueType });
  });

  it('can be registered twice', () => {
    const registry = new MetricRegistry();
    registerBuiltinMetrics(registry);
    expect(() => registerBuiltinMetrics(registry)).not.toThrow();
  });
});

describe('sample routing', () => {
  function setup(): MetricRegistry {
    const registry = new MetricRegistry();
    registry.define('http_req_duration', 'trend', 'time');
    registry.addSubmetric('http_req_duration', 'expected_response:true');
    registry.addSubmetric('http_req_duration', 'status:200,method:GET');
    return registry;
  }

  it.each([
    [{ expected_response: 'true', status: '200', method: 'GET' }, [1, 1, 1]],
    [{ expected_response: 'true', status: '200', method: 'POST' }, [1, 1, 0]],
    [{ expected_response: 'false', status: '200', method: 'GET' }, [1, 0, 1]],
    [{ status: '500' }, [1, 0, 0]],
    [{}, [1, 0, 0]],
  ] as [Tags, number[]][])('feeds the metric and the submetrics whose tags all match %j', (tags, counts) => {
    const registry = setup();
    registry.add('http_req_duration', 12, tags);
    const parent = registry.get('http_req_duration') as Metric;
    const sinks = [parent, ...parent.submetrics].map((m) => (m.sink.type === 'trend' ? m.sink.count : -1));
    expect(sinks).toEqual(counts);
  });

  it('creates a submetric once per tag set however it is written', () => {
    const registry = setup();
    const a = registry.addSubmetric('http_req_duration', ' method : "GET" , status:200 ');
    const b = registry.addSubmetric('http_req_duration', { status: '200', method: 'GET' });
    expect(a).toBe(b);
    expect(a.name).toBe('http_req_duration{status:200,method:GET}');
    expect(registry.getSubmetric('http_req_duration{expected_response:true}')?.submetricOf?.selector.canonical).toBe(
      'expected_response:true',
    );
  });

  it('keeps the group value of a group:::api selector', () => {
    const registry = setup();
    const sub = registry.addSubmetric('http_req_duration', 'group:::api');
    expect(sub.submetricOf?.selector.tags).toEqual({ group: '::api' });
  });

  it.each([[''], ['  '], [',']])('rejects the empty submetric criteria %j', (selector) => {
    expect(() => setup().addSubmetric('http_req_duration', selector)).toThrow(
      "submetric criteria for metric 'http_req_duration' cannot be empty",
    );
  });

  it('throws on a sample for an undefined metric', () => {
    expect(() => setup().add('nope', 1, {})).toThrow(/undefined metric 'nope'/);
  });

  it('passes every routed sample to the observer', () => {
    const registry = setup();
    const seen: [string, number][] = [];
    const observer: SampleObserver = { observe: (metric, value) => seen.push([metric.name, value]) };
    registry.setObserver(observer);
    registry.add('http_req_duration', 3, {});
    expect(seen).toEqual([['http_req_duration', 3]]);
  });

  it('reports a metric as observed once it has a sample or thresholds', () => {
    const registry = setup();
    const metric = registry.get('http_req_duration') as Metric;
    expect(metric.observed).toBe(false);
    metric.markedObserved = true;
    expect(metric.observed).toBe(true);
  });
});

describe('registry merge', () => {
  it('merges sinks and creates missing metrics and submetrics', () => {
    const main = new MetricRegistry();
    main.define('iterations', 'counter');
    const worker = new MetricRegistry();
    worker.define('iterations', 'counter');
    worker.define('my_rate', 'rate');
    worker.addSubmetric('my_rate', 'k:v');
    main.add('iterations', 2, {});
    worker.add('iterations', 3, {});
    worker.add('my_rate', 1, { k: 'v' });
    main.merge(worker);
    expect(main.get('iterations')?.sink.toState()).toMatchObject({ value: 5 });
    expect(main.getSubmetric('my_rate{k:v}')?.sink.toState()).toMatchObject({ passes: 1, total: 1 });
  });

  it('lists metrics followed by their submetrics', () => {
    const registry = new MetricRegistry();
    registry.define('a_metric', 'counter');
    registry.addSubmetric('a_metric', 'x:1');
    registry.define('b_metric', 'gauge');
    expect(registry.all().map((m) => m.name)).toEqual(['a_metric', 'a_metric{x:1}', 'b_metric']);
    expect([...registry].map((m) => m.name)).toEqual(['a_metric', 'b_metric']);
  });
});
