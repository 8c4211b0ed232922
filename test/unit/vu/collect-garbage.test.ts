// collectGarbageSoon (src/vu/collect-garbage.ts): a WebAssembly memory nothing references any more
// is given back on the next turn, in a thread that would otherwise not collect for a long time.
import { describe, expect, it } from 'vitest';
import { collectGarbageSoon } from '../../../src/vu/collect-garbage.js';

describe('collectGarbageSoon', () => {
  it('collects an unreferenced WebAssembly memory, and leaves gc hidden', async () => {
    let freed = false;
    const registry = new FinalizationRegistry(() => {
      freed = true;
    });
    (() => {
      registry.register(new WebAssembly.Memory({ initial: 16 }), 'memory');
    })();
    const hidden = typeof (globalThis as { gc?: unknown }).gc !== 'function';
    collectGarbageSoon();
    collectGarbageSoon(); // one collection for both
    for (let turn = 0; turn < 50 && !freed; turn++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(freed).toBe(true);
    expect(typeof (globalThis as { gc?: unknown }).gc !== 'function').toBe(hidden);
  });
});
