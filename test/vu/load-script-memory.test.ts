// The init run that reads a script's options (src/loader/load-script.ts) asks for a garbage
// collection once disposed if its memory grew big — building a SharedArray, say — so that the
// main thread does not keep that memory for the whole test; an ordinary script's does not.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { quietVuConfig } from '../helpers/vu-options.js';
import type { VirtualUserConfig } from '../../src/vu/virtual-user.js';

const collections = vi.hoisted(() => ({ count: 0 }));
vi.mock('../../src/vu/collect-garbage.js', () => ({
  collectGarbageSoon: () => {
    collections.count += 1;
  },
}));
const { loadScript } = await import('../../src/loader/load-script.js');

function config(source: string): VirtualUserConfig {
  const dir = mkdtempSync(join(tmpdir(), 'qk6-load-'));
  const scriptPath = join(dir, 'main.js');
  writeFileSync(scriptPath, source);
  return quietVuConfig(scriptPath, 0);
}

describe('loadScript', () => {
  beforeEach(() => {
    collections.count = 0;
  });

  it('asks for a collection after an init run that built large data', async () => {
    const loaded = await loadScript('main.js', config(`
      const rows = Array.from({ length: 200000 }, (_, i) => ({ id: i, name: 'user' + i }));
      export const options = { vus: rows.length > 0 ? 2 : 1 };
      export default function () {}`));
    expect(loaded.options).toEqual({ vus: 2 });
    expect(collections.count).toBe(1);
  });

  it('does not after an ordinary init run', async () => {
    const loaded = await loadScript('main.js', config(`
      export const options = { vus: 3 };
      export default function () {}`));
    expect(loaded.options).toEqual({ vus: 3 });
    expect(collections.count).toBe(0);
  });
});
