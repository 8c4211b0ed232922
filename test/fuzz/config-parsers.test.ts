// Property-based fuzzing (fast-check) of the parsers that read what users type: durations, stages,
// threshold keys and expressions, the JSON options layer (script `options` / config file) and the
// K6_* environment layer. Whatever the input, each parser returns its documented result or throws
// its documented error type — never anything else — and valid inputs built from the grammar parse
// to the value they were built from. Seeds are fixed so a failure reproduces; runs are sized to keep
// the file within a few seconds.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tryParseDuration, tryParseGoDuration, parseDuration } from '../../src/config/duration.js';
import { readEnvOptions, ENV_OPTIONS } from '../../src/config/env-options.js';
import { readOptionsLayer } from '../../src/config/script-options.js';
import { parseStageFlags, parseStagesEnv, parseStageText, readStages } from '../../src/config/stage.js';
import { InvalidConfigError, type ValidationIssue } from '../../src/errors/errors.js';
import { registerBuiltinMetrics } from '../../src/metrics/builtin.js';
import { MetricRegistry } from '../../src/metrics/registry.js';
import { parseThresholdExpression, parseThresholdKey } from '../../src/thresholds/parse.js';
import { Thresholds } from '../../src/thresholds/thresholds.js';

const RUNS = 3000;
const params = (seed: number): fc.Parameters<unknown> => ({ numRuns: RUNS, seed });

/** Characters that matter to these grammars, mixed with anything. */
const grammarChar = fc.constantFrom(...'0123456789.+-:,{}()<>=!dhmsunµμ e_ \t"\'\\'.split(''));
const grammarText = fc.oneof(
  fc.string({ unit: grammarChar, maxLength: 24 }),
  fc.string({ maxLength: 24 }),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
);

const GO_UNITS: ReadonlyArray<[string, bigint]> = [
  ['ns', 1n],
  ['us', 1_000n],
  ['µs', 1_000n],
  ['ms', 1_000_000n],
  ['s', 1_000_000_000n],
  ['m', 60_000_000_000n],
  ['h', 3_600_000_000_000n],
];

/** A Go duration built from the grammar, with its exact value in nanoseconds. */
const goDuration = fc
  .array(fc.tuple(fc.bigInt({ min: 0n, max: 100_000n }), fc.integer({ min: 0, max: GO_UNITS.length - 1 })), { minLength: 1, maxLength: 4 })
  .map((parts) => {
    let text = '';
    let ns = 0n;
    for (const [amount, unitIndex] of parts) {
      const [unit, scale] = GO_UNITS[unitIndex] as [string, bigint];
      text += `${amount}${unit}`;
      ns += amount * scale;
    }
    return { text, ns };
  });

/** Equal within floating-point rounding of a millisecond value built from nanoseconds. */
function expectMs(actual: number, expected: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1e-9 * Math.abs(expected) + 1e-6);
}

function expectIssues(issues: readonly ValidationIssue[]): void {
  for (const issue of issues) {
    expect(typeof issue.path).toBe('string');
    expect(typeof issue.message).toBe('string');
    expect(issue.message).not.toBe('');
  }
}

describe('duration parsing (fuzzed)', () => {
  it('never throws: any text or number is a duration in ms or a message', () => {
    fc.assert(
      fc.property(fc.oneof(grammarText, fc.double(), fc.integer()), (input) => {
        for (const result of [tryParseDuration(input), ...(typeof input === 'string' ? [tryParseGoDuration(input)] : [])]) {
          if (result.ok) expect(Number.isFinite(result.ms)).toBe(true);
          else expect(result.message).toMatch(/duration|unit|time format/);
        }
      }),
      params(101),
    );
  });

  it('parseDuration throws nothing but InvalidConfigError', () => {
    fc.assert(
      fc.property(fc.oneof(grammarText, fc.double()), (input) => {
        try {
          expect(Number.isFinite(parseDuration(input, 'options.duration'))).toBe(true);
        } catch (error) {
          expect(error).toBeInstanceOf(InvalidConfigError);
        }
      }),
      params(102),
    );
  });

  it('reads every Go duration built from the grammar as its exact value, in both syntaxes', () => {
    fc.assert(
      fc.property(goDuration, fc.constantFrom('', '+', '-'), ({ text, ns }, sign) => {
        const expected = Number(sign === '-' ? -ns : ns) / 1e6;
        for (const result of [tryParseGoDuration(sign + text), tryParseDuration(sign + text)]) {
          expect(result.ok).toBe(true);
          if (result.ok) expectMs(result.ms, expected);
        }
      }),
      params(103),
    );
  });

  it('reads a day count before a Go duration (k6 extended syntax)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), goDuration, (days, { text, ns }) => {
        const result = tryParseDuration(`${days}d${text}`);
        expect(result.ok).toBe(true);
        if (result.ok) expectMs(result.ms, days * 86_400_000 + Number(ns) / 1e6);
      }),
      params(104),
    );
  });

  it('rejects a day count too large for k6 (int64 nanoseconds) instead of returning Infinity', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 20, maxLength: 400 }), (digits) => {
        const result = tryParseDuration(`9${digits}d`);
        expect(result.ok).toBe(false);
      }),
      params(105),
    );
  });
});

