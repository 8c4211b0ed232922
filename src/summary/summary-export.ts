/**
 * The `--summary-export` file: k6's legacy JSON summary (internal/js/summary-wrapper.js
 * `oldJSONSummary`). From handleSummary's `data`: `options` and `state` are dropped; each metric
 * becomes its flattened values, plus `thresholds: {source: failed}` (note: `true` = FAILED) when it
 * has any, and rate metrics rename `rate` to `value`; groups and checks arrays become objects
 * keyed by name. Written with a 4-space indent, in the layout k6's engine produces.
 */
import { stringifyLikeK6 } from './k6-json.js';
import type { SummaryData, SummaryGroupData } from './summary-data.js';

/** One metric in the export: its values, maybe `thresholds`, rates with `value` instead of `rate`. */
export type ExportMetric = Record<string, number | Record<string, boolean>>;

/** A group in the export, with groups and checks keyed by name. */
export interface ExportGroup {
  name: string;
  path: string;
  id: string;
  groups: Record<string, ExportGroup>;
  checks: Record<string, { name: string; path: string; id: string; passes: number; fails: number }>;
}

/** The export document. */
export interface SummaryExport {
  metrics: Record<string, ExportMetric>;
  root_group: ExportGroup;
  setup_data?: unknown;
}

/** Converts handleSummary `data` into the legacy export object. */
export function buildSummaryExport(data: SummaryData): SummaryExport {
  const metrics: Record<string, ExportMetric> = {};
  for (const [name, metric] of Object.entries(data.metrics)) {
    const flattened: ExportMetric = { ...metric.values };
    if (metric.thresholds !== undefined && Object.keys(metric.thresholds).length > 0) {
      const thresholds: Record<string, boolean> = {};
      for (const [source, { ok }] of Object.entries(metric.thresholds)) thresholds[source] = !ok;
      flattened.thresholds = thresholds;
    }
    if (metric.type === 'rate' && Object.hasOwn(flattened, 'rate')) {
      flattened.value = flattened.rate as number;
      delete flattened.rate;
    }
    metrics[name] = flattened;
  }
  const result: SummaryExport = { metrics, root_group: exportGroup(data.root_group) };
  // k6 deep-copies through JSON, so setup_data is present only when setup() returned something.
  if (data.setup_data !== undefined) result.setup_data = data.setup_data;
  return result;
}

/** The export file's text. */
export function renderSummaryExport(data: SummaryData): string {
  return stringifyLikeK6(buildSummaryExport(data), '    ');
}

function exportGroup(group: SummaryGroupData): ExportGroup {
  const groups: Record<string, ExportGroup> = {};
  for (const child of group.groups) groups[child.name] = exportGroup(child);
  const checks: ExportGroup['checks'] = {};
  for (const check of group.checks) checks[check.name] = { ...check };
  return { name: group.name, path: group.path, id: group.id, groups, checks };
}
