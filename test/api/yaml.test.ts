// The YAML k6's REST API clients print (gopkg.in/yaml.v3 of v1.Status / []v1.Metric).
import { describe, expect, it } from 'vitest';
import { goFloat, metricsYaml, statusYaml, yamlString } from '../../src/api/yaml.js';

describe('statusYaml', () => {
  it("prints what k6 v1.3.0's `k6 status` printed (null types as quoted strings)", () => {
    const text = statusYaml({ status: 7, paused: false, vus: 1, 'vus-max': 3, stopped: false, running: true, tainted: false });
    expect(text).toBe(['status: 7', 'paused: "false"', 'vus: "1"', 'vus-max: "3"', 'stopped: false', 'running: true', 'tainted: false', ''].join('\n'));
  });

  it('prints a null value as an empty string', () => {
    expect(statusYaml({ status: 0, paused: null, vus: null, 'vus-max': null, stopped: false, running: false, tainted: false })).toContain('paused: ""\nvus: ""\nvus-max: ""');
  });
});

describe('metricsYaml', () => {
  it('prints each metric with the nullable type wrappers spelled out and the sample keys sorted', () => {
    const text = metricsYaml([
      { name: 'http_reqs', attributes: { type: 'counter', contains: 'default', tainted: null, sample: { rate: 3.64, count: 10 } } },
      { name: 'http_req_duration{expected_response:true}', attributes: { type: 'trend', contains: 'time', tainted: true, sample: { min: 1.5, avg: 2 } } },
    ]);
    expect(text).toBe(
      [
        '- name: http_reqs',
        '  type:',
        '    type: counter',
        '    valid: true',
        '  contains:',
        '    type: default',
        '    valid: true',
        '  tainted: ""',
        '  sample:',
        '    count: 10',
        '    rate: 3.64',
        '- name: http_req_duration{expected_response:true}',
        '  type:',
        '    type: trend',
        '    valid: true',
        '  contains:',
        '    type: time',
        '    valid: true',
        '  tainted: "true"',
        '  sample:',
        '    avg: 2',
        '    min: 1.5',
        '',
      ].join('\n'),
    );
  });

  it('prints an empty list as []', () => {
    expect(metricsYaml([])).toBe('[]\n');
  });
});

describe('goFloat', () => {
  it.each([
    [0, '0'],
    [10, '10'],
    [3.64, '3.64'],
    [123456, '123456'],
    [1_000_000, '1e+06'],
    [1_234_567, '1.234567e+06'],
    [0.0001, '0.0001'],
    [0.00001234, '1.234e-05'],
    [-2.5, '-2.5'],
    [Number.POSITIVE_INFINITY, '.inf'],
    [Number.NaN, '.nan'],
  ])("writes %d as Go's FormatFloat(f, 'g', -1, 64): %s", (value, text) => {
    expect(goFloat(value)).toBe(text);
  });
});

describe('yamlString', () => {
  it.each([
    ['checks', 'checks'],
    ['true', '"true"'],
    ['null', '"null"'],
    ['123', '"123"'],
    ['', '""'],
    ['a: b', "'a: b'"],
  ])('writes %j as %s', (text, yaml) => {
    expect(yamlString(text)).toBe(yaml);
  });
});
