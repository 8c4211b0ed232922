// The stack-switched build has a 512 KiB C stack with its heap right above (scripts/shrink-c-stack.js),
// so a VU's memory starts below 1 MiB instead of at 6. QuickJS must still stop deep recursion with its
// own error, and nothing on the heap may be overwritten by the stack or lost as the memory grows.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runWithStackSwitching } from '../helpers/stack-switching-node.js';

const fixture = fileURLToPath(new URL('../fixtures/vu/c-stack-layout.mjs', import.meta.url));
const MiB = 1024 * 1024;

describe('the stack-switched build with a smaller C stack', () => {
  it('starts a VU with less than 1 MiB of memory, stops deep recursion with QuickJS\'s error and keeps the heap intact', () => {
    const output = runWithStackSwitching(fixture);
    const result = JSON.parse(output) as {
      heapBase: number;
      startBytes: number;
      grownBytes: number;
      filled: number;
      recursion: { depth: number; errors: string[] };
      afterRecursion: number;
      grown: number;
    };
    // 20,000 items: Σi + Σ('v' + i).length.
    const expected = 199_990_000 + 108_890;
    expect(result.heapBase).toBeLessThan(MiB);
    expect(result.startBytes).toBeGreaterThan(result.heapBase);
    expect(result.startBytes).toBeLessThanOrEqual(MiB);
    expect(result.filled).toBe(expected);
    // QuickJS's own limit (192 KiB on 4 MiB switched stacks: ~1,100 plain calls), three times.
    expect(result.recursion.errors).toEqual(['InternalError: stack overflow']);
    expect(result.recursion.depth).toBeGreaterThan(1000);
    expect(result.afterRecursion).toBe(expected);
    expect(result.grownBytes).toBeGreaterThan(result.startBytes);
    expect(result.grown).toBe(expected + 200_000);
  });
});
