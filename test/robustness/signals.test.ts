// Ctrl+C and friends against a running test, like k6: the first SIGINT/SIGTERM stops gracefully —
// VUs interrupted, teardown run, the summary printed and --summary-export written whole — and
// exits 105; a second one stops at once (teardown cut short) and still prints the summary of what
// completed, exit 105. Each test waits for a line the script prints before signalling.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSummaryExport, spawnCli, writeInlineFiles } from '../helpers/run-cli.js';
import { explain } from '../cli/helpers/cli-test-kit.js';
import { consoleMessages, parseLogLines } from '../cli/helpers/log-lines.js';

const SCRIPT = `import { sleep } from 'k6';
export const options = { vus: 2, duration: '60s' };
export function setup() { return { token: 'from setup' }; }
export default function (data) {
  if (__VU === 1 && __ITER === 3) console.log('MARK running ' + data.token);
  sleep(0.05);
}
export function teardown(data) {
  console.log('MARK teardown started with ' + data.token);
  if (__ENV.SLOW_TEARDOWN) sleep(60);
  console.log('MARK teardown finished');
}`;

/** The `iterations` count the text summary printed. */
function summaryIterations(stdout: string): number | undefined {
  const match = /iterations\.*: (\d+)/.exec(stdout);
  return match ? Number(match[1]) : undefined;
}

