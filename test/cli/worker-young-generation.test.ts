// A VU worker's young generation follows its VUs (src/execution/worker/young-generation.ts): few
// VUs get 8 MB semi-spaces, many V8's default, including workers the launcher started early on a
// guess from the command line (src/execution/worker/early-worker.ts). The worker reports the limit
// V8 applies (`resourceLimits` inside the thread) in its debug line.
import { describe, expect, it } from 'vitest';
import { runInline } from '../helpers/run-cli.js';
import { explain } from './helpers/cli-test-kit.js';
import { parseLogLines } from './helpers/log-lines.js';

const IDLE = `
import { sleep } from 'k6';
export default function () { sleep(0.05); }
`;

/** Each worker's debug line, as `worker N[ (started early)]: … young generation up to M MB`, by index. */
function workerLines(stderr: string): string[] {
  return parseLogLines(stderr)
    .map((line) => line.msg)
    .filter((msg) => /^worker \d/.test(msg))
    .sort();
}

describe('a VU worker\'s young generation', () => {
  it('is 24 MB for workers of few VUs, started early when --vus fixes the count', async () => {
    const result = await runInline({ 'script.js': IDLE }, ['-v', '--vus', '4', '--iterations', '4', '--workers', '2']);
    expect(result.exitCode, explain(result)).toBe(0);
    const lines = workerLines(result.stderr);
    expect(lines).toHaveLength(2);
    for (const [index, line] of lines.entries()) expect(line).toMatch(new RegExp(`^worker ${index} \\(started early\\): 2 VUs initialised in [\\d.]+ms, young generation up to 24 MB$`));
  });

  it("is V8's default (48 MB) for a worker of many VUs, and an early worker guessed too small is not taken", async () => {
    // --vus 2 made the launcher start two small workers; the stage ramps to 130 VUs, 65 a worker.
    const result = await runInline({ 'script.js': IDLE }, ['-v', '--vus', '2', '--stage', '1s:130', '--workers', '2']);
    expect(result.exitCode, explain(result)).toBe(0);
    const lines = workerLines(result.stderr);
    expect(lines).toHaveLength(2);
    for (const [index, line] of lines.entries()) expect(line).toMatch(new RegExp(`^worker ${index}: 65 VUs initialised in [\\d.]+ms, young generation up to 48 MB$`));
  });

  it('keeps an early worker of unknown VUs at the default and sizes the workers started after it', async () => {
    const script = `export const options = { vus: 4, iterations: 4 };\n${IDLE}`;
    const result = await runInline({ 'script.js': script }, ['-v', '--workers', '2']);
    expect(result.exitCode, explain(result)).toBe(0);
    const lines = workerLines(result.stderr);
    expect(lines).toEqual([expect.stringMatching(/^worker 0 \(started early\): 2 VUs initialised in [\d.]+ms, young generation up to 48 MB$/), expect.stringMatching(/^worker 1: 2 VUs initialised in [\d.]+ms, young generation up to 24 MB$/)]);
  });
});