describe('stage parsing (fuzzed)', () => {
  it('never throws on stage text, flags or K6_STAGES', () => {
    fc.assert(
      fc.property(grammarText, fc.array(grammarText, { maxLength: 4 }), (text, flags) => {
        const single = parseStageText(text);
        if (single.ok) {
          if (single.stage.duration !== undefined) expect(Number.isFinite(single.stage.duration)).toBe(true);
          if (single.stage.target !== undefined) expect(Number.isSafeInteger(single.stage.target)).toBe(true);
        } else {
          expect(single.message).not.toBe('');
        }
        const fromFlags = parseStageFlags(flags, '--stage');
        expectIssues(fromFlags.issues);
        const fromEnv = parseStagesEnv(text, 'K6_STAGES');
        expectIssues(fromEnv.issues);
      }),
      params(201),
    );
  });

  it('reads every `duration:target` built from the grammar', () => {
    fc.assert(
      fc.property(goDuration, fc.integer({ min: 0, max: 100_000 }), ({ text, ns }, target) => {
        const result = parseStageText(`${text}:${target}`);
        expect(result.ok).toBe(true);
        if (result.ok) {
          expect(result.stage.target).toBe(target);
          expectMs(result.stage.duration ?? Number.NaN, Number(ns) / 1e6);
        }
      }),
      params(202),
    );
  });

  it('never throws on `stages` values of any JSON shape, strict or not', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 3 }), fc.boolean(), (raw, strict) => {
        const issues: ValidationIssue[] = [];
        readStages(strict)(raw, 'options.stages', issues);
        expectIssues(issues);
      }),
      params(203),
    );
  });
});

const AGGREGATIONS = ['avg', 'min', 'max', 'med', 'count', 'rate', 'value', 'p(95)', 'p(99.9)', 'p(0)'];
const OPERATORS = ['<', '<=', '>', '>=', '==', '===', '!='];

