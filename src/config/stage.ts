/**
 * Stages: `[duration]:[target]` text for `-s/--stage` and `K6_STAGES` (k6 `lib.Stage.UnmarshalText`,
 * `internal/cmd/options.go`), and `{duration, target}` objects in JSON.
 *
 * Stage text uses Go duration syntax only (`30s`, `1m30s`; no days, no bare milliseconds) and
 * an optional integer target; k6 accepts a missing target here and reports it later, when the
 * derived ramping-vus scenario is validated ("stage 1 doesn't have a target").
 */
import type { ValidationIssue } from '../errors/errors.js';
import { tryParseGoDuration } from './duration.js';
import { checkKnownKeys, describeValue, readDuration, readInt, type ValueReader } from './json-values.js';
import type { StageOptions } from './scenario-types.js';

/** Result of parsing one stage's text. */
export type StageTextResult = { ok: true; stage: StageOptions } | { ok: false; message: string };

/** Parses `30s:10`, `30s`, `:10` or `` into a stage (duration in milliseconds). */
export function parseStageText(text: string): StageTextResult {
  const colon = text.indexOf(':');
  const durationText = colon < 0 ? text : text.slice(0, colon);
  const targetText = colon < 0 ? '' : text.slice(colon + 1);
  const stage: StageOptions = {};
  if (durationText !== '') {
    const parsed = tryParseGoDuration(durationText);
    if (!parsed.ok) return parsed;
    stage.duration = parsed.ms;
  }
  if (targetText !== '') {
    if (!/^[+-]?\d+$/.test(targetText) || !Number.isSafeInteger(Number(targetText))) {
      return { ok: false, message: `invalid stage target ${JSON.stringify(targetText)}: expected an integer` };
    }
    stage.target = Number(targetText);
  }
  return { ok: true, stage };
}

/**
 * `-s/--stage` values: each flag value may hold a comma-separated list (`10s:5,20s:0`); an empty
 * flag value (`--stage ""`) contributes nothing, so `--stage ""` explicitly sets no stages.
 * Like k6, every stage needs a duration; indexes in messages are 0-based as k6 prints them.
 */
export function parseStageFlags(values: readonly string[], path: string): { stages: StageOptions[]; issues: ValidationIssue[] } {
  const issues: ValidationIssue[] = [];
  const stages: StageOptions[] = [];
  const texts = values.flatMap((value) => (value === '' ? [] : value.split(',')));
  texts.forEach((text, index) => {
    const parsed = parseStageText(text);
    if (!parsed.ok) {
      issues.push({ path, message: `error for stage ${index}: ${parsed.message}` });
    } else if (parsed.stage.duration === undefined) {
      issues.push({ path, message: `stage ${index} doesn't have a specified duration` });
    } else {
      stages.push(parsed.stage);
    }
  });
  return { stages, issues };
}

/**
 * `K6_STAGES` (envconfig list of `Stage.UnmarshalText`): comma-separated, no trimming; a blank
 * value sets an explicitly empty list. Stages without a duration are kept here and dropped when
 * layers merge, as k6 does.
 */
export function parseStagesEnv(value: string, path: string): { stages: StageOptions[]; issues: ValidationIssue[] } {
  const issues: ValidationIssue[] = [];
  if (value.trim() === '') return { stages: [], issues };
  const stages: StageOptions[] = [];
  for (const text of value.split(',')) {
    const parsed = parseStageText(text);
    if (parsed.ok) stages.push(parsed.stage);
    else issues.push({ path, message: `invalid stage ${JSON.stringify(text)}: ${parsed.message}` });
  }
  return { stages, issues };
}

/**
 * JSON `stages` arrays. `strict` rejects unknown keys in a stage, as k6 does inside scenarios
 * (`executor.Stage`); the options-level `stages` (`lib.Stage`) ignores them.
 */
export function readStages(strict: boolean): ValueReader<StageOptions[]> {
  return (raw, path, issues) => {
    if (raw === null || raw === undefined) return undefined;
    if (!Array.isArray(raw)) {
      issues.push({ path, message: `expected an array of {duration, target} stages, got ${describeValue(raw)}` });
      return undefined;
    }
    const before = issues.length;
    const stages = raw.map((item: unknown, index): StageOptions => {
      const itemPath = `${path}[${index}]`;
      if (typeof item !== 'object' || item === null || Array.isArray(item)) {
        issues.push({ path: itemPath, message: `expected a {duration, target} object, got ${describeValue(item)}` });
        return {};
      }
      const fields = item as Record<string, unknown>;
      if (strict) checkKnownKeys(fields, ['duration', 'target'], itemPath, issues, 'a stage');
      const stage: StageOptions = {};
      const duration = readDuration(fields.duration, `${itemPath}.duration`, issues);
      const target = readInt(fields.target, `${itemPath}.target`, issues);
      if (duration !== undefined) stage.duration = duration;
      if (target !== undefined) stage.target = target;
      return stage;
    });
    return issues.length === before ? stages : undefined;
  };
}
