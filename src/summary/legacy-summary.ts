/**
 * The pre-1.0 flat text summary (`--summary-mode=legacy`), as k6 v1.3.0's
 * internal/js/summary-legacy.js renders handleSummary's `data`: checks per group (`█ name`), then
 * every metric — none hidden — with a ✓/✗ mark when it has thresholds.
 */
import { createDecorator, type Decorator } from './colors.js';
import { formatTrendStat, nonTrendValueColumns, strWidth } from './format.js';
import { sortMetricNames } from './metric-lines.js';
import type { SummaryCheckData, SummaryData, SummaryGroupData } from './summary-data.js';

const INDENT = ' ';

/** Renders the legacy text (k6 writes `"\n" + text + "\n\n"`). */
export function renderLegacyTextSummary(data: SummaryData, colors: boolean): string {
  const fmt = createDecorator(colors);
  return [...summarizeGroup(`${INDENT}    `, data.root_group, fmt), ...summarizeMetrics(data, fmt)].join('\n');
}

function summarizeCheck(indent: string, check: SummaryCheckData, fmt: Decorator): string {
  if (check.fails === 0) return fmt.decorate(`${indent}✓ ${check.name}`, 'green');
  const pct = Math.floor((100 * check.passes) / (check.passes + check.fails));
  return fmt.decorate(`${indent}✗ ${check.name}\n${indent} ↳  ${pct}% — ✓ ${check.passes} / ✗ ${check.fails}`, 'red');
}

function summarizeGroup(indent: string, group: SummaryGroupData, fmt: Decorator): string[] {
  const lines: string[] = [];
  let inner = indent;
  if (group.name !== '') {
    lines.push(`${indent}█ ${group.name}\n`);
    inner = `${indent}  `;
  }
  for (const check of group.checks) lines.push(summarizeCheck(inner, check, fmt));
  if (group.checks.length > 0) lines.push('');
  for (const child of group.groups) lines.push(...summarizeGroup(inner, child, fmt));
  return lines;
}

function legacyDisplayName(name: string): string {
  const at = name.indexOf('{');
  return at >= 0 ? `{ ${name.substring(at + 1, name.length - 1)} }` : name;
}

function summarizeMetrics(data: SummaryData, fmt: Decorator): string[] {
  const indent = `${INDENT}  `;
  const stats = data.options.summaryTrendStats;
  const timeUnit = data.options.summaryTimeUnit;
  let nameLenMax = 0;
  const nonTrendValues: Record<string, string> = {};
  const nonTrendExtras: Record<string, string[]> = {};
  const nonTrendExtraMaxLens = [0, 0];
  let nonTrendValueMaxLen = 0;
  const trendCols: Record<string, string[]> = {};
  const trendColMaxLens = stats.map(() => 0);

  for (const [name, metric] of Object.entries(data.metrics)) {
    const shown = (name.includes('{') ? '  ' : '') + legacyDisplayName(name);
    nameLenMax = Math.max(nameLenMax, strWidth(shown));
    if (metric.type === 'trend') {
      trendCols[name] = stats.map((stat, i) => {
        const col = formatTrendStat(metric.values[stat] ?? Number.NaN, stat, metric, timeUnit);
        trendColMaxLens[i] = Math.max(trendColMaxLens[i] ?? 0, strWidth(col));
        return col;
      });
      continue;
    }
    const [main = '', ...extras] = nonTrendValueColumns(metric, timeUnit);
    nonTrendValues[name] = main;
    nonTrendValueMaxLen = Math.max(nonTrendValueMaxLen, strWidth(main));
    nonTrendExtras[name] = extras;
    extras.forEach((extra, i) => {
      nonTrendExtraMaxLens[i] = Math.max(nonTrendExtraMaxLens[i] ?? 0, strWidth(extra));
    });
  }

  const valueText = (name: string): string => {
    const cols = trendCols[name];
    if (cols !== undefined) {
      return cols
        .map((col, i) => `${stats[i] ?? ''}=${fmt.decorate(col, 'cyan')}${' '.repeat((trendColMaxLens[i] ?? 0) - strWidth(col))}`)
        .join(' ');
    }
    const value = nonTrendValues[name] ?? '';
    let text = fmt.decorate(value, 'cyan') + ' '.repeat(nonTrendValueMaxLen - strWidth(value));
    const extras = nonTrendExtras[name] ?? [];
    if (extras.length === 1) text += ` ${fmt.decorate(extras[0] ?? '', 'cyan', 'faint')}`;
    else if (extras.length > 1) {
      const parts = extras.map((e, i) => fmt.decorate(e, 'cyan', 'faint') + ' '.repeat((nonTrendExtraMaxLens[i] ?? 0) - strWidth(e)));
      text += ` ${parts.join(' ')}`;
    }
    return text;
  };

  return sortMetricNames(Object.keys(data.metrics)).map((name) => {
    const thresholds = Object.values(data.metrics[name]?.thresholds ?? {});
    let mark = ' ';
    let markColor = (text: string): string => text;
    if (data.metrics[name]?.thresholds !== undefined) {
      const failed = thresholds.some((t) => !t.ok);
      mark = failed ? '✗' : '✓';
      markColor = (text) => fmt.decorate(text, failed ? 'red' : 'green');
    }
    const fmtIndent = name.includes('{') ? '  ' : '';
    const shown = legacyDisplayName(name);
    const dots = '.'.repeat(nameLenMax - strWidth(shown) - strWidth(fmtIndent) + 3);
    return `${indent}${fmtIndent}${markColor(mark)} ${shown}${fmt.decorate(`${dots}:`, 'white', 'faint')} ${valueText(name)}`;
  });
}
