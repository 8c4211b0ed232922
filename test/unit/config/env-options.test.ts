import { describe, expect, it } from 'vitest';
import { readEnvOptions } from '../../../src/config/env-options.js';

describe('readEnvOptions', () => {
  it.each<[Record<string, string>, Record<string, unknown>]>([
    [{ K6_VUS: '5', K6_ITERATIONS: '15' }, { vus: 5, iterations: 15 }],
    [{ K6_DURATION: '20s' }, { duration: '20s' }],
    [{ K6_DURATION: '10000' }, { duration: '10000' }],
    [{ K6_STAGES: '100s:100,0m30s:0' }, { stages: [{ duration: 100_000, target: 100 }, { duration: 30_000, target: 0 }] }],
    [{ K6_STAGES: '' }, { stages: [] }],
    [{ K6_NO_SETUP: 'true', K6_PAUSED: 'false' }, { noSetup: true, paused: false }],
    [{ K6_NO_SETUP: '' }, {}],
    [{ K6_TAGS: 'a:b,c:d' }, { tags: { a: 'b', c: 'd' } }],
    [{ K6_SUMMARY_TREND_STATS: 'avg,p(99)' }, { summaryTrendStats: ['avg', 'p(99)'] }],
    [{ K6_SYSTEM_TAGS: 'status, method,' }, { systemTags: ['status', 'method'] }],
    [{ K6_SYSTEM_TAGS: '' }, { systemTags: [] }],
    [{ K6_DNS: 'ttl=1m,select=first' }, { dns: { ttl: '1m', select: 'first' } }],
    [{ K6_DNS: 'ttl=5m,select=random,policy=preferIPv4' }, {}],
    [{ K6_USER_AGENT: '' }, {}],
    [{ K6_BLACKLIST_IPS: '10.0.0.0/8,192.168.0.0/16' }, { blacklistIPs: ['10.0.0.0/8', '192.168.0.0/16'] }],
    [{ K6_OUT: 'json=a.json,csv=b.csv', K6_LINGER: 'true' }, { out: ['json=a.json', 'csv=b.csv'], linger: true }],
    [{ K6_SETUP_TIMEOUT: '1d', K6_MIN_ITERATION_DURATION: '500ms' }, { setupTimeout: '1d', minIterationDuration: '500ms' }],
    [{ K6_CONSOLE_OUTPUT: 'console.log', K6_LOCAL_IPS: '192.168.0.10-192.168.0.25' }, { consoleOutput: 'console.log', localIPs: '192.168.0.10-192.168.0.25' }],
    [{ VUS: '3', K6_SCENARIOS: 'x', K6_THRESHOLDS: 'x', K6_HOSTS: 'x' }, {}],
  ])('reads %j', (env, expected) => {
    const { options, issues } = readEnvOptions(env);
    expect(issues).toEqual([]);
    expect(options).toEqual(expected);
  });

  it.each<[Record<string, string>, string, string]>([
    [{ K6_VUS: 'five' }, 'K6_VUS', 'expected an integer, got "five"'],
    [{ K6_NO_SETUP: '1' }, 'K6_NO_SETUP', 'expected true or false, got "1"'],
    [{ K6_THROW: 'TRUE' }, 'K6_THROW', 'expected true or false, got "TRUE"'],
    [{ K6_DURATION: '5x' }, 'K6_DURATION', 'unknown unit "x" in duration "5x"'],
    [{ K6_STAGES: '1000:100' }, 'K6_STAGES', 'invalid stage "1000:100": missing unit in duration "1000"'],
    [{ K6_TAGS: 'a=b' }, 'K6_TAGS', 'invalid map item: "a=b"'],
    [{ K6_DNS: '' }, 'K6_DNS', 'no value for key '],
    [{ K6_DNS: 'cache=1m' }, 'K6_DNS', 'unknown DNS configuration field: cache'],
    [{ K6_SUMMARY_TIME_UNIT: 'm' }, 'K6_SUMMARY_TIME_UNIT', "invalid summary time unit 'm', use 's', 'ms' or 'us'"],
    [{ K6_BLOCK_HOSTNAMES: 'ok.com,bad host' }, 'K6_BLOCK_HOSTNAMES', "invalid hostname pattern 'bad host'"],
  ])('rejects %j', (env, path, message) => {
    const { options, issues } = readEnvOptions(env);
    expect(issues).toEqual([{ path, message }]);
    expect(options).toEqual({});
  });

  it('reports every bad variable at once', () => {
    const { issues } = readEnvOptions({ K6_VUS: 'x', K6_BATCH: 'y', K6_RPS: '10' });
    expect(issues.map((issue) => issue.path)).toEqual(['K6_VUS', 'K6_BATCH']);
  });
});
