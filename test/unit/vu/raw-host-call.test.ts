// The raw host-function bridge (src/vu/raw-host-call.ts) reads its string arguments by their
// QuickJS value tag. A long concatenated string is a rope (its own tag) until something reads it.
import { newQuickJSWASMModuleFromVariant } from 'quickjs-emscripten';
import RELEASE_SYNC from '@jitl/quickjs-wasmfile-release-sync';
import { describe, expect, it } from 'vitest';
import { newRawFunction } from '../../../src/vu/raw-host-call.js';

describe('a raw host function', () => {
  it('reads string arguments whether QuickJS keeps them flat or as a rope of their parts', async () => {
    const quickjs = await newQuickJSWASMModuleFromVariant(RELEASE_SYNC);
    const context = quickjs.newContext();
    const seen: Array<string | undefined> = [];
    const fn = newRawFunction(context, 'seen', (args) => {
      seen.push(args.string(0));
      return { value: undefined };
    });
    context.setProp(context.global, 'seen', fn);
    fn.dispose();
    const result = context.evalCode(`
      seen('short');
      const a = 'x'.repeat(600);
      const b = 'y'.repeat(600);
      seen(a + b);
      seen(\`[\${a},\${b}]\`);
      seen(42);
    `);
    (result.value ?? result.error)?.dispose();
    expect(seen).toEqual(['short', 'x'.repeat(600) + 'y'.repeat(600), `[${'x'.repeat(600)},${'y'.repeat(600)}]`, undefined]);
    context.dispose();
  });
});
