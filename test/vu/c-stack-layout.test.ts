// The stack-switched build's C stack is cut in slices, one per VU of an instance, with the host's
// region on top and the heap right above (scripts/build-suspending-quickjs.js). Each VU's QuickJS
// must still stop deep recursion with its own error while the others recurse on their slices
// between its suspensions, and nothing on the heap may be overwritten by a stack or lost as the
// memory grows.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runWithStackSwitching } from '../helpers/stack-switching-node.js';

const fixture = fileURLToPath(new URL('../fixtures/vu/c-stack-layout.mjs', import.meta.url));
const MiB = 1024 * 1024;

describe('the stack-switched build with a sliced C stack', () => {
  it('runs four VUs in one instance, each stopped by QuickJS at its own limit while the others recurse, keeps every frame and heap intact, and lets the host call in between', () => {
    const output = runWithStackSwitching(fixture);
    const result = JSON.parse(output) as {
      heapBase: number;
      slices: { base: number; bytes: number; count: number; hostBase: number; hostTop: number };
      startBytes: number;
      grownBytes: number;
      filled: number[];
      recursion: Array<{ depth: number; errors: string[] }>;
      frames: number[];
      hostCall: unknown;
      resumed: unknown;
      afterRecursion: number[];
      grown: number[];
    };
    const { slices } = result;
    // Sixteen slices of 256 KiB, the host's region above them, the heap above that: ~5 MiB of
    // address space for sixteen VUs, where one VU's memory started at 896 KiB before.
    expect(slices.count).toBe(16);
    expect(slices.bytes).toBe(256 * 1024);
    expect(slices.hostBase).toBe(slices.base + slices.count * slices.bytes);
    expect(result.heapBase).toBe(slices.hostTop);
    expect(result.heapBase).toBeLessThan(5 * MiB);
    expect(result.startBytes).toBeGreaterThan(result.heapBase);
    // 20,000 items: Σ(i·k) + Σ('v' + i).length, for engine k.
    const expected = [1, 2, 3, 4].map((k) => 199_990_000 * k + 108_890);
    expect(result.filled).toEqual(expected);
    // QuickJS's own limit (192 KiB on 4 MiB switched stacks: ~1,000 plain calls), three times in each.
    for (const recursion of result.recursion) {
      expect(recursion.errors).toEqual(['InternalError: stack overflow']);
      expect(recursion.depth).toBeGreaterThan(1000);
    }
    // 601 frames whose locals survived the others' calls between their suspensions: 7·Σn.
    expect(result.frames).toEqual([1_262_100, 1_262_100, 1_262_100, 1_262_100]);
    // The host's direct call ran in its own region, not below the suspended driver's frames.
    expect(result.hostCall).toBe(200);
    expect(result.resumed).toBe('resumed');
    expect(result.afterRecursion).toEqual(expected);
    expect(result.grownBytes).toBeGreaterThan(result.startBytes);
    expect(result.grown).toEqual(expected.map((sum) => sum + 200_000));
  });
});
