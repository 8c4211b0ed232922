// `qk6 run -p`: the VUs are initialised, then the test waits (status 4) until `qk6 resume` — how
// k6-operator starts synchronised runners. Driven through the CLI clients and raw HTTP.
import { describe, expect, it } from 'vitest';
import { setTimeout as delay } from 'node:timers/promises';
import { freeAddress, metricSample, waitForStatus } from '../api/api-kit.js';
import { runCli, spawnCli, writeInlineFiles } from '../helpers/run-cli.js';
import { explain } from './helpers/cli-test-kit.js';
import { consoleMessages } from './helpers/log-lines.js';

const SCRIPT = `
export const options = { vus: 2, iterations: 6 };
export function setup() { console.log('setup ran'); return { n: 1 }; }
export default function () { console.log('iteration'); }
`;

describe('qk6 run --paused', () => {
  it('initialises the VUs, waits with status 4 and no iterations, and runs setup and the test after `qk6 resume`', async () => {
    const address = await freeAddress();
    const dir = writeInlineFiles({ 'script.js': SCRIPT });
    const run = spawnCli(['run', '-q', '-p', '-a', address, 'script.js'], { cwd: dir, timeoutMs: 30_000 });
    try {
      await waitForStatus(address, (status) => status.status === 4);
      const status = await runCli(['status', '-a', address]);
      expect(status.exitCode, explain(status)).toBe(0);
      expect(status.stdout).toBe(
        ['status: 4', 'paused: "true"', 'vus: "0"', 'vus-max: "2"', 'stopped: false', 'running: false', 'tainted: false', ''].join('\n'),
      );
      await delay(300);
      expect(await metricSample(address, 'iterations')).toBeUndefined();

      const resume = await runCli(['resume', '--address', address]);
      expect(resume.exitCode, explain(resume)).toBe(0);
      expect(resume.stdout).toContain('paused: "false"');
      const result = await run.done;
      expect(result.exitCode, explain(result)).toBe(0);
      const messages = consoleMessages(result.stderr);
      expect(messages.filter((message) => message === 'iteration')).toHaveLength(6);
      expect(messages.indexOf('setup ran')).toBeLessThan(messages.indexOf('iteration'));
    } finally {
      run.child.kill('SIGKILL');
    }
  });

  it('ends without setup or iterations when stopped while waiting, with exit code 103', async () => {
    const address = await freeAddress();
    const dir = writeInlineFiles({ 'script.js': SCRIPT });
    const run = spawnCli(['run', '-q', '--paused', '--address', address, 'script.js'], { cwd: dir, timeoutMs: 30_000 });
    try {
      await waitForStatus(address, (status) => status.status === 4);
      const response = await fetch(`http://${address}/v1/status`, {
        method: 'PATCH',
        body: JSON.stringify({ data: { type: 'status', id: 'default', attributes: { stopped: true } } }),
      });
      expect(response.status).toBe(200);
      const result = await run.done;
      expect(result.exitCode, explain(result)).toBe(103);
      expect(consoleMessages(result.stderr)).toEqual([]);
      expect(result.stderr).toContain('test run stopped from REST API');
    } finally {
      run.child.kill('SIGKILL');
    }
  });
});
