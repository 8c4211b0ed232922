/**
 * The end-of-test text summary, as k6 v1.3.0 prints it (internal/js/summary.js for `compact` and
 * `full`, internal/js/summary-legacy.js for `legacy`). The returned text is what k6's `textSummary`
 * returns; k6 writes `"\n" + text + "\n\n"` to stdout (see {@link stdoutSummary}).
 *
 * Layout: sections `█ THRESHOLDS`, `█ TOTAL RESULTS` (checks block, then metric groups CUSTOM,
 * HTTP, EXECUTION, NETWORK, …) and, in `full` mode, `█ GROUP: name` and `█ SCENARIO: name`
 * sections with nested `↳ GROUP: name` blocks. Every line of a section is joined with a leading
 * newline and a bare "\n" element adds a blank line, exactly like k6's `build()`.
 */
import { createDecorator, type Decorator } from './colors.js';
import { renderLegacyTextSummary } from './legacy-summary.js';
import {
  computeSummaryInfo,
  renderMetrics,
  type LineOptions,
} from './metric-lines.js';
import { RenderContext } from './render-context.js';
import type { Summary } from './summary.js';
import {
  REPORT_SECTIONS,
  type ReportChecks,
  type ReportGroup,
  type ReportMetric,
  type ReportMetrics,
  type SummaryMode,
  type SummaryReport,
} from './summary-report.js';
import { renderThresholds } from './threshold-lines.js';

/** How to render the text summary. */
export interface TextSummaryOptions {
  mode: SummaryMode;
  /** ANSI colours (decided by the caller: TTY and not --no-color / NO_COLOR). */
  colors: boolean;
  /** Render the █ THRESHOLDS block (default true). */
  thresholdDetails?: boolean;
}

/** Renders the summary text for `opts.mode`. */
export function renderTextSummary(summary: Summary, opts: TextSummaryOptions): string {
  if (opts.mode === 'legacy') return renderLegacyTextSummary(summary.data, opts.colors);
  const renderer = new ReportRenderer(createDecorator(opts.colors), {
    summaryTrendStats: summary.data.options.summaryTrendStats,
    summaryTimeUnit: summary.data.options.summaryTimeUnit,
    sortByName: true,
  });
  return renderer.render(summary.report, opts.thresholdDetails ?? true);
}

/** What k6 writes to stdout for a rendered summary text. */
export function stdoutSummary(text: string): string {
  return `\n${text}\n\n`;
}

interface Section {
  title: string;
  content: string[];
}

class ReportRenderer {
  /**
   * k6 computes a "global" name width with `reduce` and no initial value, which yields NaN for two
   * or more metrics — so every metrics block falls back to its own width — and the metric name
   * itself for exactly one metric, whose dots then vanish. We reproduce both outcomes.
   */
  private fixedNameWidth: number | undefined;

  constructor(
    private readonly fmt: Decorator,
    private readonly opts: LineOptions,
  ) {}

  render(report: SummaryReport, withThresholds: boolean): string {
    const ctx = new RenderContext(0);
    this.fixedNameWidth = countMetricNames(report) === 1 ? Number.NaN : undefined;
    const sections: Section[] = [];
    if (withThresholds && Object.keys(report.thresholds).length > 0) {
      sections.push({ title: 'THRESHOLDS', content: renderThresholds(report.thresholds, this.fmt, ctx.indented(1), this.opts) });
    }
    sections.push({
      title: 'TOTAL RESULTS',
      content: [...this.checks(report.checks, ctx), ...this.metrics(report.metrics, ctx)],
    });
    for (const [name, group] of report.groups) sections.push({ title: `GROUP: ${name}`, content: this.groupContent(group, ctx) });
    const collator = new Intl.Collator('und');
    const scenarios = [...report.scenarios].sort(([a], [b]) => collator.compare(a, b));
    for (const [name, scenario] of scenarios) sections.push({ title: `SCENARIO: ${name}`, content: this.groupContent(scenario, ctx) });

    let text = '';
    for (const section of sections) {
      for (const line of [this.title(section.title, ctx, '█'), ...section.content, '\n']) {
        text += line === '\n' ? '\n' : `\n${line}`;
      }
    }
    return text;
  }

  private title(title: string, ctx: RenderContext, prefix: string): string {
    return ctx.indent(`${prefix} ${this.fmt.bold(title)} \n`);
  }

  private checks(checks: ReportChecks | undefined, ctx: RenderContext): string[] {
    if (checks === undefined) return [];
    const inner = ctx.indented(1);
    const metrics: Record<string, ReportMetric> = { ...checks.metrics };
    const info = computeSummaryInfo(metrics, inner, this.opts);
    const metricLines = renderMetrics(metrics, info, this.fmt, inner, { ...this.opts, sortByName: false });
    const checkLines = checks.ordered_checks.map((check) => {
      if (check.fails === 0) return inner.indent(this.fmt.decorate(`✓ ${check.name}`, 'green'));
      const pct = Math.floor((100 * check.passes) / (check.passes + check.fails));
      const name = this.fmt.decorate(`✗ ${check.name}`, 'red');
      const results = this.fmt.decorate(`↳  ${pct}% — ✓ ${check.passes} / ✗ ${check.fails}`, 'red');
      // k6 passes the base level as the extra level here, so nested blocks drift right.
      return `${inner.indent(name)}\n${inner.indent(results, inner.base + 1)}`;
    });
    return [...metricLines, '\n', ...checkLines, '\n'];
  }

  private metrics(metrics: ReportMetrics, ctx: RenderContext): string[] {
    const inner = ctx.indented(1);
    const all: Record<string, ReportMetric> = {};
    for (const section of REPORT_SECTIONS) Object.assign(all, metrics[section]);
    const info = computeSummaryInfo(all, inner, this.opts, this.fixedNameWidth);
    const order = ['custom', ...REPORT_SECTIONS.filter((s) => s !== 'custom')] as const;
    const lines: string[] = [];
    for (const section of order) {
      const sectionMetrics = metrics[section];
      if (Object.keys(sectionMetrics).length === 0) continue;
      lines.push(inner.indent(this.fmt.bold(section.toUpperCase())));
      lines.push(...renderMetrics(sectionMetrics, info, this.fmt, inner, this.opts), '\n');
    }
    return lines;
  }

  private groupContent(group: ReportGroup, ctx: RenderContext): string[] {
    const lines = [...this.checks(group.checks, ctx), ...this.metrics(group.metrics, ctx)];
    const inner = ctx.indented(1);
    for (const [name, child] of group.groups) {
      lines.push(inner.indent(`↳ ${this.fmt.bold(`GROUP: ${name}`)} \n`), ...this.groupContent(child, inner));
    }
    return lines;
  }
}

/** Distinct metric names across the totals and every group and scenario (k6's "global" set). */
function countMetricNames(report: SummaryReport): number {
  const names = new Set<string>();
  const addMetrics = (metrics: ReportMetrics): void => {
    for (const section of REPORT_SECTIONS) for (const name of Object.keys(metrics[section])) names.add(name);
  };
  const addGroups = (groups: [string, ReportGroup][]): void => {
    for (const [, group] of groups) {
      addMetrics(group.metrics);
      addGroups(group.groups);
    }
  };
  addMetrics(report.metrics);
  addGroups(report.groups);
  addGroups(report.scenarios);
  return names.size;
}
