import { mkdtempSync, writeFileSync } from 'node:fs';
import { testHttpOptions } from '../helpers/vu-options.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { VirtualUser, type VirtualUserConfig } from '../../src/vu/virtual-user.js';

interface Recorded {
  samples: Array<[string, number, Record<string, string>]>;
  logs: Array<[string, string]>;
}

function scriptDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'qk6-vu-'));
  for (const [name, source] of Object.entries(files)) writeFileSync(join(dir, name), source);
  return dir;
}

function config(scriptPath: string, recorded: Recorded, id = 1): VirtualUserConfig {
  return {
    id,
    scriptPath,
    env: { GREETING: 'hi' },
    http: testHttpOptions(),
    sink: {
      define: () => undefined,
      add: (metric, value, tags) => recorded.samples.push([metric, value, { ...tags }]),
    },
    runTags: { run: 'r1' },
    log: (level, message) => recorded.logs.push([level, message]),
    modules: [],
  };
}

describe('VirtualUser', () => {
  it('evaluates a module graph once and runs iterations of the default export', async () => {
    const dir = scriptDir({
      'main.js': `import { check, group } from 'k6';
        import { value } from './lib.js';
        const data = open('./data.txt');
        console.log('init', __VU, __ENV.GREETING, data.trim());
        export default function (setup) {
          group('g', () => { check(value, { 'is 42': (v) => v === 42 }); });
          console.log('iter', __ITER, setup.token);
        }`,
      'lib.js': 'export const value = 42;',
      'data.txt': 'hello file\n',
    });
    const recorded: Recorded = { samples: [], logs: [] };
    const { vu, init } = await VirtualUser.create(config(join(dir, 'main.js'), recorded));
    expect(init.ok).toBe(true);
    expect((await vu.activate('default', JSON.stringify({ token: 't' }), { scenario: 'default' })).ok).toBe(true);
    for (let i = 0; i < 3; i++) expect((await vu.iterate()).ok).toBe(true);
    vu.dispose();
    expect(recorded.logs.map((l) => l[1])).toEqual(['init 1 hi hello file', 'iter 0 t', 'iter 1 t', 'iter 2 t']);
    const checks = recorded.samples.filter((s) => s[0] === 'checks');
    expect(checks).toHaveLength(3);
    expect(checks[0]?.[2]).toEqual({ run: 'r1', scenario: 'default', group: '::g', check: 'is 42' });
    expect(recorded.samples.filter((s) => s[0] === 'group_duration')).toHaveLength(3);
  });

  it('reports an iteration exception with the script file and line and keeps the VU usable', async () => {
    const dir = scriptDir({
      'main.js': `export default function () {\n  if (__ITER === 0) throw new Error('boom');\n}`,
    });
    const recorded: Recorded = { samples: [], logs: [] };
    const { vu } = await VirtualUser.create(config(join(dir, 'main.js'), recorded));
    await vu.activate('default', undefined, {});
    const first = await vu.iterate();
    expect(first.ok).toBe(false);
    if (!first.ok) expect(first.error.text).toMatch(/^Error: boom\n\tat default \(file:\/\/.*main\.js:2:\d+\)/);
    expect((await vu.iterate()).ok).toBe(true);
    vu.dispose();
  });

  it('runs async default functions whose awaits are followed by suspending calls', async () => {
    const dir = scriptDir({
      'main.js': `import { sleep } from 'k6';
        export default async function () { await Promise.resolve(); sleep(0.01); console.log('after'); }`,
    });
    const recorded: Recorded = { samples: [], logs: [] };
    const { vu } = await VirtualUser.create(config(join(dir, 'main.js'), recorded));
    await vu.activate('default', undefined, {});
    const outcome = await vu.iterate();
    expect(outcome.ok).toBe(true);
    expect(recorded.logs).toEqual([['info', 'after']]);
    vu.dispose();
  });

  it('refuses open() outside the init context and the internal bridge module to scripts', async () => {
    const dir = scriptDir({
      'main.js': `export default function () { open('./main.js'); }`,
      'evil.js': `import { host } from 'qk6:internal'; export default function () {}`,
    });
    const recorded: Recorded = { samples: [], logs: [] };
    const { vu } = await VirtualUser.create(config(join(dir, 'main.js'), recorded));
    await vu.activate('default', undefined, {});
    const outcome = await vu.iterate();
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.error.message).toContain('only available in the init stage');
    vu.dispose();
    const evil = await VirtualUser.create(config(join(dir, 'evil.js'), recorded));
    expect(evil.init.ok).toBe(false);
    if (!evil.init.ok) expect(evil.init.error.message).toContain('unknown module: qk6:internal');
    evil.vu.dispose();
  });

  it('interrupts a runaway loop', async () => {
    const dir = scriptDir({ 'main.js': `export default function () { for (;;) {} }` });
    const recorded: Recorded = { samples: [], logs: [] };
    const { vu } = await VirtualUser.create(config(join(dir, 'main.js'), recorded));
    await vu.activate('default', undefined, {});
    vu.interruptAt(performance.now() + 50);
    const outcome = await vu.iterate();
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.error.interrupted).toBe(true);
    vu.dispose();
  });
});

describe('VirtualUser event loop', () => {
  it('runs setTimeout and setInterval callbacks before the iteration counts as done', async () => {
    const dir = scriptDir({
      'main.js': `import { setTimeout as later } from 'k6/timers';
        export default function () {
          let ticks = 0;
          const id = setInterval(() => { ticks += 1; if (ticks === 3) { clearInterval(id); console.log('ticks', ticks); } }, 5);
          later(() => console.log('timeout fired'), 300);
        }`,
    });
    const recorded: Recorded = { samples: [], logs: [] };
    const { vu } = await VirtualUser.create(config(join(dir, 'main.js'), recorded));
    await vu.activate('default', undefined, {});
    expect((await vu.iterate()).ok).toBe(true);
    expect(recorded.logs.map((l) => l[1])).toEqual(['ticks 3', 'timeout fired']);
    vu.dispose();
  });

  it('awaits promises that timers resolve in async functions', async () => {
    const dir = scriptDir({
      'main.js': `const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
        export default async function () { const t0 = Date.now(); await delay(30); console.log('waited', Date.now() - t0 >= 25); }`,
    });
    const recorded: Recorded = { samples: [], logs: [] };
    const { vu } = await VirtualUser.create(config(join(dir, 'main.js'), recorded));
    await vu.activate('default', undefined, {});
    const outcome = await vu.iterate();
    expect(outcome.ok).toBe(true);
    expect(recorded.logs).toEqual([['info', 'waited true']]);
    vu.dispose();
  });

  it('reports a promise nothing can settle instead of hanging', async () => {
    const dir = scriptDir({ 'main.js': `export default async function () { await new Promise(() => {}); }` });
    const recorded: Recorded = { samples: [], logs: [] };
    const { vu } = await VirtualUser.create(config(join(dir, 'main.js'), recorded));
    await vu.activate('default', undefined, {});
    const outcome = await vu.iterate();
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.error.message).toContain('never settled');
    vu.dispose();
  });
});
