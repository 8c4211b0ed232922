// check() writes its samples from JSON text cached by group and name (runtime/modules/k6.js):
// every sample must still reach the host with its own name, group and result, however many names.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HOST_MODULES } from '../../src/modules/host-modules.js';
import { VirtualUser } from '../../src/vu/virtual-user.js';
import { testHttpOptions } from '../helpers/vu-options.js';

const SCRIPT = `
import { check, group } from 'k6';
export default function () {
  check(1, { 'is one': (v) => v === 1, 'is two': (v) => v === 2 });
  group('g', () => check(1, { 'is one': (v) => v === 1 }));
  check(1, { 'tagged': true }, { kind: 'x' });
  for (let i = 0; i < 1500; i++) check(i, { ['odd ' + i]: (v) => v % 2 === 1 });
  check(1, { 'is one': () => { throw new Error('boom'); } });
}
`;

describe('check samples', () => {
  it('reach the host with their own name, group, tags and result, past the cache of 1000 names', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qk6-checks-'));
    writeFileSync(join(dir, 'main.js'), SCRIPT);
    const samples: Array<{ value: number; tags: Record<string, string> }> = [];
    const { vu, init } = await VirtualUser.create({
      id: 1,
      scriptPath: join(dir, 'main.js'),
      env: {},
      http: testHttpOptions(),
      sink: { define: () => undefined, add: (metric, value, tags) => { if (metric === 'checks') samples.push({ value, tags: { ...tags } }); } },
      runTags: {},
      log: () => undefined,
      modules: HOST_MODULES,
    });
    expect(init.ok).toBe(true);
    expect((await vu.activate('default', undefined, {})).ok).toBe(true);
    for (let iteration = 0; iteration < 2; iteration++) {
      const outcome = await vu.iterate();
      expect(outcome.ok ? '' : outcome.error.message).toBe('boom');
    }
    vu.dispose();
    const first = samples.slice(0, samples.length / 2);
    expect(samples.slice(samples.length / 2)).toEqual(first);
    expect(first.slice(0, 4)).toEqual([
      { value: 1, tags: { group: '', check: 'is one' } },
      { value: 0, tags: { group: '', check: 'is two' } },
      { value: 1, tags: { group: '::g', check: 'is one' } },
      { value: 1, tags: { kind: 'x', group: '', check: 'tagged' } },
    ]);
    const odd = first.slice(4, 4 + 1500);
    expect(odd.map((s) => s.tags.check)).toEqual(Array.from({ length: 1500 }, (_, i) => `odd ${i}`));
    expect(odd.map((s) => s.value)).toEqual(Array.from({ length: 1500 }, (_, i) => i % 2));
    // A condition that throws is recorded as failed, then the error ends the iteration.
    expect(first.at(-1)).toEqual({ value: 0, tags: { group: '', check: 'is one' } });
    expect(first).toHaveLength(4 + 1500 + 1);
  });
});
