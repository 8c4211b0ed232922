// Small shared pieces of the CLI acceptance suites: failure explanations, a port nobody listens on,
// k6's group/check ids, and a runner that writes an inline script and its summary export.
import { createHash } from 'node:crypto';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { parseSummaryExport, runInline, type CliOptions, type CliResult, type SummaryExport } from '../../helpers/run-cli.js';

/** The whole output of a run, for assertion messages. */
export function explain(result: CliResult): string {
  return `exit code ${result.exitCode}\n--- stdout ---\n${result.stdout}\n--- stderr ---\n${result.stderr}`;
}

/** A port on 127.0.0.1 that was free a moment ago and is closed now (connections are refused). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return address.port;
}

/** k6's id of a group or check: the md5 of its path (`::a::b`; the root group's path is ''). */
export function k6Id(path: string): string {
  return createHash('md5').update(path).digest('hex');
}

export interface ExportedRun extends CliResult {
  /** The parsed `--summary-export` file. */
  summary: SummaryExport;
  dir: string;
}

/**
 * Runs `qk6 run --summary-export summary.json <args> script.js` on an inline script and parses
 * the export. `files` may add modules beside the script.
 */
export async function runWithExport(
  script: string,
  args: string[] = [],
  opts: Omit<CliOptions, 'cwd'> & { files?: Record<string, string> } = {},
): Promise<ExportedRun> {
  const { files = {}, ...cliOpts } = opts;
  const result = await runInline({ 'script.js': script, ...files }, ['--summary-export', 'summary.json', ...args], cliOpts);
  let summary: SummaryExport;
  try {
    summary = parseSummaryExport(join(result.dir, 'summary.json'));
  } catch (error) {
    throw new Error(`no summary export: ${String(error)}\n${explain(result)}`, { cause: error });
  }
  return { ...result, summary };
}
