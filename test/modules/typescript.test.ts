// TypeScript scripts without a build step: types stripped on load (main script and imported .ts
// files), type-only k6 imports dropped, enums compiled, and errors pointing at the .ts file and line.
import { describe, expect, it } from 'vitest';
import { runInline } from '../helpers/run-cli.js';
import { printed, runInVu } from '../fixtures/run-in-vu.js';

const HELPER_TS = `export interface Greeting {
  readonly text: string;
}

export enum Level { Low = 1, High }

export function greet(name: string): Greeting {
  return { text: \`hello \${name}\` };
}
`;

const MAIN_TS = `import { check } from 'k6';
import type { Options } from 'k6/options';
import { Options as AlsoOnlyAType } from 'k6/options';
import { greet, Level, type Greeting } from './helper.ts';

type Pair<A,
  B> = [A, B];

export const options: Options = { iterations: 1 };

const typed: AlsoOnlyAType | undefined = undefined;

export default function (): void {
  const g: Greeting = greet('ts');
  const pair: Pair<string, Level> = [g.text, Level.High];
  check(pair, { 'typed values': (p) => p[0] === 'hello ts' && p[1] === 2 && typed === undefined });
  console.log(pair.join(' '));
  if (__ENV.FAIL === '1') {
    throw new Error('failed on purpose');
  }
}
`;

describe('TypeScript scripts', () => {
  it('runs a .ts script importing a .ts module, and errors point at the .ts line', async () => {
    const ok = await runInVu({ 'test.ts': MAIN_TS, 'helper.ts': HELPER_TS });
    expect(ok.iterations).toEqual([{ ok: true, value: undefined }]);
    expect(printed(ok)).toEqual(['hello ts 2']);

    const failing = await runInVu({ 'test.ts': MAIN_TS, 'helper.ts': HELPER_TS }, { env: { FAIL: '1' } });
    const outcome = failing.iterations[0];
    expect(outcome?.ok).toBe(false);
    if (outcome !== undefined && !outcome.ok) expect(outcome.error.text).toMatch(/^Error: failed on purpose\n\tat default \(file:\/\/\S*\/test\.ts:19:\d+\)/);
  });

  it('reports a TypeScript syntax error with the file, line and column', async () => {
    const run = await runInVu({ 'test.ts': `export default function (): void {\n  const x: number = ;\n}\n` });
    expect(run.init.ok).toBe(false);
    if (!run.init.ok) expect(run.init.error.message).toMatch(/test\.ts:2:\d+/);
  });

  it('works through `qk6 run test.ts`', async () => {
    const result = await runInline({ 'test.ts': MAIN_TS, 'helper.ts': HELPER_TS }, ['-q', '--workers', '1']);
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toContain('msg="hello ts 2" source=console');
    expect(result.stdout).toMatch(/checks_succeeded\.+: 100\.00% 1 out of 1/);
  });
});
