import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_OPTIONS, QK6_VERSION } from '../../../src/config/defaults.js';

describe('defaults', () => {
  it('keeps QK6_VERSION equal to package.json', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(QK6_VERSION).toBe(pkg.version);
  });

  it.each<[keyof typeof DEFAULT_OPTIONS, unknown]>([
    ['vus', 1],
    ['setupTimeout', 60_000],
    ['teardownTimeout', 60_000],
    ['maxRedirects', 10],
    ['batch', 20],
    ['batchPerHost', 6],
    ['metricSamplesBufferSize', 1000],
    ['summaryTrendStats', ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)']],
    ['dns', { ttl: '5m', select: 'random', policy: 'preferIPv4' }],
    [
      'systemTags',
      ['proto', 'subproto', 'status', 'method', 'url', 'name', 'group', 'check', 'error', 'error_code', 'tls_version', 'scenario', 'service', 'expected_response'],
    ],
  ])('defaults %s like k6', (key, value) => {
    expect(DEFAULT_OPTIONS[key]).toEqual(value);
  });
});
