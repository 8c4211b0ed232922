// The stack-switched engines of one thread share their suspending imports (suspending-engine.ts):
// every call must still reach the engine it came from, and a disposed engine must let go of its
// instance.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runWithStackSwitching } from '../helpers/stack-switching-node.js';

const fixture = fileURLToPath(new URL('../fixtures/vu/suspending-instances.mjs', import.meta.url));

describe('stack-switched engines sharing one pair of suspending imports', () => {
  it('route every call to its own engine while they suspend in turn, and are released when disposed', () => {
    const output = runWithStackSwitching(fixture);
    expect(JSON.parse(output)).toEqual({
      kinds: ['stack-switching', 'stack-switching', 'stack-switching'],
      values: ['1,1,1,1', '2,2,2,2', '3,3,3,3'],
      live: 3,
      released: 3,
    });
  });
});