describe('qk6 run: signals', () => {
  it.each(['SIGINT', 'SIGTERM'] as const)('a first %s stops gracefully: teardown, summary, a complete --summary-export, exit 105', async (signal) => {
    const dir = writeInlineFiles({ 'script.js': SCRIPT });
    const started = Date.now();
    const cli = spawnCli(['run', '--summary-export', 'summary.json', 'script.js'], { cwd: dir, timeoutMs: 45_000 });
    await cli.waitFor('MARK running from setup', 'stderr');
    cli.child.kill(signal);
    const result = await cli.done;
    expect(result.exitCode, explain(result)).toBe(105);
    expect(Date.now() - started).toBeLessThan(40_000); // not the 60 s the test asked for
    const warnings = parseLogLines(result.stderr).filter((line) => line.level === 'warning').map((line) => line.msg);
    expect(warnings).toContainEqual(expect.stringMatching(new RegExp(`^Stopping the test run \\(${signal}\\)`)));
    expect(consoleMessages(result.stderr)).toEqual(['MARK running from setup', 'MARK teardown started with from setup', 'MARK teardown finished']);
    expect(parseLogLines(result.stderr).filter((line) => line.level === 'error').map((line) => line.msg)).toEqual([
      'test run was aborted because k6 received a signal',
    ]);
    expect(result.stdout).toContain('TOTAL RESULTS');
    const exported = parseSummaryExport(join(dir, 'summary.json'));
    const iterations = exported.metrics.iterations?.count;
    expect(iterations).toBeGreaterThanOrEqual(4);
    expect(iterations).toBe(summaryIterations(result.stdout));
  });

  it('a second signal stops at once: teardown cut short, the summary of what completed still printed, exit 105', async () => {
    const dir = writeInlineFiles({ 'script.js': SCRIPT });
    const cli = spawnCli(['run', '--summary-export', 'summary.json', '-e', 'SLOW_TEARDOWN=1', 'script.js'], { cwd: dir, timeoutMs: 45_000 });
    await cli.waitFor('MARK running from setup', 'stderr');
    cli.child.kill('SIGINT');
    await cli.waitFor('MARK teardown started', 'stderr');
    const second = Date.now();
    cli.child.kill('SIGINT');
    const result = await cli.done;
    expect(result.exitCode, explain(result)).toBe(105);
    expect(Date.now() - second).toBeLessThan(15_000); // teardown wanted 60 s more
    const warnings = parseLogLines(result.stderr).filter((line) => line.level === 'warning').map((line) => line.msg);
    expect(warnings).toContainEqual(expect.stringMatching(/^Stopping the test run \(SIGINT\)/));
    expect(warnings).toContainEqual(expect.stringMatching(/^Stopping at once \(SIGINT\)/));
    expect(consoleMessages(result.stderr)).not.toContain('MARK teardown finished');
    expect(result.stdout).toContain('TOTAL RESULTS');
    expect(existsSync(join(dir, 'summary.json'))).toBe(true);
    const exported = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as { metrics: Record<string, { count?: number }> };
    expect(exported.metrics.iterations?.count).toBe(summaryIterations(result.stdout));
  });

  it('a first signal reaches a VU spinning in a busy loop in a worker: teardown, summary, exit 105', async () => {
    // The worker's thread is stuck in the script, so only the shared stop flag can interrupt it;
    // without it the VU would spin on until the 60 s gracefulStop deadline.
    const dir = writeInlineFiles({
      'script.js': `import { sleep } from 'k6';
export const options = { scenarios: { spin: { executor: 'constant-vus', vus: 2, duration: '60s', gracefulStop: '60s' } } };
export default function () {
  if (__VU === 1 && __ITER === 2) { console.log('MARK spinning'); while (true) {} }
  sleep(0.05);
}
export function teardown() { console.log('MARK teardown'); }`,
    });
    const cli = spawnCli(['run', '--workers', '2', 'script.js'], { cwd: dir, timeoutMs: 45_000 });
    await cli.waitFor('MARK spinning', 'stderr');
    cli.child.kill('SIGINT');
    const result = await cli.done;
    expect(result.exitCode, explain(result)).toBe(105);
    expect(consoleMessages(result.stderr)).toEqual(['MARK spinning', 'MARK teardown']);
    expect(parseLogLines(result.stderr).filter((line) => line.level === 'warning').map((line) => line.msg)).not.toContainEqual(
      expect.stringMatching(/^Stopping at once/),
    );
    expect(result.stdout).toContain('TOTAL RESULTS');
  });

  it('a first signal interrupts a setup() spinning in a busy loop: exit 105 well before its 60 s setupTimeout', async () => {
    const dir = writeInlineFiles({
      'script.js': `export const options = { iterations: 1, setupTimeout: '60s' };
export function setup() { console.log('MARK spinning'); while (true) {} }
export default function () { console.log('MARK iteration'); }`,
    });
    const cli = spawnCli(['run', 'script.js'], { cwd: dir, timeoutMs: 45_000 });
    await cli.waitFor('MARK spinning', 'stderr');
    cli.child.kill('SIGINT');
    const result = await cli.done;
    expect(result.exitCode, explain(result)).toBe(105);
    expect(consoleMessages(result.stderr)).toEqual(['MARK spinning']);
  });

  it('a launcher killed outright takes the Node it relaunched for the test with it (Node 20)', async () => {
    const dir = writeInlineFiles({ 'script.js': SCRIPT });
    const cli = spawnCli(['run', 'script.js'], { cwd: dir, timeoutMs: 45_000 });
    await cli.waitFor('MARK running from setup', 'stderr');
    const launcher = cli.child.pid ?? 0;
    const relaunched = childrenOf(launcher);
    // On Node 20 `qk6 run` relaunches Node with WebAssembly stack switching (src/cli/relaunch.ts).
    if (/^11\./.test(process.versions.v8)) expect(relaunched).toHaveLength(1);
    cli.child.kill('SIGKILL');
    await cli.done.catch(() => undefined);
    const deadline = Date.now() + 10_000;
    while (relaunched.some(isAlive) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(relaunched.filter(isAlive)).toEqual([]);
  });

  it('a relaunched Node hands the launcher its exit code and the whole summary, and leaves no process behind (Node 20)', async () => {
    const dir = writeInlineFiles({
      'script.js': `import { sleep } from 'k6';
export const options = { iterations: 3, thresholds: { iterations: ['count>5'] } };
export default function () { if (__ITER === 0) console.log('MARK running'); sleep(0.3); }`,
    });
    const cli = spawnCli(['run', '--summary-export', 'summary.json', 'script.js'], { cwd: dir, timeoutMs: 45_000 });
    await cli.waitFor('MARK running', 'stderr');
    const relaunched = childrenOf(cli.child.pid ?? 0);
    if (/^11\./.test(process.versions.v8)) expect(relaunched).toHaveLength(1);
    const result = await cli.done;
    expect(result.exitCode, explain(result)).toBe(99); // the failed threshold, not a signal's code
    expect(summaryIterations(result.stdout), explain(result)).toBe(3);
    expect(parseSummaryExport(join(dir, 'summary.json')).metrics.iterations?.count).toBe(3);
    const deadline = Date.now() + 10_000;
    while (relaunched.some(isAlive) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(relaunched.filter(isAlive)).toEqual([]);
  });

  it('Ctrl+Z (SIGTSTP) stops the test with the launcher, and SIGCONT resumes it (Node 20)', async () => {
    const dir = writeInlineFiles({ 'script.js': SCRIPT });
    const cli = spawnCli(['run', 'script.js'], { cwd: dir, timeoutMs: 45_000 });
    await cli.waitFor('MARK running from setup', 'stderr');
    const launcher = cli.child.pid ?? 0;
    const processes = [launcher, ...childrenOf(launcher)];
    if (/^11\./.test(process.versions.v8)) expect(processes).toHaveLength(2);
    cli.child.kill('SIGTSTP');
    expect(await waitForState(processes, (state) => state === 'T')).toEqual(processes.map(() => 'T'));
    cli.child.kill('SIGCONT');
    expect(await waitForState(processes, (state) => state !== 'T')).not.toContain('T');
    cli.child.kill('SIGINT'); // and it still stops gracefully
    const result = await cli.done;
    expect(result.exitCode, explain(result)).toBe(105);
    expect(consoleMessages(result.stderr)).toContain('MARK teardown finished');
  });
});

/** Waits (up to 10 s) until every process's state satisfies `wanted`; returns the states last read. */
async function waitForState(pids: number[], wanted: (state: string) => boolean): Promise<string[]> {
  const deadline = Date.now() + 10_000;
  let states = pids.map(stateOf);
  while (!states.every(wanted) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    states = pids.map(stateOf);
  }
  return states;
}

/** A process's state letter from /proc (R, S, T, Z…), '' when it is gone. */
function stateOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ')[0] ?? '';
  } catch {
    return '';
  }
}

/** The pids whose parent is `pid` (from /proc). */
function childrenOf(pid: number): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((entry) => {
      try {
        return Number(readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]?.split(' ')[1]) === pid;
      } catch {
        return false;
      }
    })
    .map(Number);
}

function isAlive(pid: number): boolean {
  const state = stateOf(pid);
  return state !== '' && state !== 'Z';
}

