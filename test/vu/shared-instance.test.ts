// Stack-switched VUs made from an engine template share instances, as many as the template holds
// engines (engine-template.ts, suspending-engine.ts): each must still run as if alone — its own
// identity, data, random numbers and memory limit — and when one engine of an instance breaks,
// the others there are replaced before they run again, while other instances' VUs go on.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runWithStackSwitching } from '../helpers/stack-switching-node.js';

const fixture = fileURLToPath(new URL('../fixtures/vu/shared-instance.mjs', import.meta.url));

interface Report {
  inits: boolean[];
  fromTemplate: boolean[];
  kinds: string[];
  instances: number[];
  distinctRandoms: number;
  outcomes: string[][];
  grownMemoryMiB: number;
  iterations: Array<{ vu: number; iter: number; sum: number }>;
  afterBreak: string[];
  reinitialised: number[];
  afterBreakIterations: string[];
  renewedInstances: boolean[];
}

describe('VUs sharing a stack-switched instance', () => {
  it('run as if alone, and are replaced together when one engine of their instance breaks', () => {
    const report = JSON.parse(runWithStackSwitching(fixture)) as Report;
    expect(report.inits).toEqual([true, true, true, true, true, true]);
    expect(report.fromTemplate).toEqual([true, true, true, true, true, true]);
    expect(report.kinds).toEqual(Array(6).fill('stack-switching'));
    // A template of four engines: VUs 1–4 in one copy of it, 5 and 6 in the next.
    expect(report.instances).toEqual([0, 0, 0, 0, 4, 4]);
    // Each copied context draws its own Math.random sequence.
    expect(report.distinctRandoms).toBe(6);
    // VU 2 allocates past its 32 MiB in its second iteration: QuickJS's limit for its runtime stops
    // it there, with the VU's own error, and nobody else.
    expect(report.outcomes[0]).toEqual(Array(6).fill('ok'));
    expect(report.outcomes[1]?.[1]).toMatch(/^out of memory/);
    expect(report.outcomes[1]?.filter((outcome) => outcome === 'ok')).toHaveLength(5);
    expect(report.outcomes[2]).toEqual(Array(6).fill('ok'));
    // A VU's memory figure is its instance's, which never shrinks: it grew by VU 2's 32 MiB.
    expect(report.grownMemoryMiB).toBeGreaterThanOrEqual(32);
    const expected = [1, 2, 3, 4, 5, 6].flatMap((vu) => [0, 1, 2].filter((iter) => vu !== 2 || iter !== 1).map((iter) => ({ vu, iter, sum: 2000 * vu })));
    expect(report.iterations).toEqual(expected);
    // One engine of the first instance broke: VUs 1–4 ran their init again in new engines before
    // their next iteration; 5 and 6 stayed where they were.
    expect(report.afterBreak).toEqual(Array(6).fill('ok'));
    expect(report.reinitialised).toEqual([1, 2, 3, 4]);
    expect(report.afterBreakIterations).toEqual(['1:3', '2:3', '3:3', '4:3', '5:3', '6:3']);
    expect(report.renewedInstances).toEqual([true, true, true, true, false, false]);
  });
});
