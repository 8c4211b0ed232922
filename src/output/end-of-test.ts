/**
 * What happens to the summary at the end of a test (k6 `internal/js/runner.go` HandleSummary and
 * `internal/cmd/run.go`): `handleSummary(data)` when the script exports it — its returned keys
 * `stdout`, `stderr` and file paths are written, null/undefined falls back to the default text, an
 * exception is logged and falls back too — else the default text summary; `--summary-export`
 * writes the legacy JSON regardless. `--summary-mode=disabled` skips all of it.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { buildSummary, type Summary } from '../summary/summary.js';
import type { SummarySource } from '../summary/summary-data.js';
import { renderSummaryExport } from '../summary/summary-export.js';
import type { SummaryMode } from '../summary/summary-report.js';
import { renderTextSummary, stdoutSummary } from '../summary/text-summary.js';
import type { VirtualUserConfig } from '../vu/virtual-user.js';
import { createInitializedVu } from '../execution/vu-runner.js';
import type { Logger } from '../ui/logger.js';

const HANDLE_SUMMARY_TIMEOUT_MS = 2 * 60 * 1000;

export interface EndOfTestConfig {
  readonly source: SummarySource;
  readonly mode: SummaryMode | 'disabled';
  /** Colour for the default text summary (stdout is a TTY and colour is not disabled). */
  readonly colors: boolean;
  readonly summaryExportPath: string | undefined;
  /** The VU that runs handleSummary; k6 initialises it even when the script has none. */
  readonly summaryVu: VirtualUserConfig;
  readonly hasHandleSummary: boolean;
  readonly cwd: string;
  readonly stdout: { write(text: string | Uint8Array): void };
  readonly stderr: { write(text: string | Uint8Array): void };
  readonly logger: Logger;
}

export async function writeEndOfTestSummary(config: EndOfTestConfig): Promise<void> {
  if (config.mode === 'disabled') return;
  const summary = buildSummary(config.source, config.mode);
  const defaultText = (): string => stdoutSummary(renderTextSummary(summary, { mode: config.mode as SummaryMode, colors: config.colors }));

  if (config.summaryExportPath !== undefined) {
    writeFile(resolve(config.cwd, config.summaryExportPath), renderSummaryExport(summary.data));
  }

  const handled = await runHandleSummary(config, summary);
  if (handled === undefined) {
    config.stdout.write(defaultText());
    return;
  }
  for (const [key, content] of Object.entries(handled)) {
    if (key === 'stdout') config.stdout.write(content);
    else if (key === 'stderr') config.stderr.write(content);
    else writeFile(resolve(config.cwd, key), content);
  }
}

/** handleSummary's result as key → text, or undefined to print the default summary. */
async function runHandleSummary(config: EndOfTestConfig, summary: Summary): Promise<Record<string, string | Uint8Array> | undefined> {
  let vu;
  try {
    vu = await createInitializedVu(config.summaryVu);
  } catch (error) {
    config.logger.error(`failed to handle the end-of-test summary: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
  try {
    if (!config.hasHandleSummary) return undefined;
    const deadline = performance.now() + HANDLE_SUMMARY_TIMEOUT_MS;
    vu.interruptAt(deadline);
    const outcome = await vu.callExport('handleSummary', JSON.stringify(summary.data), 'summary');
    if (!outcome.ok) {
      const reason = outcome.error.interrupted ? 'handleSummary() timed out after 2 minutes' : outcome.error.text;
      config.logger.error(`failed to handle the end-of-test summary: ${reason}`, { source: 'stacktrace' });
      return undefined;
    }
    if (outcome.value === undefined) return undefined;
    const result: unknown = JSON.parse(outcome.value);
    if (result === null || typeof result !== 'object' || Array.isArray(result)) return undefined;
    const files: Record<string, string | Uint8Array> = {};
    for (const [key, value] of Object.entries(result as Record<string, unknown>)) {
      files[key] = contentOf(value);
    }
    return files;
  } finally {
    vu.dispose();
  }
}

/** Strings as they are; ArrayBuffers arrive as byte strings; anything else is JSON, as k6 does. */
function contentOf(value: unknown): string | Uint8Array {
  if (typeof value === 'string') return value;
  if (value !== null && typeof value === 'object' && '__qk6binary' in value) {
    return Buffer.from(String((value as { __qk6binary: unknown }).__qk6binary), 'latin1');
  }
  return JSON.stringify(value);
}

// k6-compat: k6 fails to write a handleSummary file into a missing directory; qk6 creates it.
function writeFile(path: string, content: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
}
