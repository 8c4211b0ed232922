// The stack-switched build has a 512 KiB C stack with its heap right above
// (scripts/build-suspending-quickjs.js); an instance of several VUs gives each a slice of C stack
// from its heap, with the host's region above them (src/vu/suspending-engine.ts). Each VU's
// QuickJS must still stop deep recursion with its own error while the others recurse on their
// slices between its suspensions, and nothing on the heap may be overwritten by a stack or lost as
// the memory grows.
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
      layout: { slotTops: number[]; host: { base: number; top: number }; slices: { start: number; end: number } };
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
    const { layout } = result;
    // The build's stack ends below 1 MiB; the four slices of 256 KiB and the host's 512 KiB lie
    // in the heap above it, the host's region on top.
    expect(result.heapBase).toBeLessThan(MiB);
    expect(layout.slices.start).toBeGreaterThanOrEqual(result.heapBase);
    expect(layout.slotTops).toEqual([1, 2, 3, 4].map((slot) => layout.slices.start + slot * 256 * 1024));
    expect(layout.host).toEqual({ base: layout.slices.end, top: layout.slices.end + 512 * 1024 });
    expect(layout.slices.end).toBe(layout.slices.start + 4 * 256 * 1024);
    expect(result.startBytes).toBeGreaterThan(layout.host.top);
    expect(result.startBytes).toBeLessThan(3 * MiB);
    // 20,000 items: Σ(i·k) + Σ('v' + i).length, for engine k.
    const expected = [1, 2, 3, 4].map((k) => 199_990_000 * k + 108_890);
    expect(result.filled).toEqual(expected);
    // QuickJS's own limit (192 KiB on 1 MiB switched stacks: ~1,000 plain calls), three times in each.
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
