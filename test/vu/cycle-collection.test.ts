// A VU's garbage cycles are collected between iterations once they add up (src/vu/cycle-collection.ts),
// not after ~32,000 allocations as this QuickJS build's own threshold would: each VU's memory
// would otherwise grow by megabytes for scripts that leave cycles behind.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { VirtualUser } from '../../src/vu/virtual-user.js';
import type { VuEngine } from '../../src/vu/vu-engine.js';
import { quietVuConfig } from '../helpers/vu-options.js';

/** Leaves two small cycles per iteration, as objects with parent links and self-closures do. */
const CYCLIC_SCRIPT = `
export default function () {
  const node = { children: [] };
  node.children.push({ parent: node });
  const counter = { count: 0 };
  counter.bump = () => { counter.count += 1; };
  counter.bump();
}
`;

/** Fewer than it takes this script to reach QuickJS's own first collection (~2,300). */
const ITERATIONS = 2000;

/** QuickJS's count of the VU's live allocations. */
function allocations(vu: VirtualUser): number {
  const { runtime, context } = (vu as unknown as { engine: VuEngine }).engine;
  const handle = runtime.computeMemoryUsage();
  const usage = context.dump(handle) as { malloc_count: number };
  handle.dispose();
  return usage.malloc_count;
}

/** Runs the VU's iterations; `settle` says whether the runner's after-iteration step runs too. */
async function growth(settle: boolean): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'qk6-cycles-'));
  writeFileSync(join(dir, 'main.js'), CYCLIC_SCRIPT);
  const { vu, init } = await VirtualUser.create(quietVuConfig(join(dir, 'main.js')));
  try {
    expect(init.ok).toBe(true);
    expect((await vu.activate('default', undefined, {})).ok).toBe(true);
    const before = allocations(vu);
    for (let iteration = 0; iteration < ITERATIONS; iteration++) {
      expect((await vu.iterate()).ok).toBe(true);
      if (settle) vu.afterIteration();
    }
    return allocations(vu) - before;
  } finally {
    vu.dispose();
  }
}

describe('cycle collection', () => {
  it('keeps a VU that leaves cycles near its size, where QuickJS alone lets them pile up', async () => {
    // Without the step between iterations the script's cycles stay: the test's leak is real.
    expect(await growth(false)).toBeGreaterThan(ITERATIONS * 4);
    // With it, they are collected each time ~2,000 allocations have gathered.
    expect(await growth(true)).toBeLessThan(2500);
  });
});
