// What the CLI loads before it runs anything: every `qk6 status|pause|resume|scale|stats` pays it.
// And what recording metrics and sending requests load: the main thread and every VU worker pay that at start-up.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** The packages (CommonJS ones, which `require.cache` shows) loaded by importing `module` (from dist/). */
async function packagesLoadedBy(module = './dist/cli/main.js'): Promise<string[]> {
  const probe = [
    `import(${JSON.stringify(module)}).then(() => {`,
    '  const names = Object.keys(require.cache).map((path) => /node_modules\\/((@[^/]+\\/)?[^/]+)/.exec(path)?.[1]).filter(Boolean);',
    '  console.log(JSON.stringify([...new Set(names)]));',
    '})',
  ].join('\n');
  const { stdout } = await promisify(execFile)(process.execPath, ['-e', probe], { cwd: root });
  return JSON.parse(stdout) as string[];
}

describe("the CLI's module graph", () => {
  it('leaves out what only a running test needs: undici (VU workers load it before their first request) and the histograms', async () => {
    const packages = await packagesLoadedBy();
    expect(packages).toContain('commander');
    expect(packages).not.toContain('undici');
    expect(packages).not.toContain('hdr-histogram-js');
    // The bundle bin/qk6.js loads (scripts/bundle-cli.js) keeps them out too (commander is inside it).
    const bundled = await packagesLoadedBy('./dist/bundle/main.js');
    expect(bundled).not.toContain('undici');
    expect(bundled).not.toContain('hdr-histogram-js');
  });

  it("loads hdr-histogram-js's histogram without its encoders, WebAssembly build and log writer (every thread that records metrics pays for them)", async () => {
    const packages = await packagesLoadedBy('./dist/metrics/sinks/histogram.js');
    expect(packages).toContain('hdr-histogram-js');
    expect(packages).not.toContain('pako');
    expect(packages).not.toContain('@assemblyscript/loader');
    expect(packages).not.toContain('base64-js');
  });

  it("loads undici's agent and connector alone, not its index (every VU worker loads them at start-up)", async () => {
    const probe = [
      "import('./dist/modules/http/undici-module.js').then(({ undici }) => {",
      '  undici();',
      "  console.log(JSON.stringify(Object.keys(require.cache).filter((path) => path.includes('/node_modules/undici/')).map((path) => path.split('/node_modules/undici/')[1])));",
      '})',
    ].join('\n');
    const { stdout } = await promisify(execFile)(process.execPath, ['-e', probe], { cwd: root });
    const files = JSON.parse(stdout) as string[];
    expect(files).toContain('lib/dispatcher/agent.js');
    expect(files).toContain('lib/core/connect.js');
    expect(files).not.toContain('index.js');
    expect(files.filter((file) => file.startsWith('lib/mock/') || file.startsWith('lib/web/fetch/'))).toEqual([]);
  });
});
