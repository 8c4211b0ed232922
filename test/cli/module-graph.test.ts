// What the CLI loads before it runs anything: every `qk6 status|pause|resume|scale|stats` pays it.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** The packages (CommonJS ones, which `require.cache` shows) loaded by importing the CLI. */
async function packagesTheCliLoads(): Promise<string[]> {
  const probe = [
    "import('./dist/cli/main.js').then(() => {",
    '  const names = Object.keys(require.cache).map((path) => /node_modules\\/((@[^/]+\\/)?[^/]+)/.exec(path)?.[1]).filter(Boolean);',
    '  console.log(JSON.stringify([...new Set(names)]));',
    '})',
  ].join('\n');
  const { stdout } = await promisify(execFile)(process.execPath, ['-e', probe], { cwd: root });
  return JSON.parse(stdout) as string[];
}

describe("the CLI's module graph", () => {
  it('leaves out what only a running test needs: undici (VU workers load it before their first request) and the histograms', async () => {
    const packages = await packagesTheCliLoads();
    expect(packages).toContain('commander');
    expect(packages).not.toContain('undici');
    expect(packages).not.toContain('hdr-histogram-js');
  });
});
