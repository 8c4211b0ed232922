import { describe, expect, it } from 'vitest';
import { readOptionsLayer } from '../../../src/config/script-options.js';

describe('readOptionsLayer for the script', () => {
  it('keeps well-typed options as written', () => {
    const raw = {
      vus: 2,
      iterations: '6',
      duration: '1m',
      stages: [{ duration: '10s', target: 5 }],
      thresholds: { http_req_duration: ['p(95)<500'] },
      tags: { env: 'staging' },
      dns: { ttl: 'inf', select: 'roundRobin' },
      tlsVersion: { min: 'tls1.2', max: 'tls1.3' },
      hosts: { 'test.k6.io': '1.2.3.4:8443', '*.local': '127.0.0.1' },
      blacklistIPs: ['10.0.0.0/8', 'fd00::/8'],
      summaryTimeUnit: 'ms',
    };
    const { options, issues, warnings } = readOptionsLayer(raw, 'script');
    expect(issues).toEqual([]);
    expect(warnings).toEqual([]);
    expect(options).toEqual({ ...raw, iterations: 6 });
  });

  it('treats null as unset', () => {
    expect(readOptionsLayer({ vus: null, duration: null, scenarios: null }, 'script').options).toEqual({});
  });

  it.each<[string, unknown, string, string]>([
    ['vus', 'abc', 'options.vus', 'expected an integer, got "abc"'],
    ['vus', 1.5, 'options.vus', 'expected an integer, got 1.5'],
    ['paused', 1, 'options.paused', 'expected true or false, got 1'],
    ['duration', 'soon', 'options.duration', 'invalid duration "soon"'],
    ['duration', true, 'options.duration', 'expected a duration (like "30s", "1m30s", "1d2h", or a number of milliseconds), got true'],
    ['userAgent', 5, 'options.userAgent', 'expected a string, got 5'],
    ['tags', { a: 1 }, 'options.tags.a', 'expected a string, got 1'],
    ['summaryTrendStats', 'avg', 'options.summaryTrendStats', 'expected an array of strings, got "avg"'],
    ['summaryTimeUnit', 'h', 'options.summaryTimeUnit', "invalid summary time unit 'h', use 's', 'ms' or 'us'"],
    ['blacklistIPs', ['10.0.0.0'], 'options.blacklistIPs[0]', "failed to parse CIDR '10.0.0.0': invalid CIDR address: 10.0.0.0"],
    ['blockHostnames', ['bad host'], 'options.blockHostnames[0]', "invalid hostname pattern 'bad host'"],
    ['hosts', { 'a b': '1.2.3.4' }, 'options.hosts.a b', "invalid host pattern 'a b'"],
    ['hosts', { 'a.com': 'not-an-ip' }, 'options.hosts.a.com', "invalid host address 'not-an-ip', expected an IP or IP:port"],
    ['dns', { select: 'best' }, 'options.dns.select', 'best does not belong to DNSSelect values'],
    ['dns', { ttl: '-1s' }, 'options.dns.ttl', 'invalid DNS TTL: -1s'],
    ['tlsVersion', 'ssl3.0', 'options.tlsVersion', "unknown TLS version 'ssl3.0'"],
    ['tlsCipherSuites', ['TLS_FAKE'], 'options.tlsCipherSuites[0]', "unknown cipher suite 'TLS_FAKE'"],
    ['tlsAuth', [{ cert: 'c', key: 'k', extra: 1 }], 'options.tlsAuth[0].extra', 'unknown field "extra" in a tlsAuth entry'],
    ['stages', [{ duration: 'x' }], 'options.stages[0].duration', 'invalid duration "x"'],
  ])('reports a wrong %s (%j) at %s', (key, value, path, message) => {
    const { options, issues } = readOptionsLayer({ [key]: value }, 'script');
    expect(issues).toEqual([{ path, message }]);
    expect(options).toEqual({});
  });

  it('reports every bad key at once', () => {
    const { issues } = readOptionsLayer({ vus: 'x', iterations: 'y', throw: 'z' }, 'script');
    expect(issues.map((issue) => issue.path)).toEqual(['options.vus', 'options.iterations', 'options.throw']);
  });

  it('warns about unknown keys, including CLI/env-only ones and run settings', () => {
    const { warnings, options } = readOptionsLayer({ vus: 1, vu: 2, consoleOutput: 'x', out: ['json'] }, 'script');
    expect(options).toEqual({ vus: 1 });
    expect(warnings).toEqual(['There were unknown fields in the options exported in the script: vu, consoleOutput, out']);
  });

  it('rejects a non-object', () => {
    expect(readOptionsLayer([1], 'script').issues).toEqual([{ path: 'options', message: 'expected an object, got an array' }]);
  });
});

describe('readOptionsLayer for scenarios', () => {
  it('reads each executor with its own keys', () => {
    const scenarios = {
      a: { executor: 'constant-arrival-rate', rate: 10, timeUnit: '1s', duration: '1m', preAllocatedVUs: 5, maxVUs: 10, tags: { t: 'x' } },
      b: { executor: 'ramping-vus', startVUs: 0, stages: [{ duration: '10s', target: 5 }], options: { browser: { type: 'chromium' } } },
    };
    const { options, issues } = readOptionsLayer({ scenarios }, 'script');
    expect(issues).toEqual([]);
    expect(options.scenarios).toEqual(scenarios);
  });

  it.each<[unknown, string, string]>([
    [{ vus: 1 }, 'options.scenarios.s.executor', "scenario 's' doesn't have a specified executor type"],
    [{ executor: 'looping' }, 'options.scenarios.s.executor', "unknown executor type 'looping' (expected one of shared-iterations, per-vu-iterations, constant-vus, ramping-vus, constant-arrival-rate, ramping-arrival-rate, externally-controlled)"],
    [{ executor: 'constant-vus', iterations: 5 }, 'options.scenarios.s.iterations', 'unknown field "iterations" in a constant-vus scenario'],
    [{ executor: 'constant-vus', vus: 'many' }, 'options.scenarios.s.vus', 'expected an integer, got "many"'],
    [{ executor: 'ramping-vus', stages: [{ duration: '1s', target: 1, vus: 2 }] }, 'options.scenarios.s.stages[0].vus', 'unknown field "vus" in a stage'],
    [{ executor: 'shared-iterations', options: { foo: 1 } }, 'options.scenarios.s.options.foo', 'unknown field "foo" in scenario options'],
    [{ executor: 'shared-iterations', env: { A: 1 } }, 'options.scenarios.s.env.A', 'expected a string, got 1'],
  ])('rejects the scenario %j', (scenario, path, message) => {
    const { issues, options } = readOptionsLayer({ scenarios: { s: scenario } }, 'script');
    expect(issues).toEqual([{ path, message }]);
    expect(options.scenarios).toBeUndefined();
  });
});

describe('readOptionsLayer for the config file', () => {
  it('accepts run settings next to options, without warnings', () => {
    const raw = { vus: 8, duration: '2m', out: ['json=out.json'], linger: true, noUsageReport: true, collectors: { cloud: { token: 't' } } };
    const { options, issues, warnings } = readOptionsLayer(raw, 'config file');
    expect(issues).toEqual([]);
    expect(warnings).toEqual([]);
    expect(options).toEqual(raw);
  });

  it('prefixes paths with config', () => {
    expect(readOptionsLayer({ linger: 'yes' }, 'config file').issues).toEqual([
      { path: 'config.linger', message: 'expected true or false, got "yes"' },
    ]);
  });
});
