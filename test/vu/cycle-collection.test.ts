// A VU's garbage cycles are collected between iterations once they add up (src/vu/cycle-collection.ts),
// not after ~32,000 allocations as this QuickJS build's own threshold would: each VU's memory
// would otherwise grow by megabytes for scripts that leave cycles behind.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HOST_MODULES } from '../../src/modules/host-modules.js';
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

/**
 * Keeps a 64 KiB string from the host in a cycle each iteration: few allocations, many bytes.
 * QuickJS's count alone would let ~500 of them (32 MiB) gather before collecting.
 */
const BIG_CYCLE_SCRIPT = `
import encoding from 'k6/encoding';
const input = 'x'.repeat(48 * 1024);
export default function () {
  const kept = { text: encoding.b64encode(input) };
  kept.self = kept;
}
`;
const BIG_ITERATIONS = 200;

/** QuickJS's count of the VU's live allocations. */
function allocations(vu: VirtualUser): number {
  const { runtime, context } = (vu as unknown as { engine: VuEngine }).engine;
  const handle = runtime.computeMemoryUsage();
  const usage = context.dump(handle) as { malloc_count: number };
  handle.dispose();
  return usage.malloc_count;
}

/**
 * Runs `iterations` of `script`; `settle` says whether the runner's after-iteration step runs too.
 * Returns how much the VU's allocations and its WebAssembly memory grew.
 */
async function growth(script: string, iterations: number, settle: boolean): Promise<{ allocations: number; memoryBytes: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'qk6-cycles-'));
  writeFileSync(join(dir, 'main.js'), script);
  const { vu, init } = await VirtualUser.create({ ...quietVuConfig(join(dir, 'main.js')), modules: HOST_MODULES });
  try {
    expect(init.ok).toBe(true);
    expect((await vu.activate('default', undefined, {})).ok).toBe(true);
    const before = { allocations: allocations(vu), memoryBytes: vu.memoryBytes };
    for (let iteration = 0; iteration < iterations; iteration++) {
      expect((await vu.iterate()).ok).toBe(true);
      if (settle) vu.afterIteration();
    }
    return { allocations: allocations(vu) - before.allocations, memoryBytes: vu.memoryBytes - before.memoryBytes };
  } finally {
    vu.dispose();
  }
}

describe('cycle collection', () => {
  it('keeps a VU that leaves cycles near its size, where QuickJS alone lets them pile up', async () => {
    // Without the step between iterations the script's cycles stay: the test's leak is real.
    expect((await growth(CYCLIC_SCRIPT, ITERATIONS, false)).allocations).toBeGreaterThan(ITERATIONS * 4);
    // With it, they are collected each time ~2,000 allocations have gathered.
    expect((await growth(CYCLIC_SCRIPT, ITERATIONS, true)).allocations).toBeLessThan(2500);
  });

  it('collects cycles that keep large strings from the host before they take megabytes', async () => {
    // 200 strings of 64 KiB: 12.5 MiB stay in the VU's memory without the step.
    expect((await growth(BIG_CYCLE_SCRIPT, BIG_ITERATIONS, false)).memoryBytes).toBeGreaterThan(8 * 1024 * 1024);
    // With it, a collection each time the host has answered 1 MiB into the VU.
    expect((await growth(BIG_CYCLE_SCRIPT, BIG_ITERATIONS, true)).memoryBytes).toBeLessThan(2 * 1024 * 1024);
  });
});
