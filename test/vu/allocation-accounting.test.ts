// QuickJS counts the bytes a VU allocates, not 8 per allocation (scripts/count-allocated-bytes.js
// rewrites its allocator functions in both derived binaries), so its own cycle collector runs when
// a VU's garbage adds up to a share of what it holds: each VU's memory would otherwise grow by
// megabytes for scripts that leave cycles behind, ~32,000 allocations before a first collection.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { HOST_MODULES } from '../../src/modules/host-modules.js';
import { VirtualUser } from '../../src/vu/virtual-user.js';
import { runtimeWords } from '../../src/vu/runtime-fields.js';
import type { VuEngine } from '../../src/vu/vu-engine.js';
import { runWithStackSwitching } from '../helpers/stack-switching-node.js';
import { quietVuConfig } from '../helpers/vu-options.js';

const MIB = 1024 * 1024;
/** JSRuntime starts with the allocator's four functions, then `malloc_state`: count, size, limit. */
const MALLOC_COUNT_WORD = 4;

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
/** ~8,000 allocations left in cycles: a quarter of what QuickJS's first collection waits for at 8 counted bytes each. */
const ITERATIONS = 2000;

/**
 * Keeps a 64 KiB string from the host in a cycle each iteration: few allocations, many bytes.
 * Counted 8 bytes each, ~500 of them (32 MiB) would gather before a collection.
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

/**
 * What QuickJS counts the VU's live allocations as: `malloc_state`'s count and size, JSRuntime's
 * words 4 and 5 (its memory-usage dump leaves the size out, and allocates: it can set off a
 * collection).
 */
function counted(vu: VirtualUser): { allocations: number; bytes: number } {
  const words = runtimeWords(engineOf(vu));
  return { allocations: words[MALLOC_COUNT_WORD] ?? 0, bytes: (words[MALLOC_COUNT_WORD + 1] ?? 0) >>> 0 };
}

function engineOf(vu: VirtualUser): VuEngine {
  return (vu as unknown as { engine: VuEngine }).engine;
}

/** A VU of `script`, activated for `default` and handed to `use`, then disposed. */
async function withVu<T>(script: string, use: (vu: VirtualUser) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'qk6-allocations-'));
  writeFileSync(join(dir, 'main.js'), script);
  const { vu, init } = await VirtualUser.create({ ...quietVuConfig(join(dir, 'main.js')), modules: HOST_MODULES });
  try {
    expect(init.ok).toBe(true);
    expect((await vu.activate('default', undefined, {})).ok).toBe(true);
    return await use(vu);
  } finally {
    vu.dispose();
  }
}

/** Runs `iterations`; the VU's live allocations after each, from before the first. */
async function allocationsPerIteration(vu: VirtualUser, iterations: number): Promise<number[]> {
  const start = counted(vu).allocations;
  const growth: number[] = [];
  for (let iteration = 0; iteration < iterations; iteration++) {
    expect((await vu.iterate()).ok).toBe(true);
    vu.afterIteration();
    growth.push(counted(vu).allocations - start);
  }
  return growth;
}

describe('allocation accounting', () => {
  it('counts what a script allocates in bytes', async () => {
    const script = 'export default function () { globalThis.kept = new ArrayBuffer(1024 * 1024); }';
    await withVu(script, async (vu) => {
      // The word read is the count QuickJS reports.
      const { runtime, context } = engineOf(vu);
      const handle = runtime.computeMemoryUsage();
      const reported = (context.dump(handle) as { malloc_count: number }).malloc_count;
      handle.dispose();
      expect(counted(vu).allocations).toBe(reported);
      const before = counted(vu).bytes;
      expect((await vu.iterate()).ok).toBe(true);
      const grown = counted(vu).bytes - before;
      expect(grown).toBeGreaterThanOrEqual(MIB);
      expect(grown).toBeLessThan(MIB + 64 * 1024);
    });
  });

  it('counts in bytes in the stack-switched engine too', () => {
    const result = JSON.parse(runWithStackSwitching(fileURLToPath(new URL('../fixtures/vu/allocation-accounting.mjs', import.meta.url))));
    expect(result.kind).toBe('stack-switching');
    expect(result.bufferBytes).toBeGreaterThanOrEqual(MIB);
    expect(result.bufferBytes).toBeLessThan(MIB + 64 * 1024);
    // A thousand objects and the array holding them: tens of bytes each, not 8 per allocation.
    expect(result.objectAllocations).toBeGreaterThanOrEqual(1000);
    expect(result.objectBytes).toBeGreaterThan(result.objectAllocations * 24);
  });

  it('collects a VU’s small garbage cycles before they pile up', async () => {
    const growth = await withVu(CYCLIC_SCRIPT, (vu) => allocationsPerIteration(vu, ITERATIONS));
    // The cycles are real: the VU gathered hundreds of allocations, then QuickJS collected them.
    const peak = Math.max(...growth);
    expect(peak).toBeGreaterThan(500);
    expect(growth.slice(growth.indexOf(peak)).some((allocations) => allocations < peak / 2)).toBe(true);
    // Counting 8 bytes an allocation, all ~8,000 would still be there.
    expect(growth.at(-1)).toBeLessThan(2500);
  });

  it('collects cycles that keep large strings from the host before they take megabytes', async () => {
    const grown = await withVu(BIG_CYCLE_SCRIPT, async (vu) => {
      const before = vu.memoryBytes;
      await allocationsPerIteration(vu, BIG_ITERATIONS);
      return vu.memoryBytes - before;
    });
    // 200 strings of 64 KiB: 12.5 MiB stay in the VU's memory when each counts 8 bytes.
    expect(grown).toBeLessThan(2 * MIB);
  });
});
