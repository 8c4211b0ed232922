import { describe, expect, it } from 'vitest';
import { cliFlagsToOptions, parseEnvFlags, type CliFlagValues } from '../../../src/config/cli-options.js';

describe('cliFlagsToOptions', () => {
  it('returns nothing when no flag was passed', () => {
    expect(cliFlagsToOptions({})).toEqual({ options: {}, issues: [] });
  });

  it.each<[CliFlagValues, Record<string, unknown>]>([
    [{ vus: '2', duration: '1s', iterations: '4' }, { vus: 2, duration: '1s', iterations: 4 }],
    [{ vus: 3 }, { vus: 3 }],
    [{ vus: '0x10' }, { vus: 16 }],
    [{ stage: ['20s:10', '3m:5'] }, { stages: [{ duration: 20_000, target: 10 }, { duration: 180_000, target: 5 }] }],
    [{ stage: [''] }, { stages: [] }],
    [{ tag: ['env=staging', 'q=a=b', 'env=prod'] }, { tags: { env: 'prod', q: 'a=b' } }],
    [{ httpDebug: true }, { httpDebug: 'headers' }],
    [{ httpDebug: 'full' }, { httpDebug: 'full' }],
    [{ noSetup: true, noTeardown: true, paused: true, throw: true }, { noSetup: true, noTeardown: true, paused: true, throw: true }],
    [{ insecureSkipTlsVerify: true, noVUConnectionReuse: true }, { insecureSkipTLSVerify: true, noVUConnectionReuse: true }],
    [{ summaryTrendStats: 'avg,p(99.9),count' }, { summaryTrendStats: ['avg', 'p(99.9)', 'count'] }],
    [{ summaryTimeUnit: 'ms' }, { summaryTimeUnit: 'ms' }],
    [{ summaryTimeUnit: '' }, {}],
    [{ systemTags: ['status,method', 'vu'] }, { systemTags: ['status', 'method', 'vu'] }],
    [{ minIterationDuration: '1.5s', rps: '100', batch: '5', batchPerHost: '2', maxRedirects: '0' }, { minIterationDuration: '1.5s', rps: 100, batch: 5, batchPerHost: 2, maxRedirects: 0 }],
    [{ executionSegment: '1/3', executionSegmentSequence: '0,1/3,2/3,1' }, { executionSegment: '1/3', executionSegmentSequence: '0,1/3,2/3,1' }],
    [{ dns: 'ttl=1m,policy=onlyIPv6' }, { dns: { ttl: '1m', policy: 'onlyIPv6' } }],
    [{ blacklistIp: '10.0.0.0/8', blockHostnames: ['*.example.com'] }, { blacklistIPs: ['10.0.0.0/8'], blockHostnames: ['*.example.com'] }],
    [{ out: ['json=a.json'], linger: true, noUsageReport: true }, { out: ['json=a.json'], linger: true, noUsageReport: true }],
    [{ consoleOutput: 'c.log', localIps: '10.0.0.1' }, { consoleOutput: 'c.log', localIPs: '10.0.0.1' }],
  ])('maps %j', (flags, expected) => {
    const { options, issues } = cliFlagsToOptions(flags);
    expect(issues).toEqual([]);
    expect(options).toEqual(expected);
  });

  it.each<[CliFlagValues, string, string]>([
    [{ vus: 'many' }, '--vus', 'invalid argument "many" for "-u, --vus" flag: expected an integer'],
    [{ duration: '1000' }, '--duration', 'invalid argument "1000" for "-d, --duration" flag: missing unit in duration "1000" (use a unit, like 30s or 1m30s)'],
    [{ duration: '1d' }, '--duration', 'invalid argument "1d" for "-d, --duration" flag: unknown unit "d" in duration "1d" (use a unit, like 30s or 1m30s)'],
    [{ stage: ['10:20s'] }, '--stage', 'error for stage 0: missing unit in duration "10"'],
    [{ tag: ['=v'] }, '--tag', "error parsing tag '=v': invalid tag, empty name"],
    [{ tag: ['k'] }, '--tag', "error parsing tag 'k': invalid tag, empty value"],
    [{ tag: ['k='] }, '--tag', "error parsing tag 'k=': invalid tag, empty value"],
    [{ tag: [''] }, '--tag', "error parsing tag '': invalid tag, empty string"],
    [{ summaryTrendStats: 'avg,p(101)' }, '--summary-trend-stats', "invalid percentile trend stat value 'p(101)', provide a number between 0 and 100"],
    [{ summaryTrendStats: ['mean'] }, '--summary-trend-stats', "invalid trend stat 'mean', unknown format"],
    [{ summaryTimeUnit: 'm' }, '--summary-time-unit', "invalid summary time unit 'm', use 's', 'ms' or 'us'"],
    [{ blacklistIp: ['300.0.0.0/8'] }, '--blacklist-ip', "failed to parse CIDR '300.0.0.0/8': invalid CIDR address: 300.0.0.0/8"],
    [{ dns: 'select=best' }, '--dns', 'invalid argument "select=best" for "--dns" flag: best does not belong to DNSSelect values'],
  ])('rejects %j', (flags, path, message) => {
    expect(cliFlagsToOptions(flags).issues).toEqual([{ path, message }]);
  });

  it('reports every bad flag at once', () => {
    const { issues } = cliFlagsToOptions({ vus: 'x', iterations: 'y', tag: ['='] });
    expect(issues.map((issue) => issue.path)).toEqual(['--vus', '--iterations', '--tag']);
  });
});

describe('parseEnvFlags (-e)', () => {
  it('reads pairs, keeps = inside values, and lets later pairs win', () => {
    expect(parseEnvFlags(['A=1', 'URL=http://x/?a=b', '_x=', 'FLAG', 'A=2'])).toEqual({
      env: { A: '2', URL: 'http://x/?a=b', _x: '', FLAG: '' },
      issues: [],
    });
  });

  it.each(['1A=x', 'A-B=1', '=v', 'ä=1'])('rejects the pair %j naming it', (pair) => {
    const { issues, env } = parseEnvFlags([pair]);
    expect(env).toEqual({});
    expect(issues).toHaveLength(1);
    expect(issues[0]?.message).toContain(JSON.stringify(pair));
  });
});
