// Invalid `options.scenarios` through the real CLI: each problem is one error line naming the
// scenario's key (`scenarios.<name>.<key>`) and what is wrong, the run does not start (no VU code
// runs), and the exit code is 104 (k6 InvalidConfig). Several problems are all reported together.
import { describe, expect, it } from 'vitest';
import { runInline } from '../helpers/run-cli.js';
import { explain } from './helpers/cli-test-kit.js';
import { consoleMessages, parseLogLines } from './helpers/log-lines.js';

function scriptWith(scenarios: string): string {
  return `
export const options = { scenarios: ${scenarios} };
export default function () { console.log('an iteration ran'); }
export function other() { console.log('an iteration ran'); }
`;
}

async function errorsOf(scenarios: string) {
  const run = await runInline({ 'script.js': scriptWith(scenarios) });
  const errors = parseLogLines(run.stderr)
    .filter((line) => line.level === 'error')
    .map((line) => line.msg);
  return { run, errors };
}

describe('qk6 run: invalid scenario configuration', () => {
  it.each([
    ['an unknown executor', `{ s1: { executor: 'warp-drive' } }`, /scenarios\.s1\.executor: unknown executor type 'warp-drive'/],
    [
      'constant-arrival-rate without a rate',
      `{ s1: { executor: 'constant-arrival-rate', duration: '1s', preAllocatedVUs: 1 } }`,
      /scenarios\.s1\.rate: the iteration rate isn't specified/,
    ],
    [
      'a negative duration',
      `{ s1: { executor: 'constant-vus', duration: '-1s' } }`,
      /scenarios\.s1\.duration: the duration must be at least 1s, but is -1s/,
    ],
    [
      'maxVUs below preAllocatedVUs',
      `{ s1: { executor: 'constant-arrival-rate', rate: 1, duration: '1s', preAllocatedVUs: 5, maxVUs: 2 } }`,
      /scenarios\.s1\.maxVUs: maxVUs can't be less than preAllocatedVUs/,
    ],
    [
      'an exec function the script does not export',
      `{ s1: { executor: 'shared-iterations', exec: 'nope' } }`,
      /scenarios\.s1\.exec: executor s1: function 'nope' not found in exports/,
    ],
    [
      'an unknown key inside a scenario',
      `{ s1: { executor: 'shared-iterations', iteration: 3 } }`,
      /scenarios\.s1\.iteration: unknown field "iteration" in a shared-iterations scenario/,
    ],
  ])('rejects %s with one error line and exit code 104', async (_what, scenarios, message) => {
    const { run, errors } = await errorsOf(scenarios);
    expect(run.exitCode, explain(run)).toBe(104);
    expect(errors).toEqual([expect.stringMatching(message)]);
    expect(consoleMessages(run.stderr)).not.toContain('an iteration ran');
  });

  it('reports every problem of every scenario at once, one line each', async () => {
    const { run, errors } = await errorsOf(`{
      a: { executor: 'warp-drive' },
      b: { executor: 'constant-vus', vus: 1, duration: '1s', dur: '1s' },
      c: { executor: 'constant-vus', duration: '-2s' },
      d: { executor: 'constant-arrival-rate', duration: '1s', preAllocatedVUs: 3, maxVUs: 1, exec: 'nope' },
      e: { executor: 'per-vu-iterations', exec: 'other' },
    }`);
    expect(run.exitCode, explain(run)).toBe(104);
    expect(errors).toHaveLength(6);
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/scenarios\.a\.executor: unknown executor type 'warp-drive'/),
        expect.stringMatching(/scenarios\.b\.dur: unknown field "dur"/),
        expect.stringMatching(/scenarios\.c\.duration: the duration must be at least 1s, but is -2s/),
        expect.stringMatching(/scenarios\.d\.exec: executor d: function 'nope' not found in exports/),
        expect.stringMatching(/scenarios\.d\.maxVUs: maxVUs can't be less than preAllocatedVUs/),
        expect.stringMatching(/scenarios\.d\.rate: the iteration rate isn't specified/),
      ]),
    );
  });
});