describe('threshold parsing (fuzzed)', () => {
  it('throws nothing but SyntaxError on any key or expression', () => {
    fc.assert(
      fc.property(grammarText, grammarText, (key, expression) => {
        for (const parse of [() => parseThresholdKey(key), () => parseThresholdExpression(expression)]) {
          try {
            parse();
          } catch (error) {
            expect(error).toBeInstanceOf(SyntaxError);
          }
        }
      }),
      params(301),
    );
  });

  it('parses every `aggregation operator number` built from the grammar to its parts', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...AGGREGATIONS),
        fc.constantFrom(...OPERATORS),
        fc.double({ min: -1e9, max: 1e9, noNaN: true }),
        fc.constantFrom('', ' ', '  '),
        (aggregation, operator, value, space) => {
          const parsed = parseThresholdExpression(`${aggregation}${space}${operator}${space}${value}`);
          expect(parsed.operator).toBe(operator);
          expect(parsed.value === value).toBe(true); // -0 prints as "0": compare numerically
          expect(parsed.aggregation).toBe(aggregation.startsWith('p(') ? 'p' : aggregation);
        },
      ),
      params(302),
    );
  });

  it('parses every `metric{tag:value,…}` key built from the grammar to its tags', () => {
    const word = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz_0123456789'), minLength: 1, maxLength: 8 });
    fc.assert(
      fc.property(word, fc.dictionary(word, word, { minKeys: 1, maxKeys: 4 }), (metric, tags) => {
        const selector = Object.entries(tags).map(([k, v]) => `${k}:${v}`).join(',');
        const parsed = parseThresholdKey(`${metric}{${selector}}`);
        expect(parsed.metric).toBe(metric);
        expect(parsed.tags).toEqual(tags);
      }),
      params(303),
    );
  });

  it('building thresholds from any options.thresholds value throws nothing but InvalidConfigError', () => {
    const registry = new MetricRegistry();
    registerBuiltinMetrics(registry);
    const entry = fc.oneof(
      grammarText,
      fc.constantFrom(...AGGREGATIONS).map((a) => `${a}<100`),
      fc.record({ threshold: grammarText, abortOnFail: fc.anything(), delayAbortEval: fc.oneof(grammarText, fc.integer()) }, { requiredKeys: [] }),
      fc.anything(),
    );
    const key = fc.oneof(grammarText, fc.constantFrom('http_req_duration', 'checks', 'http_reqs{status:200}', 'iterations', 'http_req_failed'));
    fc.assert(
      fc.property(fc.oneof(fc.dictionary(key, fc.oneof(fc.array(entry, { maxLength: 3 }), fc.anything()), { maxKeys: 3 }), fc.anything()), (option) => {
        try {
          Thresholds.build(option, registry, (text) => parseDuration(text));
        } catch (error) {
          expect(error).toBeInstanceOf(InvalidConfigError);
          expectIssues((error as InvalidConfigError).issues);
        }
      }),
      { numRuns: 2000, seed: 304 },
    );
  });
});

/** The options users write, with values of every JSON type (and some of the right type). */
const OPTION_KEYS = [
  'vus', 'duration', 'iterations', 'stages', 'scenarios', 'thresholds', 'setupTimeout', 'teardownTimeout', 'tags', 'dns',
  'hosts', 'tlsVersion', 'tlsAuth', 'tlsCipherSuites', 'blacklistIPs', 'blockHostnames', 'summaryTrendStats', 'systemTags',
  'executionSegment', 'executionSegmentSequence', 'maxRedirects', 'batch', 'userAgent', 'httpDebug', 'throw', 'noCookiesReset',
  'minIterationDuration', 'discardResponseBodies', 'summaryTimeUnit', 'insecureSkipTLSVerify', 'rps', 'paused', 'ext', 'cloud',
  'out', 'linger', 'noUsageReport', 'collectors', '__proto__', 'constructor', 'unknownOption',
];
const optionValue = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  grammarText,
  fc.integer({ min: -5, max: 100 }),
  fc.constantFrom('10s', '1m30s', '1d', '-1s', 'tls1.2', 'ttl=1m,select=first', '10s:5'),
  fc.array(fc.record({ duration: fc.oneof(grammarText, fc.integer()), target: fc.oneof(fc.integer(), grammarText) }, { requiredKeys: [] }), {
    maxLength: 3,
  }),
  fc.dictionary(grammarText, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
);

describe('option layers (fuzzed)', () => {
  it('reads any JSON options layer (script or config file) into options, issues and warnings without throwing', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.dictionary(fc.constantFrom(...OPTION_KEYS), optionValue, { maxKeys: 8 }), fc.jsonValue({ maxDepth: 3 })),
        fc.constantFrom('script' as const, 'config file' as const),
        (raw, source) => {
          const result = readOptionsLayer(raw, source);
          expectIssues(result.issues);
          for (const warning of result.warnings) expect(warning).toMatch(/unknown fields/);
          for (const issue of result.issues) expect(issue.path.startsWith(source === 'script' ? 'options' : 'config')).toBe(true);
        },
      ),
      params(401),
    );
  });

  it('reads any K6_* environment without throwing, naming the variable of every issue', () => {
    const names = Object.values(ENV_OPTIONS).flatMap((spec) => (spec === null ? [] : [spec.name]));
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...names), fc.oneof(grammarText, fc.constantFrom('', 'true', '1', '10s', '10s:5,20s:0', 'a:b,c:d', 'ttl=1m')), { maxKeys: 8 }), (env) => {
        const result = readEnvOptions(env);
        expectIssues(result.issues);
        for (const issue of result.issues) expect(names).toContain(issue.path);
      }),
      params(402),
    );
  });
});
