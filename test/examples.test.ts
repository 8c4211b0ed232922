// Every script in examples/ must run as shipped: exit 0 (all thresholds passing) against the demo
// target. The list is read from the directory, so a new example is tested without touching this file.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { childEnv, repoRoot, runCli, stripAnsi, type CliResult } from './helpers/run-cli.js';
import { startDemoTarget, type DemoTarget } from './helpers/target-server.js';

const examplesDir = join(repoRoot, 'examples');
/** Scripts run by `qk6 run`; demo.js is the wrapper that `npm run demo` starts, tested separately. */
const examples = readdirSync(examplesDir)
  .filter((name) => (name.endsWith('.js') || name.endsWith('.ts')) && name !== 'demo.js')
  .sort();

const EXAMPLE_TIMEOUT_MS = 50_000;

/** Shows the whole output when an example fails, not just the exit code. */
function explain(result: CliResult): string {
  return `exit code ${result.exitCode}\n--- stdout ---\n${result.stdout}\n--- stderr ---\n${result.stderr}`;
}

describe('examples', () => {
  let target: DemoTarget;

  beforeAll(async () => {
    target = await startDemoTarget();
  });

  afterAll(async () => {
    await target?.close();
  });

  it('finds the feature examples', () => {
    expect(examples).toContain('quickstart.js');
    expect(examples.length).toBeGreaterThanOrEqual(12);
  });

  it.each(examples)('%s exits 0 against the demo target', async (name) => {
    const summaryDir = mkdtempSync(join(tmpdir(), 'qk6-example-'));
    const result = await runCli(['run', '-e', `BASE_URL=${target.url}`, join('examples', name)], {
      env: { SUMMARY_DIR: summaryDir },
      timeoutMs: EXAMPLE_TIMEOUT_MS,
    });
    expect(result.exitCode, explain(result)).toBe(0);
    expect(result.stderr, explain(result)).not.toMatch(/thresholds on metrics .* have been crossed/);

    if (name === 'handle-summary.js') {
      expect(result.stdout).toContain('handleSummary: custom summary');
      expect(result.stdout).not.toContain('TOTAL RESULTS');
      expect(existsSync(join(summaryDir, 'qk6-handle-summary.json'))).toBe(true);
    }
  }, EXAMPLE_TIMEOUT_MS + 5_000);
});

describe('npm run demo', () => {
  it('starts the demo target, runs the quickstart against it and exits with its code', async () => {
    const result = await runNode([join(repoRoot, 'examples', 'demo.js')], EXAMPLE_TIMEOUT_MS);
    expect(result.exitCode, explain(result)).toBe(0);
    expect(result.stdout).toMatch(/demo target listening on http:\/\/127\.0\.0\.1:\d+/);
    expect(result.stdout).toContain('checks_succeeded');
    expect(result.stdout).toContain('item_round_trip');
  }, EXAMPLE_TIMEOUT_MS + 5_000);
});

/** Runs `node <args>` from the repository root; SIGTERM on timeout (demo.js forwards it to qk6). */
function runNode(args: string[], timeoutMs: number): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: repoRoot, env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(new Error(`node ${args.join(' ')} did not exit within ${timeoutMs} ms\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.once('error', reject);
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ exitCode: code ?? 1, signal, stdout: stripAnsi(stdout), stderr: stripAnsi(stderr) });
    });
  });
}
