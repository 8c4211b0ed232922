// Runs the real qk6 binary for black-box tests: `node bin/qk6.js …` as a child process (never a
// shell), with output captured and ANSI codes stripped. The CLI must be built (`npm run build`;
// `npm test` builds first). Child stdout/stderr are pipes, so the CLI sees no TTY, as in CI.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { constants, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (where package.json lives). */
export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
/** The launcher that `qk6` and `k6` point to. */
export const qk6Bin = join(repoRoot, 'bin', 'qk6.js');

const DEFAULT_TIMEOUT_MS = 60_000;

export interface CliOptions {
  /** Added to the child's environment (see `childEnv` for what it starts from). */
  env?: Record<string, string | undefined>;
  /** Working directory; the repository root by default. */
  cwd?: string;
  /** The child is killed (SIGKILL) and the run fails after this long. @default 60000 */
  timeoutMs?: number;
  /** Written to the child's stdin, which is then closed (it is closed at once without input). */
  input?: string | Buffer;
}

export interface CliResult {
  /** The exit code; 128 + signal number when the child died of a signal. */
  exitCode: number;
  /** The signal that ended the child, if any. */
  signal: NodeJS.Signals | null;
  /** Captured output with ANSI escape codes removed. */
  stdout: string;
  stderr: string;
}

export interface RunningCli {
  child: ChildProcessWithoutNullStreams;
  /** Settles when the child exits; rejects on timeout or when it cannot be started. */
  done: Promise<CliResult>;
  /** Resolves once `pattern` shows up in the (ANSI-stripped) stream; rejects if the child exits first. */
  waitFor(pattern: RegExp | string, stream?: 'stdout' | 'stderr'): Promise<void>;
}

/** Runs `qk6 <args>` to completion. */
export function runCli(args: string[], opts: CliOptions = {}): Promise<CliResult> {
  return spawnCli(args, opts).done;
}

/**
 * Starts `qk6 <args>` and returns at once, for tests that act while it runs (signals, REST API).
 * The timeout still applies.
 */
export function spawnCli(args: string[], opts: CliOptions = {}): RunningCli {
  assertBuilt();
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const child = spawn(process.execPath, [qk6Bin, ...args], {
    cwd: opts.cwd ?? repoRoot,
    env: childEnv(opts.env),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const output = { stdout: '', stderr: '' };
  const watchers = new Set<() => void>();
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    output.stdout += chunk;
    for (const check of watchers) check();
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    output.stderr += chunk;
    for (const check of watchers) check();
  });
  child.stdin.on('error', () => undefined); // the child may exit before reading its input
  child.stdin.end(opts.input);

  const describe = () => `qk6 ${args.join(' ')}`;
  const done = new Promise<CliResult>((resolvePromise, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(
          `${describe()} did not exit within ${timeoutMs} ms and was killed\n` +
            `--- stdout ---\n${stripAnsi(output.stdout)}\n--- stderr ---\n${stripAnsi(output.stderr)}`,
        ),
      );
    }, timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`${describe()} could not be started: ${error.message}`, { cause: error }));
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      for (const check of watchers) check();
      resolvePromise({
        exitCode: code ?? 128 + (signal ? (constants.signals[signal] ?? 0) : 0),
        signal,
        stdout: stripAnsi(output.stdout),
        stderr: stripAnsi(output.stderr),
      });
    });
  });
  done.catch(() => undefined); // callers that only use waitFor() must not see an unhandled rejection

  const waitFor = (pattern: RegExp | string, stream: 'stdout' | 'stderr' = 'stdout') =>
    new Promise<void>((resolveWait, reject) => {
      const check = () => {
        const text = stripAnsi(output[stream]);
        const found = typeof pattern === 'string' ? text.includes(pattern) : pattern.test(text);
        if (found) {
          watchers.delete(check);
          resolveWait();
        } else if (child.exitCode !== null || child.signalCode !== null) {
          watchers.delete(check);
          reject(new Error(`${describe()} exited before ${String(pattern)} appeared on ${stream}:\n${text}`));
        }
      };
      watchers.add(check);
      check();
    });

  return { child, done, waitFor };
}

export interface InlineResult extends CliResult {
  /** The temporary directory the files were written to (the child's cwd). */
  dir: string;
}

/**
 * Writes `files` (relative path → content) into a fresh temporary directory and runs
 * `qk6 run <args> <first file>` there. Put flags in `args`; the first file is the script.
 */
export async function runInline(
  files: Record<string, string>,
  args: string[] = [],
  opts: Omit<CliOptions, 'cwd'> = {},
): Promise<InlineResult> {
  const names = Object.keys(files);
  const script = names[0];
  if (script === undefined) throw new Error('runInline needs at least one file (the script)');
  const dir = writeInlineFiles(files);
  const result = await runCli(['run', ...args, script], { ...opts, cwd: dir });
  return { ...result, dir };
}

/** Writes `files` into a new temporary directory, creating subdirectories, and returns it. */
export function writeInlineFiles(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'qk6-inline-'));
  for (const [name, content] of Object.entries(files)) {
    const path = resolve(dir, name);
    if (!path.startsWith(dir)) throw new Error(`inline file ${name} would be written outside ${dir}`);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
  }
  return dir;
}

/** A metric in k6's `--summary-export` file: flattened values; `thresholds` maps source → failed. */
export type SummaryExportMetric = Record<string, number> & { thresholds?: Record<string, boolean> };

export interface SummaryExportCheck {
  name: string;
  path: string;
  id: string;
  passes: number;
  fails: number;
}

export interface SummaryExportGroup {
  name: string;
  path: string;
  id: string;
  groups: Record<string, SummaryExportGroup>;
  checks: Record<string, SummaryExportCheck>;
}

/** The JSON k6 writes for `--summary-export` (the legacy summary shape). */
export interface SummaryExport {
  metrics: Record<string, SummaryExportMetric>;
  root_group: SummaryExportGroup;
}

/** Reads and sanity-checks a `--summary-export` file. */
export function parseSummaryExport(path: string): SummaryExport {
  const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
  if (typeof parsed !== 'object' || parsed === null || !('metrics' in parsed) || !('root_group' in parsed)) {
    throw new Error(`${path} is not a k6 summary export (no "metrics" and "root_group")`);
  }
  return parsed as SummaryExport;
}

/** Removes ANSI escape sequences (colours, cursor movement). */
export function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)/g, '');
}

/**
 * The child's environment: this process's, without K6_* variables and colour overrides that
 * could leak in from the developer's shell or the test runner, plus `extra`.
 */
export function childEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (key.startsWith('K6_') || key === 'FORCE_COLOR' || key === 'NO_COLOR') continue;
    env[key] = value;
  }
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}

function assertBuilt(): void {
  const main = join(repoRoot, 'dist', 'cli', 'main.js');
  if (!existsSync(main)) {
    throw new Error(`qk6 is not built (${main} is missing): run \`npm run build\` before the CLI tests`);
  }
}
