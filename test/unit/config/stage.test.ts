import { describe, expect, it } from 'vitest';
import { parseStageFlags, parseStagesEnv, parseStageText, readStages } from '../../../src/config/stage.js';
import type { ValidationIssue } from '../../../src/errors/errors.js';

describe('parseStageText', () => {
  it.each([
    ['30s:10', { duration: 30_000, target: 10 }],
    ['1m6s:5', { duration: 66_000, target: 5 }],
    ['30s', { duration: 30_000 }],
    ['30s:', { duration: 30_000 }],
    [':10', { target: 10 }],
    ['', {}],
  ])('reads %j', (text, stage) => {
    expect(parseStageText(text)).toEqual({ ok: true, stage });
  });

  it.each([
    ['10:20s', 'missing unit in duration "10"'],
    ['1000:20', 'missing unit in duration "1000"'],
    ['1d:5', 'unknown unit "d" in duration "1d"'],
    ['10s:x', 'invalid stage target "x": expected an integer'],
  ])('rejects %j', (text, message) => {
    expect(parseStageText(text)).toEqual({ ok: false, message });
  });
});

describe('parseStageFlags (-s/--stage)', () => {
  it('splits comma lists and keeps repeated flags in order', () => {
    expect(parseStageFlags(['10s:5,20s:0', '3m:5'], '--stage')).toEqual({
      stages: [
        { duration: 10_000, target: 5 },
        { duration: 20_000, target: 0 },
        { duration: 180_000, target: 5 },
      ],
      issues: [],
    });
  });

  it('treats an empty flag value as an explicitly empty list', () => {
    expect(parseStageFlags([''], '--stage')).toEqual({ stages: [], issues: [] });
  });

  it('keeps a stage without a target for validation to report later', () => {
    expect(parseStageFlags(['10s:5', '10s:'], '--stage').stages).toEqual([{ duration: 10_000, target: 5 }, { duration: 10_000 }]);
  });

  it('reports every bad stage with k6 0-based numbering', () => {
    expect(parseStageFlags(['10:20s,:5'], '--stage').issues).toEqual([
      { path: '--stage', message: 'error for stage 0: missing unit in duration "10"' },
      { path: '--stage', message: "stage 1 doesn't have a specified duration" },
    ]);
  });
});

describe('parseStagesEnv (K6_STAGES)', () => {
  it('reads k6 example values', () => {
    expect(parseStagesEnv('2m30s:11,1h1m:100', 'K6_STAGES').stages).toEqual([
      { duration: 150_000, target: 11 },
      { duration: 3_660_000, target: 100 },
    ]);
  });

  it('rejects unitless durations as k6 does', () => {
    expect(parseStagesEnv('1000:100', 'K6_STAGES').issues).toEqual([
      { path: 'K6_STAGES', message: 'invalid stage "1000:100": missing unit in duration "1000"' },
    ]);
  });

  it('turns a blank value into an explicitly empty list', () => {
    expect(parseStagesEnv(' ', 'K6_STAGES')).toEqual({ stages: [], issues: [] });
  });
});

describe('readStages (JSON)', () => {
  it('accepts extended durations and ignores unknown keys at the options level', () => {
    const issues: ValidationIssue[] = [];
    expect(readStages(false)([{ duration: '1d', target: 3, note: 'x' }, { duration: 500 }], 'options.stages', issues)).toEqual([
      { duration: '1d', target: 3 },
      { duration: 500 },
    ]);
    expect(issues).toEqual([]);
  });

  it('rejects unknown keys and bad values inside scenarios', () => {
    const issues: ValidationIssue[] = [];
    expect(readStages(true)([{ duration: 'x', target: 1.5, note: 1 }], 'scenarios.s.stages', issues)).toBeUndefined();
    expect(issues).toEqual([
      { path: 'scenarios.s.stages[0].note', message: 'unknown field "note" in a stage' },
      { path: 'scenarios.s.stages[0].duration', message: 'invalid duration "x"' },
      { path: 'scenarios.s.stages[0].target', message: 'expected an integer, got 1.5' },
    ]);
  });
});
