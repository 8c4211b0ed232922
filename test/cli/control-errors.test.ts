// The REST API's failure modes from the CLI: clients with no test to talk to, a scale without
// flags, an address that cannot be bound (exit 106 only when -a was given), and a PATCH once the
// test has finished (kept reachable with --linger).
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { freeAddress, getStatus, patchStatus, waitForStatus } from '../api/api-kit.js';
import { runCli, spawnCli, writeInlineFiles } from '../helpers/run-cli.js';
import { closedPort, explain } from './helpers/cli-test-kit.js';
import { consoleMessages, parseLogLines } from './helpers/log-lines.js';

const QUICK = `export default function () { console.log('iteration'); }\n`;

describe('REST API clients without a test', () => {
  it.each([['status'], ['stats'], ['pause'], ['resume'], ['scale', '-u', '2']])(
    '`qk6 %s` exits 255 and says no test is reachable',
    async (...command: string[]) => {
      const address = `127.0.0.1:${await closedPort()}`;
      const result = await runCli([...command, '-a', address]);
      expect(result.exitCode, explain(result)).toBe(255);
      expect(result.stdout).toBe('');
      expect(result.stderr).toContain(`cannot reach the REST API of a running test at http://${address}/v1/`);
      expect(result.stderr).toContain('-a/--address');
    },
  );

  it('`qk6 scale` without -u or -m says which flags it needs', async () => {
    const result = await runCli(['scale', '-a', `127.0.0.1:${await closedPort()}`]);
    expect(result.exitCode).toBe(255);
    expect(result.stderr).toContain('Specify either -u/--vus or -m/--max');
  });
});

describe('qk6 run --address', () => {
  it('exits 106 before running anything when the address given with -a is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve()));
    const address = blocker.address();
    if (address === null || typeof address === 'string') throw new Error('no TCP address');
    try {
      const dir = writeInlineFiles({ 'script.js': QUICK });
      const result = await runCli(['run', '-q', '-a', `127.0.0.1:${address.port}`, 'script.js'], { cwd: dir });
      expect(result.exitCode, explain(result)).toBe(106);
      expect(result.stderr).toContain(`cannot start the REST API on 127.0.0.1:${address.port}`);
      expect(consoleMessages(result.stderr)).toEqual([]);
    } finally {
      blocker.close();
    }
  });

  it('exits 106 for an address that is not host:port', async () => {
    const dir = writeInlineFiles({ 'script.js': QUICK });
    const result = await runCli(['run', '-q', '-a', 'nonsense', 'script.js'], { cwd: dir });
    expect(result.exitCode, explain(result)).toBe(106);
    const error = parseLogLines(result.stderr).find((line) => line.level === 'error');
    expect(error?.msg).toContain('invalid REST API address "nonsense": expected host:port');
  });

  it('runs without a REST API with --address ""', async () => {
    const dir = writeInlineFiles({ 'script.js': QUICK });
    const result = await runCli(['run', '-q', '--address', '', 'script.js'], { cwd: dir });
    expect(result.exitCode, explain(result)).toBe(0);
    expect(result.stderr).not.toContain('API server');
  });

  it('answers 409 to a PATCH once the test has finished, and keeps serving reads while it lingers', async () => {
    const address = await freeAddress();
    const dir = writeInlineFiles({ 'script.js': QUICK });
    const run = spawnCli(['run', '-q', '--linger', '-a', address, 'script.js'], { cwd: dir, timeoutMs: 30_000 });
    try {
      const ended = await waitForStatus(address, (status) => status.status === 9);
      expect(ended).toMatchObject({ paused: false, stopped: false, running: false });
      const patch = await patchStatus(address, { paused: true });
      expect(patch.status).toBe(409);
      expect(patch.json).toEqual({
        errors: [{ status: '409', title: 'Conflict', detail: 'the test has already finished; its status can no longer be changed' }],
      });
      const stop = await runCli(['pause', '-a', address]);
      expect(stop.exitCode).toBe(255);
      expect(stop.stderr).toContain('Conflict: the test has already finished');
      expect((await getStatus(address)).status).toBe(9);
      run.child.kill('SIGINT');
      const result = await run.done;
      expect(result.exitCode, explain(result)).toBe(0);
    } finally {
      run.child.kill('SIGKILL');
    }
  });
});
