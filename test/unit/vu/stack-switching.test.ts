// Which Node options turn stack switching on for a relaunch, and how big a switched stack is.
import { describe, expect, it } from 'vitest';
import { stackSwitchingNodeOptions, switchedStackKib } from '../../../src/vu/stack-switching.js';

describe('stackSwitchingNodeOptions', () => {
  it("asks for the flag, qk6's stack size and WebAssembly inlining on Node 20's V8", () => {
    expect(stackSwitchingNodeOptions([], '11.3.244.8-node.33')).toEqual(['--experimental-wasm-stack-switching', '--wasm-stack-switching-stack-size=1280', '--wasm-inlining']);
  });

  it('asks for nothing when the process has the flag already', () => {
    expect(stackSwitchingNodeOptions(['--experimental-wasm-stack-switching'], '11.3.244.8-node.33')).toBeUndefined();
  });

  it('asks for nothing on V8s whose stack switching API qk6 does not speak', () => {
    expect(stackSwitchingNodeOptions([], '12.4.254.21-node.33')).toBeUndefined();
    expect(stackSwitchingNodeOptions([], '13.6.233.10-node.18')).toBeUndefined();
  });
});

describe('switchedStackKib', () => {
  it('reads the last stack size option, or takes V8 11.3 default', () => {
    expect(switchedStackKib(['--wasm-stack-switching-stack-size=100', '--wasm-stack-switching-stack-size=8192'])).toBe(8192);
    expect(switchedStackKib(['--experimental-wasm-stack-switching'])).toBe(984);
    expect(switchedStackKib(['--wasm-stack-switching-stack-size=x'])).toBe(984);
  });
});
