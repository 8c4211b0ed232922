// An engine template compiles the script's modules once, without running them, and every copy
// only evaluates them (engine-template.ts), here with stack-switched engines; engine-template.test.ts
// covers the asyncify engine that in-process tests get, and a script bigger than a VU's memory.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runWithStackSwitching } from '../helpers/stack-switching-node.js';

const fixture = fileURLToPath(new URL('../fixtures/vu/template-precompile.mjs', import.meta.url));

describe('an engine template of a stack-switched engine', () => {
  it('compiles the script and its imports without running them, never through QTS_Eval, for script paths of 40 lengths', () => {
    // QTS_Eval's compile-only path reads the module record from an uninitialised pointer: whether
    // that crashed (it did in `qk6 run`'s workers) depended on where the heap put things, so the
    // path's length is varied, and that path must not be taken at all.
    expect(JSON.parse(runWithStackSwitching(fixture))).toEqual({ layouts: 40, failures: [], compileOnlyEvals: 0 });
  });
});
