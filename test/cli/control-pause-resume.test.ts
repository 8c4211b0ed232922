// Pausing a running test and resuming it (`qk6 pause`, `qk6 resume`): in-flight iterations
// finish, no new ones start while paused, and the schedule continues after the resume — for
// constant-vus and for an arrival-rate schedule, whose clock holds so that no start is dropped
// (beyond k6, which refuses to pause them).
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { freeAddress, metricSample, patchStatus, waitForStatus } from '../api/api-kit.js';
import { parseSummaryExport, runCli, spawnCli, writeInlineFiles } from '../helpers/run-cli.js';
import { explain } from './helpers/cli-test-kit.js';

/** Polls until the test at `address` has counted more than `count` iterations. */
async function iterationsAbove(address: string, count: number, timeoutMs = 10_000): Promise<number> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = (await metricSample(address, 'iterations'))?.count ?? 0;
    if (value > count) return value;
    if (performance.now() > deadline) throw new Error(`iterations stayed at ${value} (wanted more than ${count})`);
    await delay(50);
  }
}

describe('qk6 pause / qk6 resume', () => {
  it('stops new iterations of a constant-vus test while paused and carries on after the resume', async () => {
    const address = await freeAddress();
    const dir = writeInlineFiles({
      'script.js': `import { sleep } from 'k6';\nexport const options = { vus: 2, duration: '30s' };\nexport default function () { sleep(0.05); }\n`,
    });
    const run = spawnCli(['run', '-q', '-a', address, 'script.js'], { cwd: dir, timeoutMs: 30_000 });
    try {
      await waitForStatus(address, (status) => status.status === 7);
      await iterationsAbove(address, 5);

      const pause = await runCli(['pause', '-a', address]);
      expect(pause.exitCode, explain(pause)).toBe(0);
      // Answered once the in-flight iterations have finished: nobody is active any more.
      expect(pause.stdout).toContain('status: 7\npaused: "true"\nvus: "0"\n');
      await delay(400); // the workers' last metric reports (every 250 ms)
      const paused = (await metricSample(address, 'iterations'))?.count ?? 0;
      await delay(800);
      expect((await metricSample(address, 'iterations'))?.count).toBe(paused);
      expect((await runCli(['status', '-a', address])).stdout).toContain('paused: "true"');

      const resume = await runCli(['resume', '-a', address]);
      expect(resume.exitCode, explain(resume)).toBe(0);
      expect(resume.stdout).toContain('paused: "false"');
      await iterationsAbove(address, paused);
      expect((await patchStatus(address, { stopped: true })).status).toBe(200);
      const result = await run.done;
      expect(result.exitCode, explain(result)).toBe(103);
    } finally {
      run.child.kill('SIGKILL');
    }
  });

  it('holds a paused constant-arrival-rate schedule: every planned iteration still starts and none is dropped', async () => {
    const address = await freeAddress();
    const dir = writeInlineFiles({
      'script.js': [
        'export const options = { scenarios: { car: { executor: "constant-arrival-rate", rate: 20, timeUnit: "1s", duration: "3s", preAllocatedVUs: 2 } } };',
        'export default function () {}',
        '',
      ].join('\n'),
    });
    // Not quiet, and verbose: should a count ever be off, the failure shows the run's last progress
    // line (complete and interrupted iterations) and the workers' debug lines.
    const run = spawnCli(['run', '-v', '-a', address, '--summary-export', 'summary.json', 'script.js'], { cwd: dir, timeoutMs: 30_000 });
    try {
      await waitForStatus(address, (status) => status.status === 7);
      await iterationsAbove(address, 5);
      // Raw HTTP here (no client process to start): the pause must land well inside the 3 s schedule.
      const started = performance.now();
      const pause = await patchStatus(address, { paused: true });
      expect(pause.status, pause.text).toBe(200);
      await delay(1_000);
      const resume = await patchStatus(address, { paused: false });
      expect(resume.status, resume.text).toBe(200);
      const result = await run.done;
      expect(result.exitCode, explain(result)).toBe(0);
      expect(performance.now() - started).toBeGreaterThan(1_000);
      const summary = parseSummaryExport(join(dir, 'summary.json'));
      expect(summary.metrics.iterations?.count, explain(result)).toBe(60);
      expect(summary.metrics.dropped_iterations, explain(result)).toBeUndefined();
    } finally {
      run.child.kill('SIGKILL');
    }
  });
});
