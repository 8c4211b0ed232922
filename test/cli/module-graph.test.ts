// What the CLI loads before it runs anything: every `qk6 status|pause|resume|scale|stats` pays it.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe("the CLI's module graph", () => {
  it('leaves undici out: VU workers load it themselves, before their first request', async () => {
    const probe = "import('./dist/cli/main.js').then(() => console.log(Object.keys(require.cache).filter((path) => path.includes('/node_modules/undici/')).length))";
    const { stdout } = await promisify(execFile)(process.execPath, ['-e', probe], { cwd: root });
    expect(stdout.trim()).toBe('0');
  });
});
