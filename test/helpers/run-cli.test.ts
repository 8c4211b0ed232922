import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSummaryExport, runInline, spawnCli, stripAnsi } from './run-cli.js';

describe('run-cli helpers', () => {
  it('runInline writes the files to a temp dir and runs the first one as the script', async () => {
    const result = await runInline(
      {
        'main.js': `import { check } from 'k6';
          import { answer } from './lib/answer.js';
          export default function () { check(answer, { 'answer is 42': (a) => a === 42 }); }`,
        'lib/answer.js': 'export const answer = 42;',
      },
      ['--summary-export', 'summary.json', '-i', '2'],
    );
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toContain('answer is 42');
    expect(result.stdout).not.toMatch(/\u001b\[/);
    const summary = parseSummaryExport(join(result.dir, 'summary.json'));
    expect(summary.metrics.iterations?.count).toBe(2);
    expect(summary.metrics.checks).toMatchObject({ passes: 2, fails: 0 });
  });

  it('kills a run that outlives its timeout and says so', async () => {
    const run = runInline({ 'slow.js': `import { sleep } from 'k6'; export default function () { sleep(30); }` }, [], {
      timeoutMs: 2_000,
    });
    await expect(run).rejects.toThrow(/did not exit within 2000 ms and was killed/);
  });

  it('spawnCli lets a test wait for output while the CLI runs', async () => {
    const cli = spawnCli(['version']);
    await cli.waitFor(/qk6/);
    expect((await cli.done).exitCode).toBe(0);
  });

  it('strips colour and cursor codes', () => {
    expect(stripAnsi('\u001b[32m✓\u001b[39m ok\u001b[2K\u001b[1A')).toBe('✓ ok');
  });
});
