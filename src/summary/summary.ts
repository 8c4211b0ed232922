/** Builds both views of the end-of-test summary from the run's aggregates. */
import { buildSummaryData, type SummaryData, type SummarySource } from './summary-data.js';
import { buildSummaryReport, type SummaryMode, type SummaryReport } from './summary-report.js';

/** handleSummary's `data` plus the report the compact/full text summary renders. */
export interface Summary {
  readonly data: SummaryData;
  readonly report: SummaryReport;
}

/** Builds the summary; `mode` decides which metrics the report hides and whether it has groups. */
export function buildSummary(source: SummarySource, mode: SummaryMode): Summary {
  return { data: buildSummaryData(source), report: buildSummaryReport(source, mode) };
}
