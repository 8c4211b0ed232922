// Scaling a running test (`qk6 scale`, PATCH /v1/status vus / vus-max): the externally-controlled
// executor with k6's rules, and constant-vus live (beyond k6); other executors get a 4xx that
// names the executors that can scale. The test is then stopped through the API: exit code 103,
// with the end-of-test summary.
import { describe, expect, it } from 'vitest';
import { freeAddress, patchStatus, waitForStatus } from '../api/api-kit.js';
import { runCli, spawnCli, writeInlineFiles } from '../helpers/run-cli.js';
import { explain } from './helpers/cli-test-kit.js';
import { consoleMessages } from './helpers/log-lines.js';

/** Each VU says who it is on its first iteration. */
const BODY = `
import { sleep } from 'k6';
let first = true;
export default function () {
  if (first) { console.log('vu ' + __VU); first = false; }
  sleep(0.05);
}
`;

function statusLine(stdout: string, key: string): string | undefined {
  return stdout.split('\n').find((line) => line.startsWith(`${key}: `));
}

describe('qk6 scale', () => {
  it('scales an externally-controlled test up and down under k6 rules, then stops it with exit code 103', async () => {
    const address = await freeAddress();
    const dir = writeInlineFiles({
      'script.js': `export const options = { scenarios: { ext: { executor: 'externally-controlled', vus: 1, maxVUs: 2, duration: '0s' } } };\n${BODY}`,
    });
    const run = spawnCli(['run', '-q', '-a', address, 'script.js'], { cwd: dir, timeoutMs: 40_000 });
    try {
      await waitForStatus(address, (status) => status.status === 7 && status.vus === 1);

      const up = await runCli(['scale', '-a', address, '--vus', '2']);
      expect(up.exitCode, explain(up)).toBe(0);
      expect([statusLine(up.stdout, 'vus'), statusLine(up.stdout, 'vus-max')]).toEqual(['vus: "2"', 'vus-max: "2"']);

      const more = await runCli(['scale', '-a', address, '-u', '4', '-m', '4']);
      expect(more.exitCode, explain(more)).toBe(0);
      expect([statusLine(more.stdout, 'vus'), statusLine(more.stdout, 'vus-max')]).toEqual(['vus: "4"', 'vus-max: "4"']);

      const down = await runCli(['scale', '-a', address, '-u', '1']);
      expect(down.exitCode, explain(down)).toBe(0);
      expect([statusLine(down.stdout, 'vus'), statusLine(down.stdout, 'vus-max')]).toEqual(['vus: "1"', 'vus-max: "4"']);

      const tooMany = await runCli(['scale', '-a', address, '-u', '9']);
      expect(tooMany.exitCode).toBe(255);
      expect(tooMany.stderr).toContain(
        'Config update error: invalid configuration supplied: the number of active VUs (9) must be less than or equal to the number of maxVUs (4)',
      );
      const belowStart = await runCli(['scale', '-a', address, '-m', '1', '-u', '1']);
      expect(belowStart.exitCode).toBe(255);
      expect(belowStart.stderr).toContain('the new number of max VUs cannot be lower than the starting number of max VUs (2)');

      const stats = await runCli(['stats', '-a', address]);
      expect(stats.exitCode, explain(stats)).toBe(0);
      expect(stats.stdout).toContain('- name: iterations\n  type:\n    type: counter\n    valid: true\n  contains:\n    type: default\n');

      const stop = await patchStatus(address, { stopped: true });
      expect(stop.status).toBe(200);
      const result = await run.done;
      expect(result.exitCode, explain(result)).toBe(103);
      expect(result.stderr).toContain('test run stopped from REST API');
      expect(result.stdout).toContain('iterations');
      // The VUs added by scaling were initialised (unique ids) and ran.
      const vus = consoleMessages(result.stderr).filter((message) => message.startsWith('vu ')).sort();
      expect(vus).toEqual(['vu 1', 'vu 2', 'vu 3', 'vu 4']);
    } finally {
      run.child.kill('SIGKILL');
    }
  });

  it('scales a constant-vus test while it runs, and refuses to scale a ramping-vus test naming the executors that can', async () => {
    const address = await freeAddress();
    const dir = writeInlineFiles({
      'script.js': `export const options = { scenarios: {
        steady: { executor: 'constant-vus', vus: 1, duration: '30s' },
        ramp: { executor: 'ramping-vus', startVUs: 1, stages: [{ duration: '30s', target: 1 }] },
      } };\n${BODY}`,
    });
    const run = spawnCli(['run', '-q', '-a', address, 'script.js'], { cwd: dir, timeoutMs: 40_000 });
    try {
      await waitForStatus(address, (status) => status.status === 7 && status.vus === 2);
      const up = await runCli(['scale', '-a', address, '-u', '3', '-m', '3']);
      expect(up.exitCode, explain(up)).toBe(0);
      // 3 in the constant-vus scenario, 1 in the ramping one.
      expect([statusLine(up.stdout, 'vus'), statusLine(up.stdout, 'vus-max')]).toEqual(['vus: "4"', 'vus-max: "4"']);
      const down = await patchStatus(address, { vus: 1 });
      expect(down.status).toBe(200);
      expect((down.json as { data: { attributes: { vus: number } } }).data.attributes.vus).toBe(2);

      const stop = await patchStatus(address, { stopped: true });
      expect(stop.status).toBe(200);
      const result = await run.done;
      expect(result.exitCode, explain(result)).toBe(103);
    } finally {
      run.child.kill('SIGKILL');
    }

    const rampOnly = await freeAddress();
    const rampDir = writeInlineFiles({ 'script.js': `export const options = { stages: [{ duration: '30s', target: 1 }] };\n${BODY}` });
    const ramp = spawnCli(['run', '-q', '-a', rampOnly, 'script.js'], { cwd: rampDir, timeoutMs: 40_000 });
    try {
      await waitForStatus(rampOnly, (status) => status.status === 7);
      const refused = await runCli(['scale', '-a', rampOnly, '-u', '2']);
      expect(refused.exitCode).toBe(255);
      expect(refused.stderr).toContain('an externally-controlled executor needs to be configured for live configuration updates');
      expect(refused.stderr).toContain('constant-vus');
      expect(refused.stderr).toContain('default (ramping-vus)');
      const raw = await patchStatus(rampOnly, { vus: 2 });
      expect(raw.status).toBe(400);
      expect(raw.json).toMatchObject({ errors: [{ status: '400', title: 'Execution config error' }] });
      await patchStatus(rampOnly, { stopped: true });
      expect((await ramp.done).exitCode).toBe(103);
    } finally {
      ramp.child.kill('SIGKILL');
    }
  });
});
